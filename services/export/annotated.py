"""The annotated PDF of one article: what the editor and the fact-checker read.

A first page says what the source is (its citation in the house style) and who speaks in it (a
legend of colours); the body is the article, every quote highlighted in its speaker's colour,
numbered, and noted in a wide right margin (or in endnotes); each quote is also a native PDF
highlight annotation and a bookmark under its speaker. The words of the article are never
changed: the body is laid out by :mod:`services.export.pdf.textlayout` from the canonical text,
and copying a quote out of the PDF gives the quote.

Confidential speakers appear only under their public label — in the legend, notes, annotations,
bookmarks and metadata — unless the user explicitly asks for real names, and then the first page
says so.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from services.errors import QuotebookError
from services.export.atomic import atomic_path
from services.export.citeproc import render
from services.export.csl_items import csl_item
from services.export.options import AnnotatedPdfOptions, NotePlacement, Paper
from services.export.pdf import body as pages
from services.export.pdf.fonts import SANS, SERIF, FontStyle, ensure_fonts, markup
from services.export.pdf.textlayout import TextBlock, TextStyle, draw_line, layout
from services.export.richtext import RichText, plain
from services.export.styles import resolve_style
from services.library import Library
from services.palette import PALETTE, is_color
from services.progress import TaskContext
from services.readmodels import ArticleInfo, QuoteInfo, SpeakerInfo
from services.text import excerpt

_PAPER = {Paper.A4: A4, Paper.LETTER: LETTER}
_LEFT = 54.0
_RIGHT = 36.0
_TOP = 64.0
_BOTTOM = 54.0
_NOTES_WIDTH = 150.0
_GUTTER = 16.0
_GREY = HexColor("#555555")
_WARNING = HexColor("#8a1c1c")
_TOTAL_FORM = "quotebook-page-total"

_KICKER = TextStyle(size=8, leading=11, fonts=FontStyle(sans=True))
_TITLE = TextStyle(size=19, leading=24, fonts=FontStyle(bold=True))
_FACT = TextStyle(size=9.5, leading=13, fonts=FontStyle(sans=True))
_SMALL = TextStyle(size=8.5, leading=11.5, fonts=FontStyle(sans=True))
_HEADING = TextStyle(size=11.5, leading=16, fonts=FontStyle(sans=True, bold=True))
_LEGEND_NAME = TextStyle(size=9.5, leading=12.5, fonts=FontStyle(sans=True, bold=True))
_LEGEND = TextStyle(size=9, leading=12, fonts=FontStyle(sans=True))
_NOTE_HEAD = TextStyle(size=9.5, leading=13, fonts=FontStyle(sans=True, bold=True))
_NOTE_QUOTE = TextStyle(size=9.5, leading=13, fonts=FontStyle(italic=True))
_NOTE_TEXT = TextStyle(size=9.5, leading=13)
_HEADER = TextStyle(size=7.5, leading=9, fonts=FontStyle(sans=True))


@dataclass(frozen=True, slots=True)
class SpeakerEntry:
    """A speaker as this export shows them."""

    info: SpeakerInfo
    label: str
    role: str
    color: pages.RGB
    quotes: int


@dataclass(frozen=True, slots=True)
class Material:
    """Everything the PDF shows, read from the library and already filtered."""

    article: ArticleInfo
    marks: tuple[pages.QuoteMark, ...]
    quotes: dict[int, QuoteInfo]  # by quote number
    speakers: tuple[SpeakerEntry, ...]
    speaker_of: dict[int, int]  # quote number -> speaker id
    tags: tuple[tuple[str, int], ...]
    filtered: tuple[str, ...]  # what the options left out, in words
    reveal: bool


def export_annotated_pdf(
    library: Library,
    article_id: int,
    target: Path,
    options: AnnotatedPdfOptions,
    task: TaskContext | None = None,
) -> Path:
    """Write the annotated PDF of an article to ``target`` (atomically) and return it."""
    task = task or TaskContext()
    task.report(0, 3)
    material = gather(library, article_id, options)
    citation = _citation(material.article, options.style)
    ensure_fonts()
    geometry = _geometry(options)
    laid_out = pages.paginate(material.article.text, material.marks, geometry)
    task.report(1, 3)
    with atomic_path(target) as temporary:
        _build(
            temporary,
            material,
            laid_out=laid_out,
            geometry=geometry,
            citation=citation,
            options=options,
            task=task,
        )
    task.report(3, 3)
    return target


# -- what goes in -------------------------------------------------------------------------------


def gather(library: Library, article_id: int, options: AnnotatedPdfOptions) -> Material:
    """Read the article and the quotes the options keep, numbered in reading order."""
    article = library.articles.get(article_id)
    choice = options.choice
    tag_names = {tag.id: tag.name for tag in library.tags.list()}
    wanted_tags = {tag_names[tag_id] for tag_id in choice.tag_ids if tag_id in tag_names}
    length = len(article.text)
    quotes = [
        quote
        for quote in library.quotes.for_article(article_id)
        if 0 <= quote.start < quote.end <= length
        and (not choice.speaker_ids or quote.speaker_id in choice.speaker_ids)
        and (not choice.tag_ids or wanted_tags.intersection(quote.tags))
        and (not choice.kinds or quote.kind in choice.kinds)
    ]
    quotes.sort(key=lambda quote: (quote.start, quote.end, quote.id))
    counts = Counter(quote.speaker_id for quote in quotes)
    infos = {info.id: info for info in library.speakers.list() if info.id in counts}
    # Speakers in the order they first speak (quotes are sorted, so first seen is first).
    order = list(dict.fromkeys(quote.speaker_id for quote in quotes))
    speakers = {
        speaker_id: _speaker_entry(infos[speaker_id], counts[speaker_id], index, options)
        for index, speaker_id in enumerate(order)
    }
    marks: list[pages.QuoteMark] = []
    by_number: dict[int, QuoteInfo] = {}
    speaker_of: dict[int, int] = {}
    seen: set[int] = set()
    for number, quote in enumerate(quotes, start=1):
        entry = speakers[quote.speaker_id]
        page = article.page_at(quote.start)
        marks.append(
            pages.QuoteMark(
                number=number,
                start=quote.start,
                end=quote.end,
                color=entry.color,
                label=entry.label,
                kind=quote.kind.value,
                page_label=f"p. {page}" if page is not None else "",
                tags=quote.tags,
                note=quote.note,
                key=f"quote-{quote.id}",
                speaker_key="" if quote.speaker_id in seen else f"speaker-{quote.speaker_id}",
            )
        )
        by_number[number] = quote
        speaker_of[number] = quote.speaker_id
        seen.add(quote.speaker_id)
    tag_counts = Counter(tag for quote in quotes for tag in quote.tags)
    return Material(
        article=article,
        marks=tuple(marks),
        quotes=by_number,
        speakers=tuple(speakers.values()),
        speaker_of=speaker_of,
        tags=tuple(sorted(tag_counts.items(), key=lambda item: (-item[1], item[0].casefold()))),
        filtered=_filters_in_words(library, options, tag_names),
        reveal=options.reveal_confidential,
    )


def _speaker_entry(
    info: SpeakerInfo, quotes: int, index: int, options: AnnotatedPdfOptions
) -> SpeakerEntry:
    fields = info.fields
    hidden = fields.confidential and not options.reveal_confidential
    label = info.public_name if hidden else fields.name
    if hidden:
        role = "confidential source"
    else:
        role = ", ".join(part for part in (fields.role, fields.affiliation) if part.strip())
        if fields.confidential:
            role = ", ".join(
                part for part in (role, f"confidential: “{fields.public_label}”") if part
            )
    color = fields.color if is_color(fields.color) else PALETTE[index % len(PALETTE)]
    parsed = HexColor(color)
    return SpeakerEntry(info, label, role, pages.rgb(parsed), quotes)


def _filters_in_words(
    library: Library, options: AnnotatedPdfOptions, tag_names: dict[int, str]
) -> tuple[str, ...]:
    choice = options.choice
    words: list[str] = []
    if choice.speaker_ids:
        names = []
        for info in library.speakers.list():
            if info.id in choice.speaker_ids:
                hidden = info.fields.confidential and not options.reveal_confidential
                names.append(info.public_name if hidden else info.fields.name)
        words.append("speakers: " + ", ".join(names))
    if choice.tag_ids:
        words.append("tags: " + ", ".join(tag_names.get(tag, "?") for tag in choice.tag_ids))
    if choice.kinds:
        words.append("kinds: " + ", ".join(kind.value for kind in choice.kinds))
    return tuple(words)


@dataclass(frozen=True, slots=True)
class Citation:
    style_title: str
    text: RichText
    problem: str = ""


def _citation(article: ArticleInfo, style_name: str) -> Citation:
    """The source's bibliography entry in the chosen style (an unknown style is the user's
    error and stops the export; a failing citation engine only leaves the entry out)."""
    style = resolve_style(style_name)
    item = csl_item(article.meta, item_id="source", imported=article.summary.created_at.date())
    try:
        rendering = render([item], style)
    except QuotebookError as error:
        return Citation(style.title, (), error.reason)
    if rendering.bibliography:
        return Citation(style.title, rendering.bibliography[0][1])
    cited = rendering.citations.get("source")
    if cited:
        return Citation(style.title, cited)
    return Citation(style.title, (), "this style lists no bibliography entry for such a source")


def _geometry(options: AnnotatedPdfOptions) -> pages.Geometry:
    width, height = _PAPER[options.paper]
    if options.notes is NotePlacement.MARGIN:
        body_width = width - _LEFT - _RIGHT - _NOTES_WIDTH - _GUTTER
        return pages.Geometry(
            width,
            height,
            _LEFT,
            height - _TOP,
            _BOTTOM,
            body_width,
            notes_left=_LEFT + body_width + _GUTTER,
            notes_width=_NOTES_WIDTH,
        )
    return pages.Geometry(width, height, _LEFT, height - _TOP, _BOTTOM, width - 2 * _LEFT)


# -- the document -------------------------------------------------------------------------------


def _build(
    path: Path,
    material: Material,
    *,
    laid_out: pages.Body,
    geometry: pages.Geometry,
    citation: Citation,
    options: AnnotatedPdfOptions,
    task: TaskContext,
) -> None:
    meta = material.article.meta
    document = BaseDocTemplate(
        str(path),
        pagesize=(geometry.width, geometry.height),
        title=meta.title,
        author="; ".join(meta.authors) or meta.outlet,
        subject=_subject(material),
        keywords=[tag for tag, _ in material.tags],
        creator="Quotebook",
        producer="Quotebook",
        lang=meta.language or None,
        # Every font in the file is embedded: reportlab would otherwise start each page and
        # form with a reference to its default font, Helvetica, which is not.
        initialFontName=SANS,
    )
    text_frame = Frame(
        _LEFT,
        _BOTTOM,
        geometry.width - 2 * _LEFT,
        geometry.height - _TOP - _BOTTOM + 12,
        id="text",
    )
    # A body page fills the whole page; the frame reaches 1 pt below the paper so that the
    # zero-height flowable closing the document still fits on the last page.
    page_frame = Frame(0, -1, geometry.width, geometry.height + 1, 0, 0, 0, 0, id="page")
    decorate = _Decoration(material, geometry)
    document.addPageTemplates(
        [
            # Header and footer go last on each page, so text copied out of a page starts
            # with the article, not the running title.
            PageTemplate("front", [text_frame], onPageEnd=decorate),
            PageTemplate("body", [page_frame], onPageEnd=decorate),
        ]
    )
    story: list[Flowable] = [_Start()]
    story += _front_page(material, citation, options)
    story += [NextPageTemplate("body"), PageBreak()]
    story += [pages.BodyPage(page, geometry, laid_out, task.check) for page in laid_out.pages]
    if options.notes is NotePlacement.ENDNOTES and material.marks:
        story += [NextPageTemplate("front"), PageBreak()]
        story += _endnotes(material, laid_out)
    story.append(_Finish(material, laid_out))
    document.build(story)


def _subject(material: Material) -> str:
    meta = material.article.meta
    source = f"“{meta.title}”" + (f", {meta.outlet}" if meta.outlet else "")
    return (
        f"Annotated source: {source}. {len(material.marks)} quotes, "
        f"{len(material.speakers)} speakers."
    )


class _Decoration:
    """Running header (short title) and footer ("n / N") on every page."""

    def __init__(self, material: Material, geometry: pages.Geometry) -> None:
        meta = material.article.meta
        width = geometry.width - _LEFT - _RIGHT
        self.title = _one_line(meta.title, width * 0.68, _HEADER)
        self.outlet = _one_line(meta.outlet, width * 0.3, _HEADER) if meta.outlet else None
        self.geometry = geometry

    def __call__(self, canvas: Any, document: Any) -> None:
        geometry = self.geometry
        number = canvas.getPageNumber()
        canvas.saveState()
        canvas.setFillColor(_GREY)
        top = geometry.height - 30
        if number > 1:
            draw_line(canvas, self.title, _LEFT, top)
            if self.outlet is not None:
                right = geometry.width - _RIGHT - self.outlet.width
                draw_line(canvas, self.outlet, right, top)
            canvas.setStrokeColor(HexColor("#cccccc"))
            canvas.setLineWidth(0.5)
            canvas.line(_LEFT, top - 5, geometry.width - _RIGHT, top - 5)
        canvas.setFont(SANS, 8)
        middle = geometry.width / 2
        canvas.drawRightString(middle, 28, f"{number} / ")
        canvas.translate(middle, 28)
        canvas.doForm(_TOTAL_FORM)
        canvas.restoreState()


def _one_line(text: str, width: float, style: TextStyle) -> Any:
    """``text`` on one line, shortened with an ellipsis when it is too long."""
    lines = layout(" ".join(text.split()), width, style)
    if len(lines) <= 1:
        return lines[0]
    keep = lines[0].end
    while keep > 0:
        shortened = layout(text[:keep].rstrip() + "…", width, style)
        if len(shortened) == 1:
            return shortened[0]
        keep -= max(1, (keep // 10))
    return layout("…", width, style)[0]


class _Start(Flowable):  # type: ignore[misc]
    """Defines the empty appearance every quote annotation shares."""

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return (0, 0)

    def draw(self) -> None:
        pages.define_empty_form(self.canv)


class _Finish(Flowable):  # type: ignore[misc]
    """Last: the page total for every footer, and the outline (bookmarks by speaker)."""

    def __init__(self, material: Material, laid_out: pages.Body) -> None:
        super().__init__()
        self.material = material
        self.laid_out = laid_out

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return (0, 0)

    def draw(self) -> None:
        canvas = self.canv
        total = canvas.getPageNumber()
        canvas.beginForm(_TOTAL_FORM, 0, -4, 60, 12)
        canvas.setFont(SANS, 8)
        canvas.setFillColor(_GREY)
        canvas.drawString(0, 0, str(total))
        canvas.endForm()
        material = self.material
        placed = [mark for mark in material.marks if mark.number in self.laid_out.start_pages]
        for speaker in material.speakers:
            own = [mark for mark in placed if material.speaker_of[mark.number] == speaker.info.id]
            if not own:
                continue
            key = next((mark.speaker_key for mark in own if mark.speaker_key), own[0].key)
            canvas.addOutlineEntry(f"{speaker.label} ({len(own)})", key, level=0, closed=True)
            for mark in own:
                words = excerpt(material.quotes[mark.number].text, 60)
                canvas.addOutlineEntry(f"{mark.number}. {words}", mark.key, level=1)


# -- first page ---------------------------------------------------------------------------------


def _front_page(
    material: Material, citation: Citation, options: AnnotatedPdfOptions
) -> list[Flowable]:
    meta = material.article.meta
    story: list[Flowable] = [
        TextBlock("ANNOTATED SOURCE · QUOTEBOOK", _KICKER, color=_GREY, space_after=6),
        TextBlock(meta.title, _TITLE, space_after=6),
    ]
    facts = [part for part in (meta.outlet, _date(meta.published)) if part]
    if facts:
        story.append(TextBlock(" · ".join(facts), _FACT))
    if meta.authors:
        story.append(TextBlock("By " + "; ".join(meta.authors), _FACT))
    if meta.url:
        story.append(TextBlock(meta.url, _SMALL, color=_GREY))
    story.append(Spacer(0, 10))
    story.append(TextBlock(f"Citation ({citation.style_title})", _SMALL, color=_GREY))
    if citation.text:
        story.append(Paragraph(_rich_markup(citation.text), _citation_style()))
    else:
        story.append(TextBlock(f"Not available: {citation.problem}.", _SMALL, color=_WARNING))
    story.append(Spacer(0, 8))
    exported = f"Exported {date.today().isoformat()} with Quotebook · "
    exported += f"{len(material.marks)} quotes by {len(material.speakers)} speakers"
    story.append(TextBlock(exported, _SMALL, color=_GREY))
    if material.filtered:
        shown = "Only some quotes are shown — " + "; ".join(material.filtered) + "."
        story.append(TextBlock(shown, _SMALL, color=_GREY))
    if material.reveal and any(entry.info.fields.confidential for entry in material.speakers):
        story.append(
            TextBlock(
                "This export includes the real names of confidential sources. "
                "Do not forward it outside the newsroom.",
                TextStyle(9.5, 13, FontStyle(sans=True, bold=True)),
                color=_WARNING,
                space_before=6,
            )
        )
    story += _legend(material, options)
    return story


def _date(value: date | None) -> str:
    return value.isoformat() if value is not None else ""


def _citation_style() -> ParagraphStyle:
    return ParagraphStyle("citation", fontName=SERIF, fontSize=10, leading=14, spaceBefore=2)


def _rich_markup(rich: RichText) -> str:
    """Paragraph markup for a formatted citation: every span escaped, in its fonts."""
    parts: list[str] = []
    for span in rich:
        text = markup(span.text, bold=span.bold, italic=span.italic)
        if span.superscript:
            text = f"<super>{text}</super>"
        elif span.subscript:
            text = f"<sub>{text}</sub>"
        parts.append(text)
    return "".join(parts) or markup(plain(rich))


def _legend(material: Material, options: AnnotatedPdfOptions) -> list[Flowable]:
    story: list[Flowable] = [TextBlock("Speakers", _HEADING, space_before=14, space_after=4)]
    if not material.speakers:
        story.append(TextBlock("No quotes are marked in this article yet.", _LEGEND))
        return story
    rows = []
    for entry in material.speakers:
        count = f"{entry.quotes} quote" + ("" if entry.quotes == 1 else "s")
        rows.append(
            [
                "",
                TextBlock(entry.label, _LEGEND_NAME),
                TextBlock(entry.role or "—", _LEGEND, color=_GREY),
                TextBlock(count, _LEGEND),
            ]
        )
    table = Table(rows, colWidths=[16, 170, 220, 70], hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), SANS),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, HexColor("#dddddd")),
    ]
    for row, entry in enumerate(material.speakers):
        commands.append(("BACKGROUND", (0, row), (0, row), pages.tint(entry.color, 0.55)))
        commands.append(("LINEBEFORE", (0, row), (0, row), 3, HexColor(_hex(entry.color))))
    table.setStyle(TableStyle(commands))
    story.append(table)
    story.append(TextBlock("Tags", _HEADING, space_before=14, space_after=4))
    tags = ", ".join(f"{tag} ({count})" for tag, count in material.tags) or "No tags."
    story.append(TextBlock(tags, _LEGEND))
    where = {
        NotePlacement.MARGIN: "beside it in the right margin",
        NotePlacement.ENDNOTES: "in the notes at the end",
        NotePlacement.NONE: "in the PDF annotations only",
    }[options.notes]
    story.append(
        TextBlock(
            "How to read: each quote is highlighted in its speaker's colour and numbered at its "
            f"first word; its speaker, kind, tags and note are {where}. Every quote is also a "
            "highlight annotation your PDF reader lists, and a bookmark under its speaker.",
            _SMALL,
            color=_GREY,
            space_before=14,
        )
    )
    return story


def _hex(color: pages.RGB) -> str:
    return "#" + "".join(f"{round(part * 255):02X}" for part in color)


# -- endnotes -----------------------------------------------------------------------------------


def _endnotes(material: Material, laid_out: pages.Body) -> list[Flowable]:
    story: list[Flowable] = [TextBlock("Notes", _HEADING, space_after=6)]
    for mark in material.marks:
        quote = material.quotes[mark.number]
        head_color = HexColor(_hex(pages.ink(mark.color)))
        parts: list[Flowable] = [
            TextBlock(f"{mark.number}  {mark.label}", _NOTE_HEAD, color=head_color, base_rtl=False),
            _Whereabouts(mark, laid_out),
            TextBlock(excerpt(quote.text, 220), _NOTE_QUOTE),
        ]
        if mark.note.strip():
            parts.append(TextBlock(mark.note.strip(), _NOTE_TEXT))
        parts.append(Spacer(0, 8))
        story.append(CondPageBreak(60))
        story.append(KeepTogether(parts))
    return story


class _Whereabouts(TextBlock):
    """An endnote's "kind · source page · page in this PDF · tags" line. The PDF page is only
    known once the body has been drawn (the first page may run long), so the text is made when
    the line is laid out, which is after that."""

    def __init__(self, mark: pages.QuoteMark, laid_out: pages.Body) -> None:
        super().__init__("", _SMALL, color=_GREY)
        self.mark = mark
        self.laid_out = laid_out

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        mark = self.mark
        where = [mark.kind]
        if mark.page_label:
            where.append(f"source {mark.page_label}")
        body_page = self.laid_out.start_pages.get(mark.number)
        if body_page is not None and body_page < len(self.laid_out.printed_pages):
            where.append(f"page {self.laid_out.printed_pages[body_page]} of this PDF")
        if mark.tags:
            where.append(" ".join(f"#{tag}" for tag in mark.tags))
        text = " · ".join(where)
        if text != self.text:
            self.text = text
            self._laid_width = -1.0
        return super().wrap(available_width, available_height)
