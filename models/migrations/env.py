"""Alembic environment: always run against the connection Quotebook hands over."""

from __future__ import annotations

from alembic import context

from models.tables import METADATA

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Quotebook migrations run through models.migrate, with a connection")

context.configure(
    connection=connection,
    target_metadata=METADATA,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
