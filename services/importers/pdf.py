"""PDF: the text layer, read with PDFium, rebuilt into the paragraphs a reader sees.

PDFium (through pypdfium2) gives each character of a page with its position, in reading order
within a line (right-to-left scripts come out in logical order). This module reads those
characters into lines — splitting where PDFium ran two lines together at a hyphen, or two
columns together on one baseline — and hands them to :mod:`services.importers.pdf_layout`,
which drops page furniture and rebuilds paragraphs. The page each paragraph starts on is kept
for citations.

PDFium is not thread-safe, so one lock serialises every use of it in this process.
"""

from __future__ import annotations

import ctypes
import math
import re
import statistics
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from services.errors import ImportFailedError
from services.importers.document import ImportedDocument
from services.importers.pdf_layout import Line, Paragraph, build_paragraphs, clean_line

#: More pages than any document a journalist quotes from (a long court record is ~2,000).
MAX_PAGES = 5000
#: More text than one article should hold; stops a compressed text bomb early.
MAX_CHARACTERS = 20_000_000

NO_TEXT = "no text layer (scanned?) — Quotebook cannot read images of text"
PASSWORD = "the PDF is password-protected"
UNREADABLE = "the text layer is unreadable: the PDF's fonts do not say which letters they draw"

#: A new line where the baseline moves by more than this share of the font size.
_LINE_JUMP = 0.6
#: Two columns PDFium put on one line are split at a gap wider than this many font sizes.
_COLUMN_GAP = 3.0
#: … when at least this many lines of the page have a gap there.
_GUTTER_LINES = 3
#: Text turned by more than this (radians) is not part of the page's lines.
_TILT = 0.05
#: A paragraph this much larger than the body text, first on page 1, is the title.
_TITLE_SCALE = 1.2
_TITLE_CHARS = 200

_LOCK = threading.Lock()

#: What PDFium reports for a glyph its font maps to no letter: control codes, U+FFFD, the
#: private use area. A few are symbols (bullets); a text layer of mostly these is garbage.
_UNREADABLE = re.compile(r"[\x00-\x01\x03-\x08\x0b\x0c\x0e-\x1f\ufffd\ue000-\uf8ff]")
_UNREADABLE_SHARE = 0.25

_PLACEHOLDER_TITLE = re.compile(
    r"""^(?:microsoft\s+(?:word|powerpoint|excel)\s+-\s+.*
    |untitled.*|document\d*|presentation\d*|title|no\ title|unknown|слайд\ \d+
    |.*\.(?:docx?|pdf|odt|rtf|txt|html?|indd|pages|tex|dvi|ps|pptx?|xlsx?|qxd|pub|wpd)
    |[a-z]:\\.*|/.*|\w+://.*)$""",
    re.VERBOSE | re.IGNORECASE,
)
_PLACEHOLDER_AUTHOR = re.compile(
    r"^(?:admin(?:istrator)?|user|owner|windows\ user|microsoft\ office\ user|unknown|author"
    r"|anonymous|пользователь|администратор|автор|(?-i:[a-z0-9._-]+)|.*@.*)$",
    re.VERBOSE | re.IGNORECASE,
)
_AUTHOR_SEPARATORS = re.compile(r"\s*;\s*|\s+(?:and|&|und|et|и)\s+", re.IGNORECASE)
_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?")
_RTL = frozenset(("R", "AL"))


@dataclass(frozen=True, slots=True)
class _Frame:
    """A page's number and the edges its text is measured from."""

    number: int
    left: float
    right: float
    top: float


@dataclass(slots=True)
class _Glyph:
    index: int
    char: str
    x: float
    y: float


@dataclass(slots=True)
class _LineChars:
    glyphs: list[_Glyph] = field(default_factory=list)
    #: Wide gaps after a space: (position in ``glyphs``, x before, x after the gap).
    gaps: list[tuple[int, float, float]] = field(default_factory=list)

    def text(self) -> str:
        return "".join(glyph.char for glyph in self.glyphs)


def read_pdf(data: bytes, name: str) -> ImportedDocument:
    """Read a PDF's text layer into paragraphs, with the document-information metadata."""
    if b"%PDF-" not in data[:1024]:
        raise ImportFailedError(name, "damaged PDF: the file does not start with a PDF header")
    with _LOCK, _opened(data, name) as document:
        pages = len(document)
        if pages > MAX_PAGES:
            raise ImportFailedError(
                name, f"the PDF has {pages:,} pages; Quotebook reads at most {MAX_PAGES:,}"
            )
        lines = _document_lines(document, name)
        info = document.get_metadata_dict(skip_empty=True)
    paragraphs = build_paragraphs(lines)
    if not paragraphs:
        raise ImportFailedError(name, NO_TEXT)
    return ImportedDocument(
        text="\n\n".join(paragraph.text for paragraph in paragraphs),
        source_format="pdf",
        title=plausible_title(info.get("Title", "")) or _title_paragraph(paragraphs),
        authors=split_authors(info.get("Author", "")),
        published=pdf_date(info.get("CreationDate", "")),
        csl_type="report",
        paragraph_pages=tuple(paragraph.page for paragraph in paragraphs),
    )


@contextmanager
def _opened(data: bytes, name: str) -> Iterator[pdfium.PdfDocument]:
    """The document, opened through PDFium's own call so that its error code is this file's.

    (pypdfium2 reads PDFium's last error also when a document opened but has no pages, and
    then reports whatever an earlier file failed with.)
    """
    handle = pdfium_c.FPDF_LoadMemDocument64(data, len(data), None)
    if not handle:
        raise ImportFailedError(name, _load_failure(pdfium_c.FPDF_GetLastError(), data))
    document = pdfium.PdfDocument(handle)  # PDFium reads ``data`` in place: it outlives this
    try:
        if len(document) < 1:
            raise ImportFailedError(name, "the PDF has no pages")
        yield document
    finally:
        document.close()


def _load_failure(code: int, data: bytes) -> str:
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        return PASSWORD
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return "the PDF is encrypted with a security handler Quotebook cannot open"
    if b"%%EOF" not in data[-4096:]:
        return "damaged PDF: the file is cut short (it has no end-of-file mark)"
    return "damaged PDF: its structure cannot be read"


def _document_lines(document: pdfium.PdfDocument, name: str) -> list[list[Line]]:
    """Every page's lines; refuses a text layer too big, or one whose fonts map no letters."""
    pages: list[list[Line]] = []
    characters = unreadable = 0
    for number in range(1, len(document) + 1):
        page = document[number - 1]
        try:
            textpage = page.get_textpage()
            try:
                if characters + textpage.count_chars() > MAX_CHARACTERS:
                    limit = f"{MAX_CHARACTERS // 1_000_000} million"
                    reason = f"the PDF holds more than {limit} characters of text"
                    raise ImportFailedError(name, reason)
                left, _bottom, right, top = page.get_bbox()
                lines, ink, bad = _page_lines(textpage, _Frame(number, left, right, top))
            finally:
                textpage.close()
        finally:
            page.close()
        characters += ink
        unreadable += bad
        pages.append(lines)
    if characters and unreadable > _UNREADABLE_SHARE * characters:
        raise ImportFailedError(name, UNREADABLE)
    return pages


def _page_lines(textpage: pdfium.PdfTextPage, page: _Frame) -> tuple[list[Line], int, int]:
    """A page's characters grouped into lines, with counts of all and of unreadable characters.

    PDFium ends a line with CR LF, but runs a line that ends in a hyphen into the next one and
    joins text on one baseline even across a column gap; both are split here by position.
    """
    raw = _split_columns(_raw_lines(textpage))
    glyphs = [glyph.char for chars in raw for glyph in chars.glyphs if not glyph.char.isspace()]
    unreadable = sum(1 for char in glyphs if _UNREADABLE.match(char))
    upright = [chars for chars in raw if _upright(textpage, chars)]
    if sum(len(chars.glyphs) for chars in upright) * 2 >= sum(len(c.glyphs) for c in raw):
        raw = upright  # the rest is a watermark or a label along the margin
    lines = (_line(textpage, chars, page) for chars in raw)
    return [line for line in lines if line is not None], len(glyphs), unreadable


def _upright(textpage: pdfium.PdfTextPage, chars: _LineChars) -> bool:
    """Whether a line runs horizontally (a diagonal "DRAFT" or a margin label does not)."""
    ink = next((glyph for glyph in chars.glyphs if not glyph.char.isspace()), None)
    if ink is None:
        return True
    angle = float(pdfium_c.FPDFText_GetCharAngle(textpage.raw, ink.index))
    return angle < 0 or min(angle, 2 * math.pi - angle) < _TILT


def _raw_lines(textpage: pdfium.PdfTextPage) -> list[_LineChars]:
    handle = textpage.raw  # the ctypes handle itself: this loop runs once per character
    x, y = ctypes.c_double(), ctypes.c_double()
    raw: list[_LineChars] = []
    current = _LineChars()
    size = 0.0  # of the line's text, looked up only when a jump needs judging
    previous: _Glyph | None = None
    for index in range(textpage.count_chars()):
        code = pdfium_c.FPDFText_GetUnicode(handle, index)
        if code in (0x0A, 0x0D):
            if current.glyphs:
                raw.append(current)
                current, previous, size = _LineChars(), None, 0.0
            continue
        pdfium_c.FPDFText_GetCharOrigin(handle, index, x, y)
        glyph = _Glyph(index, _char(code), x.value, y.value)
        if previous is not None and not glyph.char.isspace():
            size = size or _font_size(textpage, previous.index)
            rise, advance = abs(glyph.y - previous.y), glyph.x - previous.x
            if rise > _LINE_JUMP * size or advance > _COLUMN_GAP * size:
                size = _font_size(textpage, index)
                if rise > _LINE_JUMP * size and _upright(textpage, _LineChars([glyph])):
                    raw.append(current)
                    current = _LineChars()
                elif advance > _COLUMN_GAP * size and _gap(current):
                    current.gaps.append((len(current.glyphs), previous.x, glyph.x))
        current.glyphs.append(glyph)
        if not glyph.char.isspace():
            previous = glyph
    if current.glyphs:
        raw.append(current)
    return raw


def _split_columns(raw: list[_LineChars]) -> list[_LineChars]:
    """Lines split at wide gaps after which several lines resume at the same place.

    That is the gutter before a second column; a wide gap elsewhere is a loosely justified line.
    """
    resumes = [after for chars in raw for _, _, after in chars.gaps]
    if len(resumes) < _GUTTER_LINES:
        return raw
    result: list[_LineChars] = []
    for chars in raw:
        cuts = [
            position
            for position, _, after in chars.gaps
            if sum(1 for other in resumes if abs(other - after) <= 2) >= _GUTTER_LINES
        ]
        for begin, end in zip([0, *cuts], [*cuts, len(chars.glyphs)], strict=True):
            result.append(_LineChars(chars.glyphs[begin:end]))
    return result


def _char(code: int) -> str:
    # A surrogate half (PDFium on 16-bit wchar_t platforms) is joined with its partner later.
    try:
        return chr(code)
    except (ValueError, OverflowError):
        return "\ufffd"


def _gap(chars: _LineChars) -> bool:
    """A column gap is a space PDFium put between two runs of left-to-right text."""
    text = chars.text()
    return text.endswith(" ") and not any(unicodedata.bidirectional(c) in _RTL for c in text)


def _font_size(textpage: pdfium.PdfTextPage, index: int) -> float:
    return float(pdfium_c.FPDFText_GetFontSize(textpage, index)) or 1.0


def _is_bold(textpage: pdfium.PdfTextPage, index: int) -> bool:
    if pdfium_c.FPDFText_GetFontWeight(textpage, index) >= 600:
        return True
    buffer = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    length = pdfium_c.FPDFText_GetFontInfo(textpage, index, buffer, len(buffer), flags)
    name = buffer.value.decode("latin-1").lower() if 0 < length <= len(buffer) else ""
    return any(word in name for word in ("bold", "black", "heavy", "demi", "semibold"))


def _box(textpage: pdfium.PdfTextPage, index: int) -> tuple[float, float]:
    """Left and right edge of a character's glyph."""
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    pdfium_c.FPDFText_GetCharBox(textpage, index, left, right, bottom, top)
    return left.value, right.value


def _line(textpage: pdfium.PdfTextPage, chars: _LineChars, page: _Frame) -> Line | None:
    text = clean_line(_joined_surrogates(chars.text()))
    ink = [glyph for glyph in chars.glyphs if not glyph.char.isspace()]
    if not text or not ink:
        return None
    samples = [ink[0], ink[len(ink) // 2], ink[-1]]
    size = statistics.median(_font_size(textpage, glyph.index) for glyph in samples)
    bold = sum(_is_bold(textpage, glyph.index) for glyph in samples) >= 2
    leftmost = min(ink, key=lambda glyph: glyph.x)
    rightmost = max(ink, key=lambda glyph: glyph.x)
    low, high = _box(textpage, leftmost.index)[0], _box(textpage, rightmost.index)[1]
    rtl = _right_to_left(text)
    first = _first_word_width(chars, ink[0], size)
    if rtl:
        start, end = page.right - max(high, ink[0].x), page.right - low
    else:
        start, end = ink[0].x - page.left, high - page.left
    baseline = statistics.median(glyph.y for glyph in ink)
    return Line(text, page.number, start, end, page.top - baseline, size, bold, first)


def _first_word_width(chars: _LineChars, first: _Glyph, size: float) -> float:
    """How much room the line's first word takes (a little more, to err towards joining)."""
    if unicodedata.east_asian_width(first.char) in "WF":
        return size
    seen_ink = False
    for glyph in chars.glyphs:
        if glyph.char.isspace():
            if seen_ink:
                return abs(glyph.x - first.x) + 0.1 * size
        else:
            seen_ink = True
    return max(abs(glyph.x - first.x) for glyph in chars.glyphs) + size


def _right_to_left(text: str) -> bool:
    rtl = sum(1 for char in text if unicodedata.bidirectional(char) in _RTL)
    ltr = sum(1 for char in text if unicodedata.bidirectional(char) == "L")
    return rtl > ltr


def _joined_surrogates(text: str) -> str:
    if not any("\ud800" <= char <= "\udfff" for char in text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _title_paragraph(paragraphs: list[Paragraph]) -> str:
    first = paragraphs[0]
    if first.page == 1 and first.scale >= _TITLE_SCALE and len(first.text) <= _TITLE_CHARS:
        return first.text
    return ""


def plausible_title(value: str) -> str:
    """The document-information title, unless it is a word processor's placeholder."""
    title = " ".join(value.split())
    if not title or len(title) > _TITLE_CHARS or _PLACEHOLDER_TITLE.match(title):
        return ""
    return title if any(char.isalpha() for char in title) else ""


def split_authors(value: str) -> tuple[str, ...]:
    """Authors from the document information: "A; B", "A, B", "A and B" → ("A", "B").

    A comma separates authors only when every part has a first and a last name, so
    "Smith, John" stays one person. Account names ("Administrator", "jsmith") are dropped.
    """
    people: list[str] = []
    for part in _AUTHOR_SEPARATORS.split(" ".join(value.split())):
        pieces = [piece.strip() for piece in part.split(",")]
        if len(pieces) > 1 and all(len(piece.split()) >= 2 for piece in pieces):
            people.extend(pieces)
        else:
            people.append(part.strip())
    plausible = (
        person
        for person in people
        if person and len(person) <= _TITLE_CHARS and not _PLACEHOLDER_AUTHOR.match(person)
    )
    return tuple(dict.fromkeys(plausible))


def pdf_date(value: str) -> date | None:
    """The day of a PDF date ("D:20250312094500+01'00'"), if it is a real one."""
    match = _PDF_DATE.match(value.strip())
    if not match:
        return None
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        found = date(year, month, day)
    except ValueError:
        return None
    return found if date(1990, 1, 1) <= found <= date.today() else None
