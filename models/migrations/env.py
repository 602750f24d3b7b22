"""Alembic environment: always run against the connection Quotebook hands over."""

from __future__ import annotations

from alembic import context

from models.tables import METADATA

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Quotebook migrations run through models.migrate, with a connection")


def _include_name(name: str | None, type_: str, _parents: object) -> bool:
    """Leave the search index (FTS5 tables of migration 0004, no model) out of autogenerate."""
    return not (type_ == "table" and (name or "").startswith("search_"))


context.configure(
    connection=connection,
    include_name=_include_name,
    target_metadata=METADATA,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
