"""The library as a whole: committed work survives a kill, refused work leaves no trace."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import text

import models.engine
from services.errors import InvalidInputError, LibraryUnavailableError, NotFoundError
from services.library import Library
from services.readmodels import ArticleMeta, LibraryCounts, QuoteDraft, QuoteEdit, SpeakerFields
from tests.services.dump import dump_tables
from tests.services.factories import add_article, quote

ROOT = Path(__file__).resolve().parent.parent.parent

needs_sigkill = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is a POSIX signal")


def _run_and_kill(library_path: Path, body: str) -> str:
    """Run ``body`` in a fresh interpreter that then kills itself with SIGKILL."""
    script = (
        textwrap.dedent(
            """
        import os, signal, sys
        from services.library import Library
        from services.readmodels import ArticleMeta, QuoteEdit
        library = Library.open(sys.argv[1])
        """
        )
        + textwrap.dedent(body)
        + "\nos.kill(os.getpid(), signal.SIGKILL)\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    finished = subprocess.run(
        [sys.executable, "-c", script, str(library_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )
    assert finished.returncode == -signal.SIGKILL, finished.stderr
    return finished.stdout


@needs_sigkill
def test_a_quote_committed_just_before_a_kill_is_there_on_restart(library_path: Path) -> None:
    output = _run_and_kill(
        library_path,
        """
        article = library.articles.add("Headline\\n\\nShe said “yes” to the pier.",
                                       ArticleMeta(title="Pier"))
        change = library.quotes.add_text(article.summary.id, "yes", 1,
                                         QuoteEdit("Zoë Marchetti", tags=("pier",)))
        print(change.quote.id, flush=True)
        """,
    )
    quote_id = int(output.strip())
    assert Path(f"{library_path}-wal").exists(), "the kill left the write-ahead log unmerged"

    reopened = Library.open(library_path)
    try:
        found = reopened.quotes.get(quote_id)
        assert (found.text, found.speaker_name, found.tags) == ("yes", "Zoë Marchetti", ("pier",))
        with reopened.engine.connect() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    finally:
        reopened.close()


@needs_sigkill
def test_work_not_yet_committed_at_a_kill_leaves_no_trace(library_path: Path) -> None:
    _run_and_kill(
        library_path,
        """
        from models.tables import Speaker
        from datetime import datetime, UTC
        library.articles.add("Committed article.", ArticleMeta(title="Kept"))
        with library.session() as session:
            now = datetime.now(UTC)
            session.add(Speaker(name="Half", name_key="half", color="#000000",
                                created_at=now, updated_at=now))
            session.flush()
            os.kill(os.getpid(), signal.SIGKILL)
        """,
    )
    reopened = Library.open(library_path)
    try:
        assert reopened.counts() == LibraryCounts(articles=1, quotes=0, speakers=0, tags=0)
    finally:
        reopened.close()


def test_a_refused_operation_rolls_back_everything_it_did(library: Library) -> None:
    """The session helper: an error after writes undoes the writes."""
    add_article(library)
    before = dump_tables(library.engine)
    with pytest.raises(InvalidInputError), library.session() as session:
        session.execute(text("DELETE FROM article"))
        raise InvalidInputError("test", "refused after a write")
    assert dump_tables(library.engine) == before


def test_refused_operations_leave_the_whole_library_unchanged(library: Library) -> None:
    article_id = add_article(library)
    change = quote(library, article_id, "It is not safe", "Tomás Ibarra", tags=("safety",))
    other = library.speakers.create(SpeakerFields("Ruth Penhallow", aliases=("the mayor",)))
    before = dump_tables(library.engine)

    refusals: list[Callable[[], object]] = [
        lambda: library.articles.add("   ", ArticleMeta(title="Empty")),
        lambda: library.articles.add("New text", ArticleMeta(title="T", url="not a url")),
        lambda: library.articles.update_meta(article_id, ArticleMeta(title="")),
        lambda: library.articles.resolve("nothing like it"),
        lambda: library.quotes.add(QuoteDraft(article_id, 5, 500_000, QuoteEdit("New One"))),
        lambda: library.quotes.add_text(article_id, "absent words", 1, QuoteEdit("New One")),
        lambda: library.quotes.update(change.quote.id, QuoteEdit(" ", tags=("new tag",))),
        lambda: library.speakers.create(SpeakerFields("THE MAYOR")),
        lambda: library.speakers.update(other.id, SpeakerFields("Tomás Ibarra", color="#000000")),
        lambda: library.speakers.delete(change.quote.speaker_id),
        lambda: library.speakers.merge(other.id, other.id),
        lambda: library.tags.rename(change.new_tag_ids[0], ""),
        lambda: library.tags.merge(change.new_tag_ids[0], 12345),
    ]
    for refuse in refusals:
        with pytest.raises((InvalidInputError, NotFoundError)):
            refuse()
        assert dump_tables(library.engine) == before


def test_a_locked_library_gives_a_clear_error(
    library_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(models.engine, "BUSY_TIMEOUT_MS", 50)
    library = Library.open(library_path)
    try:
        article_id = add_article(library)
        with closing(sqlite3.connect(library_path, isolation_level=None)) as other:
            other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
            with pytest.raises(LibraryUnavailableError, match="locked") as raised:
                quote(library, article_id, "It is not safe")
            other.execute("ROLLBACK")
        assert raised.value.item == str(library_path)
        assert library.counts().quotes == 0
        quote(library, article_id, "It is not safe")  # works again once the lock is gone
    finally:
        library.close()


def test_ids_are_never_reused_after_delete(library: Library) -> None:
    article_id = add_article(library, "First article.", "First")
    change = quote(library, article_id, "First", "Speaker One", tags=("one",))
    quote_id, speaker_id, tag_id = change.quote.id, change.quote.speaker_id, change.new_tag_ids[0]

    library.quotes.delete(quote_id)
    library.speakers.delete(speaker_id)
    library.tags.delete(tag_id)
    library.articles.delete(article_id)
    assert library.counts() == LibraryCounts(0, 0, 0, 0)

    new_article = add_article(library, "Second article.", "Second")
    new_change = quote(library, new_article, "Second", "Speaker Two", tags=("two",))
    assert new_article > article_id
    assert new_change.quote.id > quote_id
    assert new_change.quote.speaker_id > speaker_id
    assert new_change.new_tag_ids[0] > tag_id


def test_counts(library: Library) -> None:
    assert library.counts() == LibraryCounts(0, 0, 0, 0)
    article_id = add_article(library)
    quote(library, article_id, "It is not safe", tags=("a", "b"))
    library.speakers.create(SpeakerFields("Unquoted"))
    assert library.counts() == LibraryCounts(articles=1, quotes=1, speakers=2, tags=2)


def test_an_edit_waits_for_another_writer_instead_of_failing(library_path: Path) -> None:
    """The app and a CLI command writing at once: the second waits, then sees the first's work.

    With deferred transactions the second would read, find the first holding the write lock,
    and fail at once with "database is locked" when it committed (a stale read snapshot).
    """
    import threading
    import time

    from models.tables import Tag
    from services.readmodels import ArticleMeta, QuoteDraft, QuoteEdit

    first, second = Library.open(library_path), Library.open(library_path)
    try:
        article = first.articles.add("Words worth quoting.", ArticleMeta("Story")).summary.id
        holding = threading.Event()

        def write_slowly() -> None:
            with first.session(write=True) as session:
                session.add(Tag(name="held", name_key="held"))
                session.flush()
                holding.set()
                time.sleep(0.3)

        writer = threading.Thread(target=write_slowly)
        writer.start()
        holding.wait()
        change = second.quotes.add(QuoteDraft(article, 0, 5, QuoteEdit("Anna Petrova")))
        writer.join()
        assert change.quote.text == "Words"
        assert [tag.name for tag in second.tags.list()] == ["held"]
    finally:
        first.close()
        second.close()
