"""Word documents (.docx): the text a reader sees, in the order they see it.

python-docx opens the package and reads the core properties; the text is taken from the body's
XML directly, because python-docx's own ``Paragraph.text`` skips whatever sits inside a wrapper
it does not model — tracked insertions, content controls, smart tags, simple fields — and its
table API repeats the text of merged cells. The walk here keeps body paragraphs and tables
interleaved in document order, accepts tracked insertions and drops deletions (the document as
it reads now), takes ruby base text without the reading aids above it, and adds each text box
once (Word stores two copies, a modern one and a fallback).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from typing import Any

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import OpcError

from services.errors import ImportFailedError
from services.importers.document import ImportedDocument
from services.importers.safety import (
    PACKAGE_ERRORS,
    CheckedZip,
    check_zip,
    clean_field,
    language_code,
    parse_date,
    parse_xml,
    split_authors,
)

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_COVER_PAGE = "{http://schemas.microsoft.com/office/2006/coverPageProps}"

_PARAGRAPH = f"{_W}p"
_TABLE = f"{_W}tbl"
_TEXT = (f"{_W}t", f"{_M}t")
_TAB = (f"{_W}tab", f"{_W}ptab")
_BREAK = (f"{_W}br", f"{_W}cr")
#: Subtrees whose text is not part of the paragraph as it reads: deleted and moved-away
#: revisions, ruby reading aids, properties, field instructions, footnote bodies' markers.
_SKIPPED = frozenset(
    f"{_W}{tag}"
    for tag in (
        "del",
        "moveFrom",
        "rt",
        "pPr",
        "rPr",
        "sdtPr",
        "sdtEndPr",
        "instrText",
        "delText",
        "delInstrText",
        "footnoteReference",
        "endnoteReference",
    )
)
#: Where text boxes live: taken out of the paragraph and added after it.
_DRAWINGS = frozenset((f"{_W}drawing", f"{_W}pict", f"{_W}object", f"{_MC}AlternateContent"))
_TEXT_BOX = f"{_W}txbxContent"
#: Footnotes that only draw the separator line above the notes.
_NOTE_KINDS_SKIPPED = frozenset(("separator", "continuationSeparator", "continuationNotice"))

#: What python-docx and lxml raise on a package that is not a well-formed Word document.
_DAMAGED: tuple[type[BaseException], ...] = (OpcError, *PACKAGE_ERRORS)


def read_docx(data: bytes, name: str) -> ImportedDocument:
    archive = check_zip(data, name, "DOCX")
    try:
        _refuse_other_formats(archive)
        archive.refuse_entity_declarations()
        try:
            document = docx.Document(io.BytesIO(data))
            paragraphs = list(_blocks(document.element.body))
            paragraphs += _footnotes(document, name)
            core = _core_properties(document)  # read here: python-docx parses it lazily
            imported = ImportedDocument(
                text="\n\n".join(paragraphs),
                source_format="docx",
                title=clean_field(core.title) if core else "",
                authors=split_authors(core.author) if core else (),
                published=parse_date(core.created or core.modified) if core else None,
                language=language_code(core.language) if core else "",
            )
        except _DAMAGED as error:
            if isinstance(error, ValueError) and "is not a Word file" in str(error):
                raise ImportFailedError(name, _unsupported_word_kind(str(error))) from error
            raise archive.damaged(str(error).strip("'\"") or type(error).__name__) from error
        published = _publish_date(archive)
    finally:
        archive.close()
    if not imported.text:
        raise ImportFailedError(name, "the document has no text")
    return replace(imported, published=published) if published else imported


def _refuse_other_formats(archive: CheckedZip) -> None:
    """Name what a mislabelled archive really is, rather than "damaged"."""
    if "[Content_Types].xml" in archive:
        for folder, what in (("xl/", "an Excel workbook"), ("ppt/", "a PowerPoint file")):
            if any(member.startswith(folder) for member in archive.names()):
                raise ImportFailedError(archive.name, f"this is {what}, not a Word document")
        return
    if "mimetype" in archive:
        mimetype = archive.read_text("mimetype", limit=200)
        if "opendocument" in mimetype:
            raise ImportFailedError(archive.name, "this is an OpenDocument file, not DOCX")
        if mimetype == "application/epub+zip":
            raise ImportFailedError(archive.name, "this is an EPUB e-book, not DOCX")
    raise archive.damaged("no [Content_Types].xml: not a Word document")


def _unsupported_word_kind(message: str) -> str:
    """python-docx reads .docx only; its refusal names the main part's content type."""
    if "macroEnabled" in message:
        return "this is a macro-enabled Word document (.docm); save it as .docx"
    if "template" in message:
        return "this is a Word template (.dotx); save it as .docx"
    return "not a Word document (.docx)"


def _core_properties(document: Any) -> Any | None:
    """The document's own core properties, or None: python-docx invents defaults ("Word
    Document", modified now) for a package without them, which must not become metadata."""
    try:
        document.part.package.part_related_by(RT.CORE_PROPERTIES)
    except KeyError:
        return None
    return document.core_properties


def _publish_date(archive: CheckedZip) -> date | None:
    """Word's explicit "Publish Date" document property, kept with the cover-page properties
    in a custom XML part — a better citation date than when the file was created."""
    for member in archive.names():
        if not re.fullmatch(r"customXml/item\d+\.xml", member):
            continue
        try:
            root = parse_xml(archive.read(member, limit=1024 * 1024), archive.name, "DOCX")
        except ImportFailedError:
            continue  # someone's own custom XML, not Word's, and not ours to judge
        if root.tag == f"{_COVER_PAGE}CoverPageProperties":
            found = root.find(f"{_COVER_PAGE}PublishDate")
            if found is not None and found.text:
                return parse_date(found.text)
    return None


def _footnotes(document: Any, name: str) -> list[str]:
    """Footnote and endnote text, after the body (a journalist quotes sources from them)."""
    paragraphs: list[str] = []
    for relation in (RT.FOOTNOTES, RT.ENDNOTES):
        try:
            part = document.part.part_related_by(relation)
        except KeyError:
            continue
        root = part.element if hasattr(part, "element") else parse_xml(part.blob, name, "DOCX")
        for note in root:
            if note.get(f"{_W}type") not in _NOTE_KINDS_SKIPPED:
                paragraphs.extend(_blocks(note))
    return paragraphs


def _blocks(container: Any) -> Iterator[str]:
    """Paragraph texts of a body, table cell, text box or note, in reading order."""
    for child in container:
        tag = child.tag
        if tag == _PARAGRAPH:
            yield from _paragraph(child)
        elif tag == _TABLE:
            for row in _descendants_by_wrapper(child, f"{_W}tr"):
                for cell in _descendants_by_wrapper(row, f"{_W}tc"):
                    yield from _blocks(cell)
        elif tag in _SKIPPED or not isinstance(tag, str):
            continue
        elif tag == f"{_MC}AlternateContent":  # the same content twice: read the first
            alternatives = [
                alternative for alternative in child if isinstance(alternative.tag, str)
            ]
            yield from _blocks(alternatives[0]) if alternatives else ()
        else:  # content controls, custom XML, inserted revisions: wrappers around blocks
            yield from _blocks(child)


def _descendants_by_wrapper(parent: Any, tag: str) -> Iterator[Any]:
    """Rows of a table (cells of a row), looking through content controls wrapped round them."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"):
            yield from _descendants_by_wrapper(child, tag)


def _paragraph(paragraph: Any) -> Iterator[str]:
    """The paragraph's text, then the paragraphs of any text boxes anchored in it."""
    pieces: list[str] = []
    boxes: list[Any] = []
    _inline(paragraph, pieces, boxes)
    text = "".join(pieces).strip()
    if text:
        yield text
    for box in boxes:
        yield from _blocks(box)


def _inline(element: Any, pieces: list[str], boxes: list[Any]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            continue
        if tag in _TEXT:
            pieces.append(child.text or "")
        elif tag in _TAB:
            pieces.append("\t")
        elif tag in _BREAK:
            pieces.append("\n")
        elif tag == f"{_W}noBreakHyphen":
            pieces.append("-")
        elif tag in _DRAWINGS:
            boxes.extend(_text_boxes(child))
        else:
            _inline(child, pieces, boxes)


def _text_boxes(drawing: Any) -> list[Any]:
    """The text boxes in a drawing, each once: of the alternatives Word stores (mc:Choice for
    new readers, mc:Fallback for old), only the first is read."""
    if drawing.tag == f"{_MC}AlternateContent":
        alternatives = [child for child in drawing if isinstance(child.tag, str)]
        return _text_boxes(alternatives[0]) if alternatives else []
    found: list[Any] = []
    for child in drawing:
        if not isinstance(child.tag, str):
            continue
        if child.tag == _TEXT_BOX:
            found.append(child)
        else:
            found.extend(_text_boxes(child))
    return found
