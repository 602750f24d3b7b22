"""The one engine factory: every connection Quotebook opens comes from here.

SQLite gets foreign keys, write-ahead logging and full fsync on every connection, so a committed
quote survives the app being killed or the laptop losing power mid-session. A worker thread opens
its own session on the shared engine; the pool hands each thread its own connection.
"""

from __future__ import annotations

import sqlite3
import time
import unicodedata
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import String

#: SQLite waits this long for another process's write lock (e.g. the CLI while the app is open).
BUSY_TIMEOUT_MS = 10_000


def fold_text(value: str) -> str:
    """The key Quotebook compares names and searches by: NFC, case-folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", value).casefold().split())


class fold(FunctionElement[str]):  # noqa: N801 - reads as a SQL function in queries
    """``fold(column)`` in a query: case-insensitive matching in every script.

    SQLite's own ``lower()`` only knows ASCII, so on SQLite this compiles to a Python function
    registered on each connection; other databases get their Unicode-aware ``lower()``.
    """

    type = String()
    inherit_cache = True
    name = "fold"


@compiles(fold)
def _fold_default(element: fold, compiler: SQLCompiler, **kw: Any) -> str:
    return f"lower({compiler.process(element.clauses, **kw)})"


@compiles(fold, "sqlite")
def _fold_sqlite(element: fold, compiler: SQLCompiler, **kw: Any) -> str:
    return f"qb_fold({compiler.process(element.clauses, **kw)})"


def _sqlite_fold(value: object) -> str | None:
    return None if value is None else fold_text(str(value))


def library_url(location: str | Path) -> str:
    """Turn ``--library`` input (a file path or a database URL) into a SQLAlchemy URL."""
    text = str(location)
    if "://" in text:
        return text
    return f"sqlite:///{Path(text).expanduser().resolve()}"


#: Execution option that makes a transaction take SQLite's write lock when it begins.
WRITE = "quotebook_write"


def _configure_sqlite(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    # The driver must not open transactions behind our back; _begin opens them (see there).
    dbapi_connection.isolation_level = None
    dbapi_connection.create_function("qb_fold", 1, _sqlite_fold, deterministic=True)
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _use_wal(cursor)
        cursor.execute("PRAGMA synchronous = FULL")
    finally:
        cursor.close()


def _use_wal(cursor: sqlite3.Cursor) -> None:
    """Switch a library to write-ahead logging, waiting for other connections if need be.

    The switch needs the file to itself, and SQLite answers "database is locked" at once,
    without its busy handler, while another process is opening the same new library (the app
    and a CLI command started together). So the wait is done here, within the busy timeout.
    """
    mode = cursor.execute("PRAGMA journal_mode").fetchone()
    if mode and str(mode[0]).lower() == "wal":
        return
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def _begin(connection: Connection) -> None:
    """Open each SQLite transaction ourselves: ``IMMEDIATE`` for writes, deferred for reads.

    A write that starts as a deferred transaction reads first and asks for the write lock
    later; if another process (the CLI beside the app) committed in between, SQLite refuses at
    once with "database is locked" instead of waiting. Taking the lock at ``BEGIN`` makes the
    writer wait its turn (up to the busy timeout) and read what the other one wrote.
    """
    options = connection.get_execution_options()
    if options.get("isolation_level") == "AUTOCOMMIT":
        return
    connection.exec_driver_sql("BEGIN IMMEDIATE" if options.get(WRITE) else "BEGIN")


def create_library_engine(url: str) -> Engine:
    """Create the engine for a library URL, with Quotebook's per-connection settings."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "begin", _begin)
        return engine
    return create_engine(url, pool_pre_ping=True)
