"""What the search box shows, as plain records, and the one function that fetches them.

:func:`run_search` runs on a worker thread: it asks the search service, then fetches the few
extra fields a result row shows (a quote's speaker colour and article title, an article's outlet
and date) for just the hits, in the same worker, so the UI thread never touches the library
while the user types. Every service call opens its own session, so the worker never shares one
with the UI thread.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from services.errors import QuotebookError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from services.library import Library

log = logging.getLogger(__name__)

#: Results asked of the service per group; the box is for jumping, All Quotes for browsing.
RESULT_LIMIT = 30


class _Snippet(Protocol):
    """The service's highlighted text: the text and code-point (start, end) ranges in it."""

    @property
    def text(self) -> str: ...

    @property
    def highlights(self) -> Sequence[tuple[int, int]]: ...


@dataclass(frozen=True, slots=True)
class Highlighted:
    """Text with the ranges (code points, ascending, not overlapping) the query matched."""

    text: str
    ranges: tuple[tuple[int, int], ...] = ()

    @classmethod
    def of(cls, snippet: _Snippet) -> Highlighted:
        text = snippet.text
        ranges: list[tuple[int, int]] = []
        for first, last in sorted(snippet.highlights):
            start, end = max(first, ranges[-1][1] if ranges else 0), min(last, len(text))
            if start < end:
                ranges.append((start, end))
        return cls(text, tuple(ranges))

    def segments(self) -> list[tuple[str, bool]]:
        """The text cut into (piece, matched) runs, in order."""
        pieces: list[tuple[str, bool]] = []
        position = 0
        for start, end in self.ranges:
            if start > position:
                pieces.append((self.text[position:start], False))
            pieces.append((self.text[start:end], True))
            position = end
        if position < len(self.text):
            pieces.append((self.text[position:], False))
        return pieces


@dataclass(frozen=True, slots=True)
class QuoteResult:
    quote_id: int
    article_id: int
    speaker: str
    speaker_color: str
    article_title: str
    snippet: Highlighted


@dataclass(frozen=True, slots=True)
class ArticleResult:
    article_id: int
    title: str
    #: Outlet and date, as the sidebar shows them.
    detail: str
    snippet: Highlighted
    #: The first match in the article's canonical text (code points), to select on opening.
    match_start: int
    match_end: int


@dataclass(frozen=True, slots=True)
class SearchOutcome:
    query: str
    quotes: tuple[QuoteResult, ...] = ()
    articles: tuple[ArticleResult, ...] = ()
    #: Why there are no results, when the search itself failed (a locked library…).
    error: str = ""

    def __bool__(self) -> bool:
        return bool(self.quotes or self.articles)


def run_search(library: Library, query: str, limit: int = RESULT_LIMIT) -> SearchOutcome:
    """Search and gather everything the result rows show; never raises."""
    try:
        return _gather(library, query, limit)
    except QuotebookError as error:
        return SearchOutcome(query, error=str(error))
    except Exception as error:
        log.error("search for %r failed", query, exc_info=error)
        reason = f"The search failed because of an error in Quotebook: {error}"
        return SearchOutcome(query, error=reason)


def _gather(library: Library, query: str, limit: int) -> SearchOutcome:
    results = library.search.search(query, limit=limit)
    quote_rows = library.quotes.rows([hit.quote_id for hit in results.quotes])
    article_rows = library.articles.rows([hit.article_id for hit in results.articles])
    quotes = []
    for hit in results.quotes:
        row = quote_rows.get(hit.quote_id)
        if row is None:
            continue  # deleted between the search and now
        quotes.append(
            QuoteResult(
                hit.quote_id,
                hit.article_id,
                hit.speaker or row.speaker_name,
                row.speaker_color,
                row.article_title,
                Highlighted.of(hit.snippet),
            )
        )
    articles = []
    for article_hit in results.articles:
        summary = article_rows.get(article_hit.article_id)
        if summary is None:
            continue
        meta = summary.meta
        dated = meta.published.isoformat() if meta.published else ""
        articles.append(
            ArticleResult(
                article_hit.article_id,
                article_hit.title or meta.title,
                " · ".join(p for p in (meta.outlet, dated) if p),
                Highlighted.of(article_hit.snippet),
                article_hit.match_start,
                article_hit.match_end,
            )
        )
    return SearchOutcome(query, tuple(quotes), tuple(articles))
