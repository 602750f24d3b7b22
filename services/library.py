"""Opening a library and the transaction every operation runs in."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlmodel import Session

from models.engine import WRITE, create_library_engine, library_url
from models.migrate import SchemaTooNewError, upgrade_to_head
from models.tables import Article, Quote, Speaker, Tag
from services.articles import ArticleService
from services.errors import LibraryUnavailableError
from services.quotes import QuoteService
from services.readmodels import LibraryCounts
from services.search import SearchService
from services.speakers import SpeakerService
from services.suggestions import SuggestionService
from services.tags import TagService


class Library:
    """One open library: an engine plus the services that work on it.

    Each public service method runs in its own transaction and commits before returning, so
    there is no unsaved state anywhere and no Save button.
    """

    def __init__(self, engine: Engine, location: str) -> None:
        self.engine = engine
        self._writer = engine.execution_options(**{WRITE: True})
        self.location = location
        self.articles = ArticleService(self)
        self.quotes = QuoteService(self)
        self.speakers = SpeakerService(self)
        self.tags = TagService(self)
        self.search = SearchService(self)
        self.suggestions = SuggestionService(self)

    @classmethod
    def open(cls, location: str | Path) -> Library:
        """Open (creating if need be) the library at a file path or database URL."""
        url = library_url(location)
        name = str(location)
        if url.startswith("sqlite:///"):
            path = Path(url.removeprefix("sqlite:///"))
            name = str(path)
            if path.is_dir():
                raise LibraryUnavailableError(name, "is a folder, not a library file")
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise LibraryUnavailableError(name, error.strerror or str(error)) from error
        engine = create_library_engine(url)
        try:
            upgrade_to_head(engine)
        except SchemaTooNewError as error:
            engine.dispose()
            raise LibraryUnavailableError(name, str(error)) from error
        except DatabaseError as error:
            engine.dispose()
            raise LibraryUnavailableError(name, _database_reason(error)) from error
        except BaseException:
            engine.dispose()  # a failed migration is a bug, but the file is let go of all the same
            raise
        library = cls(engine, name)
        try:
            library.search.ensure()
        except BaseException:
            engine.dispose()
            raise
        return library

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """A transaction: committed when the block ends, rolled back entirely if it raises.

        ``write=True`` takes the database's write lock at the start (see
        :func:`models.engine._begin`), so an edit never fails because another process wrote
        between its reads and its writes; reads never wait for writers.
        """
        bind = self._writer if write else self.engine
        try:
            with Session(bind, expire_on_commit=False) as session, session.begin():
                changes = self.search.changes(session)
                yield session
                # Triggers noted what changed; the index follows in this transaction.
                self.search.sync(session, changes)
        except OperationalError as error:
            raise LibraryUnavailableError(self.location, _database_reason(error)) from error

    def counts(self) -> LibraryCounts:
        with self.session() as session:

            def count(table: type[Article | Quote | Speaker | Tag]) -> int:
                return session.scalar(select(func.count()).select_from(table)) or 0

            return LibraryCounts(count(Article), count(Quote), count(Speaker), count(Tag))


def _database_reason(error: DatabaseError) -> str:
    """The database driver's own one-line explanation (``database is locked``, ``disk I/O``…)."""
    original = getattr(error, "orig", None)
    text = str(original) if original is not None else str(error)
    first_line = text.strip().splitlines()[0] if text.strip() else "database error"
    if "file is not a database" in first_line:
        return "not a Quotebook library (the file is not a SQLite database)"
    return first_line
