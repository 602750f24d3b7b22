"""Reading the SQLite search index: the best-ranked ids first, then the rows for those alone.

FTS5 ranks every match (bm25) before ``LIMIT`` applies, so whatever the ranking step carries is
carried for every match; these queries carry only ``(rowid, rank)`` through it, and read the
texts, titles and speakers of the fifty rows shown afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection

from services.search.backend import ArticleRow, QuoteRow
from services.search.sqlite import ARTICLE_TABLE, QUOTE_TABLE


@dataclass(frozen=True, slots=True)
class Conditions:
    """What a query asks of the rows, as the SQL reads it."""

    #: FTS5 expression over the quote / article index, or None when no words are required.
    quote_match: str | None
    article_match: str | None
    #: What must not match, used only when the ``*_match`` beside it is None.
    quote_excluded: str | None
    article_excluded: str | None
    #: A quote's article must match this article-index expression (``outlet:``) or, when it
    #: is None, must not match the one after it.
    quote_article_match: str | None
    quote_article_excluded: str | None
    kinds: tuple[str, ...]
    excluded_kinds: tuple[str, ...]
    #: Published before / on or after.
    before: date | None
    after: date | None


@dataclass(slots=True)
class _Where:
    clauses: list[str]
    params: list[Any]

    def add(self, clause: str, *params: Any) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def sql(self, joiner: str = " WHERE ") -> str:
        return joiner + " AND ".join(self.clauses) if self.clauses else ""


def _marks(values: tuple[Any, ...]) -> str:
    return ",".join("?" * len(values))


def _in_index(column: str, table: str, *, negated: bool = False) -> str:
    operator = "NOT IN" if negated else "IN"
    return f"{column} {operator} (SELECT rowid FROM {table} WHERE {table} MATCH ?)"


def _kinds(where: _Where, conditions: Conditions) -> None:
    if conditions.kinds:
        where.add(f"quote.kind IN ({_marks(conditions.kinds)})", *conditions.kinds)
    if conditions.excluded_kinds:
        excluded = conditions.excluded_kinds
        where.add(f"quote.kind NOT IN ({_marks(excluded)})", *excluded)


def _dates(where: _Where, conditions: Conditions) -> bool:
    """Add the date bounds; True if there were any (the query then needs the article)."""
    if conditions.before is not None:
        where.add("article.published < ?", conditions.before.isoformat())
    if conditions.after is not None:
        where.add("article.published >= ?", conditions.after.isoformat())
    return conditions.before is not None or conditions.after is not None


def _quote_where(conditions: Conditions) -> tuple[_Where, bool]:
    """Conditions on quotes beside the match; and whether they need the article joined."""
    where = _Where([], [])
    if conditions.quote_excluded and not conditions.quote_match:
        where.add(_in_index("quote.id", QUOTE_TABLE, negated=True), conditions.quote_excluded)
    _kinds(where, conditions)
    if conditions.quote_article_match or conditions.quote_article_excluded:
        where.add(
            _in_index(
                "quote.article_id",
                ARTICLE_TABLE,
                negated=not conditions.quote_article_match,
            ),
            conditions.quote_article_match or conditions.quote_article_excluded,
        )
    return where, _dates(where, conditions)


def _ranked_quotes(conditions: Conditions, limit: int | None) -> tuple[str, list[Any]]:
    """SQL for matching quote ids, best first (newest articles first without words)."""
    where, dated = _quote_where(conditions)
    article = " JOIN article ON article.id = quote.article_id"
    bound = " LIMIT ?" if limit is not None else ""
    tail = [limit] if limit is not None else []
    if conditions.quote_match:
        if not where.clauses:
            sql = (
                f"SELECT rowid FROM {QUOTE_TABLE} WHERE {QUOTE_TABLE} MATCH ? ORDER BY rank{bound}"
            )
            return sql, [conditions.quote_match, *tail]
        sql = (
            f"SELECT quote.id FROM {QUOTE_TABLE} JOIN quote ON quote.id = {QUOTE_TABLE}.rowid"
            f"{article if dated else ''} WHERE {QUOTE_TABLE} MATCH ?{where.sql(' AND ')}"
            f" ORDER BY {QUOTE_TABLE}.rank{bound}"
        )
        return sql, [conditions.quote_match, *where.params, *tail]
    sql = (
        f"SELECT quote.id FROM quote{article}{where.sql()}"
        f" ORDER BY article.published IS NULL, article.published DESC, quote.id DESC{bound}"
    )
    return sql, [*where.params, *tail]


def quote_rows(connection: Connection, conditions: Conditions, limit: int) -> list[QuoteRow]:
    sql, params = _ranked_quotes(conditions, limit)
    ids = [row_id for (row_id,) in connection.exec_driver_sql(sql, tuple(params))]
    if not ids:
        return []
    rows = {
        row[0]: QuoteRow(*row)
        for row in connection.exec_driver_sql(
            "SELECT quote.id, quote.article_id, quote.text, speaker.name, article.language"
            " FROM quote JOIN speaker ON speaker.id = quote.speaker_id"
            " JOIN article ON article.id = quote.article_id"
            f" WHERE quote.id IN ({_marks(tuple(ids))})",
            tuple(ids),
        )
    }
    return [rows[row_id] for row_id in ids if row_id in rows]


def quote_ids(connection: Connection, conditions: Conditions) -> list[int]:
    """Every matching quote's id, in id order (callers sort; ranking them all would cost)."""
    where, dated = _quote_where(conditions)
    if conditions.quote_match:
        joined = " JOIN article ON article.id = quote.article_id" if dated else ""
        sql = (
            f"SELECT rowid FROM {QUOTE_TABLE} WHERE {QUOTE_TABLE} MATCH ?"
            if not where.clauses
            else f"SELECT quote.id FROM {QUOTE_TABLE} JOIN quote"
            f" ON quote.id = {QUOTE_TABLE}.rowid{joined}"
            f" WHERE {QUOTE_TABLE} MATCH ?{where.sql(' AND ')}"
        )
        params = [conditions.quote_match, *where.params]
    else:
        sql = (
            f"SELECT quote.id FROM quote JOIN article ON article.id = quote.article_id{where.sql()}"
        )
        params = where.params
    return sorted(row_id for (row_id,) in connection.exec_driver_sql(sql, tuple(params)))


def _article_where(conditions: Conditions) -> _Where:
    where = _Where([], [])
    if conditions.article_excluded and not conditions.article_match:
        where.add(
            _in_index("article.id", ARTICLE_TABLE, negated=True),
            conditions.article_excluded,
        )
    _dates(where, conditions)
    return where


def article_rows(connection: Connection, conditions: Conditions, limit: int) -> list[ArticleRow]:
    where = _article_where(conditions)
    if conditions.article_match:
        if where.clauses:
            sql = (
                f"SELECT article.id FROM {ARTICLE_TABLE}"
                f" JOIN article ON article.id = {ARTICLE_TABLE}.rowid"
                f" WHERE {ARTICLE_TABLE} MATCH ?{where.sql(' AND ')}"
                f" ORDER BY {ARTICLE_TABLE}.rank LIMIT ?"
            )
        else:
            sql = (
                f"SELECT rowid FROM {ARTICLE_TABLE} WHERE {ARTICLE_TABLE} MATCH ?"
                " ORDER BY rank LIMIT ?"
            )
        params = [conditions.article_match, *where.params, limit]
    else:
        sql = (
            f"SELECT article.id FROM article{where.sql()}"
            " ORDER BY article.published IS NULL, article.published DESC, article.id DESC"
            " LIMIT ?"
        )
        params = [*where.params, limit]
    return articles_by_id(
        connection, [row_id for (row_id,) in connection.exec_driver_sql(sql, tuple(params))]
    )


def articles_by_id(connection: Connection, ids: list[int]) -> list[ArticleRow]:
    """The rows of some articles, in the order given."""
    if not ids:
        return []
    rows = {
        row[0]: ArticleRow(*row)
        for row in connection.exec_driver_sql(
            f"SELECT id, title, text, language FROM article WHERE id IN ({_marks(tuple(ids))})",
            tuple(ids),
        )
    }
    return [rows[row_id] for row_id in ids if row_id in rows]
