"""Batch imports store many articles per transaction, yet each file succeeds or fails alone."""

from __future__ import annotations

from pathlib import Path

from services.importing import BATCH_SIZE, import_files
from services.library import Library
from services.progress import CancelledError, TaskContext
from tests.services.dump import dump_tables


def write(folder: Path, count: int) -> list[Path]:
    paths = []
    for number in range(count):
        path = folder / f"story-{number:03}.txt"
        path.write_text(f"Story {number}\n\nThe council met for the {number}th time.", "utf-8")
        paths.append(path)
    return paths


def test_a_refused_article_in_a_batch_leaves_the_others(library: Library, tmp_path: Path) -> None:
    paths = write(tmp_path, BATCH_SIZE + 5)
    bells = tmp_path / "bells.txt"
    bells.write_bytes(b"\x07\x07\x07")  # readable bytes, but no text once control codes go
    paths.insert(3, bells)
    duplicate = tmp_path / "again.txt"
    duplicate.write_text(paths[0].read_text("utf-8"), "utf-8")
    paths.insert(BATCH_SIZE + 2, duplicate)

    result = import_files(library, paths)

    assert [(Path(f.source).name, f.reason) for f in result.failures] == [
        ("bells.txt", "there is no text in it")
    ]
    assert len(result.created) == BATCH_SIZE + 5
    assert [a.summary.source_name for a in result.duplicates] == ["story-000.txt"]
    assert library.counts().articles == BATCH_SIZE + 5
    titles = [a.title for a in library.articles.list()]
    assert sorted(titles) == sorted(f"Story {n}" for n in range(BATCH_SIZE + 5))


def test_cancel_keeps_what_was_read_and_stores_nothing_after(
    library: Library, tmp_path: Path
) -> None:
    paths = write(tmp_path, 10)

    class StopAfterFour(TaskContext):
        def report(self, done: int, total: int, message: str = "") -> None:
            if done == 4:
                raise CancelledError

    result = import_files(library, paths, context=StopAfterFour())
    assert result.cancelled
    assert len(result.created) == 4
    assert library.counts().articles == 4


def test_a_locked_library_fails_the_batch_naming_each_file(
    library: Library, library_path: Path, tmp_path: Path
) -> None:
    import sqlite3

    import models.engine

    paths = write(tmp_path, 3)
    before = dump_tables(library.engine)
    blocker = sqlite3.connect(library_path, isolation_level=None)
    original = models.engine.BUSY_TIMEOUT_MS
    try:
        blocker.execute("BEGIN IMMEDIATE")
        models.engine.BUSY_TIMEOUT_MS = 50
        locked = Library.open(library_path)
        try:
            result = import_files(locked, paths)
        finally:
            locked.close()
    finally:
        models.engine.BUSY_TIMEOUT_MS = original
        blocker.execute("ROLLBACK")
        blocker.close()
    assert [Path(f.source).name for f in result.failures] == [p.name for p in paths]
    assert all("locked" in f.reason for f in result.failures)
    assert dump_tables(library.engine) == before
