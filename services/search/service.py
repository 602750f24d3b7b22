"""``library.search``: one search box's worth of matching, ranked and highlighted.

Safe to call from several threads at once: each call opens its own read session (the engine
hands each thread its own connection), and nothing here is shared between calls but caches of
pure functions.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy.exc import DatabaseError, OperationalError
from sqlmodel import Session

from services.errors import LibraryUnavailableError
from services.progress import TaskContext
from services.search.backend import SearchBackend
from services.search.query import ParsedQuery, parse
from services.search.results import ArticleHit, QuoteHit, RichSnippet, SearchResults
from services.search.snippets import Highlighter
from services.search.sqlite_backend import SqliteBackend

if TYPE_CHECKING:
    from services.library import Library

log = logging.getLogger(__name__)

_T = TypeVar("_T")


class SearchService:
    """Full-text search over quotes (text, note, speaker, tags) and articles (title, text,
    outlet, authors); see :mod:`services.search.query` for what a query may say."""

    def __init__(self, library: Library) -> None:
        self._library = library
        self._backend: SearchBackend | None = (
            SqliteBackend() if library.engine.dialect.name == "sqlite" else None
        )

    # ----------------------------------------------------------------- reading

    def parse(self, query: str) -> ParsedQuery:
        """How ``query`` is read (exposed for tests and for showing the filters in use)."""
        return parse(query)

    def search(self, query: str, *, limit: int = 50) -> SearchResults:
        """Up to ``limit`` quotes and up to ``limit`` articles, best first, with snippets.

        A query with words ranks by relevance (bm25); one with only filters lists the newest
        articles' quotes first. With ``speaker:``, ``tag:`` or ``kind:`` (which only quotes
        have) the articles are those the found quotes come from. An empty query finds nothing.
        """
        parsed = parse(query)
        if parsed.empty or limit <= 0:
            return SearchResults()
        return self._repairing(lambda: self._search(parsed, limit))

    def _search(self, parsed: ParsedQuery, limit: int) -> SearchResults:
        backend = self._require()
        with self._library.session() as session:
            languages = backend.languages(session)
            quote_rows = backend.quotes(session, parsed, languages, limit)
            if parsed.quote_only:
                # Only a quote has a speaker, tags or a kind: the articles are those quotes'.
                ids = list(dict.fromkeys(row.article_id for row in quote_rows))
                article_rows = backend.articles_by_id(session, ids)
            else:
                article_rows = backend.articles(session, parsed, languages, limit)
        highlighter = Highlighter(parsed, languages)
        quotes = tuple(
            QuoteHit(
                row.quote_id,
                row.article_id,
                row.text,
                row.speaker,
                highlighter.snippet(row.text, row.language)[0]
                if highlighter.active
                else RichSnippet(row.text[:220] + ("…" if len(row.text) > 220 else "")),
            )
            for row in quote_rows
        )
        articles = []
        for article in article_rows:
            snippet, span = (
                highlighter.snippet(article.text, article.language)
                if highlighter.active
                else (RichSnippet(article.text[:220]), None)
            )
            start, end = span or (0, 0)
            articles.append(ArticleHit(article.article_id, article.title, snippet, start, end))
        return SearchResults(quotes, tuple(articles))

    def quote_ids(self, query: str) -> list[int]:
        """Every quote matching ``query``, best first (``quotes --search``, the quotes view)."""
        parsed = parse(query)
        if parsed.empty:
            return []
        backend = self._require()

        def ids() -> list[int]:
            with self._library.session() as session:
                return backend.quote_ids(session, parsed, backend.languages(session))

        return self._repairing(ids)

    def _repairing(self, work: Callable[[], _T]) -> _T:
        """Run a search; if the index turns out damaged (which the cheap check on opening
        cannot always see), rebuild it and search again, once."""
        try:
            return work()
        except OperationalError:
            raise
        except DatabaseError as error:
            log.warning(
                "rebuilding the damaged search index of %s: %s", self._library.location, error
            )
            self.rebuild()
            return work()

    # ----------------------------------------------------------------- keeping it right

    def rebuild(self, task: TaskContext | None = None) -> None:
        """Derive the whole index again from the library (``quotebook index rebuild``)."""
        backend = self._require()
        with self._library.session(write=True) as session:
            backend.rebuild(session, task or TaskContext())

    def changes(self, session: Session) -> int:
        """A count of rows this session's connection has written so far (for :meth:`sync`)."""
        if self._backend is None:
            return 0
        return self._backend.changes(session)

    def sync(self, session: Session, changes_before: int | None = None) -> None:
        """Index what this transaction changed; :meth:`Library.session` calls it just before
        committing, so the index commits (or rolls back) with the change. Given the count of
        :meth:`changes` at the start, a transaction that wrote nothing costs no query."""
        if self._backend is None:
            return
        session.flush()
        if changes_before is not None and self._backend.changes(session) == changes_before:
            return
        self._backend.sync(session)

    def ensure(self, task: TaskContext | None = None) -> bool:
        """Check the index cheaply and rebuild it if it is missing, damaged or out of date;
        index changes other programs left waiting. Returns whether it was rebuilt."""
        backend = self._backend
        if backend is None:
            return False
        try:
            with self._library.session() as session:
                reason = backend.needs_rebuild(session)
                waiting = reason is None and backend.pending(session)
        except (DatabaseError, LibraryUnavailableError) as error:
            reason = f"unreadable ({error})"
            waiting = False
        if reason is not None:
            log.warning("rebuilding the search index of %s: %s", self._library.location, reason)
            self.rebuild(task)
            return True
        if waiting:
            with self._library.session(write=True) as session:
                backend.sync(session)
        return False

    def _require(self) -> SearchBackend:
        if self._backend is None:
            raise LibraryUnavailableError(
                self._library.location, "search needs a SQLite library for now"
            )
        return self._backend
