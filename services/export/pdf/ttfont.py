"""A reportlab TrueType font whose text copies out of the PDF exactly as it went in.

Two things stand between reportlab 5.1's embedded fonts and a quote a fact-checker can copy:

* **Characters beyond U+FFFF copy out wrong.** reportlab writes each entry of a subset's
  ``/ToUnicode`` CMap as ``<%04X>``; for U+1F600 that gives the five digits ``<1F600>``, which a
  reader takes as UTF-16 code unit ``1F60`` and shows "ὠ" (U+1F60) instead of 😀. A PDF CMap
  destination is UTF-16BE, so astral characters need a surrogate pair (``<D83DDE00>``).
* **Shaped glyphs have no character of their own.** An Arabic letter's medial form, a lam-alef
  ligature or a mirrored bracket is a glyph that no single code point of the source maps to. We
  give each such (glyph, source text) pair a private code point (plane 15, which no font we ship
  uses) and the CMap maps it back to the source text, so copying gives the letters as typed, not
  presentation forms or private-use garbage.

:class:`QuotebookTTFont` fixes both by rewriting each subset's CMap after reportlab has built the
font objects (the rest of reportlab's subsetting is untouched), and by keeping the private code
table. It also serialises embedding, because reportlab's subsetter seeks in the shared font file.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import uharfbuzz
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont

#: Private code points handed out for shaped glyphs: Supplementary Private Use Area-A and -B.
_PRIVATE_RANGES = ((0xF0000, 0xFFFFD), (0x100000, 0x10FFFD))

#: Entries per ``beginbfchar`` block; the PDF specification allows at most 100.
_CMAP_BLOCK = 100

#: Width of an invisible stand-in character (1/1000 em); see :meth:`QuotebookTTFont.blank_char`.
BLANK_WIDTH = 1.0

#: Distinct strings whose widths a font remembers (see :meth:`QuotebookTTFont.stringWidth`),
#: and the longest it remembers: words, not whole paragraphs, are what repeats.
_WIDTHS_LIMIT = 200_000
_WIDTHS_LONGEST = 64

#: reportlab's subsetter reads the font file through one shared cursor.
_EMBEDDING = threading.Lock()

#: Spaces other than U+0020 that reportlab handles as its own: a Paragraph breaks lines at all
#: of them but the no-break space and joins the words again with a plain space, and a no-break
#: space drawn as itself copies out as a plain space. Each is drawn with a private code of its
#: own (see :meth:`QuotebookTTFont.glyph_char`), which reportlab sees as a letter and a reader
#: copies out as the space that was typed: a French ``Vraiment\u202f?`` stays exactly that.
#: Together with U+0020 they are Unicode's space separators (category Zs).
SPECIAL_SPACES = frozenset(
    "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000"
)


def _utf16_hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def to_unicode_cmap(name: str, codes: list[int], copied_as: dict[int, str]) -> str:
    """The ``/ToUnicode`` CMap of one 256-code subset: byte ``i`` copies out as ``codes[i]``.

    ``copied_as`` overrides the text for private codes that stand for shaped glyphs; codes that
    map to nothing (a second glyph of one cluster, the missing-glyph slot) are left out.
    """
    entries: list[str] = []
    for byte, code in enumerate(codes):
        text = copied_as.get(code)
        if text is None:
            text = "" if code == 0 else chr(code)
        if text:
            entries.append(f"<{byte:02X}> <{_utf16_hex(text)}>")
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        f"/CIDSystemInfo << /Registry ({name}) /Ordering ({name}) /Supplement 0 >> def",
        f"/CMapName /{name} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{max(len(codes) - 1, 0):02X}>",
        "endcodespacerange",
    ]
    for first in range(0, len(entries), _CMAP_BLOCK):
        block = entries[first : first + _CMAP_BLOCK]
        lines.append(f"{len(block)} beginbfchar")
        lines.extend(block)
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)


class QuotebookTTFont(TTFont):  # type: ignore[misc]  # reportlab is untyped
    """An embedded, subset TrueType font with exact copy-out text (see the module docstring)."""

    def __init__(self, name: str, path: Path, *, complex_script: bool = False) -> None:
        super().__init__(name, str(path), shapable=True)
        #: Arabic and Hebrew fonts: every run in them is shaped with HarfBuzz.
        self.complex_script = complex_script
        self._lock = threading.Lock()
        self._copied_as: dict[int, str] = {}
        self._private_codes: dict[tuple[int, str, float], int] = {}
        self._range = 0
        self._next_private = _PRIVATE_RANGES[0][0]
        self._hb_font: Any = None
        self._outlines: dict[int, tuple[tuple[float, ...], ...]] = {}
        self._widths: dict[str, float] = {}

    def stringWidth(self, text: str | bytes, size: float, encoding: str = "utf8") -> float:
        """The width of ``text`` at ``size`` points, as reportlab measures it, remembered per
        string.

        A Paragraph measures every word each time it breaks lines, and without reportlab's
        optional C accelerator that is a Python loop over the characters: most of the time of
        a long citation list. Words repeat, so each distinct one is summed once; the result is
        the same number reportlab computes. (A private code's width is fixed before the code is
        first handed out, so no remembered width ever changes.)
        """
        if isinstance(text, bytes):
            text = text.decode(encoding or "utf8")
        units = self._widths.get(text)
        if units is None:
            widths, default = self.face.charWidths, self.face.defaultWidth
            units = sum(widths.get(ord(char), default) for char in text)
            if len(text) <= _WIDTHS_LONGEST:
                if len(self._widths) >= _WIDTHS_LIMIT:
                    self._widths.clear()
                self._widths[text] = units
        return 0.001 * size * units

    def splitString(self, text: str | bytes, doc: Any, encoding: str = "utf-8") -> list[Any]:
        """``text`` as (subset, bytes) chunks for ``doc``, as reportlab splits it, remembered per
        string and document.

        Every time a Paragraph draws a line, each piece of it is split into the font's subsets
        character by character; a list draws the same source citation and detail lines
        thousands of times. Once a string's characters have their codes in a document they
        never change, so the second answer is the first one.
        """
        if isinstance(text, bytes):
            text = text.decode(encoding or "utf-8")
        state = self.state.get(doc)
        known: dict[str, list[Any]] | None = getattr(state, "quotebook_splits", None)
        if known is not None:
            found = known.get(text)
            if found is not None:
                return found
        chunks: list[Any] = super().splitString(text, doc, encoding)
        if known is None:
            known = {}
            self.state[doc].quotebook_splits = known
        known[text] = chunks
        return chunks

    # -- glyphs that are not one source character --------------------------------------------

    def glyph_char(self, glyph: int, text: str, advance: float | None = None) -> str:
        """A character that draws ``glyph`` and copies out of the PDF as ``text``.

        ``advance`` (in 1/1000 em) defaults to the glyph's own (see :meth:`blank_char` for
        invisible characters). The glyph's own character
        is returned when it already says the same thing, so plain text stays plain.
        """
        face = self.face
        if (
            advance is None
            and len(text) == 1
            and text not in SPECIAL_SPACES
            and face.charToGlyph.get(ord(text)) == glyph
        ):
            return text
        width = float(face._pdfScale(face.hmetrics[glyph][0])) if advance is None else advance
        key = (glyph, text, width)
        with self._lock:
            code = self._private_codes.get(key)
            if code is None:
                code = self._allocate()
                face.charToGlyph[code] = glyph
                face.charWidths[code] = width
                self._copied_as[code] = text
                self._private_codes[key] = code
        return chr(code)

    def blank_char(self, text: str) -> str:
        """An invisible character that copies out as ``text`` (a joiner, a variation selector).

        It is 1/1000 em wide, not zero: PDFium (Chrome's and many other readers' engine) drops
        zero-width glyphs when it extracts text, and the character would be lost on copying.
        """
        space = self.face.charToGlyph.get(0x20, 0)
        return self.glyph_char(space, text, BLANK_WIDTH)

    def _allocate(self) -> int:
        code = self._next_private
        if code > _PRIVATE_RANGES[self._range][1]:
            self._range += 1
            if self._range >= len(_PRIVATE_RANGES):
                raise RuntimeError(f"{self.fontName}: no private code points left for glyphs")
            code = _PRIVATE_RANGES[self._range][0]
        self._next_private = code + 1
        return code

    # -- HarfBuzz ------------------------------------------------------------------------------

    @property
    def harfbuzz(self) -> Any:
        """This font as a ``uharfbuzz.Font`` (in font units), made once."""
        if self._hb_font is None:
            with self._lock:
                if self._hb_font is None:
                    blob = uharfbuzz.Blob(self.face._ttf_data)
                    self._hb_font = uharfbuzz.Font(uharfbuzz.Face(blob))
        return self._hb_font

    def outline(self, glyph: int) -> tuple[tuple[float, ...], ...]:
        """The glyph's outline as path operations in 1/1000 em: ``(x, y)`` starts a contour,
        ``(x1, y1, x2, y2, x3, y3)`` is a cubic curve, ``()`` closes the contour. Cached."""
        cached = self._outlines.get(glyph)
        if cached is None:
            pen = _OutlinePen(self.scale)
            self.harfbuzz.draw_glyph_with_pen(glyph, pen)
            cached = self._outlines[glyph] = tuple(pen.operations)
        return cached

    def scale(self, font_units: float) -> float:
        """Font units to 1/1000 em, the unit of reportlab's widths."""
        return float(self.face._pdfScale(font_units))

    # -- embedding -----------------------------------------------------------------------------

    def addObjects(self, doc: Any) -> None:
        """Embed the subsets as reportlab does, then replace each subset's ToUnicode CMap."""
        state = self.state.get(doc)
        subsets = [list(codes) for codes in state.subsets] if state is not None else []
        with _EMBEDDING:
            super().addObjects(doc)
        face_name = self.face.name + self.face.subfontNameX
        for number, codes in enumerate(subsets):
            base = (SUBSETN(number) + b"+" + face_name).decode("pdfdoc")
            stream = doc.idToObject.get("toUnicodeCMap:" + base)
            if stream is not None:
                stream.content = to_unicode_cmap(base, codes, self._copied_as)


class _OutlinePen:
    """Collects a glyph outline from HarfBuzz (the fontTools pen protocol) as cubic curves."""

    def __init__(self, scale: Callable[[float], float]) -> None:
        self.operations: list[tuple[float, ...]] = []
        self._scale = scale
        self._current = (0.0, 0.0)

    def _point(self, point: tuple[float, float]) -> tuple[float, float]:
        return (self._scale(point[0]), self._scale(point[1]))

    def moveTo(self, point: tuple[float, float]) -> None:
        self._current = self._point(point)
        self.operations.append(self._current)

    def lineTo(self, point: tuple[float, float]) -> None:
        end = self._point(point)
        start = self._current
        self.operations.append((*start, *end, *end))
        self._current = end

    def curveTo(self, *points: tuple[float, float]) -> None:
        first, second, end = (self._point(point) for point in points[-3:])
        self.operations.append((*first, *second, *end))
        self._current = end

    def qCurveTo(self, *points: tuple[float, float]) -> None:
        # TrueType quadratic splines: off-curve points with implied on-curve midpoints.
        controls = [self._point(point) for point in points[:-1]]
        end = self._point(points[-1])
        for index, control in enumerate(controls):
            if index + 1 < len(controls):
                following = controls[index + 1]
                target = ((control[0] + following[0]) / 2, (control[1] + following[1]) / 2)
            else:
                target = end
            start = self._current
            self.operations.append(
                (
                    start[0] + 2 / 3 * (control[0] - start[0]),
                    start[1] + 2 / 3 * (control[1] - start[1]),
                    target[0] + 2 / 3 * (control[0] - target[0]),
                    target[1] + 2 / 3 * (control[1] - target[1]),
                    *target,
                )
            )
            self._current = target

    def closePath(self) -> None:
        self.operations.append(())

    def endPath(self) -> None:
        self.operations.append(())
