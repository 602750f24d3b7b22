"""Shaping runs of text with HarfBuzz, in a form reportlab can draw and a reader can copy.

Arabic letters change form with their neighbours, Hebrew points sit on their letters, brackets
mirror in right-to-left text; only a shaping engine gets these right. reportlab can shape through
uharfbuzz, but only inside its Paragraph, one font per word, and without bidi. We shape each run
ourselves (one font, one direction) and return a reportlab ``ShapedStr``: its characters are
the glyphs in visual order (see :meth:`.ttfont.QuotebookTTFont.glyph_char`) and its shape data
carries HarfBuzz's advances and offsets, which reportlab's text object turns into a ``TJ`` array.
Each glyph copies out as the source characters of its cluster; a bracket HarfBuzz mirrored in
right-to-left text copies out as the bracket it shows (PDF readers mirror it back when they
restore logical order, so copying yields the source's bracket).

Latin, Cyrillic and CJK text without combining marks is not shaped: reportlab's plain string
drawing is exact for it, and skipping HarfBuzz keeps a long article fast.
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass

import uharfbuzz
from bidi.mirror import MIRRORED
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr

from services.export.pdf.ttfont import BLANK_WIDTH as _BLANK_WIDTH
from services.export.pdf.ttfont import QuotebookTTFont

_FEATURES = {"kern": True, "liga": True}

_CACHE: dict[tuple[str, str, bool, bool], Shaped] = {}
_CACHE_LOCK = threading.Lock()
_CACHE_LIMIT = 50_000

#: A glyph drawn as an outline: (x, y) from the run's origin in 1/1000 em, and its glyph id.
Overlay = tuple[float, float, int]


@dataclass(frozen=True, slots=True)
class Shaped:
    """A shaped run: ``glyphs`` draws it (a ``ShapedStr``), ``width`` is in 1/1000 em.

    ``overlays`` are marks HarfBuzz raised or lowered (Arabic harakat, Hebrew points). Text rise
    would place them, but PDFium then reads each raised mark as a line of its own and copying
    an Arabic word gives its letters in pieces. So such a mark stays in the text as an invisible
    stand-in that copies out as the mark, and its outline is drawn where HarfBuzz put it.
    """

    glyphs: str
    width: float
    overlays: tuple[Overlay, ...] = ()


def shape(text: str, font: QuotebookTTFont, *, rtl: bool, detach_marks: bool = True) -> Shaped:
    """Shape ``text`` (logical order) in ``font``; the result is in visual order. Cached.

    ``detach_marks=False`` keeps raised marks as glyphs in the text (for reportlab Paragraphs,
    which cannot draw overlays; the marks then sit at their default height).
    """
    key = (text, font.fontName, rtl, detach_marks)
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    shaped = _shape(text, font, rtl, detach_marks)
    with _CACHE_LOCK:
        if len(_CACHE) >= _CACHE_LIMIT:
            _CACHE.clear()
        _CACHE[key] = shaped
    return shaped


def _shape(text: str, font: QuotebookTTFont, rtl: bool, detach_marks: bool) -> Shaped:
    buffer = uharfbuzz.Buffer()
    buffer.cluster_level = uharfbuzz.BufferClusterLevel.MONOTONE_CHARACTERS
    buffer.add_codepoints([ord(char) for char in text])
    buffer.guess_segment_properties()
    buffer.direction = "rtl" if rtl else "ltr"
    uharfbuzz.shape(font.harfbuzz, buffer, _FEATURES)
    infos = buffer.glyph_infos
    positions = buffer.glyph_positions
    texts = _glyph_texts(text, [info.cluster for info in infos], rtl)
    chars: list[str] = []
    data: list[ShapeData] = []
    overlays: list[Overlay] = []
    width = 0.0
    hmetrics = font.face.hmetrics
    for index, (info, position) in enumerate(zip(infos, positions, strict=True)):
        cluster = info.cluster
        piece = texts[index]
        glyph = info.codepoint
        if rtl and piece in MIRRORED and font.face.charToGlyph.get(ord(MIRRORED[piece])) == glyph:
            # A mirrored bracket copies out as the bracket it shows, as readers expect: they
            # mirror right-to-left text back when they restore logical order.
            piece = MIRRORED[piece]
        advance = font.scale(position.x_advance)
        x_offset = font.scale(position.x_offset)
        y_offset = font.scale(position.y_offset)
        detached = detach_marks and bool(y_offset)
        if detached:
            overlays.append((width + x_offset, y_offset, glyph))
        if detached and piece:
            chars.append(font.blank_char(piece))
            data.append(ShapeData(cluster, advance, 0, 0, 0, _BLANK_WIDTH))
        elif detached:
            chars.append(font.glyph_char(font.face.charToGlyph.get(0x20, 0), "", 0.0))
            data.append(ShapeData(cluster, advance, 0, 0, 0, 0.0))
        elif piece:
            chars.append(font.glyph_char(glyph, piece))
            glyph_width = font.scale(hmetrics[glyph][0])
            data.append(ShapeData(cluster, advance, 0, x_offset, y_offset, glyph_width))
        else:
            # A glyph with no character left to stand for (a cluster drawn with more glyphs
            # than it has characters): zero width, so PDF readers leave it out of the text.
            chars.append(font.glyph_char(glyph, "", 0.0))
            data.append(ShapeData(cluster, advance, 0, x_offset, y_offset, 0.0))
        width += advance
    return Shaped(ShapedStr("".join(chars), shapeData=data), width, tuple(overlays))


def _glyph_texts(text: str, clusters: list[int], rtl: bool) -> list[str]:
    """What each glyph copies out as: the characters of its cluster, shared out one per glyph
    in logical order (the last glyph of a cluster takes what is left, a ligature takes all)."""
    boundaries = sorted({*clusters, len(text)})
    cluster_end = dict(itertools.pairwise(boundaries))
    members: dict[int, list[int]] = {}
    for index, cluster in enumerate(clusters):
        members.setdefault(cluster, []).append(index)
    texts = [""] * len(clusters)
    for cluster, indices in members.items():
        logical = indices[::-1] if rtl else indices
        chars = text[cluster : cluster_end[cluster]]
        for position, index in enumerate(logical):
            if position == len(logical) - 1:
                texts[index] = chars[position:]
            elif position < len(chars):
                texts[index] = chars[position]
    return texts
