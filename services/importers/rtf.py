"""Rich Text Format (.rtf): the text and the ``\\info`` metadata, in the right code page.

striprtf does the RTF reading, and gets code pages right (``\\ansicpg1251``, per-font
``\\fcharset204``, ``\\uN`` escapes). Before it sees a file, the text is prepared so that
a few of its habits do no harm:

* ``\\line`` (a line break) and ``\\par`` (a new paragraph) both come out as "\\n"; line breaks
  are turned into U+2028 first so that paragraphs can be told apart afterwards. Table cells
  (which it would join with "|") become paragraphs of their own.
* it writes a hyperlink's address into the text after the link ("text(\\"http://…\\")") with a
  regular expression that backtracks badly on hostile input; fields are shown as Word shows
  them, by their result only.
* its font-table regular expression is quadratic on a malformed table, and it knows code
  pages Python has no codec for; the font table is rewritten to a clean one first.
* pictures, embedded objects and themes (hex dumps that are most of a large file) are cut out,
  since it would otherwise step through them a character at a time.
* ``\\uN`` escapes outside the Basic Multilingual Plane arrive as surrogate pairs (an emoji is
  two escapes) and are joined.
"""

from __future__ import annotations

import codecs
import re
from datetime import date

from striprtf import striprtf

from services.errors import ImportFailedError
from services.importers.document import ImportedDocument
from services.importers.safety import clean_field, damaged, refuse_ole_container, split_authors

#: Windows code page numbers Python knows under another name.
_CODE_PAGES = {
    10000: "mac_roman",
    10006: "mac_greek",
    10007: "mac_cyrillic",
    10029: "mac_latin2",
    10079: "mac_iceland",
    10081: "mac_turkish",
    20866: "koi8_r",
    21866: "koi8_u",
    65001: "utf-8",
    **{28590 + n: f"iso8859_{n}" for n in range(1, 17)},
}
#: striprtf's font charsets it has no codec for, mapped to the Windows code page it resembles;
#: any other unknown one falls back to the document's code page.
_CHARSET_STANDINS = {78: 128, 79: 136, 80: 129, 85: 134, 88: 222}
# A control word is only one when the backslash is not itself escaped ("\\\\line" is text).
_UNESCAPED = r"(?<!\\)((?:\\\\)*)"
_CODE_PAGE = re.compile(_UNESCAPED + r"\\ansicpg(-?\d{1,6}) ?")
_LINE = re.compile(_UNESCAPED + r"\\line(?![a-zA-Z])(?:-?\d+)? ?")
_CELL = re.compile(_UNESCAPED + r"\\(?:nest)?cell(?![a-zA-Z])(?:-?\d+)? ?")
_CHARACTER_SET = re.compile(r"\\(mac|pca|pc|ansi)(?![a-zA-Z])")
_FIELD_INSTRUCTION = re.compile(r"\\fldinst\{")
_FONT_TABLE_START = re.compile(r"{[^{}]*\\fonttbl")  # as striprtf finds it
_FONT_WORDS = re.compile(r"\\\\|\\(f|fcharset)(\d{1,6})(?![a-zA-Z0-9])")
_BINARY_GROUP = re.compile(
    r"\{(?:\\\*)?\\(?:pict|shppict|nonshppict|object|objdata|themedata|colorschememapping"
    r"|datastore|fontemb|fontfile|blipuid|passwordhash)(?![a-zA-Z])"
)
_STRUCTURE = re.compile(r"\\bin(\d{1,10}) ?|\\[\\{}]|[{}]")
_INFO = re.compile(r"\{\\info(?![a-zA-Z])")
_INFO_FIELD = re.compile(r"\{\\(title|author|creatim|revtim)(?![a-zA-Z]) ?")
_DATE_PART = re.compile(r"\\(yr|mo|dy)(\d{1,4})")

#: striprtf's own failures on malformed input: a bad escape, an empty \uc, an unknown codec.
_DAMAGED = (ValueError, TypeError, IndexError, OverflowError, LookupError, RecursionError)


def read_rtf(data: bytes, name: str) -> ImportedDocument:
    refuse_ole_container(data, name, "RTF")
    if data.startswith(b"PK\x03\x04"):
        raise ImportFailedError(name, "this is a ZIP-based document (DOCX, ODT…), not RTF")
    encoding = _document_code_page(data)
    source = data.removeprefix(b"\xef\xbb\xbf").decode(encoding, "replace")
    if not source.lstrip().startswith("{\\rtf"):
        raise ImportFailedError(name, "not an RTF file (it does not begin with {\\rtf)")
    source = _prepared(source)
    paragraphs = [
        paragraph.replace("\u2028", "\n")
        for paragraph in (line.strip() for line in _to_text(source, encoding, name).split("\n"))
        if paragraph
    ]
    if not paragraphs:
        raise ImportFailedError(name, "the document has no text")
    info = _info_fields(source)
    title = _to_text("{\\rtf1 " + info["title"] + "}", encoding, name) if "title" in info else ""
    author = _to_text("{\\rtf1 " + info["author"] + "}", encoding, name) if "author" in info else ""
    return ImportedDocument(
        text="\n\n".join(paragraphs),
        source_format="rtf",
        title=clean_field(title),
        authors=split_authors(author),
        published=_info_date(info.get("creatim", "")) or _info_date(info.get("revtim", "")),
    )


def _document_code_page(data: bytes) -> str:
    """The codec of ``\\ansicpgN`` (or of ``\\mac``, ``\\pc``, ``\\pca``), read from the header."""
    header = data[:4096].decode("latin-1")
    declared = _CODE_PAGE.search(header)
    if declared:
        number = int(declared.group(2))
        codec = _CODE_PAGES.get(number, f"cp{number}")
        if _known(codec):
            return codec
    character_set = _CHARACTER_SET.search(header)
    named = {"mac": "mac_roman", "pc": "cp437", "pca": "cp850"}
    return named.get(character_set.group(1), "cp1252") if character_set else "cp1252"


def _known(codec: object) -> bool:
    try:
        codecs.lookup(str(codec))
    except LookupError:
        return False
    return True


def _prepared(source: str) -> str:
    """The RTF rewritten so that striprtf's habits (see the module docstring) do no harm."""
    source = _without_binary_groups(source)
    source = _clean_font_table(source)
    source = _CODE_PAGE.sub(r"\1", source)  # decided already; striprtf would guess again
    source = _FIELD_INSTRUCTION.sub(r"\\fldinst {", source)
    source = _LINE.sub(r"\1{\\uc0\\u8232}", source)
    return _CELL.sub(r"\1\\par ", source)


def _to_text(source: str, encoding: str, name: str) -> str:
    try:
        try:
            text = _striprtf(source, encoding, "strict")
        except UnicodeDecodeError:
            text = _striprtf(source, encoding, "replace")
    except _DAMAGED as error:
        raise damaged(name, "RTF", str(error)) from error
    # \uN escapes of an emoji are two UTF-16 surrogates; a lone one becomes U+FFFD.
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _striprtf(source: str, encoding: str, errors: str) -> str:
    return str(striprtf.rtf_to_text(source, encoding=encoding, errors=errors))  # type: ignore[no-untyped-call]


def _group_end(source: str, start: int) -> int:
    """Where the group opening at ``start`` closes (``\\binN`` data skipped, not parsed)."""
    depth = 0
    position = start
    while True:
        token = _STRUCTURE.search(source, position)
        if token is None:
            return len(source)
        position = token.end()
        if token.group(1) is not None:
            position += int(token.group(1))
        elif token.group() == "{":
            depth += 1
        elif token.group() == "}":
            depth -= 1
            if depth == 0:
                return position


def _escaped(source: str, position: int) -> bool:
    """Whether the character at ``position`` follows an odd run of backslashes."""
    before = position
    while before > 0 and source[before - 1] == "\\":
        before -= 1
    return (position - before) % 2 == 1


def _without_binary_groups(source: str) -> str:
    kept: list[str] = []
    position = 0
    while (found := _BINARY_GROUP.search(source, position)) is not None:
        if _escaped(source, found.start()):
            kept.append(source[position : found.start() + 1])
            position = found.start() + 1
            continue
        kept.append(source[position : found.start()])
        position = _group_end(source, found.start())
    kept.append(source[position:])
    return "".join(kept)


def _clean_font_table(source: str) -> str:
    """Replace the font table with one striprtf reads safely: each font's number and charset,
    a charset Python has no codec for swapped for its nearest or for the document's."""
    found = _FONT_TABLE_START.search(source)
    if found is None:
        return source
    end = _group_end(source, found.start())
    charsets: dict[str, int] = {}
    font: str | None = None
    for word in _FONT_WORDS.finditer(source, found.start(), end):
        if word.group(1) == "f":
            font = word.group(2)
            charsets.setdefault(font, 1)
        elif word.group(1) == "fcharset" and font is not None:
            charsets[font] = _charset(int(word.group(2)))
    entries = "".join(f"{{\\f{font}\\fcharset{charset} F;}}" for font, charset in charsets.items())
    return source[: found.start()] + "{\\fonttbl" + entries + "}" + source[end:]


def _charset(number: int) -> int:
    """The charset striprtf is told a font has. 1 ("default") means the document's code page;
    it also stands for 0 ("ANSI"): generators that write only ``\\'xx`` escapes (no ``\\uN``)
    declare ``\\ansicpg1251`` with ANSI fonts and mean Cyrillic, and the code page is what they
    wrote in."""
    number = _CHARSET_STANDINS.get(number, number)
    return number if number in _CHARSETS_WITH_CODECS else 1


#: striprtf's charsets (but "ANSI" and "symbol") whose codecs Python has.
_CHARSETS_WITH_CODECS = frozenset(
    number
    for number, codec in striprtf.charset_map.items()
    if number not in (0, 42) and _known(codec)
)


def _info_fields(source: str) -> dict[str, str]:
    """The raw RTF of ``{\\info}``'s title, author and dates, by name."""
    info = _INFO.search(source)
    if info is None:
        return {}
    end = _group_end(source, info.start())
    fields: dict[str, str] = {}
    for field in _INFO_FIELD.finditer(source, info.start(), end):
        close = _group_end(source, field.start())
        fields.setdefault(field.group(1), source[field.end() : close - 1][:4000])
    return fields


def _info_date(raw: str) -> date | None:
    parts = {key: int(value) for key, value in _DATE_PART.findall(raw)}
    try:
        return date(parts["yr"], parts.get("mo", 1), parts.get("dy", 1))
    except (KeyError, ValueError):
        return None
