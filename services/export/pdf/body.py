"""The body of an annotated PDF: the article's text with quotes highlighted, marked and noted.

Everything is placed before anything is drawn. The text is laid out line by line
(:mod:`.textlayout`), lines are put on pages, and from the lines we know, for each quote, the
exact boxes its characters occupy: the highlights, the annotation's QuadPoints, the marker's
place and the line its margin note belongs beside. Margin notes are then stacked down the
margin of each page in the order of their anchors, pushed down when they would overlap and
carried to the next page when a page has too many.

Drawing order matters to a reader copying text out: highlights first (under the text), then
the article's lines, and only then markers and notes, so extracted text keeps each quote's
words together.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.colors import Color
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from services.export.pdf.fonts import SANS_BOLD, FontStyle
from services.export.pdf.textlayout import Line, TextStyle, baseline_drop, draw_line, layout

RGB = tuple[float, float, float]

BODY_STYLE = TextStyle(size=10.5, leading=16.0, fonts=FontStyle())
NOTE_STYLE = TextStyle(size=7.4, leading=9.4, fonts=FontStyle(sans=True))
NOTE_HEAD_STYLE = TextStyle(size=7.4, leading=9.4, fonts=FontStyle(sans=True, bold=True))
MARKER_SIZE = 6.2
PARAGRAPH_GAP = 6.0
NOTE_GAP = 5.0
NOTE_PAD = 3.0
#: Highlights of overlapping quotes nest: each level is inset this much at top and bottom.
TRACK_INSET = 2.2
MAX_TRACKS = 3


def tint(color: RGB, strength: float = 0.38) -> RGB:
    """A light version of ``color`` that black text stays readable on."""
    return (
        1 - (1 - color[0]) * strength,
        1 - (1 - color[1]) * strength,
        1 - (1 - color[2]) * strength,
    )


def ink(color: RGB) -> RGB:
    """A dark version of ``color`` for small type (marker numbers) on white."""
    luminance = 0.2126 * color[0] + 0.7152 * color[1] + 0.0722 * color[2]
    factor = min(1.0, 0.32 / luminance) if luminance > 0 else 1.0
    return (color[0] * factor, color[1] * factor, color[2] * factor)


@dataclass(frozen=True, slots=True)
class QuoteMark:
    """What the body needs to know about one quote (all text already safe to print)."""

    number: int
    start: int
    end: int
    color: RGB
    #: The speaker as this export may name them (public label when confidential).
    label: str
    kind: str
    #: "p. 3" for paged sources, else "".
    page_label: str
    tags: tuple[str, ...]
    note: str
    key: str
    #: The bookmark of the speaker's outline entry, on their first quote ("" on later ones).
    speaker_key: str = ""

    @property
    def contents(self) -> str:
        """The annotation's text: the note, then the tags."""
        parts = [self.note.strip()] if self.note.strip() else []
        if self.tags:
            parts.append("Tags: " + ", ".join(self.tags))
        return "\n".join(parts) or self.kind


@dataclass(frozen=True, slots=True)
class Geometry:
    """Page size and the body's columns, in points."""

    width: float
    height: float
    left: float
    top: float  # y of the body's first line top
    bottom: float  # lowest y the body may reach
    body_width: float
    notes_left: float = 0.0
    notes_width: float = 0.0  # 0: no margin notes

    @property
    def margin_notes(self) -> bool:
        return self.notes_width > 0


@dataclass(frozen=True, slots=True)
class _Placed:
    page: int
    top: float
    line: Line
    offset: int  # of the line's paragraph in the article


@dataclass(frozen=True, slots=True)
class Box:
    """Part of a quote on one line: ``left:right`` between ``bottom`` and ``top``."""

    left: float
    right: float
    bottom: float
    top: float
    baseline: float


@dataclass(slots=True)
class _NoteBlock:
    mark: QuoteMark
    lines: list[tuple[Line, TextStyle]]
    anchor_page: int
    anchor_top: float
    continued: bool = False

    @property
    def height(self) -> float:
        return sum(style.leading for _, style in self.lines) + 2 * NOTE_PAD


@dataclass(slots=True)
class Page:
    """Everything one body page shows."""

    lines: list[_Placed] = field(default_factory=list)
    highlights: list[tuple[int, QuoteMark, Box]] = field(default_factory=list)  # track, mark
    markers: list[tuple[float, float, QuoteMark]] = field(default_factory=list)  # x, baseline
    notes: list[tuple[float, _NoteBlock]] = field(default_factory=list)  # top y, block
    annotations: list[tuple[QuoteMark, list[Box]]] = field(default_factory=list)
    bookmarks: list[tuple[QuoteMark, float]] = field(default_factory=list)  # mark, top y


@dataclass(frozen=True, slots=True)
class Body:
    pages: list[Page]
    #: The body page (0-based) where each quote starts, by quote number.
    start_pages: dict[int, int]
    #: The PDF page number each body page was printed on, filled in as they are drawn.
    printed_pages: list[int] = field(default_factory=list)


def marker_width(numbers: Sequence[int]) -> float:
    """The gap reserved before a quote's first character for its marker(s)."""
    text = ",".join(str(number) for number in numbers)
    return float(stringWidth(text, SANS_BOLD, MARKER_SIZE)) + 2.4


def paginate(text: str, marks: Sequence[QuoteMark], geometry: Geometry) -> Body:
    """Lay out the article and place every quote's highlights, marker, annotation and note."""
    by_start: dict[int, list[QuoteMark]] = {}
    for mark in marks:
        by_start.setdefault(mark.start, []).append(mark)
    placed = _place_lines(text, by_start, geometry)
    page_count = max((line.page for line in placed), default=0) + 1
    pages = [Page() for _ in range(page_count)]
    for line in placed:
        pages[line.page].lines.append(line)
    starts = [line.offset + line.line.start for line in placed]
    tracks = _tracks(marks)
    start_pages: dict[int, int] = {}
    anchors: list[tuple[int, float, QuoteMark]] = []
    for mark in marks:
        boxes = list(_boxes(mark, placed, starts, geometry))
        if not boxes:
            continue
        first_page, first_box = boxes[0]
        start_pages[mark.number] = first_page
        anchors.append((first_page, first_box.top, mark))
        pages[first_page].bookmarks.append((mark, first_box.top))
        by_page: dict[int, list[Box]] = {}
        for page, box in boxes:
            by_page.setdefault(page, []).append(box)
            pages[page].highlights.append((tracks[mark.number], mark, box))
        for page, page_boxes in by_page.items():
            pages[page].annotations.append((mark, page_boxes))
    _place_markers(by_start, placed, starts, pages, geometry)
    if geometry.margin_notes:
        _stack_notes(anchors, pages, geometry)
    return Body(pages, start_pages)


def _place_lines(
    text: str, by_start: dict[int, list[QuoteMark]], geometry: Geometry
) -> list[_Placed]:
    placed: list[_Placed] = []
    page, top = 0, geometry.top
    offset = 0
    leading = BODY_STYLE.leading
    for paragraph in text.split("\n\n"):
        end = offset + len(paragraph)
        slots = {
            at - offset: marker_width([mark.number for mark in group])
            for at, group in by_start.items()
            if offset <= at < end
        }
        if paragraph.strip():
            for line in layout(paragraph, geometry.body_width, BODY_STYLE, slots=slots):
                if top - leading < geometry.bottom - 0.01:
                    page, top = page + 1, geometry.top
                placed.append(_Placed(page, top, line, offset))
                top -= leading
            top -= PARAGRAPH_GAP
        offset = end + 2
    return placed


def _tracks(marks: Sequence[QuoteMark]) -> dict[int, int]:
    """Nesting level of each quote among the quotes it overlaps (0 = outermost)."""
    tracks: dict[int, int] = {}
    active: list[QuoteMark] = []
    for mark in sorted(marks, key=lambda item: (item.start, -item.end)):
        active = [other for other in active if other.end > mark.start]
        used = {tracks[other.number] for other in active}
        track = next(level for level in range(len(used) + 1) if level not in used)
        tracks[mark.number] = track
        active.append(mark)
    return tracks


def _boxes(
    mark: QuoteMark, placed: Sequence[_Placed], starts: Sequence[int], geometry: Geometry
) -> Iterator[tuple[int, Box]]:
    index = max(bisect_right(starts, mark.start) - 1, 0)
    leading, drop = BODY_STYLE.leading, baseline_drop(BODY_STYLE)
    while index < len(placed) and starts[index] < mark.end:
        item = placed[index]
        line_start = item.offset + item.line.start
        line_end = item.offset + item.line.end
        if line_end > mark.start:
            for left, right in item.line.ranges(mark.start - item.offset, mark.end - item.offset):
                yield (
                    item.page,
                    Box(
                        geometry.left + left,
                        geometry.left + right,
                        item.top - leading,
                        item.top,
                        item.top - drop,
                    ),
                )
        if line_start >= mark.end:
            break
        index += 1


def _place_markers(
    by_start: dict[int, list[QuoteMark]],
    placed: Sequence[_Placed],
    starts: Sequence[int],
    pages: list[Page],
    geometry: Geometry,
) -> None:
    drop = baseline_drop(BODY_STYLE)
    for at, group in by_start.items():
        index = max(bisect_right(starts, at) - 1, 0)
        item = placed[index]
        x = item.line.slot_x(at - item.offset)
        if x is None:
            continue
        left = geometry.left + x + 0.6
        for mark in sorted(group, key=lambda value: value.number):
            pages[item.page].markers.append((left, item.top - drop, mark))
            left += stringWidth(f"{mark.number},", SANS_BOLD, MARKER_SIZE)


# -- margin notes -------------------------------------------------------------------------------


def _note_block(mark: QuoteMark, width: float, page: int, top: float) -> _NoteBlock:
    inner = width - 2 * NOTE_PAD - 2
    lines: list[tuple[Line, TextStyle]] = []
    head = f"{mark.number}  {mark.label}"
    head_lines = layout(head, inner, NOTE_HEAD_STYLE, base_rtl=False)  # number stays left
    lines += [(line, NOTE_HEAD_STYLE) for line in head_lines]
    tags = " ".join(f"#{tag}" for tag in mark.tags)
    meta = " · ".join(part for part in (mark.kind, mark.page_label, tags) if part)
    lines += [(line, NOTE_STYLE) for line in layout(meta, inner, NOTE_STYLE)]
    if mark.note.strip():
        lines += [(line, NOTE_STYLE) for line in layout(mark.note.strip(), inner, NOTE_STYLE)]
    return _NoteBlock(mark, lines, page, top)


def _stack_notes(
    anchors: Sequence[tuple[int, float, QuoteMark]], pages: list[Page], geometry: Geometry
) -> None:
    """Put each note beside its quote's first line, pushed down past the note above it.

    Notes keep their order: once one does not fit on a page, it and every note after it carry
    to the top of the next page's margin (extra pages are added after the text if needed). A
    note taller than a whole column is split between lines.
    """
    ordered = sorted(anchors, key=lambda item: (item[0], -item[1], item[2].number))
    blocks = [_note_block(mark, geometry.notes_width, page, top) for page, top, mark in ordered]
    carried: list[_NoteBlock] = []
    cursor = 0
    page = 0
    while cursor < len(blocks) or carried:
        if page >= len(pages):
            pages.append(Page())
        waiting = carried
        while cursor < len(blocks) and blocks[cursor].anchor_page <= page:
            waiting.append(blocks[cursor])
            cursor += 1
        carried = []
        y = geometry.top
        for block in waiting:
            if carried:
                carried.append(block)
                continue
            wanted = min(y, block.anchor_top) if block.anchor_page == page else y
            if wanted - block.height >= geometry.bottom:
                pages[page].notes.append((wanted, block))
                y = wanted - block.height - NOTE_GAP
            elif y < geometry.top:
                carried.append(block)
            else:
                head, rest = _split_block(block, geometry.top - geometry.bottom)
                pages[page].notes.append((geometry.top, head))
                y = geometry.bottom
                if rest is not None:
                    carried.append(rest)
        page += 1


def _split_block(block: _NoteBlock, room: float) -> tuple[_NoteBlock, _NoteBlock | None]:
    """A note too tall for a whole column: the lines that fit, and the rest."""
    used, fits = 2 * NOTE_PAD, 0
    for _, style in block.lines:
        if used + style.leading > room and fits:
            break
        used += style.leading
        fits += 1
    head = _NoteBlock(block.mark, block.lines[:fits], block.anchor_page, block.anchor_top)
    if fits >= len(block.lines):
        return head, None
    return head, _NoteBlock(block.mark, block.lines[fits:], block.anchor_page + 1, 0.0, True)


# -- drawing ------------------------------------------------------------------------------------


class BodyPage(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """One page of the body, drawn in page coordinates (its frame is the whole page)."""

    def __init__(
        self, page: Page, geometry: Geometry, body: Body, check: Callable[[], None]
    ) -> None:
        super().__init__()
        self.page = page
        self.geometry = geometry
        self.body = body
        #: Raises when the user cancelled; called before each page is drawn.
        self.check = check

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return (self.geometry.width, self.geometry.height)

    def draw(self) -> None:
        self.check()
        canvas = self.canv
        page, geometry = self.page, self.geometry
        self.body.printed_pages.append(canvas.getPageNumber())
        _draw_highlights(canvas, page)
        canvas.setFillColorRGB(0, 0, 0)
        drop = baseline_drop(BODY_STYLE)
        for item in page.lines:
            draw_line(canvas, item.line, geometry.left, item.top - drop)
        _draw_markers(canvas, page)
        if geometry.margin_notes:
            _draw_notes(canvas, page, geometry)
        for mark, boxes in page.annotations:
            _annotate(canvas, mark, boxes)
        for mark, top in page.bookmarks:
            canvas.bookmarkPage(mark.key, fit="XYZ", left=0, top=top + 24)
            if mark.speaker_key:
                canvas.bookmarkPage(mark.speaker_key, fit="XYZ", left=0, top=top + 24)


def _draw_highlights(canvas: Any, page: Page) -> None:
    canvas.saveState()
    for track, mark, box in sorted(page.highlights, key=lambda item: item[0]):
        inset = min(track, MAX_TRACKS) * TRACK_INSET
        canvas.setFillColorRGB(*tint(mark.color))
        canvas.rect(
            box.left,
            box.bottom + 0.6 + inset,
            box.right - box.left,
            box.top - box.bottom - 1.2 - 2 * inset,
            stroke=0,
            fill=1,
        )
    # A thin rule in the speaker's own colour under each piece tells similar tints apart.
    canvas.setLineWidth(0.7)
    for track, mark, box in page.highlights:
        canvas.setStrokeColorRGB(*mark.color)
        y = box.baseline - 2.2 - min(track, MAX_TRACKS) * 1.1
        canvas.line(box.left, y, box.right, y)
    canvas.restoreState()


def _draw_markers(canvas: Any, page: Page) -> None:
    canvas.saveState()
    for x, baseline, mark in page.markers:
        canvas.setFillColorRGB(*ink(mark.color))
        canvas.setFont(SANS_BOLD, MARKER_SIZE)
        canvas.drawString(x, baseline + BODY_STYLE.size * 0.42, str(mark.number))
    canvas.restoreState()


def _draw_notes(canvas: Any, page: Page, geometry: Geometry) -> None:
    canvas.saveState()
    for top, block in page.notes:
        height = block.height
        canvas.setFillColorRGB(*tint(block.mark.color, 0.16))
        canvas.rect(
            geometry.notes_left, top - height, geometry.notes_width, height, stroke=0, fill=1
        )
        canvas.setFillColorRGB(*block.mark.color)
        canvas.rect(geometry.notes_left, top - height, 2.0, height, stroke=0, fill=1)
        y = top - NOTE_PAD
        for index, (line, style) in enumerate(block.lines):
            grey = 0.0 if style is NOTE_HEAD_STYLE or index > 1 else 0.3
            canvas.setFillColorRGB(grey, grey, grey)
            if style is NOTE_HEAD_STYLE and not block.continued and index == 0:
                canvas.setFillColorRGB(*ink(block.mark.color))
            draw_line(canvas, line, geometry.notes_left + NOTE_PAD + 2, y - baseline_drop(style))
            y -= style.leading
    canvas.restoreState()


class _QuoteHighlight(pdfdoc.HighlightAnnotation):  # type: ignore[misc]
    """reportlab's highlight annotation, allowed a unique name and a subject."""

    permitted = (*pdfdoc.HighlightAnnotation.permitted, "NM", "Subj", "CA")


def _annotate(canvas: Any, mark: QuoteMark, boxes: Sequence[Box]) -> None:
    """A native /Highlight annotation over the quote's pieces on this page.

    The page itself already shows the highlight (drawn under the text, so it prints and shows
    in every reader); the annotation's appearance is an empty form so readers that draw
    annotations do not paint a second layer over it. Readers list it with its colour, author
    (the speaker's label) and contents (the note and the tags).
    """
    quads: list[float] = []
    for box in boxes:
        quads += [
            box.left,
            box.top,
            box.right,
            box.top,
            box.left,
            box.bottom,
            box.right,
            box.bottom,
        ]
    rect = [
        min(box.left for box in boxes),
        min(box.bottom for box in boxes),
        max(box.right for box in boxes),
        max(box.top for box in boxes),
    ]
    annotation = _QuoteHighlight(
        rect,
        mark.contents,
        quads,
        list(annotation_color(mark.color)),
        T=pdfdoc.PDFString(mark.label),
        NM=pdfdoc.PDFString(f"{mark.key}-{canvas.getPageNumber()}"),
        Subj=pdfdoc.PDFString(f"Quote {mark.number}"),
        F=4,
        AP=pdfdoc.PDFDictionary({"N": pdfdoc.PDFObjectReference(pdfdoc.xObjectName(EMPTY_FORM))}),
    )
    canvas._addAnnotation(annotation)


def annotation_color(color: RGB) -> RGB:
    """The annotation's /C: the speaker's colour, lightened.

    Poppler-based readers (Evince, Okular) ignore a highlight's own appearance and paint /C
    over the page with "multiply" blending, on top of the highlight the page already shows;
    a light /C keeps the text readable there too, and is still the speaker's hue in every
    reader's list of comments.
    """
    return tint(color, 0.35)


#: The empty appearance of every quote annotation (defined once per document).
EMPTY_FORM = "quotebook-empty"


def define_empty_form(canvas: Any) -> None:
    canvas.beginForm(EMPTY_FORM, 0, 0, 1, 1)
    canvas.endForm()


def rgb(color: Color) -> RGB:
    return (float(color.red), float(color.green), float(color.blue))
