"""A full, ordered dump of a library's tables, to prove a refused operation changed nothing."""

from __future__ import annotations

from sqlalchemy import Engine, text

Dump = dict[str, list[tuple[object, ...]]]


def dump_tables(engine: Engine) -> Dump:
    """Every row of every table, including alembic's version and SQLite's id counters.

    Rows are sorted by all their columns, so re-inserting the same rows compares equal.
    """
    with engine.connect() as connection:
        names = connection.execute(
            text("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        ).scalars()
        dump: Dump = {}
        for name in list(names):
            result = connection.execute(text(f'SELECT * FROM "{name}"'))
            width = len(result.keys())
            result.close()
            order = ", ".join(str(column) for column in range(1, width + 1))
            rows = connection.execute(text(f'SELECT * FROM "{name}" ORDER BY {order}'))
            dump[name] = [tuple(row) for row in rows]
        return dump
