"""PDFs for the PDF reader's tests, typeset with reportlab the way a word processor would.

Blocks of text are laid out on pages with running headers, page numbers, first-line indents or
paragraph spacing, ragged or justified lines (justified lines are drawn word by word, with no
space characters, as many producers do), one or two columns, and right-to-left lines drawn in
visual order. Tests build the PDF they need from text, so no binary fixture is committed and
every expectation can be read next to its input.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT_FOLDERS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))


def unicode_font() -> tuple[str, str]:
    """DejaVu Sans and its bold, registered for reportlab (its standard fonts are Latin-1 only).

    Skips the calling test where the font is not installed.
    """
    if "DejaVuSans" in pdfmetrics.getRegisteredFontNames():
        return "DejaVuSans", "DejaVuSans-Bold"
    for folder in FONT_FOLDERS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            pdfmetrics.registerFont(TTFont("DejaVuSans", str(regular)))
            pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold)))
            return "DejaVuSans", "DejaVuSans-Bold"
    pytest.skip("DejaVu Sans (for Cyrillic, Greek, Arabic and Hebrew PDFs) is not installed")


def japanese_font() -> str:
    """One of the Adobe Japanese fonts PDF readers know by name (nothing to install)."""
    if "HeiseiMin-W3" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont("HeiseiMin-W3"))
    return "HeiseiMin-W3"


@dataclass(frozen=True, slots=True)
class Heading:
    text: str


@dataclass(frozen=True, slots=True)
class Text:
    """A paragraph wrapped to the column."""

    text: str
    bold: bool = False


@dataclass(frozen=True, slots=True)
class Lines:
    """A paragraph set exactly as given, one string a line (for hyphens at line ends)."""

    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NewPage:
    pass


Block = Heading | Text | Lines | NewPage


def page_of(page: int, total: int) -> str:
    return f"Page {page} of {total}"


@dataclass(frozen=True, slots=True)
class Style:
    font: str = "Helvetica"
    bold_font: str = "Helvetica-Bold"
    size: float = 11
    leading: float = 14
    heading_size: float = 15
    #: Extra space after each paragraph.
    paragraph_space: float = 6
    #: First-line indent of every paragraph but the first after a heading.
    indent: float = 0
    justify: bool = False
    #: Right-to-left text: lines drawn right-aligned, their characters in visual order.
    rtl: bool = False
    header: str = ""
    header_on_first_page: bool = True
    #: The page number's text for (page, total); None for no page numbers.
    page_number: Callable[[int, int], str] | None = page_of
    #: Page number at the right end of the header line instead of centred at the bottom.
    number_in_header: bool = False
    columns: int = 1
    column_gap: float = 24
    #: Draw the columns' lines interleaved, as some producers write them.
    interleave: bool = False
    page_size: tuple[float, float] = A4
    margin: float = 72
    #: Drawn large and diagonally across every page, as drafts are marked.
    watermark: str = ""


@dataclass(slots=True)
class _Draw:
    font: str
    size: float
    x: float
    y: float
    #: The line as a reader reads it (what the words spell, in logical order).
    text: str
    words: list[tuple[float, str]] = field(default_factory=list)


def _width(text: str, font: str, size: float) -> float:
    return float(pdfmetrics.stringWidth(text, font, size))


SOFT_HYPHEN = "\u00ad"


def wrap(text: str, font: str, size: float, width: float, first_width: float) -> list[str]:
    """Greedy line breaking at spaces (or between any two characters of unspaced text).

    A word that does not fit is broken after one of its hyphens or at a soft hyphen (U+00AD,
    which marks where a typesetter may hyphenate and is drawn as "-" only there).
    """
    joiner = " " if " " in text else ""
    tokens = text.split(" ") if joiner else list(text)
    lines: list[str] = []
    line = ""
    for token in tokens:
        room = first_width if not lines else width
        candidate = f"{line}{joiner}{token}" if line else token
        if not line or _fits(candidate, font, size, room):
            line = candidate
            continue
        head, tail = _hyphenated(token, f"{line}{joiner}", font, size, room)
        lines.append(f"{line}{joiner}{head}" if head else line)
        line = tail if head else token
    if line:
        lines.append(line)
    return [line.replace(SOFT_HYPHEN, "") for line in lines]


def _fits(text: str, font: str, size: float, room: float) -> bool:
    return _width(text.replace(SOFT_HYPHEN, ""), font, size) <= room


def _hyphenated(token: str, before: str, font: str, size: float, room: float) -> tuple[str, str]:
    """The longest start of ``token`` that fits after ``before`` when broken at a hyphen."""
    for index in range(len(token) - 1, 0, -1):
        if token[index] == "-":
            head, tail = token[: index + 1], token[index + 1 :]
        elif token[index] == SOFT_HYPHEN:
            head, tail = token[:index] + "-", token[index + 1 :]
        else:
            continue
        if tail and _fits(before + head, font, size, room):
            return head, tail
    return "", token


class _Typesetter:
    def __init__(self, style: Style) -> None:
        self.style = style
        width, height = style.page_size
        self.column_width = (
            width - 2 * style.margin - (style.columns - 1) * style.column_gap
        ) / style.columns
        self.top = height - style.margin
        self.pages: list[list[_Draw]] = [[]]
        self.column = 0
        self.y = self.top

    def _column_left(self) -> float:
        return self.style.margin + self.column * (self.column_width + self.style.column_gap)

    def _next_column(self) -> None:
        self.column += 1
        if self.column >= self.style.columns:
            self.pages.append([])
            self.column = 0
        self.y = self.top

    def _line(
        self, text: str, font: str, size: float, leading: float, *, indent: float, justify: bool
    ) -> None:
        if self.y - leading < self.style.margin:
            self._next_column()
        self.y -= leading
        left = self._column_left()
        draw = _Draw(font, size, left + indent, self.y, text)
        room = self.column_width - indent
        if self.style.rtl:
            draw.words.append(
                (left + self.column_width - indent - _width(text, font, size), text[::-1])
            )
        elif justify and " " in text:
            words = text.split(" ")
            spare = room - sum(_width(word, font, size) for word in words)
            step = spare / (len(words) - 1)
            x = left + indent
            for word in words:
                draw.words.append((x, word))
                x += _width(word, font, size) + step
        else:
            draw.words.append((left + indent, text))
        self.pages[-1].append(draw)

    def paragraph(self, lines: Sequence[str], *, indent: float, bold: bool = False) -> None:
        style = self.style
        font = style.bold_font if bold else style.font
        for number, line in enumerate(lines):
            last = number == len(lines) - 1
            self._line(
                line,
                font,
                style.size,
                style.leading,
                indent=indent if number == 0 else 0,
                justify=style.justify and not last,
            )
        self.y -= style.paragraph_space

    def heading(self, text: str) -> None:
        style = self.style
        if self.y < self.top:
            self.y -= style.leading
        size = style.heading_size
        if self.y - size * 1.3 - 2 * style.leading < style.margin:  # keep with what follows
            self._next_column()
        for line in wrap(text, style.bold_font, size, self.column_width, self.column_width):
            self._line(line, style.bold_font, size, size * 1.3, indent=0, justify=False)
        self.y -= style.paragraph_space

    def new_page(self) -> None:
        self.pages.append([])
        self.column = 0
        self.y = self.top


def _typeset(blocks: Sequence[Block], style: Style) -> _Typesetter:
    setter = _Typesetter(style)
    indent_next = False
    for block in blocks:
        if isinstance(block, Heading):
            setter.heading(block.text)
            indent_next = False
        elif isinstance(block, NewPage):
            setter.new_page()
        else:
            indent = style.indent if indent_next else 0
            bold = isinstance(block, Text) and block.bold
            if isinstance(block, Text):
                font = style.bold_font if bold else style.font
                width = setter.column_width
                lines = wrap(block.text, font, style.size, width, width - indent)
            else:
                lines = list(block.lines)
            setter.paragraph(lines, indent=indent, bold=bold)
            indent_next = True
    return setter


def typeset(blocks: Sequence[Block], style: Style = Style()) -> list[list[str]]:
    """The body lines :func:`build_pdf` sets on each page, for tests to check their premises."""
    return [[draw.text for draw in page] for page in _typeset(blocks, style).pages]


def build_pdf(
    blocks: Sequence[Block],
    style: Style = Style(),
    *,
    title: str = "",
    author: str = "",
    created: str = "",
    encrypt: str | StandardEncryption | None = None,
    compress: bool = True,
) -> bytes:
    """A PDF of ``blocks``; ``created`` is a PDF date such as "D:20250312094500+01'00'"."""
    setter = _typeset(blocks, style)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(
        buffer,
        pagesize=style.page_size,
        encrypt=encrypt,
        invariant=True,
        pageCompression=int(compress),
    )
    pdf.setTitle(title)
    pdf.setAuthor(author)
    if created:
        pdf.setDateFormatter(lambda *_parts: created)
    total = len(setter.pages)
    for number, draws in enumerate(setter.pages, start=1):
        _furniture(pdf, style, number, total)
        order = sorted(draws, key=lambda draw: (-draw.y, draw.x)) if style.interleave else draws
        for draw in order:
            pdf.setFont(draw.font, draw.size)
            for x, word in draw.words:
                pdf.drawString(x, draw.y, word)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _furniture(pdf: canvas.Canvas, style: Style, page: int, total: int) -> None:
    width, height = style.page_size
    pdf.setFont(style.font, 9)
    number = style.page_number(page, total) if style.page_number else ""
    if style.header and (page > 1 or style.header_on_first_page):
        pdf.drawString(style.margin, height - 40, style.header)
    if number and style.number_in_header:
        pdf.drawRightString(width - style.margin, height - 40, number)
    elif number:
        pdf.drawCentredString(width / 2, 36, number)
    if style.watermark:
        pdf.saveState()
        pdf.setFillGray(0.85)
        pdf.translate(width / 4, height / 3)
        pdf.rotate(45)
        pdf.setFont(style.bold_font, 60)
        pdf.drawString(0, 0, style.watermark)
        pdf.restoreState()


def image_only_pdf() -> bytes:
    """A page with shapes and no text, like a scan without OCR."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=True)
    pdf.rect(72, 500, 300, 200, fill=1)
    pdf.circle(300, 300, 80, fill=0)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def without_unicode_map(data: bytes) -> bytes:
    """An uncompressed PDF whose embedded fonts map every glyph to U+0001.

    That is what a PDF whose fonts lost their ToUnicode maps looks like to a reader: the
    glyphs draw fine, the text layer is garbage. Each target is replaced by one of the same
    length, so no offset in the file moves.
    """

    def blank(section: re.Match[bytes]) -> bytes:
        return re.sub(rb"<([0-9A-F]{2})> <[0-9A-F]{4}>", rb"<\1> <0001>", section.group(0))

    return re.sub(rb"beginbfchar.*?endbfchar", blank, data, flags=re.DOTALL)


def pageless_pdf() -> bytes:
    """A well-formed PDF whose page tree is empty (reportlab always writes a page)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)
