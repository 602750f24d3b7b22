"""Plain text in whatever encoding it arrives in."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from services.errors import ImportFailedError
from services.importers.document import ImportedDocument

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_text(data: bytes, name: str) -> str:
    """Decode bytes of unknown encoding: a byte-order mark wins, then strict UTF-8, then
    charset-normalizer's best guess (cp1251, koi8-r, Shift_JIS…). Binary data is refused."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise ImportFailedError(name, f"damaged {encoding.upper()} text") from error
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if b"\x00" in data[:4096] and not _looks_utf16(data):
        raise ImportFailedError(name, "this is a binary file, not text")
    best = from_bytes(data).best()
    if best is None:
        raise ImportFailedError(name, "the text encoding could not be recognised")
    return str(best)


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a byte-order mark: every other byte is zero in Latin text."""
    sample = data[:4096]
    return sample[1::2].count(0) > len(sample) // 4 or sample[0::2].count(0) > len(sample) // 4


def first_line_title(text: str) -> str:
    """The first line, when it is short enough to be a headline."""
    for line in text.splitlines():
        heading = line.strip().lstrip("#").strip()
        if heading:
            return heading if len(heading) <= 150 else ""
    return ""


#: Hard-wrapped text (e-mail, old wire copy) keeps its lines within this many characters.
WRAP_WIDTH = 100
_SENTENCE_END = tuple('.!?:;…»"”’)')


def _hard_wrapped(lines: list[str]) -> bool:
    """Whether line breaks inside blocks are the typewriter's, not the author's.

    Wrapped text has no line longer than a terminal and most lines ending mid-sentence; text
    whose every line is a paragraph (the usual export of a web page or a word processor) has
    long lines or lines that end sentences.
    """
    if len(lines) < 3 or max(len(line) for line in lines) > WRAP_WIDTH:
        return False
    mid_sentence = sum(not line.rstrip().endswith(_SENTENCE_END) for line in lines[:-1])
    return mid_sentence > (len(lines) - 1) / 2


def plain_paragraphs(text: str) -> str:
    """Plain text with exactly one blank line between paragraphs.

    A line break in plain text is a paragraph break (a question and its answer on consecutive
    lines are two paragraphs) unless the whole text is hard-wrapped, in which case the lines of
    each block are joined again. Paragraphs are what citations count and the reader spaces.
    """
    normalized = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [line for line in normalized.split("\n") if line.strip()]
    if not lines:
        return ""
    if _hard_wrapped(lines):
        blocks = [block for block in normalized.split("\n\n") if block.strip()]
        paragraphs = [
            " ".join(line.strip() for line in block.split("\n") if line.strip()) for block in blocks
        ]
    else:
        paragraphs = [line.rstrip() for line in lines]
    return "\n\n".join(paragraphs)


def read_plain_text(data: bytes, name: str) -> ImportedDocument:
    text = decode_text(data, name)
    lines = [line for line in text.splitlines() if line.strip()]
    title = first_line_title(text) if len(lines) > 1 else ""
    return ImportedDocument(text=plain_paragraphs(text), source_format="text", title=title)
