"""A full, ordered dump of a library's tables, to prove a refused operation changed nothing."""

from __future__ import annotations

import re

from sqlalchemy import Engine, text

Dump = dict[str, list[tuple[object, ...]]]

#: The search index's FTS5 tables (migration 0004) and the shadow tables FTS5 stores them in.
_FTS_TABLES = frozenset({"search_quote", "search_article"})
_FTS_SHADOW = re.compile(r"^search_(quote|article)_(data|idx|docsize|config|content)$")


def dump_tables(engine: Engine) -> Dump:
    """Every row of every table, including alembic's version and SQLite's id counters.

    Rows are sorted by all their columns, so re-inserting the same rows compares equal. The
    search index is compared by what it holds (each FTS5 table's rows), not by the b-tree
    pages FTS5 keeps them in, which differ after a delete and re-insert of the same rows.
    """
    with engine.connect() as connection:
        names = connection.execute(
            text("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        ).scalars()
        dump: Dump = {}
        for name in list(names):
            if _FTS_SHADOW.match(name):
                continue
            if name in _FTS_TABLES:
                rows = connection.execute(text(f'SELECT rowid, * FROM "{name}" ORDER BY rowid'))
                dump[name] = [tuple(row) for row in rows]
                continue
            result = connection.execute(text(f'SELECT * FROM "{name}"'))
            width = len(result.keys())
            result.close()
            order = ", ".join(str(column) for column in range(1, width + 1))
            rows = connection.execute(text(f'SELECT * FROM "{name}" ORDER BY {order}'))
            dump[name] = [tuple(row) for row in rows]
        return dump
