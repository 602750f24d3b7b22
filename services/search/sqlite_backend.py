"""The search backend of a SQLite library (see :mod:`services.search.sqlite` for the index)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session

from services.progress import TaskContext
from services.search import sqlite, sqlite_query
from services.search.backend import ArticleRow, QuoteRow
from services.search.fts import (
    Expressions,
    article_expressions,
    combine,
    filter_expressions,
    quote_expressions,
)
from services.search.query import ParsedQuery


def conditions(query: ParsedQuery, languages: Sequence[str]) -> sqlite_query.Conditions:
    """What ``query`` asks of quotes and articles, as FTS5 expressions and SQL values."""
    builder = Expressions(languages)
    quote_required, quote_excluded = quote_expressions(query, builder)
    article_required, article_excluded = article_expressions(query, builder)
    outlet_required, outlet_excluded = filter_expressions(query, builder, "outlet")
    return sqlite_query.Conditions(
        quote_match=combine(quote_required, quote_excluded),
        article_match=combine(article_required, article_excluded),
        quote_excluded=_any(quote_excluded),
        article_excluded=_any(article_excluded),
        quote_article_match=combine(outlet_required, outlet_excluded),
        quote_article_excluded=_any(outlet_excluded),
        kinds=tuple(kind.value for kind in query.kinds),
        excluded_kinds=tuple(kind.value for kind in query.excluded_kinds),
        before=query.before,
        after=query.after,
    )


def _any(parts: Sequence[str]) -> str | None:
    """Matches any of ``parts``: what must not match when nothing else is asked for."""
    return " OR ".join(f"({part})" for part in parts) or None


class SqliteBackend:
    """Search over a SQLite library's FTS5 index (:mod:`services.search.sqlite`)."""

    def languages(self, session: Session) -> list[str]:
        return sqlite.stored_languages(session.connection())

    def quotes(
        self, session: Session, query: ParsedQuery, languages: Sequence[str], limit: int
    ) -> list[QuoteRow]:
        return sqlite_query.quote_rows(session.connection(), conditions(query, languages), limit)

    def articles(
        self, session: Session, query: ParsedQuery, languages: Sequence[str], limit: int
    ) -> list[ArticleRow]:
        return sqlite_query.article_rows(session.connection(), conditions(query, languages), limit)

    def articles_by_id(self, session: Session, ids: list[int]) -> list[ArticleRow]:
        return sqlite_query.articles_by_id(session.connection(), ids)

    def quote_ids(
        self, session: Session, query: ParsedQuery, languages: Sequence[str]
    ) -> list[int]:
        return sqlite_query.quote_ids(session.connection(), conditions(query, languages))

    def changes(self, session: Session) -> int:
        raw = session.connection().connection.driver_connection
        return int(getattr(raw, "total_changes", 0))

    def sync(self, session: Session) -> None:
        sqlite.sync(session.connection())

    def rebuild(self, session: Session, task: TaskContext) -> None:
        sqlite.rebuild(session.connection(), task)

    def needs_rebuild(self, session: Session) -> str | None:
        return sqlite.needs_rebuild(session.connection())

    def pending(self, session: Session) -> bool:
        return sqlite.pending(session.connection())
