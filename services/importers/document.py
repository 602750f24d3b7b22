"""What a reader hands back: text not yet canonical, and what the file says about itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file attached to an e-mail: listed with the message, importable on its own."""

    name: str
    content_type: str
    data: bytes


@dataclass(frozen=True, slots=True)
class ImportedDocument:
    """A document's text and whatever metadata the file itself carries ("" or None: unknown).

    ``paragraph_pages`` gives, for each paragraph of the text (paragraphs are separated by a
    blank line), the page it starts on in the source; only paged sources (PDF) fill it, and
    citations use it as the locator.
    """

    text: str
    source_format: str
    title: str = ""
    authors: tuple[str, ...] = ()
    outlet: str = ""
    published: date | None = None
    url: str = ""
    language: str = ""
    csl_type: str = ""
    paragraph_pages: tuple[int, ...] = ()
    attachments: tuple[Attachment, ...] = ()
