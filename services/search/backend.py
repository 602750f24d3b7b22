"""What a search backend provides, so that the service above it does not care which database.

Quotebook's libraries are SQLite files today (:class:`services.search.sqlite_backend.SqliteBackend`,
FTS5). A PostgreSQL library would implement this same protocol over its own
full-text search — a ``tsvector`` column per document kind built from the same folded and
stemmed text (:mod:`services.search.words`), and ``ts_rank`` for ranking — and the service,
the query grammar, snippets, the CLI and the app would not change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlmodel import Session

from services.progress import TaskContext
from services.search.query import ParsedQuery


@dataclass(frozen=True, slots=True)
class QuoteRow:
    quote_id: int
    article_id: int
    text: str
    speaker: str
    language: str


@dataclass(frozen=True, slots=True)
class ArticleRow:
    article_id: int
    title: str
    text: str
    language: str


class SearchBackend(Protocol):
    def languages(self, session: Session) -> list[str]:
        """The library's article languages: they decide which stems a query word is tried as."""

    def quotes(
        self, session: Session, query: ParsedQuery, languages: Sequence[str], limit: int
    ) -> list[QuoteRow]:
        """The best-ranked quotes matching ``query``."""

    def articles(
        self, session: Session, query: ParsedQuery, languages: Sequence[str], limit: int
    ) -> list[ArticleRow]:
        """The best-ranked articles matching ``query``."""

    def articles_by_id(self, session: Session, ids: list[int]) -> list[ArticleRow]:
        """Some articles' rows, in the order given."""

    def quote_ids(
        self, session: Session, query: ParsedQuery, languages: Sequence[str]
    ) -> list[int]:
        """Every matching quote's id, best first."""

    def changes(self, session: Session) -> int:
        """A number that grows with every row written on this session's connection."""

    def sync(self, session: Session) -> None:
        """Bring the index up to date with the changes written in this (open) transaction."""

    def rebuild(self, session: Session, task: TaskContext) -> None:
        """Derive the whole index again from the library's tables."""

    def needs_rebuild(self, session: Session) -> str | None:
        """Why the index cannot be used as it is (missing, damaged, old), or None; cheap."""

    def pending(self, session: Session) -> bool:
        """Whether changes written outside Quotebook's sessions wait to be indexed."""
