"""Migrations: the schema alembic builds is the schema the models declare, and upgrades are safe."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

import models.migrate
from models.engine import create_library_engine, library_url
from models.migrate import (
    SHIPPED_HEAD,
    backup_sqlite,
    current_revision,
    head_revision,
    upgrade_to_head,
)
from models.tables import METADATA
from services.errors import LibraryUnavailableError
from services.library import Library
from services.readmodels import ArticleMeta, QuoteDraft, QuoteEdit
from tests.services.dump import dump_tables

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def engine(library_path: Path) -> Iterator[Engine]:
    created = create_library_engine(library_url(library_path))
    yield created
    created.dispose()


def _not_search_index(name: str | None, type_: str, _parents: object) -> bool:
    """The search index's FTS5 tables (migration 0004) are derived data no model declares."""
    return not (type_ == "table" and (name or "").startswith("search_"))


def _fill(library: Library) -> None:
    article = library.articles.add("Первая строка.\n\nВторая строка.", ArticleMeta(title="Статья"))
    library.quotes.add(
        QuoteDraft(article.summary.id, 0, 14, QuoteEdit("Анна Петрова", tags=("тест",)))
    )


def _backups(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.backup-*"))


def _revision_in(path: Path) -> str:
    with closing(sqlite3.connect(path)) as connection:
        (revision,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    return str(revision)


def _schema(engine: Engine) -> dict[tuple[str, str], frozenset[str]]:
    """SQLite's own record of every table and index, as the set of clauses of its DDL.

    A set, because the order in which constraints are listed means nothing.
    """
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT type, name, sql FROM sqlite_master"
                " WHERE sql IS NOT NULL AND name != 'alembic_version'"
                " AND name NOT LIKE 'search%'"
            )
        )
        schema = {}
        for kind, name, sql in rows:
            head, _, body = sql.partition("(")
            # Columns added by ALTER TABLE are appended as "\n, name …" or ", name …" on one
            # line: split at every comma outside parentheses.
            clauses = {part.strip() for part in _top_level_parts(body.rsplit(")", 1)[0])}
            schema[kind, name] = frozenset({head.strip(), *clauses})
        return schema


def _top_level_parts(body: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for index, char in enumerate(body):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            parts.append(body[start:index])
            start = index + 1
    return [*parts, body[start:]]


def test_empty_library_upgraded_from_base_matches_the_models(
    engine: Engine, library_path: Path, tmp_path: Path
) -> None:
    assert current_revision(engine) is None
    assert upgrade_to_head(engine) is None, "an empty file has nothing to back up"
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": _not_search_index}
        )
        assert compare_metadata(context, METADATA) == []
    assert _backups(library_path.parent) == []

    # Autogenerate on SQLite skips server defaults (it misreads '') and ON DELETE rules, so
    # also compare the DDL SQLite stored with what the models create directly.
    direct = create_library_engine(library_url(tmp_path / "direct.sqlite"))
    try:
        METADATA.create_all(direct)
        assert _schema(engine) == _schema(direct)
    finally:
        direct.dispose()


def test_migrated_schema_keeps_delete_rules_and_autoincrement(engine: Engine) -> None:
    upgrade_to_head(engine)
    inspector = inspect(engine)
    for table in METADATA.sorted_tables:
        declared = {
            (fk.parent.name, fk.column.table.name, fk.ondelete) for fk in table.foreign_keys
        }
        reflected = {
            (fk["constrained_columns"][0], fk["referred_table"], fk["options"].get("ondelete"))
            for fk in inspector.get_foreign_keys(table.name)
        }
        assert reflected == declared, table.name
    autoincrement = {
        name
        for (_kind, name), clauses in _schema(engine).items()
        if any("AUTOINCREMENT" in clause for clause in clauses)
    }
    assert autoincrement == {"article", "speaker", "speaker_alias", "tag", "quote"}


def test_library_made_at_head_opens_unchanged(library_path: Path) -> None:
    library = Library.open(library_path)
    _fill(library)
    before = dump_tables(library.engine)
    library.close()

    reopened = Library.open(library_path)
    try:
        assert current_revision(reopened.engine) == head_revision()
        assert upgrade_to_head(reopened.engine) is None
        assert dump_tables(reopened.engine) == before
        assert reopened.counts().quotes == 1
    finally:
        reopened.close()
    assert _backups(library_path.parent) == []


@pytest.fixture
def newer_migrations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped migrations, to which a test adds a revision after head."""
    folder = tmp_path / "migrations"
    shutil.copytree(models.migrate.MIGRATIONS, folder, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(models.migrate, "MIGRATIONS", folder)
    monkeypatch.setattr(models.migrate, "SHIPPED_HEAD", "9001")  # what _add_revision adds
    return folder


def _add_revision(folder: Path, body: str) -> str:
    head = head_revision()
    (folder / "versions" / "9001_test.py").write_text(
        f'"""test revision"""\n\nfrom alembic import op\n\nrevision = "9001"\n'
        f'down_revision = "{head}"\nbranch_labels = None\ndepends_on = None\n\n\n'
        f"def upgrade() -> None:\n{body}\n\n\ndef downgrade() -> None:\n    pass\n",
        encoding="utf-8",
    )
    return head


def test_library_with_data_at_an_older_revision_is_backed_up_then_upgraded(
    library_path: Path, newer_migrations: Path
) -> None:
    library = Library.open(library_path)  # made at today's head…
    _fill(library)
    before = dump_tables(library.engine)
    library.close()
    old_head = _add_revision(  # …which a newer Quotebook has moved past
        newer_migrations, '    op.execute("CREATE TABLE later_feature (x INTEGER)")'
    )

    upgraded = Library.open(library_path)
    try:
        assert current_revision(upgraded.engine) == "9001"
        after = dump_tables(upgraded.engine)
    finally:
        upgraded.close()
    assert after.pop("later_feature") == []
    after["alembic_version"] = before["alembic_version"]
    assert after == before, "the upgrade kept every row"

    (backup,) = _backups(library_path.parent)
    assert backup.name.startswith(f"library.backup-{old_head}-")
    assert _revision_in(backup) == old_head
    with closing(sqlite3.connect(backup)) as connection:
        assert connection.execute("SELECT text FROM quote").fetchall() == [("Первая строка.",)]


def test_failed_upgrade_leaves_the_library_as_it_was(
    library_path: Path, newer_migrations: Path
) -> None:
    library = Library.open(library_path)
    _fill(library)
    before = dump_tables(library.engine)
    library.close()
    old_head = _add_revision(
        newer_migrations,
        '    op.execute("CREATE TABLE half_done (x INTEGER)")\n'
        '    op.execute("DELETE FROM quote")\n'
        '    raise RuntimeError("migration failed half-way")',
    )

    with pytest.raises(RuntimeError, match="half-way"):
        Library.open(library_path)

    engine = create_library_engine(library_url(library_path))
    try:
        assert dump_tables(engine) == before, "no half-built schema, no lost rows"
    finally:
        engine.dispose()
    (backup,) = _backups(library_path.parent)
    assert _revision_in(backup) == old_head


def test_two_processes_creating_one_library_at_once_both_succeed(tmp_path: Path) -> None:
    """The app and a CLI command started together on a new library: one migrates, one waits."""
    for attempt in range(8):
        path = tmp_path / f"library-{attempt}.sqlite"
        start = threading.Barrier(2)
        errors: list[Exception] = []

        def open_library(
            path: Path = path, start: threading.Barrier = start, errors: list[Exception] = errors
        ) -> None:
            start.wait()
            try:
                Library.open(path).close()
            except Exception as error:  # noqa: BLE001 - collected and asserted below
                errors.append(error)

        workers = [threading.Thread(target=open_library) for _ in range(2)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        assert errors == []
        assert _revision_in(path) == head_revision()


def test_backup_copies_committed_data_still_in_the_write_ahead_log(
    library: Library, library_path: Path
) -> None:
    _fill(library)  # the library stays open: the rows may be only in library.sqlite-wal
    backup = backup_sqlite(library.engine, "manual")
    assert backup is not None
    assert backup.parent == library_path.parent
    with closing(sqlite3.connect(backup)) as connection:
        assert connection.execute("SELECT count(*) FROM quote").fetchone() == (1,)
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_backup_of_a_database_url_that_is_not_a_file_is_skipped() -> None:
    engine = create_library_engine("sqlite://")
    try:
        assert backup_sqlite(engine, "x") is None
    finally:
        engine.dispose()


def test_other_sqlite_data_is_backed_up_before_tables_are_added(library_path: Path) -> None:
    """A SQLite file with tables but no revision takes the has-data path: backup first."""
    with closing(sqlite3.connect(library_path)) as connection:
        connection.execute("CREATE TABLE notes (body TEXT)")
        connection.execute("INSERT INTO notes VALUES ('keep me')")
        connection.commit()

    Library.open(library_path).close()

    (backup,) = _backups(library_path.parent)
    assert backup.name.startswith("library.backup-base-")
    for path in (backup, library_path):
        with closing(sqlite3.connect(path)) as connection:
            assert connection.execute("SELECT body FROM notes").fetchall() == [("keep me",)]


def test_newer_schema_is_refused(library_path: Path) -> None:
    Library.open(library_path).close()
    with closing(sqlite3.connect(library_path)) as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'ffff9999'")
        connection.commit()
    before = library_path.read_bytes()

    with pytest.raises(LibraryUnavailableError) as raised:
        Library.open(library_path)

    assert raised.value.item == str(library_path)
    assert "newer" in raised.value.reason
    assert "ffff9999" in raised.value.reason
    assert library_path.read_bytes() == before
    assert _backups(library_path.parent) == []


@pytest.mark.parametrize(
    "content",
    [b"Dear editor,\nthis is a letter, not a library.\n" * 40, b"SQLite format 3\x00junk"],
    ids=["text", "damaged-header"],
)
def test_a_file_that_is_not_sqlite_is_refused_with_a_reason(
    library_path: Path, content: bytes
) -> None:
    library_path.write_bytes(content)

    with pytest.raises(LibraryUnavailableError) as raised:
        Library.open(library_path)

    assert raised.value.item == str(library_path)
    assert "not" in raised.value.reason
    assert "\n" not in str(raised.value)
    assert library_path.read_bytes() == content, "a refused file is never written to"
    assert _backups(library_path.parent) == []


def test_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LibraryUnavailableError, match="folder"):
        Library.open(tmp_path)


def test_a_library_in_a_missing_folder_is_created(tmp_path: Path) -> None:
    path = tmp_path / "new" / "deeper" / "library.sqlite"
    Library.open(path).close()
    assert _revision_in(path) == head_revision()


def test_the_shipped_head_is_the_newest_migration() -> None:
    """Opening an up-to-date library trusts SHIPPED_HEAD instead of loading alembic."""
    assert head_revision() == SHIPPED_HEAD


def test_an_up_to_date_library_opens_without_alembic(tmp_path: Path) -> None:
    upgrade_to_head(create_library_engine(library_url(tmp_path / "library.sqlite")))
    probe = (
        "import sys; from models.engine import create_library_engine; "
        "from models.migrate import upgrade_to_head; "
        f"upgrade_to_head(create_library_engine({library_url(tmp_path / 'library.sqlite')!r})); "
        "print('alembic' in sys.modules)"
    )
    shown = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert shown.stdout.strip() == "False"
