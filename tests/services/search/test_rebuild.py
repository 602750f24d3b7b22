"""Rebuilding the index: by request, with progress, and by itself when it is missing or damaged."""

from __future__ import annotations

import importlib.util
import logging
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

import models.migrate
from services.library import Library
from services.progress import CancelledError, TaskContext
from services.search import sqlite as index
from tests.services.search.conftest import Newsroom
from tests.services.search.test_sync import assert_in_step, index_dump


class Recording(TaskContext):
    def __init__(self, cancel_at: int | None = None) -> None:
        super().__init__()
        self.reports: list[tuple[int, int]] = []
        self.cancel_at = cancel_at

    def report(self, done: int, total: int, message: str = "") -> None:
        self.reports.append((done, total))
        if self.cancel_at is not None and done >= self.cancel_at:
            self.cancel()
        super().report(done, total, message)


def test_rebuild_reports_progress(newsroom: Newsroom) -> None:
    task = Recording()
    newsroom.library.search.rebuild(task)
    assert task.reports[0] == (0, 10)  # 4 articles, 6 quotes
    assert task.reports[-1] == (10, 10)


def test_a_cancelled_rebuild_keeps_the_index_it_had(newsroom: Newsroom) -> None:
    before = index_dump(newsroom.library)
    with pytest.raises(CancelledError):
        newsroom.library.search.rebuild(Recording(cancel_at=4))
    assert index_dump(newsroom.library) == before


def _damage(path: Path, *statements: str) -> None:
    with closing(sqlite3.connect(path)) as connection:
        for statement in statements:
            connection.execute(statement)
        connection.commit()


@pytest.mark.parametrize(
    ("statements", "reason"),
    [
        (["DROP TABLE search_quote"], "missing search_quote"),
        (["DROP TRIGGER search_quote_insert"], "missing search_quote_insert"),
        (["DROP TABLE search_meta"], "missing search_meta"),
        (["UPDATE search_meta SET value = '0' WHERE key = 'format'"], "format 0 is not"),
        (["DELETE FROM search_article"], "0 articles indexed of 4"),
        (["DELETE FROM search_quote_data WHERE id > 1"], "unreadable"),
        # Damage only a search reaches: the search rebuilds the index and answers.
        (["UPDATE search_quote_data SET block = x'00ff00ff' WHERE id = 1"], "damaged"),
    ],
    ids=["table", "trigger", "meta", "format", "rows", "pages", "structure"],
)
def test_opening_a_library_with_a_missing_or_damaged_index_rebuilds_it(
    newsroom: Newsroom,
    library_path: Path,
    caplog: pytest.LogCaptureFixture,
    statements: list[str],
    reason: str,
) -> None:
    healthy = index_dump(newsroom.library)
    newsroom.library.close()
    _damage(library_path, *statements)

    with caplog.at_level(logging.WARNING, logger="services.search.service"):
        reopened = Library.open(library_path)
        try:
            found = {hit.quote_id for hit in reopened.search.search("pledge").quotes}
        except BaseException:
            reopened.close()
            raise
    try:
        assert reason in caplog.text
        assert found == {newsroom.quotes["taxes"]}
        assert index_dump(reopened) == healthy
        assert_in_step(reopened)
    finally:
        reopened.close()


def test_opening_a_healthy_library_does_not_rebuild(
    newsroom: Newsroom, library_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    newsroom.library.close()
    with caplog.at_level(logging.WARNING, logger="services.search.service"):
        Library.open(library_path).close()
    assert caplog.text == ""


def test_a_new_library_gets_the_index_from_its_migration(library: Library) -> None:
    with library.session() as session:
        assert library.search._backend is not None
        assert library.search._backend.needs_rebuild(session) is None


def test_migration_0004_creates_what_the_service_creates() -> None:
    """The migration keeps a frozen copy of the statements; while the format is the one it
    froze, they must be the same (a later format is rebuilt by the service on opening)."""
    path = next((models.migrate.MIGRATIONS / "versions").glob("0004_*.py"))
    spec = importlib.util.spec_from_file_location("migration_0004", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if index.FORMAT == "1":
        assert list(module._CREATE) == index.create_statements()
        assert list(module._DROP) == index.drop_statements()


def test_index_size_is_reported(newsroom: Newsroom) -> None:
    with newsroom.library.session() as session:
        sizes = index.index_size(session.connection())
    assert sizes == {} or sizes["search_quote_content"] > 0
