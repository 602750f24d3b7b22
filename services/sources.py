"""What the window imports from: a mixed drop of files and web addresses, or the clipboard.

A bad file or dead link in a batch costs only itself: the batch collects its reason and goes
on, and Cancel stops before the next source, keeping what already arrived.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from services.articles import AddedArticle
from services.importing import BatchResult, MetaOverrides, import_batch, import_text
from services.library import Library
from services.progress import TaskContext

#: A file, or the address of a web page.
Source = Path | str


def import_sources(
    library: Library,
    sources: Sequence[Source],
    overrides: MetaOverrides = MetaOverrides(),
    context: TaskContext | None = None,
) -> BatchResult:
    """Import files and web addresses as a journalist drops them (see ``import_batch``)."""
    return import_batch(library, sources, overrides, context)


def import_clipboard(library: Library, *, html: str, text: str) -> AddedArticle:
    """A new article from what was copied: its HTML when it has some (the plain text stands in
    if the HTML turns out to hold no text), else the plain text."""
    if html.strip():
        from services.importing import import_html  # noqa: PLC0415 - the HTML path loads on use

        return import_html(library, html, text=text)
    return import_text(library, text, source="clipboard")
