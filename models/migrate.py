"""Bring a library's schema to the current version, backing it up first.

Migrations are alembic scripts in ``models/migrations``. Before any upgrade of a library that
already holds data, the SQLite file is copied beside itself with the old revision in the name,
so a failed or regretted upgrade can always be rolled back by hand.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from models.engine import WRITE

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

#: The newest migration's revision, known without loading alembic: opening an up-to-date
#: library is what happens at nearly every start, and importing alembic costs a tenth of a
#: second of it. ``tests/models/test_migrations.py`` checks this against the scripts.
SHIPPED_HEAD = "0005"


class SchemaTooNewError(RuntimeError):
    """The library was written by a newer Quotebook than this one."""


def alembic_config() -> Config:
    from alembic.config import Config  # noqa: PLC0415 - see SHIPPED_HEAD

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory  # noqa: PLC0415 - see SHIPPED_HEAD

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "Quotebook ships at least one migration"
    return head


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext  # noqa: PLC0415 - see SHIPPED_HEAD

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def _stored_revision(engine: Engine) -> str | None:
    """The revision recorded in the library, read with plain SQL (no alembic)."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def backup_sqlite(engine: Engine, suffix: str) -> Path | None:
    """Copy a SQLite library with SQLite's online backup; returns the copy's path."""
    database = engine.url.database
    if engine.url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    source = Path(database)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    target = source.with_name(f"{source.stem}.backup-{suffix}-{stamp}{source.suffix}")
    # sqlite3's own context manager commits but never closes; closing() does.
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
    return target


def _is_known(script: ScriptDirectory, revision: str) -> bool:
    """Whether ``revision`` is one of ours; alembic raises rather than answering no."""
    from alembic.util import CommandError  # noqa: PLC0415 - see SHIPPED_HEAD

    try:
        return script.get_revision(revision) is not None
    except CommandError:
        return False


def upgrade_to_head(engine: Engine) -> Path | None:
    """Migrate ``engine``'s library to the newest schema; returns a backup path if one was made."""
    if _stored_revision(engine) == SHIPPED_HEAD:
        return None
    from alembic import command  # noqa: PLC0415 - see SHIPPED_HEAD
    from alembic.script import ScriptDirectory  # noqa: PLC0415

    head = head_revision()
    current = current_revision(engine)
    if current == head:
        return None
    script = ScriptDirectory.from_config(alembic_config())
    if current is not None and not _is_known(script, current):
        raise SchemaTooNewError(
            f"schema revision {current} is newer than this Quotebook understands; "
            "update Quotebook to open it"
        )
    backup: Path | None = None
    has_data = bool(inspect(engine).get_table_names())
    if has_data:
        backup = backup_sqlite(engine, current or "base")
    config = alembic_config()
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            _upgrade_sqlite(connection, config)
        else:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
    return backup


def _upgrade_sqlite(connection: Connection, config: Config) -> None:
    """Run the upgrade in one real SQLite transaction that holds the write lock from the start.

    The engine opens SQLite transactions itself (the driver would otherwise commit each CREATE
    and ALTER on its own, and a migration failing half-way would leave a half-built schema);
    ``IMMEDIATE`` makes two processes opening a new library at once migrate it one after the
    other (alembic re-reads the revision inside the transaction).
    """
    from alembic import command  # noqa: PLC0415 - see SHIPPED_HEAD

    writer = connection.execution_options(**{WRITE: True})
    with writer.begin():
        config.attributes["connection"] = writer
        command.upgrade(config, "head")
