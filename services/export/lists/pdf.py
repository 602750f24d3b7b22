"""Citation lists as PDF: the document an editor prints or forwards.

Laid out with reportlab's platypus; every piece of user text goes through
:func:`services.export.pdf.fonts.markup`, which escapes it (a ``<b>`` in a note prints as
``<b>``) and sets each run of characters in a bundled font that has them, so Russian, Japanese,
Arabic or Hebrew quotes print and copy out exactly. A quote, attribution, detail line or note
with Arabic or Hebrew in it is a :class:`~services.export.pdf.textlayout.TextBlock` instead:
a Paragraph can only put right-to-left text in visual order for the passage as one line, so a
long Arabic quote would read its lines bottom to top; the block resolves bidi line by line. An
entry is kept on one page; groups are bookmarks; every page says "n / N".

A list of 10,000 quotes repeats itself: the same source under twenty quotes, the same detail
line, the same note. Markup is made once per distinct text (:func:`fonts.markup` caches it),
each source's citation once, and each paragraph is broken into lines once per width although
platypus asks twice (once to keep an entry together, once to place it).
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
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
)

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
    styles = _styles()
    story: list[Flowable] = [Paragraph(_text(document.title), styles["title"])]
    story += [Paragraph(_text(line, sans=True), styles["facts"]) for line in document.facts()]
    story += [
        Paragraph(_text(line, sans=True, bold=True), styles["notice"])
        for line in document.notices()
    ]
    story.append(Spacer(1, 6))
    for group in document.selection.groups:
        opening: list[Flowable] = [_Heading(group.heading, styles["heading"])]
        if document.selection.group_by is GroupBy.ARTICLE:
            reference = _rich(document.group_reference(group.entries))
            opening.append(Paragraph(reference, styles["reference"]))
        entries = [_entry(document, entry, styles) for entry in group.entries]
        # A heading never ends a page: it goes with the group's first quote.
        story.append(KeepTogether([*opening, *entries[0]]))
        story += [KeepTogether(parts) for parts in entries[1:]]
    if document.hidden:
        story.append(Paragraph(f"… and {document.hidden} more quotes.", styles["facts"]))
    story.append(_Heading(BIBLIOGRAPHY, styles["heading"]))
    story += [
        Paragraph(_rich(reference), styles["bibliography"])
        for _source, reference in document.bibliography
    ]

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
    template.build(story, canvasmaker=_NumberedCanvas)


def _entry(
    document: CitationList, entry: Entry, styles: dict[str, ParagraphStyle]
) -> list[Flowable]:
    """An entry's paragraphs, to be kept on one page together."""
    quote_style = styles["quote_rtl" if is_rtl(entry.text) else "quote"]
    # reportlab breaks lines at a narrow no-break space (and prints it as a plain space), so the
    # French marks get a plain no-break space here, which it keeps with the words.
    marked = quoted(entry.text, entry.source.language, space=NO_BREAK_SPACE)
    parts: list[Flowable] = [Paragraph(_text(marked), quote_style)]
    if document.shows_speaker():
        parts.append(Paragraph(_text(_ltr(attribution(entry)), italic=True), styles["attribution"]))
    parts.append(Paragraph(_text(_ltr(details(entry)), sans=True), styles["details"]))
    if entry.note:
        parts.append(Paragraph(_text("Note: " + entry.note), styles["note"]))
    if document.shows_source():
        parts.append(Paragraph(_rich(document.reference(entry.source)), styles["source"]))
    return parts


def _text(text: str, *, bold: bool = False, italic: bool = False, sans: bool = False) -> str:
    return font_markup(text, bold=bold, italic=italic, sans=sans)


def _ltr(text: str) -> str:
    """Text in a left-to-right line of ours (a citation, "— speaker, role") that may hold Arabic
    or Hebrew: a leading LEFT-TO-RIGHT MARK keeps the line's direction left to right, as the
    same line shows in a browser or in Word, instead of letting its first Arabic word turn the
    whole line around. The mark is invisible."""
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


class _Heading(Paragraph):  # type: ignore[misc]
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
