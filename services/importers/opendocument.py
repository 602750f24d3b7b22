"""OpenDocument text (.odt): paragraphs, headings, lists and tables in reading order.

The two XML files that matter, ``content.xml`` and ``meta.xml``, are parsed here with our own
safe parser rather than through odfpy: odfpy would build its object model of every part of
the package (styles, settings, pictures) to answer two questions, and its text helper neither
skips footnote bodies nor applies ODF's white-space rules. ODF's rules are simple: runs of
white space in the XML collapse to one space and a paragraph's leading space is dropped;
``<text:s>``, ``<text:tab>`` and ``<text:line-break>`` stand for the spaces, tabs and line
breaks a reader sees.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from services.errors import ImportFailedError
from services.importers.document import ImportedDocument
from services.importers.safety import (
    CheckedZip,
    check_zip,
    clean_field,
    language_code,
    parse_date,
    parse_xml,
    split_authors,
)

_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
_META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_MANIFEST = "{urn:oasis:names:tc:opendocument:xmlns:manifest:1.0}"

_TEXT_MIMETYPES = frozenset(
    f"application/vnd.oasis.opendocument.{kind}"
    for kind in ("text", "text-template", "text-master", "text-master-template", "text-web")
)
_OTHER_KINDS = {
    "spreadsheet": "an OpenDocument spreadsheet",
    "presentation": "an OpenDocument presentation",
    "graphics": "an OpenDocument drawing",
    "formula": "an OpenDocument formula",
}

_PARAGRAPHS = (f"{_TEXT}p", f"{_TEXT}h")
#: Block content that is not the document's text: generated indexes, forms, declarations,
#: and the record of tracked changes (deleted text lives there).
_SKIPPED_BLOCKS = frozenset(
    (
        f"{_TEXT}tracked-changes",
        f"{_TEXT}sequence-decls",
        f"{_TEXT}variable-decls",
        f"{_TEXT}user-field-decls",
        f"{_TEXT}dde-connection-decls",
        f"{_TEXT}table-of-content",
        f"{_TEXT}illustration-index",
        f"{_TEXT}table-index",
        f"{_TEXT}object-index",
        f"{_TEXT}user-index",
        f"{_OFFICE}forms",
        f"{_TABLE}covered-table-cell",
        f"{_TABLE}table-columns",
        f"{_TABLE}table-column",
        f"{_TABLE}table-header-columns",
        f"{_TABLE}table-column-group",
    )
)
#: Inline content that is not part of the paragraph as it reads: comments, ruby reading aids,
#: hidden text, the marks of tracked changes.
_SKIPPED_INLINE = frozenset(
    (
        f"{_OFFICE}annotation",
        f"{_OFFICE}annotation-end",
        f"{_TEXT}ruby-text",
        f"{_TEXT}hidden-text",
        f"{_TEXT}hidden-paragraph",
        f"{_TEXT}soft-page-break",
        f"{_TEXT}change",
        f"{_TEXT}change-start",
        f"{_TEXT}change-end",
        f"{_TEXT}bookmark-ref",
        f"{_TEXT}number",  # a cached list or heading number, as DOCX has none in its text
    )
)
_RAW_SPACE = re.compile(r"[ \t\r\n]+")


def read_odt(data: bytes, name: str) -> ImportedDocument:
    archive = check_zip(data, name, "ODT")
    try:
        _check_kind(archive)
        archive.refuse_entity_declarations()
        _refuse_encrypted(archive)
        if "content.xml" not in archive:
            raise archive.damaged("no content.xml")
        content = parse_xml(archive.read("content.xml"), name, "ODT")
        meta = parse_xml(archive.read("meta.xml"), name, "ODT") if "meta.xml" in archive else None
    finally:
        archive.close()
    body = content.find(f"{_OFFICE}body/{_OFFICE}text")
    if body is None:
        raise ImportFailedError(name, "not an OpenDocument text document")
    notes: list[str] = []
    paragraphs = list(_blocks(body, notes))
    paragraphs += notes
    if not paragraphs:
        raise ImportFailedError(name, "the document has no text")

    def field(path: str) -> str:
        found = meta.find(f"{_OFFICE}meta/{path}") if meta is not None else None
        return clean_field(found.text) if found is not None else ""

    return ImportedDocument(
        text="\n\n".join(paragraphs),
        source_format="odt",
        title=field(f"{_DC}title"),
        authors=split_authors(field(f"{_META}initial-creator") or field(f"{_DC}creator")),
        published=parse_date(field(f"{_META}creation-date") or field(f"{_DC}date")),
        language=language_code(field(f"{_DC}language")),
    )


def _check_kind(archive: CheckedZip) -> None:
    if "mimetype" not in archive:
        if "[Content_Types].xml" in archive:
            raise ImportFailedError(archive.name, "this is a Microsoft Office file, not ODT")
        return  # some writers omit it; content.xml decides
    mimetype = archive.read_text("mimetype", limit=200)
    if mimetype in _TEXT_MIMETYPES:
        return
    if mimetype == "application/epub+zip":
        raise ImportFailedError(archive.name, "this is an EPUB e-book, not ODT")
    for kind, what in _OTHER_KINDS.items():
        if mimetype.startswith(f"application/vnd.oasis.opendocument.{kind}"):
            raise ImportFailedError(archive.name, f"this is {what}, not a text document")
    raise archive.damaged(f"unknown kind {mimetype[:60]!r}")


def _refuse_encrypted(archive: CheckedZip) -> None:
    """ODF encrypts each part separately and says so in the manifest."""
    if "META-INF/manifest.xml" not in archive:
        return
    manifest = parse_xml(archive.read("META-INF/manifest.xml"), archive.name, "ODT")
    if manifest.find(f".//{_MANIFEST}encryption-data") is not None:
        raise ImportFailedError(archive.name, "the document is password-protected")


def _blocks(container: Any, notes: list[str]) -> Iterator[str]:
    for child in container:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED_BLOCKS:
            continue
        if tag in _PARAGRAPHS:
            yield from _paragraph(child, notes)
        else:  # lists, list items, sections, tables, rows, cells, frames, text boxes
            yield from _blocks(child, notes)


def _paragraph(paragraph: Any, notes: list[str]) -> Iterator[str]:
    """The paragraph's text, then any text boxes anchored in it; footnotes go to ``notes``."""
    line = _Line()
    boxes: list[Any] = []
    _inline(paragraph, line, boxes, notes)
    text = line.text()
    if text:
        yield text
    for box in boxes:
        yield from _blocks(box, notes)


def _inline(element: Any, line: _Line, boxes: list[Any], notes: list[str]) -> None:
    line.raw(element.text)
    for child in element:
        tag = child.tag
        if isinstance(tag, str) and tag not in _SKIPPED_INLINE:
            if tag == f"{_TEXT}s":
                line.literal(" " * _count(child.get(f"{_TEXT}c")))
            elif tag == f"{_TEXT}tab":
                line.literal("\t")
            elif tag == f"{_TEXT}line-break":
                line.literal("\n")
            elif tag == f"{_TEXT}note":
                body = child.find(f"{_TEXT}note-body")
                if body is not None:
                    notes.extend(list(_blocks(body, notes)))
            elif tag == f"{_DRAW}frame":
                boxes.extend(child.iterfind(f"{_DRAW}text-box"))
            elif tag.startswith(_DRAW):
                pass  # shapes' own text is drawing, not prose
            else:
                _inline(child, line, boxes, notes)
        line.raw(child.tail)


def _count(value: str | None) -> int:
    """``text:c``: how many spaces a ``<text:s>`` stands for (capped: it is input)."""
    return min(int(value), 1000) if value and value.isdigit() else 1


class _Line:
    """A paragraph being assembled under ODF's white-space rules."""

    def __init__(self) -> None:
        self._pieces: list[str] = []
        self._after_space = True  # a paragraph's leading white space is dropped

    def raw(self, text: str | None) -> None:
        if not text:
            return
        text = _RAW_SPACE.sub(" ", text)
        if self._after_space:
            text = text.lstrip(" ")
        if text:
            self._pieces.append(text)
            self._after_space = text.endswith(" ")

    def literal(self, text: str) -> None:
        self._pieces.append(text)
        self._after_space = False

    def text(self) -> str:
        return "".join(self._pieces).strip()
