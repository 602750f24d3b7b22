"""Citation lists as PDF: the document an editor prints or forwards.

Laid out with reportlab's platypus; every piece of user text goes through
:func:`services.export.pdf.fonts.markup`, which escapes it (a ``<b>`` in a note prints as
``<b>``) and sets each run of characters in a bundled font that has them, so Russian, Japanese,
Arabic or Hebrew quotes print and copy out exactly. A quote, attribution, detail line or note
with Arabic or Hebrew in it is a :class:`~services.export.pdf.textlayout.TextBlock` instead:
a Paragraph can only put right-to-left text in visual order for the passage as one line, so a
long Arabic quote would read its lines bottom to top; the block resolves bidi line by line. An
entry is kept on one page; groups are bookmarks; every page says "n / N".

A list of 10,000 quotes must not take long, and it repeats itself: the same source under twenty
quotes, the same detail line, the same note. So each distinct text becomes one flowable that
every entry printing it shares (parsed and broken into lines once, drawn wherever it appears),
and an entry is one :class:`_Entry` block rather than a KeepTogether, which copies the frame and
measures everything twice. The pages come out exactly as before these savings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Spacer,
)
from reportlab.platypus.doctemplate import NullActionFlowable

from services.export.lists.document import (
    BIBLIOGRAPHY,
    CitationList,
    attribution,
    details,
)
from services.export.options import GroupBy, Paper
from services.export.pdf.bidi_order import has_rtl
from services.export.pdf.fonts import (
    SANS,
    SANS_BOLD,
    SERIF,
    SERIF_BOLD,
    FontStyle,
    ensure_fonts,
    printable,
)
from services.export.pdf.fonts import markup as font_markup
from services.export.pdf.textlayout import TextBlock, TextStyle
from services.export.richtext import RichText
from services.export.selection import Entry

_PAPER = {Paper.A4: A4, Paper.LETTER: LETTER}
_MARGIN = 22 * mm
_GREY = colors.HexColor("#555555")
_RULE = colors.HexColor("#bbbbbb")
_WARNING = colors.HexColor("#8a1c1c")


def _styles() -> dict[str, ParagraphStyle]:
    """One factory for every paragraph style, so the list looks the same everywhere."""
    body = ParagraphStyle("body", fontName=SERIF, fontSize=10.5, leading=14)
    return {
        "title": ParagraphStyle("title", fontName=SERIF_BOLD, fontSize=22, leading=27),
        "facts": ParagraphStyle("facts", fontName=SANS, fontSize=9, leading=12.5, textColor=_GREY),
        "notice": ParagraphStyle(
            "notice",
            fontName=SANS_BOLD,
            fontSize=9.5,
            leading=13,
            textColor=_WARNING,
            spaceBefore=4,
        ),
        "heading": ParagraphStyle(
            "heading",
            fontName=SANS_BOLD,
            fontSize=13,
            leading=17,
            spaceBefore=16,
            spaceAfter=8,
        ),
        "reference": ParagraphStyle(
            "reference",
            parent=body,
            fontSize=9.5,
            leading=12.5,
            spaceAfter=8,
            leftIndent=14,
            firstLineIndent=-14,
        ),
        "quote": ParagraphStyle(
            "quote",
            parent=body,
            fontSize=11.5,
            leading=15.5,
            leftIndent=10,
            spaceBefore=9,
        ),
        "attribution": ParagraphStyle(
            "attribution", parent=body, fontSize=9.5, leading=12.5, leftIndent=22
        ),
        "details": ParagraphStyle(
            "details",
            fontName=SANS,
            fontSize=8.5,
            leading=11.5,
            leftIndent=22,
            textColor=_GREY,
        ),
        "note": ParagraphStyle("note", parent=body, fontSize=9.5, leading=12.5, leftIndent=22),
        "source": ParagraphStyle(
            "source", parent=body, fontSize=9, leading=12, leftIndent=22, textColor=_GREY
        ),
        "bibliography": ParagraphStyle(
            "bibliography",
            parent=body,
            fontSize=10,
            leading=13.5,
            spaceAfter=6,
            leftIndent=18,
            firstLineIndent=-18,
        ),
    }


def write_pdf(document: CitationList, path: Path) -> None:
    ensure_fonts()
    story = _Story(document)
    width, height = _PAPER[document.paper]
    template = _ListTemplate(
        str(path),
        pagesize=(width, height),
        title=document.title,
        subject=" ".join(document.facts()),
        creator="Quotebook",
        author="",
        keywords=sorted({tag for entry in document.selection.entries for tag in entry.tags}),
    )
    frame = Frame(_MARGIN, _MARGIN, width - 2 * _MARGIN, height - 2 * _MARGIN, id="body")
    template.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    template.build(story.flowables(), canvasmaker=_NumberedCanvas)


class _Story:
    """The flowables of one list, with what its entries share made once."""

    def __init__(self, document: CitationList) -> None:
        self.document = document
        self.styles = _styles()
        #: One flowable per distinct text and style, shared by every entry that prints it.
        self._made: dict[tuple[str, str, bool], Flowable] = {}
        self._references: dict[int, Flowable] = {}

    def flowables(self) -> list[Flowable]:
        document, styles = self.document, self.styles
        story: list[Flowable] = [_Paragraph(_text(document.title), styles["title"])]
        story += [_Paragraph(_text(line, sans=True), styles["facts"]) for line in document.facts()]
        story += [
            _Paragraph(_text(line, sans=True, bold=True), styles["notice"])
            for line in document.notices()
        ]
        story.append(Spacer(1, 6))
        for group in document.selection.groups:
            opening: list[Flowable] = [_Heading(group.heading, styles["heading"])]
            if document.selection.group_by is GroupBy.ARTICLE:
                reference = _rich(document.group_reference(group.entries))
                opening.append(_Paragraph(reference, styles["reference"]))
            entries = [self._entry(entry) for entry in group.entries]
            # A heading never ends a page: it goes with the group's first quote.
            story.append(_Entry([*opening, *entries[0]]))
            story += [_Entry(parts) for parts in entries[1:]]
        if document.hidden:
            story.append(_Paragraph(f"… and {document.hidden} more quotes.", styles["facts"]))
        story.append(_Heading(BIBLIOGRAPHY, styles["heading"]))
        story += [
            _Paragraph(_rich(reference), styles["bibliography"])
            for _source, reference in document.bibliography
        ]
        return story

    def _entry(self, entry: Entry) -> list[Flowable]:
        """An entry's paragraphs, to be kept on one page together."""
        document = self.document
        parts = [self._user_text(entry.quoted, "quote")]
        if document.shows_speaker():
            parts.append(self._user_text(attribution(entry), "attribution", ltr=True))
        parts.append(self._user_text(details(entry), "details", ltr=True))
        if entry.note:
            parts.append(self._user_text("Note: " + entry.note, "note"))
        if document.shows_source():
            parts.append(self._reference(entry))
        return parts

    def _user_text(self, text: str, style: str, *, ltr: bool = False) -> Flowable:
        """The paragraph for ``text`` in ``style``, made once and shared by every entry that
        prints it: a flowable can be drawn any number of times, and one that is shared is
        parsed and broken into lines once (see :class:`_Paragraph`)."""
        key = (text, style, ltr)
        made = self._made.get(key)
        if made is None:
            font_style = _FONT_STYLES.get(style, FontStyle())
            made = self._made[key] = _user_text(text, self.styles[style], font_style, ltr=ltr)
        return made

    def _reference(self, entry: Entry) -> Flowable:
        """An entry's source citation, made once per source."""
        key = entry.source.article_id
        cited = self._references.get(key)
        if cited is None:
            reference = _rich(self.document.reference(entry.source))
            cited = self._references[key] = _Paragraph(reference, self.styles["source"])
        return cited


#: The face of each style that prints user text, when it is not the serif upright.
_FONT_STYLES = {
    "attribution": FontStyle(italic=True),
    "details": FontStyle(sans=True),
}


def _user_text(
    text: str, style: ParagraphStyle, font_style: FontStyle, *, ltr: bool = False
) -> Flowable:
    """A paragraph of the user's words (a quote, a note, a speaker's name, tags).

    With Arabic or Hebrew in it, it is a :class:`TextBlock`, which orders right-to-left text
    line by line after breaking the lines; a Paragraph would reorder the whole passage as if it
    were one line, so a quote that wraps would read its lines in the wrong order. ``ltr`` keeps
    a line of ours ("— speaker, role") left to right even when its first word is Arabic, as
    the same line shows in a browser or in Word.
    """
    if not has_rtl(text):
        marked = font_markup(
            text, bold=font_style.bold, italic=font_style.italic, sans=font_style.sans
        )
        return _Paragraph(marked, style)
    return TextBlock(
        printable(text),
        TextStyle(style.fontSize, style.leading, font_style),
        color=style.textColor,
        space_before=style.spaceBefore,
        space_after=style.spaceAfter,
        indent=style.leftIndent,
        base_rtl=False if ltr else None,
    )


def _text(text: str, *, bold: bool = False, italic: bool = False, sans: bool = False) -> str:
    return font_markup(text, bold=bold, italic=italic, sans=sans)


def _ltr(text: str) -> str:
    """Text in a left-to-right line of ours (a citation) that may hold Arabic or Hebrew: a
    leading LEFT-TO-RIGHT MARK keeps the line's direction left to right, as the same line shows
    in a browser or in Word, instead of letting its first Arabic word turn the whole line
    around. The mark is invisible."""
    return "\u200e" + text if has_rtl(text) else text


def _rich(text: RichText) -> str:
    """Paragraph markup for a citation: each run escaped and in its fonts, italics kept."""
    pieces = []
    for span in text:
        piece = font_markup(_ltr(span.text), bold=span.bold, italic=span.italic)
        if span.superscript:
            piece = f"<super>{piece}</super>"
        elif span.subscript:
            piece = f"<sub>{piece}</sub>"
        if span.link:
            piece = f'<link href="{escape(span.link, {chr(34): "&quot;"})}">{piece}</link>'
        pieces.append(piece)
    return "".join(pieces)


class _Paragraph(Paragraph):  # type: ignore[misc]  # reportlab is untyped
    """A Paragraph that breaks its lines once per width.

    platypus wraps a flowable whenever it measures or places it, and a paragraph shared by many
    entries is measured many times, always at the column's width; line breaking was most of
    the cost of a long list, so later answers are the first one remembered.
    """

    _wrapped: tuple[float, float, float] | None = None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        wrapped = self._wrapped
        # A split that found no room drops the lines it had (``blPara``): break them again.
        if wrapped is not None and wrapped[0] == available_width and "blPara" in self.__dict__:
            return (wrapped[1], wrapped[2])
        width, height = super().wrap(available_width, available_height)
        self._wrapped = (available_width, width, height)
        return (width, height)


#: The height a part of an entry may take when it is measured (no page limits it).
_UNLIMITED = 0x7FFFFFFF


class _Entry(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """An entry's paragraphs as one block that never breaks across pages.

    This is what platypus's KeepTogether does, at a fraction of the cost: KeepTogether copies
    the frame and measures its parts, then hands them back to be measured and placed one by one,
    and a list has ten thousand entries. The block puts each part exactly where the frame would
    (the space above a part overlaps the space below the one before it, as a frame does), so
    the page looks the same. An entry that does not fit waits for the next page; one too tall
    for a whole page falls apart into its parts, which split like any paragraph.
    """

    def __init__(self, parts: list[Flowable]) -> None:
        super().__init__()
        self.parts = parts
        self.spaceBefore = parts[0].getSpaceBefore()
        self.spaceAfter = parts[-1].getSpaceAfter()
        #: Each part with its distance from the block's top, its height and its width.
        self._placed: list[tuple[Flowable, float, float, float]] = []
        self._wrapped_width = -1.0

    @property
    def heading(self) -> _Heading | None:
        """The group heading this block opens with, if any (for the outline)."""
        first = self.parts[0]
        return first if isinstance(first, _Heading) else None

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        if available_width != self._wrapped_width:
            self._placed = []
            top = 0.0
            below = 0.0
            for index, part in enumerate(self.parts):
                if index:
                    top += below + max(part.getSpaceBefore() - below, 0)
                width, height = part.wrap(available_width, _UNLIMITED)
                self._placed.append((part, top, height, width))
                top += height
                below = part.getSpaceAfter()
            self._wrapped_width = available_width
            self.width, self.height = available_width, top
        return (self.width, self.height)

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        frame = getattr(self, "_frame", None)
        if frame is not None and not frame._atTop:
            return []  # the whole entry goes on the next page
        return [NullActionFlowable(), *self.parts]

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N803
        top = y + self.height
        for part, offset, height, width in self._placed:
            part.drawOn(canvas, x, top - offset - height, _sW=self.width - width)


class _Heading(_Paragraph):
    """A group heading: a bookmark in the PDF's outline, with a rule under it."""

    def __init__(self, title: str, style: ParagraphStyle) -> None:
        super().__init__(_text(title, sans=True, bold=True), style)
        #: The heading as typed, for the outline (the markup may hold shaped glyphs).
        self.title = title

    def draw(self) -> None:
        super().draw()
        self.canv.setStrokeColor(_RULE)
        self.canv.setLineWidth(0.6)
        self.canv.line(0, -3, self.width, -3)


class _ListTemplate(BaseDocTemplate):  # type: ignore[misc]
    _bookmarks = 0

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, _Entry):
            flowable = flowable.heading
        if isinstance(flowable, _Heading):
            self._bookmarks += 1
            key = f"group-{self._bookmarks}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.title, key, level=0)


class _NumberedCanvas(Canvas):  # type: ignore[misc]
    """Holds each finished page until the end, when "n / N" can be written on every one."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            width = self._pagesize[0]
            self.setFont(SANS, 8.5)
            self.setFillColor(_GREY)
            self.drawCentredString(width / 2, _MARGIN / 2, f"{number} / {total}")
            super().showPage()
        super().save()
