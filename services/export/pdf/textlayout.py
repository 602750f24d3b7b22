"""Paragraphs broken into lines by us, so we know where every character lands.

An annotated PDF highlights quotes, draws markers at their first word, anchors notes to the line
where each starts and writes annotation quads over each line piece; reportlab's Paragraph keeps
all of that to itself. Here a paragraph is cut into tokens (a word and the spaces after it; one
CJK character, with the punctuation that may not start or end a line), tokens are placed greedily
(ragged right), and each line is then put in visual order on its own (bidi per line, never per
paragraph), cut into pieces of one font and one direction, shaped where needed.

Widths come from :mod:`.fonts` per token and are cached, so a long article costs one dictionary
look-up per word rather than work per character. The text is never changed: a line is a range of
the paragraph, and pieces only say how to draw it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from reportlab.platypus import Flowable

from services.export.pdf import bidi_order
from services.export.pdf.fonts import FontStyle, Glyphs, Run, font, glyphs, segment

_CJK = (
    "\u2e80-\u2fff\u3005-\u3007\u3021-\u3029\u3040-\u30ff\u3190-\u31ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
)
# Punctuation that may not start a line (closing) or end one (opening), after the Japanese rules.
_CLOSING = (
    "\u3001\u3002\uff0c\uff0e\u300d\u300f\u3011\u3009\u300b\uff09\uff3d\uff5d\u30fc"
    "\u30fb\uff01\uff1f\uff1a\uff1b\u2026\u30a1\u30a3\u30a5\u30a7\u30a9\u30c3\u30e3"
    "\u30e5\u30e7\u3041\u3043\u3045\u3047\u3049\u3063\u3083\u3085\u3087"
)
_OPENING = "\u300c\u300e\u3010\u3008\u300a\uff08\uff3b\uff5b"
# The spaces a line breaks at: U+0020 and the white space that is no character of the text's
# own (tabs, separators). Every other space (no-break, narrow no-break, thin, em...) belongs to
# the word around it, as in a reportlab Paragraph (see :data:`.ttfont.SPECIAL_SPACES`): a
# French "Vraiment\u202f?" never leaves its "?" alone at the start of a line, and no such
# space is ever dropped at a line's end. An ideographic space ends a CJK token, like a comma.
_BREAKING = "\t\n\x0b\x0c\r\x1c-\x20\x85\u2028\u2029"
_TOKEN = re.compile(
    f"[{_OPENING}]*[{_CJK}][{_CLOSING}\u3000]*[{_BREAKING}]*"  # a CJK character, its punctuation
    f"|[^{_BREAKING}{_CJK}{_OPENING}]+[{_BREAKING}]*"  # a word and the spaces after it
    f"|[{_OPENING}]+[{_BREAKING}]*"
    f"|[{_BREAKING}]+"
)
_BREAKING_CHARS = frozenset("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\u2028\u2029")


def _visible_end(text: str, start: int, end: int) -> int:
    """``end`` less the spaces a line may break at (they are not drawn at a line's end)."""
    while end > start and text[end - 1] in _BREAKING_CHARS:
        end -= 1
    return end


@dataclass(frozen=True, slots=True)
class TextStyle:
    """Size and face of a laid-out paragraph (sizes in points)."""

    size: float = 10.5
    leading: float = 15.5
    fonts: FontStyle = field(default_factory=FontStyle)


@lru_cache(maxsize=200_000)
def _glyphs(text: str, name: str, rtl: bool) -> Glyphs:
    return glyphs(text, name, rtl=rtl)


@dataclass(frozen=True, slots=True)
class Piece:
    """Logical characters ``start:end`` drawn at ``x`` (points from the line's left edge)."""

    start: int
    end: int
    x: float
    width: float
    glyphs: Glyphs
    rtl: bool


@dataclass(frozen=True, slots=True)
class Line:
    """One line: the paragraph's characters ``start:end`` (trailing spaces included), drawn at
    ``x`` from the column's left edge (right-to-left paragraphs are right-aligned)."""

    text: str = field(repr=False)
    start: int
    end: int
    x: float
    width: float
    pieces: tuple[Piece, ...]
    size: float
    #: Where each reserved gap (see :func:`layout`'s ``slots``) starts, from the column's edge.
    slots: Mapping[int, float]

    def ranges(self, start: int, end: int) -> list[tuple[float, float]]:
        """Horizontal extents (from the column's left edge) covering characters ``start:end``
        on this line: one per visual stretch, several when bidi splits the range."""
        found: list[tuple[float, float]] = []
        for piece in self.pieces:
            if piece.end <= start or piece.start >= end:
                continue
            if start <= piece.start and piece.end <= end:
                extent = (piece.x, piece.x + piece.width)
            else:
                extent = self._partial(piece, max(start, piece.start), min(end, piece.end))
            found.append((self.x + extent[0], self.x + extent[1]))
        found.sort()
        merged: list[tuple[float, float]] = []
        for left, right in found:
            if merged and left <= merged[-1][1] + 0.5:
                merged[-1] = (merged[-1][0], max(merged[-1][1], right))
            else:
                merged.append((left, right))
        return merged

    def _partial(self, piece: Piece, start: int, end: int) -> tuple[float, float]:
        scale = self.size / 1000
        shape_data = getattr(piece.glyphs.text, "__shapeData__", None)
        if piece.glyphs.shaped and shape_data is not None:
            x = piece.x
            left, right = None, None
            for data in shape_data:
                advance = data.x_advance * scale
                if start <= piece.start + data.cluster < end:
                    left = x if left is None else min(left, x)
                    right = x + advance if right is None else max(right, x + advance)
                x += advance
            if left is None or right is None:
                return (piece.x, piece.x)
            return (left, right)
        before = _width(self.text[piece.start : start], piece.glyphs.font) * scale
        inside = _width(self.text[start:end], piece.glyphs.font) * scale
        return (piece.x + before, piece.x + before + inside)

    def slot_x(self, offset: int) -> float | None:
        """Left edge of the gap reserved before character ``offset``, if it is on this line."""
        return self.slots.get(offset)


def _width(text: str, name: str, rtl: bool = False) -> float:
    return _glyphs(text, name, rtl).width if text else 0.0


@dataclass(slots=True)
class _Token:
    start: int
    core_end: int
    end: int
    width: float  # without the trailing spaces, with reserved gaps
    space: float  # the trailing spaces


def layout(
    text: str,
    width: float,
    style: TextStyle,
    *,
    slots: Mapping[int, float] | None = None,
    base_rtl: bool | None = None,
) -> list[Line]:
    """Break ``text`` (one paragraph; a single ``\\n`` forces a line break) into lines no wider
    than ``width`` points.

    ``slots`` reserves a gap of the given width (points) just before some characters, on the
    side the text comes from: the annotated PDF draws quote markers there. The base direction
    of each line group comes from its first strong letter unless ``base_rtl`` says otherwise.
    """
    lines: list[Line] = []
    offset = 0
    for hard in text.split("\n"):
        group = _LineGroup(
            text, offset, offset + len(hard), style, slots=slots or {}, base_rtl=base_rtl
        )
        lines.extend(group.lines(width))
        offset += len(hard) + 1
    return lines


class _LineGroup:
    """The characters between two forced line breaks: one bidi paragraph."""

    def __init__(
        self,
        text: str,
        start: int,
        end: int,
        style: TextStyle,
        *,
        slots: Mapping[int, float],
        base_rtl: bool | None,
    ) -> None:
        self.text, self.start, self.end, self.style = text, start, end, style
        part = text[start:end]
        self.runs = [
            Run(run.start + start, run.end + start, run.font) for run in segment(part, style.fonts)
        ]
        self.run_starts = [run.start for run in self.runs]
        self.levels = (
            bidi_order.resolve(part, base_rtl) if bidi_order.has_rtl(part) or base_rtl else None
        )
        self.slots = {at: gap for at, gap in slots.items() if start <= at < end}
        self.slot_offsets = sorted(self.slots)

    def lines(self, width: float) -> list[Line]:
        if self.start == self.end:
            return [Line(self.text, self.start, self.end, 0.0, 0.0, (), self.style.size, {})]
        breaks: list[tuple[int, int]] = []
        line_start = self.start
        current = 0.0
        for whole in self._tokens():
            for token in self._fitted(whole, width):
                if token.start > line_start and current + token.width > width:
                    breaks.append((line_start, token.start))
                    line_start = token.start
                    current = 0.0
                current += token.width + token.space
        breaks.append((line_start, self.end))
        return [self._line(a, b, width) for a, b in breaks]

    def _fitted(self, token: _Token, width: float) -> Iterator[_Token]:
        """A word wider than a whole line (a long web address) cut between characters."""
        if token.width <= width or token.core_end - token.start < 2:
            yield token
            return
        scale = self.style.size / 1000
        start, used = token.start, 0.0
        for index in range(token.start, token.core_end):
            char_width = self._width(index, index + 1) * scale + self.slots.get(index, 0.0)
            if used + char_width > width and index > start:
                yield _Token(start, index, index, used, 0.0)
                start, used = index, 0.0
            used += char_width
        yield _Token(start, token.core_end, token.end, used, token.space)

    def _gaps(self, start: int, end: int) -> list[int]:
        """Offsets of reserved gaps in ``start:end``."""
        first = bisect_left(self.slot_offsets, start)
        last = bisect_left(self.slot_offsets, end)
        return self.slot_offsets[first:last]

    def _tokens(self) -> Iterator[_Token]:
        text, scale = self.text, self.style.size / 1000
        for match in _TOKEN.finditer(text, self.start, self.end):
            token_start, token_end = match.span()
            core_end = _visible_end(text, token_start, token_end)
            core = self._width(token_start, core_end) * scale
            space = self._width(core_end, token_end) * scale
            if self.slots:
                core += sum(self.slots[at] for at in self._gaps(token_start, token_end))
            yield _Token(token_start, core_end, token_end, core, space)

    def _fonts(self, start: int, end: int) -> Iterator[tuple[int, int, str]]:
        """``start:end`` cut where the font changes."""
        index = bisect_right(self.run_starts, start) - 1
        while start < end:
            run = self.runs[index]
            stop = min(end, run.end)
            if stop > start:
                yield start, stop, run.font
                start = stop
            index += 1

    def _width(self, start: int, end: int) -> float:
        return sum(_width(self.text[a:b], name) for a, b, name in self._fonts(start, end))

    def _line(self, start: int, end: int, width: float) -> Line:
        text, levels = self.text, self.levels
        visible_end = _visible_end(text, start, end)
        if levels is None:
            order = [bidi_order.VisualRun(start, visible_end, 0)]
        else:
            base = self.start
            order = [
                bidi_order.VisualRun(run.start + base, run.end + base, run.level)
                for run in bidi_order.line_runs(levels, start - base, visible_end - base)
            ]
        scale = self.style.size / 1000
        pieces: list[Piece] = []
        slot_at: dict[int, float] = {}
        x = 0.0
        for visual in order:
            parts = list(self._pieces(visual.start, visual.end))
            if visual.rtl:
                parts.reverse()
            for a, b, name in parts:
                gap = self.slots.get(a, 0.0)
                if gap and not visual.rtl:
                    slot_at[a] = x
                    x += gap
                drawn = _glyphs(text[a:b], name, visual.rtl)
                piece_width = drawn.width * scale
                pieces.append(Piece(a, b, x, piece_width, drawn, visual.rtl))
                x += piece_width
                if gap and visual.rtl:
                    slot_at[a] = x
                    x += gap
        shift = width - x if levels is not None and levels.rtl else 0.0
        shifted = {at: left + shift for at, left in slot_at.items()}
        return Line(text, start, end, shift, x, tuple(pieces), self.style.size, shifted)

    def _pieces(self, start: int, end: int) -> Iterator[tuple[int, int, str]]:
        """``start:end`` in pieces of one font, also cut before every reserved gap."""
        cuts = self._gaps(start + 1, end)
        for first, stop, name in self._fonts(start, end):
            begin = first
            for cut in cuts:
                if begin < cut < stop:
                    yield begin, cut, name
                    begin = cut
            yield begin, stop, name


def draw_line(canvas: Any, line: Line, left: float, baseline: float) -> None:
    """Draw ``line`` with its column's left edge at ``left`` and its baseline at ``baseline``."""
    if not line.pieces:
        return
    text_object = canvas.beginText()
    current_font = ""
    for piece in line.pieces:
        text_object.setTextOrigin(left + line.x + piece.x, baseline)
        if piece.glyphs.font != current_font:
            text_object.setFont(piece.glyphs.font, line.size)
            current_font = piece.glyphs.font
        text_object.textOut(piece.glyphs.text)
    canvas.drawText(text_object)
    for piece in line.pieces:
        if piece.glyphs.overlays:
            _draw_overlays(canvas, piece, left + line.x + piece.x, baseline, line.size)


def _draw_overlays(canvas: Any, piece: Piece, x: float, baseline: float, size: float) -> None:
    """Draw a piece's detached marks as filled outlines (see :class:`.shaping.Shaped`)."""
    outline_font = font(piece.glyphs.font)
    scale = size / 1000
    path = canvas.beginPath()
    for dx, dy, glyph in piece.glyphs.overlays:
        origin_x, origin_y = x + dx * scale, baseline + dy * scale
        for operation in outline_font.outline(glyph):
            if len(operation) == 2:
                path.moveTo(origin_x + operation[0] * scale, origin_y + operation[1] * scale)
            elif operation:
                path.curveTo(
                    *(
                        (origin_x if index % 2 == 0 else origin_y) + value * scale
                        for index, value in enumerate(operation)
                    )
                )
            else:
                path.close()
    canvas.drawPath(path, stroke=0, fill=1, fillMode=1)


class TextBlock(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """A paragraph of user text as a platypus flowable, laid out by :func:`layout`.

    For front pages and endnotes: any script, bidi per line, plain text only (no markup is ever
    parsed, so nothing needs escaping). Splits between lines across pages.
    """

    def __init__(
        self,
        text: str,
        style: TextStyle,
        *,
        color: Any = None,
        space_before: float = 0.0,
        space_after: float = 0.0,
        indent: float = 0.0,
        base_rtl: bool | None = None,
    ) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self.color = color
        self.spaceBefore = space_before
        self.spaceAfter = space_after
        self.indent = indent
        self.base_rtl = base_rtl
        self._lines: list[Line] = []
        self._laid_width = -1.0

    def _lines_for(self, width: float) -> list[Line]:
        if width != self._laid_width:
            self._lines = layout(
                self.text, max(width - self.indent, 1.0), self.style, base_rtl=self.base_rtl
            )
            self._laid_width = width
        return self._lines

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        lines = self._lines_for(available_width)
        self.width = available_width
        self.height = len(lines) * self.style.leading
        return (self.width, self.height)

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        lines = self._lines_for(available_width)
        fit = int(available_height // self.style.leading)
        if fit <= 0 or fit >= len(lines):
            return []
        first = _LinesBlock(lines[:fit], self)
        rest = _LinesBlock(lines[fit:], self)
        first.spaceAfter = 0
        rest.spaceBefore = 0
        return [first, rest]

    def draw(self) -> None:
        _draw_lines(self.canv, self._lines, self.style, self.color, self.indent)


class _LinesBlock(TextBlock):
    """Part of a split :class:`TextBlock`: lines already laid out."""

    def __init__(self, lines: list[Line], origin: TextBlock) -> None:
        super().__init__(
            origin.text,
            origin.style,
            color=origin.color,
            space_before=origin.spaceBefore,
            space_after=origin.spaceAfter,
            indent=origin.indent,
            base_rtl=origin.base_rtl,
        )
        self._fixed = lines

    def _lines_for(self, width: float) -> list[Line]:
        self._lines = self._fixed
        return self._fixed


def baseline_drop(style: TextStyle) -> float:
    """How far below the top of a line's leading its baseline sits (text centred in the line)."""
    return style.leading / 2 + 0.3 * style.size


def _draw_lines(
    canvas: Any, lines: Sequence[Line], style: TextStyle, color: Any, indent: float
) -> None:
    canvas.saveState()
    if color is not None:
        canvas.setFillColor(color)
    top = len(lines) * style.leading
    for line in lines:
        draw_line(canvas, line, indent, top - baseline_drop(style))
        top -= style.leading
    canvas.restoreState()
