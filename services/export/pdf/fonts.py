"""The fonts bundled in ``resources/fonts/`` and the choice of a font for every run of text.

No single font covers what journalists quote, so each face the PDFs use (serif or sans; regular,
bold, italic, bold italic) is a *chain*: Noto Serif or Noto Sans first (Latin, Cyrillic, Greek),
then Arabic, Hebrew, CJK (Droid Sans Fallback), Korean (Nanum Square), symbols and emoji
(Symbola, monochrome) and DejaVu Sans for what is left. Text is cut into runs, each in the first
font of the chain whose character map has its characters, so no letter ever prints as an empty
box; a combining mark stays in its base letter's font (switching both when only another font has
the pair), and invisible characters no font draws (joiners, variation selectors) become
zero-width blanks that still copy out of the PDF.

Only ``.ttf`` fonts with TrueType outlines are used: reportlab embeds and subsets those, not
CFF-based ``.otf``/``.ttc`` files. ``resources/fonts/README.md`` lists each file and its licence.

Two ways to set text:

* :func:`markup` — reportlab Paragraph markup for a piece of user text (escaped, each run in its
  font, Arabic and Hebrew shaped and in visual order as far as a Paragraph allows: its line
  breaking does not know about bidi, so a right-to-left passage that wraps keeps its lines in
  visual order only line by line if it fits on one);
* :func:`segment` with :mod:`.shaping`, :mod:`.bidi_order` and :mod:`.textlayout` for pages laid
  out line by line, where bidi is resolved per line as it must be.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics

from services.export.pdf import bidi_order
from services.export.pdf.shaping import shape
from services.export.pdf.ttfont import SPECIAL_SPACES, QuotebookTTFont
from services.paths import resources_dir

# Base fonts for ParagraphStyle and canvas text (each a registered font family: <b> and <i>
# in markup pick the family's bold and italic faces).
SERIF = "QuotebookSerif"
SERIF_BOLD = "QuotebookSerif-Bold"
SERIF_ITALIC = "QuotebookSerif-Italic"
SERIF_BOLD_ITALIC = "QuotebookSerif-BoldItalic"
SANS = "QuotebookSans"
SANS_BOLD = "QuotebookSans-Bold"
SANS_ITALIC = "QuotebookSans-Italic"
SANS_BOLD_ITALIC = "QuotebookSans-BoldItalic"

# Fallback fonts, in the order a chain tries them after its Noto face.
ARABIC_SERIF = "QuotebookArabicSerif"
ARABIC_SERIF_BOLD = "QuotebookArabicSerif-Bold"
ARABIC_SANS = "QuotebookArabicSans"
ARABIC_SANS_BOLD = "QuotebookArabicSans-Bold"
HEBREW_SERIF = "QuotebookHebrewSerif"
HEBREW_SERIF_BOLD = "QuotebookHebrewSerif-Bold"
HEBREW_SANS = "QuotebookHebrewSans"
HEBREW_SANS_BOLD = "QuotebookHebrewSans-Bold"
CJK = "QuotebookCJK"
KOREAN = "QuotebookKorean"
SYMBOLS = "QuotebookSymbols"
LAST_RESORT = "QuotebookDejaVuSans"

FONTS_DIR = resources_dir() / "fonts"


@dataclass(frozen=True, slots=True)
class _FontFile:
    name: str
    file: str
    complex_script: bool = False


_FILES = (
    _FontFile(SERIF, "NotoSerif-Regular.ttf"),
    _FontFile(SERIF_BOLD, "NotoSerif-Bold.ttf"),
    _FontFile(SERIF_ITALIC, "NotoSerif-Italic.ttf"),
    _FontFile(SERIF_BOLD_ITALIC, "NotoSerif-BoldItalic.ttf"),
    _FontFile(SANS, "NotoSans-Regular.ttf"),
    _FontFile(SANS_BOLD, "NotoSans-Bold.ttf"),
    _FontFile(SANS_ITALIC, "NotoSans-Italic.ttf"),
    _FontFile(SANS_BOLD_ITALIC, "NotoSans-BoldItalic.ttf"),
    _FontFile(ARABIC_SERIF, "NotoNaskhArabic-Regular.ttf", complex_script=True),
    _FontFile(ARABIC_SERIF_BOLD, "NotoNaskhArabic-Bold.ttf", complex_script=True),
    _FontFile(ARABIC_SANS, "NotoSansArabic-Regular.ttf", complex_script=True),
    _FontFile(ARABIC_SANS_BOLD, "NotoSansArabic-Bold.ttf", complex_script=True),
    _FontFile(HEBREW_SERIF, "NotoSerifHebrew-Regular.ttf", complex_script=True),
    _FontFile(HEBREW_SERIF_BOLD, "NotoSerifHebrew-Bold.ttf", complex_script=True),
    _FontFile(HEBREW_SANS, "NotoSansHebrew-Regular.ttf", complex_script=True),
    _FontFile(HEBREW_SANS_BOLD, "NotoSansHebrew-Bold.ttf", complex_script=True),
    _FontFile(CJK, "DroidSansFallbackFull.ttf"),
    _FontFile(KOREAN, "NanumSquareR.ttf"),
    _FontFile(SYMBOLS, "Symbola.ttf"),
    _FontFile(LAST_RESORT, "DejaVuSans.ttf"),
)

_FAMILIES = {
    SERIF: (SERIF, SERIF_BOLD, SERIF_ITALIC, SERIF_BOLD_ITALIC),
    SANS: (SANS, SANS_BOLD, SANS_ITALIC, SANS_BOLD_ITALIC),
    # Fallback families have no italic: an Arabic quote in italics keeps its upright letters.
    ARABIC_SERIF: (ARABIC_SERIF, ARABIC_SERIF_BOLD, ARABIC_SERIF, ARABIC_SERIF_BOLD),
    ARABIC_SANS: (ARABIC_SANS, ARABIC_SANS_BOLD, ARABIC_SANS, ARABIC_SANS_BOLD),
    HEBREW_SERIF: (HEBREW_SERIF, HEBREW_SERIF_BOLD, HEBREW_SERIF, HEBREW_SERIF_BOLD),
    HEBREW_SANS: (HEBREW_SANS, HEBREW_SANS_BOLD, HEBREW_SANS, HEBREW_SANS_BOLD),
}

_ready = threading.Event()
_register_lock = threading.Lock()
_fonts: dict[str, QuotebookTTFont] = {}


def ensure_fonts() -> None:
    """Register every bundled font with reportlab (once per process; safe from any thread)."""
    if _ready.is_set():
        return
    with _register_lock:
        if _ready.is_set():
            return
        for entry in _FILES:
            loaded = QuotebookTTFont(
                entry.name, FONTS_DIR / entry.file, complex_script=entry.complex_script
            )
            pdfmetrics.registerFont(loaded)
            _fonts[entry.name] = loaded
        for family, (normal, bold, italic, bold_italic) in _FAMILIES.items():
            pdfmetrics.registerFontFamily(
                family, normal=normal, bold=bold, italic=italic, boldItalic=bold_italic
            )
        for single in (CJK, KOREAN, SYMBOLS, LAST_RESORT):
            for is_bold in (0, 1):
                for is_italic in (0, 1):
                    addMapping(single, is_bold, is_italic, single)
        _ready.set()


def font(name: str) -> QuotebookTTFont:
    """The registered font called ``name`` (one of this module's constants)."""
    ensure_fonts()
    return _fonts[name]


# -- chains -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FontStyle:
    """Which face a piece of text is set in; selects its fallback chain."""

    sans: bool = False
    bold: bool = False
    italic: bool = False

    @property
    def base(self) -> str:
        """The Noto face that starts this style's chain."""
        family = _FAMILIES[SANS if self.sans else SERIF]
        return family[self.bold + 2 * self.italic]


@cache
def chain(style: FontStyle) -> tuple[str, ...]:
    """The fonts tried, in order, for text in ``style``."""
    if style.sans:
        arabic = ARABIC_SANS_BOLD if style.bold else ARABIC_SANS
        hebrew = HEBREW_SANS_BOLD if style.bold else HEBREW_SANS
    else:
        arabic = ARABIC_SERIF_BOLD if style.bold else ARABIC_SERIF
        hebrew = HEBREW_SERIF_BOLD if style.bold else HEBREW_SERIF
    return (style.base, arabic, hebrew, CJK, KOREAN, SYMBOLS, LAST_RESORT)


def _code_class(codes: Iterator[int] | list[int]) -> str:
    """A regular-expression character class body for a set of code points (as ranges)."""
    ordered = sorted(set(codes))
    parts: list[str] = []
    index = 0
    while index < len(ordered):
        first = last = ordered[index]
        while index + 1 < len(ordered) and ordered[index + 1] == last + 1:
            index += 1
            last = ordered[index]
        parts.append(re.escape(chr(first)) + ("-" + re.escape(chr(last)) if last > first else ""))
        index += 1
    return "".join(parts)


@cache
def _uncovered(name: str) -> re.Pattern[str]:
    """Matches a character the font ``name`` has no glyph for, or one that belongs with the
    character before it (a mark or joiner may have to follow its base into another font)."""
    codes = list(font(name).face.charToGlyph)
    attaching = [code for code in codes if _attaches(chr(code))]
    return re.compile(f"[^{_code_class(codes)}]|[{_code_class(attaching)}]")


@cache
def _needs_glyph_char(name: str) -> re.Pattern[str]:
    """Matches what plain drawing in ``name`` would get wrong: missing glyphs, spaces other than
    U+0020 (reportlab breaks lines at them and prints plain spaces instead, see
    :data:`.ttfont.SPECIAL_SPACES`) and invisible characters (see
    :meth:`.ttfont.QuotebookTTFont.blank_char`)."""
    drawable = (
        code
        for code in font(name).face.charToGlyph
        if chr(code) not in SPECIAL_SPACES and not _invisible(chr(code))
    )
    return re.compile(f"[^{_code_class(drawable)}]")


def _attaches(char: str) -> bool:
    """Marks, joiners, variation selectors and tags belong with the character before them."""
    code = ord(char)
    return (
        unicodedata.category(char)[0] == "M"
        or code in (0x200C, 0x200D)
        or 0xFE00 <= code <= 0xFE0F
        or 0xE0020 <= code <= 0xE007F
        or 0xE0100 <= code <= 0xE01EF
    )


def _invisible(char: str) -> bool:
    """Characters with no ink of their own; drawn as zero-width blanks when no font has them."""
    code = ord(char)
    return (
        unicodedata.category(char) in ("Cf", "Cc", "Zl", "Zp")
        or 0xFE00 <= code <= 0xFE0F
        or 0xE0020 <= code <= 0xE007F
        or 0xE0100 <= code <= 0xE01EF
    )


def covers(name: str, char: str) -> bool:
    """True when font ``name`` has a glyph for ``char``."""
    return ord(char) in font(name).face.charToGlyph


@dataclass(frozen=True, slots=True)
class Run:
    """Characters ``start:end`` of a text, set in the registered font ``font``."""

    start: int
    end: int
    font: str


def segment(text: str, style: FontStyle = FontStyle()) -> list[Run]:
    """Cut ``text`` into runs, each in the first font of ``style``'s chain that has its glyphs.

    Only the characters the base font lacks are looked at one by one, so Latin and Cyrillic text
    costs one regular-expression scan.
    """
    if not text:
        return []
    fonts = chain(style)
    assigned: dict[int, int] = {}
    for match in _uncovered(fonts[0]).finditer(text):
        index = match.start()
        assigned[index] = _choose(text, index, fonts, assigned)
    runs: list[Run] = []
    position = 0
    for index in sorted(assigned):
        if index > position:
            _append(runs, position, index, fonts[0])
        _append(runs, index, index + 1, fonts[assigned[index]])
        position = index + 1
    if position < len(text):
        _append(runs, position, len(text), fonts[0])
    return _absorb_spaces(text, runs)


def _choose(text: str, index: int, fonts: tuple[str, ...], assigned: dict[int, int]) -> int:
    char = text[index]
    previous = assigned.get(index - 1, 0) if index > 0 else None
    if previous is not None and _attaches(char):
        if covers(fonts[previous], char):
            return previous
        base = index - 1
        while base > 0 and _attaches(text[base]):
            base -= 1
        cluster = text[base : index + 1]
        for pair_font, name in enumerate(fonts):
            if all(covers(name, part) for part in cluster):
                for moved in range(base, index):
                    assigned[moved] = pair_font
                return pair_font
        if _invisible(char):
            return previous
    first = _first_covering(fonts, char)
    if first is not None:
        return first
    if previous is not None and _invisible(char):
        return previous
    return len(fonts) - 1


@cache
def _first_covering(fonts: tuple[str, ...], char: str) -> int | None:
    for number, name in enumerate(fonts):
        if covers(name, char):
            return number
    return None


def _append(runs: list[Run], start: int, end: int, name: str) -> None:
    if runs and runs[-1].font == name and runs[-1].end == start:
        runs[-1] = Run(runs[-1].start, end, name)
    else:
        runs.append(Run(start, end, name))


def _absorb_spaces(text: str, runs: list[Run]) -> list[Run]:
    """Spaces between two runs of one fallback font join them, so an Arabic or Japanese phrase
    stays one run (fewer font switches, and shaping sees whole phrases)."""
    if len(runs) < 3:
        return runs
    merged: list[Run] = [runs[0]]
    index = 1
    while index < len(runs):
        run = runs[index]
        if (
            index + 1 < len(runs)
            and merged[-1].font == runs[index + 1].font
            and merged[-1].font != run.font
            and text[run.start : run.end].isspace()
            and all(covers(merged[-1].font, char) for char in text[run.start : run.end])
        ):
            after = runs[index + 1]
            merged[-1] = Run(merged[-1].start, after.end, after.font)
            index += 2
            continue
        if merged[-1].font == run.font:
            merged[-1] = Run(merged[-1].start, run.end, run.font)
        else:
            merged.append(run)
        index += 1
    return merged


def missing(text: str, style: FontStyle = FontStyle()) -> set[str]:
    """Visible characters of ``text`` that no font of the chain has (they would print as boxes)."""
    fonts = chain(style)
    return {
        char
        for char in text
        if not _invisible(char) and not any(covers(name, char) for name in fonts)
    }


# -- drawing text in one font ---------------------------------------------------------------------


def needs_shaping(text: str, name: str, *, rtl: bool = False) -> bool:
    """True when a run must go through HarfBuzz: complex scripts, right-to-left runs (for
    mirrored brackets) and combining marks."""
    if rtl or font(name).complex_script:
        return True
    return _has_marks(text)


#: Combining marks that Latin, Greek and Cyrillic text uses (decomposed accents and the like).
_MARKS = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
)


def _has_marks(text: str) -> bool:
    return _MARKS.search(text) is not None


def plain_glyphs(text: str, name: str) -> str:
    """``text`` as characters that draw correctly in font ``name`` without shaping.

    Invisible characters become blanks, and each space other than U+0020 (a no-break, narrow
    no-break or thin space) gets a code of its own that is no break point for reportlab; all
    still copy out of the PDF as themselves. (Visible characters the font lacks only reach here
    when no bundled font has them; they print as the font's missing-glyph box.)
    """
    pattern = _needs_glyph_char(name)
    if pattern.search(text) is None:
        return text
    target = font(name)
    return pattern.sub(lambda match: _glyph_for(target, match.group()), text)


def _glyph_for(target: QuotebookTTFont, char: str) -> str:
    glyph = target.face.charToGlyph.get(ord(char))
    if glyph is None or _invisible(char):
        return target.blank_char(char)
    return target.glyph_char(glyph, char)


@dataclass(frozen=True, slots=True)
class Glyphs:
    """A run ready to draw: ``text`` (a ``ShapedStr`` when shaped) in ``font``, ``width`` in
    1/1000 em."""

    text: str
    font: str
    width: float
    shaped: bool
    #: Marks drawn as outlines (see :class:`.shaping.Shaped`): x, y in 1/1000 em, glyph id.
    overlays: tuple[tuple[float, float, int], ...] = ()


def glyphs(text: str, name: str, *, rtl: bool = False) -> Glyphs:
    """Prepare one run (logical order, one font, one direction) for drawing, in visual order."""
    if needs_shaping(text, name, rtl=rtl):
        result = shape(text, font(name), rtl=rtl)
        return Glyphs(result.glyphs, name, result.width, True, result.overlays)
    drawn = plain_glyphs(text, name)
    return Glyphs(drawn, name, pdfmetrics.stringWidth(drawn, name, 1000), False)


def text_width(text: str, size: float, style: FontStyle = FontStyle()) -> float:
    """The width of ``text`` on one line, in points (fallback fonts and shaping included)."""
    ensure_fonts()
    total = 0.0
    for run in segment(text, style):
        total += glyphs(text[run.start : run.end], run.font).width
    return total * size / 1000


# -- Paragraph markup ---------------------------------------------------------------------------

_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def is_rtl(text: str) -> bool:
    """True when ``text`` reads right to left (its first strong letter is Arabic or Hebrew)."""
    return bidi_order.has_rtl(text) and bidi_order.resolve(text).rtl


def markup(text: str, *, bold: bool = False, italic: bool = False, sans: bool = False) -> str:
    """reportlab Paragraph markup that prints ``text`` exactly, in any script.

    The text is escaped (``<b>`` prints as ``<b>``); line breaks become ``<br/>``; each run is in
    the first font of the chain that has it. Lines break only at U+0020: any other space (the
    narrow no-break space French sets before "?", a thin space in "10\u2009000") prints, and
    copies out, as typed. Runs in the base face are left untagged apart from
    ``<b>``/``<i>``, so they follow the paragraph style's font family (use :data:`SERIF` or, with
    ``sans=True``, :data:`SANS`); other runs name their font. Right-to-left runs are shaped and
    put in visual order for the text as one line (see the module docstring for what a Paragraph
    cannot do); for a text that reads right to left, right-align the paragraph (:func:`is_rtl`).
    """
    ensure_fonts()
    return _markup(text, FontStyle(sans=sans, bold=bold, italic=italic))


def printable(text: str) -> str:
    """``text`` as :func:`markup` prints it: ``\\n`` for every line break, tabs as spaces,
    control characters left out. For plain-text layout (:class:`.textlayout.TextBlock`)."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))


@lru_cache(maxsize=50_000)
def _markup(text: str, style: FontStyle) -> str:
    """Markup of one text in one style, made once: a list repeats its sources, speakers and
    notes thousands of times, and segmenting, bidi and shaping always give the same result."""
    return "<br/>".join(_markup_line(line, style) for line in printable(text).split("\n"))


def _markup_line(line: str, style: FontStyle) -> str:
    if not line:
        return ""
    base = style.base
    runs = segment(line, style)
    if bidi_order.has_rtl(line):
        levels = bidi_order.resolve(line)
        order = bidi_order.line_runs(levels, 0, len(line))
    else:
        order = [bidi_order.VisualRun(0, len(line), 0)]
    pieces: list[str] = []
    for visual in order:
        parts = [
            (max(run.start, visual.start), min(run.end, visual.end), run.font)
            for run in runs
            if run.start < visual.end and run.end > visual.start
        ]
        if visual.rtl:
            parts.reverse()
        for start, end, name in parts:
            piece = line[start:end]
            # (No widths here: the Paragraph measures what it draws.)
            shaped = needs_shaping(piece, name, rtl=visual.rtl)
            if shaped:
                # A Paragraph draws plain strings: the glyphs, without HarfBuzz's positions.
                drawn = str(shape(piece, font(name), rtl=visual.rtl, detach_marks=False).glyphs)
            else:
                drawn = plain_glyphs(piece, name)
            if name == base and not shaped and drawn == piece:
                pieces.append(_styled(escape(piece), style))
            else:
                pieces.append(f'<font face="{name}">{escape(drawn)}</font>')
    return "".join(pieces)


def _styled(escaped: str, style: FontStyle) -> str:
    if style.italic:
        escaped = f"<i>{escaped}</i>"
    if style.bold:
        escaped = f"<b>{escaped}</b>"
    return escaped
