"""first schema

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "article",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("outlet", sa.String(), server_default="", nullable=False),
        sa.Column("authors", sa.JSON(), nullable=False),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("url", sa.String(), server_default="", nullable=False),
        sa.Column("language", sa.String(), server_default="", nullable=False),
        sa.Column("csl_type", sa.String(), server_default="article-newspaper", nullable=False),
        sa.Column("source_name", sa.String(), server_default="", nullable=False),
        sa.Column("source_format", sa.String(), server_default="", nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.create_index("ix_article_content_hash", ["content_hash"], unique=False)

    op.create_table(
        "speaker",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("name_key", sa.String(), nullable=False),
        sa.Column("role", sa.String(), server_default="", nullable=False),
        sa.Column("affiliation", sa.String(), server_default="", nullable=False),
        sa.Column("color", sa.String(length=7), nullable=False),
        sa.Column("notes", sa.Text(), server_default="", nullable=False),
        sa.Column("confidential", sa.Boolean(), nullable=False),
        sa.Column("public_label", sa.String(), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name_key", name="uq_speaker_name_key"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "tag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("name_key", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name_key", name="uq_tag_name_key"),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "quote",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("speaker_id", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("context_before", sa.Text(), server_default="", nullable=False),
        sa.Column("context_after", sa.Text(), server_default="", nullable=False),
        sa.Column("kind", sa.String(length=16), server_default="direct", nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["article.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["speaker_id"], ["speaker.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("quote", schema=None) as batch_op:
        batch_op.create_index("ix_quote_article_start", ["article_id", "start"], unique=False)
        batch_op.create_index("ix_quote_speaker_id", ["speaker_id"], unique=False)

    op.create_table(
        "speaker_alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("speaker_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(), nullable=False),
        sa.Column("alias_key", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["speaker_id"], ["speaker.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("alias_key", name="uq_speaker_alias_key"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("speaker_alias", schema=None) as batch_op:
        batch_op.create_index("ix_speaker_alias_speaker_id", ["speaker_id"], unique=False)

    op.create_table(
        "quote_tag",
        sa.Column("quote_id", sa.Integer(), nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["quote_id"], ["quote.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["tag_id"], ["tag.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("quote_id", "tag_id"),
    )
    with op.batch_alter_table("quote_tag", schema=None) as batch_op:
        batch_op.create_index("ix_quote_tag_tag_id", ["tag_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("quote_tag", schema=None) as batch_op:
        batch_op.drop_index("ix_quote_tag_tag_id")

    op.drop_table("quote_tag")
    with op.batch_alter_table("speaker_alias", schema=None) as batch_op:
        batch_op.drop_index("ix_speaker_alias_speaker_id")

    op.drop_table("speaker_alias")
    with op.batch_alter_table("quote", schema=None) as batch_op:
        batch_op.drop_index("ix_quote_speaker_id")
        batch_op.drop_index("ix_quote_article_start")

    op.drop_table("quote")
    op.drop_table("tag")
    op.drop_table("speaker")
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.drop_index("ix_article_content_hash")

    op.drop_table("article")
