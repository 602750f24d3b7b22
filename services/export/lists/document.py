"""A citation list as every format prints it: the selection plus its rendered citations.

Writers only lay this out; what a list says (its header, which detail goes on which line, what
stands in for a source a style leaves out of its bibliography) is decided here, once, so a DOCX
and an HTML export of the same quotes never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from models.tables import QuoteKind
from services.export.options import GroupBy, Paper, SortBy
from services.export.richtext import RichText, Span
from services.export.selection import Entry, Selection, Source

TITLE = "Quotations"
BIBLIOGRAPHY = "Sources"

KIND_LABELS = {
    QuoteKind.DIRECT: "direct quote",
    QuoteKind.INDIRECT: "indirect quote",
    QuoteKind.PARAPHRASE: "paraphrase",
}

_GROUPED = {
    GroupBy.SPEAKER: "grouped by speaker",
    GroupBy.ARTICLE: "grouped by source",
    GroupBy.TAG: "grouped by tag",
}
_SORTED = {SortBy.DATE: "sorted by date", SortBy.POSITION: "sorted by position"}


@dataclass(frozen=True, slots=True)
class CitationList:
    selection: Selection
    #: The CSL-JSON item of each source, by article id.
    items: Mapping[int, Mapping[str, Any]]
    #: Each source's bibliography entry in the chosen style (empty for the source formats).
    references: Mapping[int, RichText]
    #: Every source, in the style's bibliography order; then any the style leaves out.
    bibliography: tuple[tuple[Source, RichText], ...]
    style_title: str
    paper: Paper
    exported: date

    @property
    def title(self) -> str:
        return TITLE

    def facts(self) -> tuple[str, ...]:
        """The lines under the title: what is in the list, how it is ordered, in what style."""
        total = self.selection.total
        sources = self.selection.source_count
        quotes = f"{total} quote{'s' if total != 1 else ''}"
        cited = f"{sources} source{'s' if sources != 1 else ''}"
        order = f"{_GROUPED[self.selection.group_by]}, {_SORTED[self.selection.sort_by]}"
        lines = [f"{quotes} from {cited}, {order}."]
        if self.style_title:
            lines.append(f"Citation style: {self.style_title}.")
        lines.append(f"Exported {self.exported.isoformat()}.")
        return tuple(lines)

    def notices(self) -> tuple[str, ...]:
        """What the reader must know about confidential sources, said plainly."""
        lines = []
        if self.selection.reveals_confidential:
            lines.append(
                "This list shows the real names of confidential sources. Do not pass it on."
            )
        if self.selection.has_labelled_sources:
            lines.append("Confidential sources appear under their public labels.")
        return tuple(lines)

    @property
    def hidden(self) -> int:
        """Quotes of the selection not in this list (a preview is cut short)."""
        return self.selection.total - len(self.selection.entries)

    def reference(self, source: Source) -> RichText:
        return self.references.get(source.article_id) or describe_source(source)

    # ------------------------------------------------------------------ entry lines

    def shows_speaker(self) -> bool:
        """Entries name their speaker unless the group heading already does."""
        return self.selection.group_by is not GroupBy.SPEAKER

    def shows_source(self) -> bool:
        """Entries cite their source unless the group heading already does."""
        return self.selection.group_by is not GroupBy.ARTICLE

    def group_reference(self, entries: tuple[Entry, ...]) -> RichText:
        """Under a source's heading (grouped by article): its bibliography entry."""
        return self.reference(entries[0].source) if entries else ()


def details(entry: Entry) -> str:
    """``¶ 4 · direct quote · tags: pier, safety`` — where the quote is and how it is filed."""
    parts = [entry.locator.label(), KIND_LABELS[entry.kind]]
    if entry.tags:
        parts.append("tags: " + ", ".join(entry.tags))
    return " · ".join(parts)


def attribution(entry: Entry) -> str:
    return "— " + entry.attribution.describe()


def source_note(entry: Entry) -> str:
    """One quote as a note on its source in a reference manager: the words, who, where."""
    text = f"{entry.quoted} — {entry.attribution.describe()} ({entry.locator.label()})"
    if entry.kind is not QuoteKind.DIRECT:
        text += f" [{KIND_LABELS[entry.kind]}]"
    if entry.tags:
        text += f" Tags: {', '.join(entry.tags)}."
    if entry.note:
        text += f" Note: {entry.note}"
    return text


def describe_source(source: Source) -> RichText:
    """A plain description for a source a style leaves out of its bibliography (APA cites
    personal interviews in the text only), so no entry is ever printed without its source."""
    meta = source.summary.meta
    spans = [Span(meta.title)]
    tail = [part for part in (", ".join(meta.authors), meta.outlet) if part]
    if meta.published:
        tail.append(meta.published.isoformat())
    if tail:
        spans.append(Span(". " + ", ".join(tail)))
    spans.append(Span("."))
    if meta.url:
        spans.append(Span(" " + meta.url, link=meta.url))
    return tuple(spans)
