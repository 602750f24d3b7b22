"""Web pages: the article a reader came for, without the page around it.

trafilatura finds the main text and drops navigation, ads, cookie banners, related links,
comments and footers; it also reads the metadata a citation needs. Two things are done here
rather than left to it:

* **Parsing.** The page is decoded here (BOM, UTF-8, ``<meta charset>``, then a guess) and
  parsed by our own lxml parser (no network, no entity expansion beyond HTML's named
  characters, no scripts — lxml runs none); trafilatura works on that tree. Nothing a page
  references is ever fetched.
* **Turning its result into text.** trafilatura's own text output un-escapes HTML entities a
  second time, so a page that shows the characters "&lt;b&gt;" would come out as "<b>"; and it
  separates paragraphs by a single newline. The extracted tree is walked here instead: one
  paragraph per block, headings and table rows kept, the characters exactly as the page shows them.

When trafilatura finds no main text (a bare fragment, an odd layout) every visible text of the
page is taken instead; a page with no text at all is refused.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any

import trafilatura
from lxml import etree
from lxml import html as lxml_html
from trafilatura.metadata import extract_metadata

from services.errors import ImportFailedError
from services.importers.document import ImportedDocument
from services.importers.plain import decode_text

#: WHATWG maps these labels to a superset browsers actually use; a page that says "latin1"
#: almost always holds windows-1252 curly quotes, and a "utf-16" label inside bytes that were
#: readable as ASCII is a lie.
_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "latin5": "cp1254",
    "tis-620": "cp874",
    "iso-8859-11": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "big5": "big5hkscs",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "windows-31j": "cp932",
    "utf-16": "utf-8",
    "utf-16le": "utf-8",
    "utf-16be": "utf-8",
    "x-user-defined": "cp1252",
}
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
#: How far into the file a charset declaration is looked for (browsers look at 1 KB; real pages
#: put a lot of markup before it).
_PRESCAN_BYTES = 16 * 1024
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
# A DOCTYPE, with any internal subset of entity declarations: HTML parsing never expands those,
# but left in place its "]>" would turn up as text and swallow the <html> element's lang.
_DOCTYPE = re.compile(r"^\s*<!DOCTYPE[^>\[]*(\[[^\]]*\])?\s*>", re.IGNORECASE)
# lxml refuses NUL and most C0 controls in a str; a browser would not show them either.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

#: Dates only from what the page states (meta tags, structured data, <time>, the URL), not
#: guessed from any date-like string in the text: a wrong date in a citation is worse than none.
_DATE_CONFIG: dict[str, Any] = {"original_date": True, "extensive_search": False}
_PAGE_FURNITURE = re.compile(r"<(nav|footer)\b", re.IGNORECASE)

#: schema.org types that make a page a news article for citations; blog posts are their own type.
_NEWS_TYPES = {
    "newsarticle",
    "article",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "askpublicnewsarticle",
}
_BLOG_TYPES = {"blogposting", "liveblogposting"}

# The blocks that start a new paragraph when all visible text is taken.
_BLOCK_TAGS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "body", "caption", "center", "dd"),
        *("details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer"),
        *("form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html"),
        *("legend", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary"),
        *("table", "tbody", "tfoot", "thead", "tr", "ul"),
    }
)
_INVISIBLE_TAGS: tuple[str, ...] = (
    "script",
    "style",
    "noscript",
    "template",
    "head",
    "title",
    "svg",
    "math",
    "iframe",
    "select",
)
#: Block elements of trafilatura's extracted tree.
_TEXT_BLOCKS = frozenset(
    {"p", "head", "list", "table", "quote", "code", "div", "main", "article", "section"}
)
#: A <br> while visible text is gathered; parsed text never holds C0 controls (see _CONTROLS).
_BREAK = "\x01"
_AROUND_BREAK = re.compile(" *\x01 *")
_SPACES = re.compile(r"[ \t\r\n\f]+")


def codec_for_label(label: str) -> str | None:
    """The Python codec for a charset label from a page or an HTTP header, as a browser reads
    it; None for a label nobody knows."""
    label = label.strip().strip("\"'").lower()
    label = _CHARSET_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_html(data: bytes, name: str) -> str:
    """Bytes of a page as text: a byte-order mark wins, then valid UTF-8 (a page re-saved by a
    browser keeps its old charset declaration), then the page's own ``<meta charset>``, then
    charset-normalizer's guess."""
    if data.startswith(_BOMS):
        return decode_text(data, name)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    match = _META_CHARSET.search(data[:_PRESCAN_BYTES])
    codec = codec_for_label(match.group(1).decode("ascii")) if match else None
    if codec is not None:
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            pass  # the declaration is wrong: guess instead
    return decode_text(data, name)


def parse_html(text: str, name: str) -> lxml_html.HtmlElement:
    """An lxml tree of a page that fetches nothing and expands no DTD entities.

    A fresh parser each time: lxml parsers must not be shared between threads, and imports
    run in a background thread.
    """
    parser = lxml_html.HTMLParser(
        no_network=True,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
        default_doctype=False,
    )
    text = _XML_DECLARATION.sub("", text, count=1)
    text = _CONTROLS.sub("", _DOCTYPE.sub("", text, count=1))
    try:
        tree = lxml_html.document_fromstring(text, parser=parser)
    except etree.ParserError as error:  # lxml's "Document is empty": nothing but comments
        raise ImportFailedError(name, "the web page has no text") from error
    except (etree.LxmlError, ValueError) as error:
        raise ImportFailedError(name, f"not a readable web page ({error})") from error
    if any(entry.type_name == "ERR_RESOURCE_LIMIT" for entry in parser.error_log):
        # libxml2 stops at 256 levels of nesting; what follows would be silently lost.
        raise ImportFailedError(name, "the web page is nested too deeply to read")
    return tree


def read_html(data: bytes, name: str) -> ImportedDocument:
    """Read a saved web page (the ``.html``/``.htm`` reader)."""
    return html_document(decode_html(data, name), name)


def html_document(text: str, name: str, *, main_text: bool = True) -> ImportedDocument:
    """A page already decoded (a download, the clipboard): its text and metadata.

    ``main_text=False`` keeps every visible text: for a selection the user copied, which is
    all content by their choice (main-text heuristics would drop a short closing list).
    """
    tree = parse_html(text, name)
    declared = _declared_metadata(tree)
    meta = extract_metadata(tree, date_config=_DATE_CONFIG)
    paragraphs = _main_text(tree) if main_text else []
    if paragraphs:
        paragraphs = _with_headline(paragraphs, tree, meta.title)
    else:
        paragraphs = visible_paragraphs(parse_html(text, name))
    if not paragraphs:
        raise ImportFailedError(name, "the web page has no text")
    return ImportedDocument(
        text="\n\n".join(paragraphs),
        source_format="html",
        title=_clean(meta.title),
        authors=_split_authors(meta.author),
        outlet=_clean(meta.sitename) or declared.get("publisher", ""),
        published=_parse_date(meta.date),
        url=_web_url(meta.url),
        language=declared.get("language", ""),
        csl_type=_csl_type(meta.pagetype, declared.get("types", "")),
    )


def is_whole_page(markup: str) -> bool:
    """Whether copied HTML is a whole page (with the site's navigation or footer) rather than
    a selection of an article."""
    return _PAGE_FURNITURE.search(markup) is not None


def _main_text(tree: lxml_html.HtmlElement) -> list[str]:
    body = _extract(tree, tables=True, recall=True)
    if body is not None and _mostly_layout_tables(body):
        # An old table-layout site: trafilatura keeps the whole layout table, menus and all.
        # Without tables its fallback extractors find the article inside the cells.
        for recall in (False, True):
            alternative = _extract(tree, tables=False, recall=recall)
            if alternative is not None and "".join(alternative.itertext()).strip():
                body = alternative
                break
    return list(_blocks(body)) if body is not None else []


def _extract(tree: lxml_html.HtmlElement, *, tables: bool, recall: bool) -> Any:
    """trafilatura's main-text tree (its own vocabulary: p, head, list/item, quote, code,
    table/row/cell, lb, hi), or None."""
    extracted = trafilatura.bare_extraction(
        tree,
        # Recall over precision: a lost paragraph of the article (a standfirst set in bold,
        # say) is worse for a quote archive than a stray byline.
        favor_recall=recall,
        include_comments=False,
        include_tables=tables,
        include_images=False,
        include_links=False,
        include_formatting=False,
        with_metadata=False,
    )
    return getattr(extracted, "body", None)


def _mostly_layout_tables(body: Any) -> bool:
    """Whether most of the text sits in tables whose cells hold paragraphs (layout, not data)."""
    total = len("".join(body.itertext()))
    layout = sum(
        len("".join(table.itertext())) for table in body.iter("table") if _is_layout_table(table)
    )
    return total > 0 and layout * 2 > total


def _is_layout_table(table: Any) -> bool:
    return any(child.tag in _TEXT_BLOCKS for row in table for cell in row for child in cell)


def _with_headline(
    paragraphs: list[str], tree: lxml_html.HtmlElement, title: str | None
) -> list[str]:
    """The article's headline first, as the reader sees it.

    trafilatura keeps the ``<h1>`` on some layouts and drops it on others; the same kind of
    page should give the same kind of text. Only a headline that is the page's title is added.
    """
    headline = next((_clean(h1.text_content()) for h1 in tree.iter("h1")), "")
    if not headline or _squeezed(headline) != _squeezed(title or ""):
        return paragraphs
    if any(_squeezed(headline) in _squeezed(paragraph) for paragraph in paragraphs[:3]):
        return paragraphs
    return [headline, *paragraphs]


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _blocks(element: Any) -> Iterator[str]:
    """The paragraphs of an element of trafilatura's tree, in reading order."""
    if element.tag == "list":
        for item in element:
            if item.tag == "item":
                yield from _list_item(item)
        return
    if element.tag == "table" and not _is_layout_table(element):
        table = "\n".join(row for row in (_row(row) for row in element if row.tag == "row") if row)
        if table:
            yield table
        return
    if element.tag == "table":  # a layout table: each cell is a column of the page
        for row in element:
            for cell in row:
                yield from _blocks(cell)
        return
    if not any(child.tag in _TEXT_BLOCKS for child in element):
        paragraph = _inline(element).strip()
        if paragraph:
            yield paragraph
        return
    run: list[str] = [element.text or ""]  # loose text between blocks is a paragraph too
    for child in element:
        if child.tag in _TEXT_BLOCKS:
            yield from _paragraph(run)
            yield from _blocks(child)
            run = []
        else:
            run.append(_inline_child(child))
        run.append(child.tail or "")
    yield from _paragraph(run)


def _paragraph(run: list[str]) -> Iterator[str]:
    paragraph = "".join(run).strip()
    if paragraph:
        yield paragraph


def _list_item(item: Any) -> Iterator[str]:
    nested = [child for child in item if child.tag == "list"]
    for child in nested:
        item.remove(child)
    text = _inline(item).strip()
    if text:
        yield f"• {text}"
    for child in nested:
        yield from _blocks(child)


def _row(row: Any) -> str:
    cells = [_inline(cell).strip() for cell in row if cell.tag == "cell"]
    return " | ".join(cell for cell in cells if cell)


def _inline(element: Any) -> str:
    """An element's text with line breaks kept; images dropped, nested blocks on own lines."""
    return "".join([element.text or "", *(_inline_child(c) + (c.tail or "") for c in element)])


def _inline_child(child: Any) -> str:
    if child.tag == "lb":
        return "\n"
    if child.tag == "graphic":
        return ""
    if child.tag in _TEXT_BLOCKS:
        return f"\n{_inline(child).strip()}\n"
    return _inline(child)


def visible_paragraphs(tree: lxml_html.HtmlElement) -> list[str]:
    """Every text a browser would show, a paragraph per block: the fallback when no main text
    is recognised (a pasted fragment is all main text)."""
    for element in list(tree.iter(*_INVISIBLE_TAGS)):
        parent = element.getparent()
        if parent is not None:
            element.drop_tree()  # keeps the tail: text after a <script> is still text
    paragraphs: list[str] = []
    current: list[str] = []

    def flush() -> None:
        paragraph = _AROUND_BREAK.sub("\n", "".join(current)).strip(" \n")
        if paragraph:
            paragraphs.append(paragraph)
        current.clear()

    for piece in _visible_pieces(tree):
        if piece is None:
            flush()
        else:
            current.append(piece)
    flush()
    return paragraphs


def _visible_pieces(element: Any, in_pre: bool = False) -> Iterator[str | None]:
    """Text in reading order; None marks a paragraph break."""
    tag = element.tag if isinstance(element.tag, str) else ""
    block = tag in _BLOCK_TAGS
    inside_pre = in_pre or tag in {"pre", "textarea"}
    if block:
        yield None
    if tag == "li":
        yield "• "  # as in the main-text path and the Markdown reader
    elif tag == "br":
        yield _BREAK
    elif tag == "img" and element.get("alt", "").strip():
        yield element.get("alt", "").strip()
    yield from _spaced(element.text, inside_pre)
    for child in element:
        yield from _visible_pieces(child, inside_pre)
    if tag in {"td", "th"}:
        yield " "
    if block:
        yield None
    yield from _spaced(element.tail, in_pre)


def _spaced(text: str | None, preformatted: bool) -> Iterable[str]:
    if not text:
        return ()
    return (text,) if preformatted else (_SPACES.sub(" ", text),)


def _declared_metadata(tree: lxml_html.HtmlElement) -> dict[str, str]:
    """What trafilatura does not report: the page's language, its schema.org types and its
    publisher (from JSON-LD)."""
    declared: dict[str, str] = {}
    types: list[str] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except (json.JSONDecodeError, RecursionError):
            continue
        for thing in _json_ld_things(data):
            types.extend(_json_ld_types(thing))
            if "publisher" not in declared:
                publisher = thing.get("publisher")
                name = publisher.get("name") if isinstance(publisher, dict) else None
                if isinstance(name, str) and name.strip():
                    declared["publisher"] = _clean(name)
            language = thing.get("inLanguage")
            if "json-ld-language" not in declared and isinstance(language, str):
                declared["json-ld-language"] = language
    declared["types"] = " ".join(types)
    candidates = [
        tree.get("lang"),
        tree.get("xml:lang"),
        *_meta_contents(tree, "http-equiv", "content-language"),
        *_meta_contents(tree, "name", "language"),
        *_meta_contents(tree, "name", "dc.language"),
        *_meta_contents(tree, "property", "og:locale"),
        declared.pop("json-ld-language", None),
    ]
    for candidate in candidates:
        code = _language_code(candidate)
        if code:
            declared["language"] = code
            break
    return declared


def _json_ld_things(data: object) -> Iterator[dict[str, Any]]:
    """Top-level JSON-LD objects, including those in an ``@graph`` (not nested authors)."""
    if isinstance(data, list):
        for entry in data:
            yield from _json_ld_things(entry)
    elif isinstance(data, dict):
        yield data
        graph = data.get("@graph")
        if isinstance(graph, list):
            for entry in graph:
                if isinstance(entry, dict):
                    yield entry


def _json_ld_types(thing: dict[str, Any]) -> list[str]:
    kind = thing.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return [value.rsplit("/", 1)[-1].lower() for value in kinds if isinstance(value, str)]


def _meta_contents(tree: lxml_html.HtmlElement, attribute: str, value: str) -> list[str]:
    return [
        meta.get("content", "")
        for meta in tree.iter("meta")
        if (meta.get(attribute) or "").strip().lower() == value
    ]


def _language_code(value: str | None) -> str:
    """The primary subtag ("en-GB" → "en", "ru_RU" → "ru"); "" for what is not a tag."""
    if not value:
        return ""
    primary = re.split(r"[-_,; ]", value.strip(), maxsplit=1)[0].lower()
    return primary if primary.isascii() and primary.isalpha() and 2 <= len(primary) <= 3 else ""


def _csl_type(pagetype: str | None, types: str) -> str:
    kinds = set(types.split())
    if kinds & _BLOG_TYPES:
        return "post-weblog"
    if kinds & _NEWS_TYPES or (pagetype or "").strip().lower() == "article":
        return "article-newspaper"
    return "webpage"


def _split_authors(value: str | None) -> tuple[str, ...]:
    """trafilatura joins authors with "; "."""
    names: list[str] = []
    for part in (value or "").split(";"):
        name = _clean(part)
        if name and name not in names:
            names.append(name)
    return tuple(names)


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _web_url(value: str | None) -> str:
    value = (value or "").strip()
    return value if value.lower().startswith(("http://", "https://")) else ""


def _clean(value: str | None) -> str:
    return _SPACES.sub(" ", value or "").strip()
