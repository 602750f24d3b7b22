"""E-books (.epub): the chapters in reading (spine) order, and the book's Dublin Core metadata.

ebooklib reads the container, the package document and the spine. The chapters' XHTML is
turned into text here: parsed as XML by our safe parser (XHTML is XML, and an HTML parser
misreads XHTML's ``<title/>`` as a title that swallows the whole chapter), falling back to
lxml's HTML parser for the many books whose "XHTML" is not well-formed. Scripts, styles and
ruby reading aids are dropped; nothing a chapter references is loaded.

DRM is recognised by ``META-INF/encryption.xml`` listing encrypted content (as opposed to the
font obfuscation many publishers use, which hides nothing a reader needs), or by the rights
files of Adobe, Apple and Readium LCP.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from ebooklib import epub
from lxml import etree
from lxml import html as lxml_html

from services.errors import ImportFailedError
from services.importers.document import ImportedDocument
from services.importers.plain import decode_text
from services.importers.safety import (
    PACKAGE_ERRORS,
    CheckedZip,
    check_zip,
    clean_field,
    damaged,
    language_code,
    parse_date,
    parse_xml,
    split_authors,
)

_OPF = "{http://www.idpf.org/2007/opf}"
_XMLENC = "{http://www.w3.org/2001/04/xmlenc#}"
_FONT_OBFUSCATION = frozenset(
    ("http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC")
)
_DRM_FILES = {
    "META-INF/rights.xml": "Adobe",
    "META-INF/sinf.xml": "Apple",
    "META-INF/license.lcpl": "Readium LCP",
}
_CHAPTER_TYPES = frozenset(("application/xhtml+xml", "text/html", "application/html"))

_BLOCKS = frozenset(
    (
        *("address", "article", "aside", "blockquote", "body", "caption", "dd", "details"),
        *("dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "li", "main", "nav"),
        *("ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th"),
        *("thead", "tr", "ul"),
    )
)
_DROPPED = frozenset(
    (
        *("head", "script", "style", "noscript", "template", "title", "rt", "rp", "svg"),
        *("math", "object", "iframe", "audio", "video"),
    )
)
_SPACES = re.compile(r"[ \t\r\n\f]+")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_DECLARED_ENCODING = re.compile(
    rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]{1,40})["']|"""
    rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._-]{1,40})""",
    re.IGNORECASE,
)

#: What ebooklib and lxml raise on a package that is not a well-formed EPUB (lxml asserts
#: when ebooklib searches a package document its forgiving parser recovered to nothing).
_DAMAGED: tuple[type[BaseException], ...] = (epub.EpubException, AssertionError, *PACKAGE_ERRORS)


def read_epub(data: bytes, name: str) -> ImportedDocument:
    archive = check_zip(data, name, "EPUB")
    try:
        _check_kind(archive)
        archive.refuse_entity_declarations()
        # ebooklib's own parser "recovers" a broken container to nothing and then trips.
        parse_xml(archive.read("META-INF/container.xml"), archive.name, "EPUB")
        _refuse_drm(archive)
    finally:
        archive.close()
    try:
        book = epub.read_epub(io.BytesIO(data), {"ignore_ncx": True})
        chapters = [item.content for item in _spine(book)]
    except _DAMAGED as error:
        detail = getattr(error, "msg", None) or str(error).strip("'\"") or type(error).__name__
        raise damaged(name, "EPUB", str(detail)) from error
    paragraphs = [paragraph for chapter in chapters for paragraph in _chapter(chapter, name)]
    if not paragraphs:
        raise ImportFailedError(name, "the e-book has no text")
    return ImportedDocument(
        text="\n\n".join(paragraphs),
        source_format="epub",
        title=clean_field(_first(book, "title")),
        authors=_authors(book),
        outlet=clean_field(_first(book, "publisher")),
        published=_publication_date(book),
        language=language_code(_first(book, "language")),
        csl_type="book",
    )


def _check_kind(archive: CheckedZip) -> None:
    if "mimetype" in archive:
        mimetype = archive.read_text("mimetype", limit=200)
        if "opendocument" in mimetype:
            raise ImportFailedError(archive.name, "this is an OpenDocument file, not EPUB")
        if mimetype != "application/epub+zip":
            raise archive.damaged(f"unknown kind {mimetype[:60]!r}")
    elif "[Content_Types].xml" in archive:
        raise ImportFailedError(archive.name, "this is a Microsoft Office file, not EPUB")
    if "META-INF/container.xml" not in archive:
        raise archive.damaged("no META-INF/container.xml")


def _refuse_drm(archive: CheckedZip) -> None:
    for member, scheme in _DRM_FILES.items():
        if member in archive:
            raise ImportFailedError(archive.name, f"the e-book is DRM-protected ({scheme})")
    if "META-INF/encryption.xml" not in archive:
        return
    encryption = parse_xml(archive.read("META-INF/encryption.xml"), archive.name, "EPUB")
    for method in encryption.iter(f"{_XMLENC}EncryptionMethod"):
        if method.get("Algorithm", "").strip() not in _FONT_OBFUSCATION:
            raise ImportFailedError(
                archive.name, "the e-book is DRM-protected (its text is encrypted)"
            )


def _spine(book: Any) -> Iterator[Any]:
    """The chapters in reading order (the navigation document, a table of contents, not)."""
    for idref, _linear in book.spine:
        item = book.get_item_with_id(idref)
        if item is None or isinstance(item, epub.EpubNav):
            continue
        if getattr(item, "media_type", "") in _CHAPTER_TYPES or isinstance(item, epub.EpubHtml):
            yield item


def _metadata(book: Any, namespace: str, field: str | None) -> list[tuple[str, dict[str, str]]]:
    try:
        values = book.get_metadata(namespace, field)
    except KeyError:
        return []
    return [(value or "", attributes or {}) for value, attributes in values]


def _first(book: Any, field: str) -> str:
    for value, _attributes in _metadata(book, "DC", field):
        if clean_field(value):
            return value
    return ""


def _authors(book: Any) -> tuple[str, ...]:
    """The creators whose role is author (EPUB 2's ``opf:role``, EPUB 3's refining ``role``);
    every creator when none is marked, so an editor is better than nobody."""
    # ebooklib files EPUB 3 <meta> elements under None or under "meta", depending on how the
    # package declares its namespace.
    metas = _metadata(book, "OPF", None) + _metadata(book, "OPF", "meta")
    roles = {
        attributes.get("refines", "").lstrip("#"): value.strip()
        for value, attributes in metas
        if attributes.get("property") == "role"
    }
    creators = _metadata(book, "DC", "creator")
    marked = [
        (value, attributes.get(f"{_OPF}role") or roles.get(attributes.get("id", ""), ""))
        for value, attributes in creators
    ]
    chosen = [value for value, role in marked if role == "aut"]
    if not chosen:
        chosen = [value for value, role in marked if not role] or [value for value, _ in marked]
    return tuple(author for value in chosen for author in split_authors(value))


def _publication_date(book: Any) -> date | None:
    """``dc:date``; in EPUB 2 the one whose event is publication, if they are told apart."""
    dates = _metadata(book, "DC", "date")
    for value, attributes in dates:
        if attributes.get(f"{_OPF}event") == "publication" and parse_date(value):
            return parse_date(value)
    for value, attributes in dates:
        if not attributes.get(f"{_OPF}event") and parse_date(value):
            return parse_date(value)
    return None


def _chapter(data: bytes, name: str) -> list[str]:
    if not data:
        return []
    try:
        root = parse_xml(data, name, "EPUB")
    except ImportFailedError:
        root = _parse_as_html(data, name)
    paragraphs = _Paragraphs()
    try:
        paragraphs.walk(root)
    except RecursionError as error:  # lxml's HTML parser nests as deep as the markup says
        raise damaged(name, "EPUB", "a chapter is nested too deeply") from error
    return paragraphs.done()


def _parse_as_html(data: bytes, name: str) -> Any:
    """A chapter that is not well-formed XML, read the forgiving way browsers do."""
    parser = lxml_html.HTMLParser(
        no_network=True, remove_comments=True, remove_pis=True, default_doctype=False
    )
    text = _XML_DECLARATION.sub("", _decoded(data, name), count=1)
    text = text.replace("\x00", "")
    if not text.strip():
        return lxml_html.fromstring("<html/>")
    try:
        return lxml_html.document_fromstring(text, parser=parser)
    except (etree.LxmlError, ValueError) as error:
        raise damaged(name, "EPUB", f"a chapter: {error}") from error


def _decoded(data: bytes, name: str) -> str:
    """A chapter's bytes as text: a byte-order mark, then the declared charset, then UTF-8
    (what EPUB requires), then a guess."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_text(data, name)
    declared = _DECLARED_ENCODING.search(data[:2048])
    if declared:
        label = (declared.group(1) or declared.group(2)).decode("ascii")
        try:
            return data.decode(label)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return decode_text(data, name)


class _Paragraphs:
    """Text of an (X)HTML tree, one paragraph per block, white space as a browser shows it."""

    def __init__(self) -> None:
        self._done: list[str] = []
        self._pieces: list[str] = []

    def walk(self, element: Any, preformatted: bool = False) -> None:
        tag = element.tag
        if not isinstance(tag, str):  # comments, processing instructions
            self._add(element.tail, preformatted)
            return
        local = tag.rpartition("}")[2].lower()
        if local in _DROPPED:
            self._add(element.tail, preformatted)
            return
        block = local in _BLOCKS
        if block:
            self._flush()
        if local == "br":
            self._pieces.append("\n")
        inner_pre = preformatted or local == "pre"
        self._add(element.text, inner_pre)
        for child in element:
            self.walk(child, inner_pre)
        if block:
            self._flush()
        self._add(element.tail, preformatted)

    def _add(self, text: str | None, preformatted: bool) -> None:
        if text:
            self._pieces.append(text if preformatted else _SPACES.sub(" ", text))

    def _flush(self) -> None:
        if self._pieces:
            lines = "".join(self._pieces).split("\n")
            paragraph = "\n".join(line.strip(" ") for line in lines).strip()
            if paragraph:
                self._done.append(paragraph)
            self._pieces = []

    def done(self) -> list[str]:
        self._flush()
        return self._done
