"""The full-text search index (SQLite FTS5)

The index holds only text Quotebook derives from the ordinary tables (folded and stemmed words,
CJK character pairs, compound tails) and can always be thrown away and rebuilt. This migration
creates it empty, with the triggers that note every change for it; on opening, the search
service sees that the index does not cover the library's rows and fills it. The service also
keeps a format number in ``search_meta``: when the way words are derived changes, it drops and
recreates these tables itself (services/search/sqlite.py), with no new migration.

Only SQLite gets these tables; a PostgreSQL library will bring its own search backend.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: A frozen copy of services.search.sqlite.create_statements() at index format 1.
_CREATE = (
    ("CREATE TABLE IF NOT EXISTS search_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
    (
        "CREATE TABLE IF NOT EXISTS search_dirty (kind TEXT NOT NULL, id INTEGER NOT "
        "NULL, PRIMARY KEY (kind, id)) WITHOUT ROWID"
    ),
    (
        "CREATE VIRTUAL TABLE IF NOT EXISTS search_quote USING fts5(text, note, speaker, "
        "tags, words, parts, tokenize = 'ascii')"
    ),
    (
        "CREATE VIRTUAL TABLE IF NOT EXISTS search_article USING fts5(title, body, "
        "outlet, authors, words, parts, tokenize = 'ascii')"
    ),
    (
        "INSERT INTO search_quote(search_quote, rank) VALUES ('rank', 'bm25(4.0, 2.0, "
        "3.0, 3.0, 1.0, 1.0)')"
    ),
    (
        "INSERT INTO search_article(search_article, rank) VALUES ('rank', 'bm25(6.0, 1.0,"
        " 2.0, 2.0, 0.5, 0.5)')"
    ),
    (
        "CREATE TRIGGER IF NOT EXISTS search_article_insert AFTER INSERT ON article BEGIN"
        " INSERT OR IGNORE INTO search_dirty (kind, id) VALUES ('article', NEW.id); END"
    ),
    (
        "CREATE TRIGGER IF NOT EXISTS search_article_update AFTER UPDATE OF title, text, "
        "outlet, authors, language ON article BEGIN INSERT OR IGNORE INTO search_dirty "
        "(kind, id) VALUES ('article', NEW.id);INSERT OR IGNORE INTO search_dirty (kind, "
        "id) SELECT 'quote', id FROM quote WHERE article_id = NEW.id AND OLD.language IS "
        "NOT NEW.language; END"
    ),
    (
        "CREATE TRIGGER IF NOT EXISTS search_article_delete AFTER DELETE ON article BEGIN"
        " INSERT OR IGNORE INTO search_dirty (kind, id) VALUES ('article', OLD.id); END"
    ),
    (
        "CREATE TRIGGER IF NOT EXISTS search_quote_insert AFTER INSERT ON quote BEGIN "
        "INSERT OR IGNORE INTO search_dirty (kind, id) VALUES ('quote', NEW.id); END"
    ),
    (
        "CREATE TRIGGER IF NOT EXISTS search_quote_update AFTER UPDATE OF id, text, note,"
        " speaker_id, article_id ON quote BEGIN INSERT OR IGNORE INTO search_dirty (kind,"
        " id) VALUES ('quote', OLD.id);INSERT OR IGNORE INTO search_dirty (kind, id) "
        "VALUES ('quote', NEW.id); END"
    ),
    (
        "CREATE TRIGGER IF NOT EXISTS search_quote_delete AFTER DELETE ON quote BEGIN "
        "INSERT OR IGNORE INTO search_dirty (kind, id) VALUES ('quote', OLD.id); END"
    ),
    (
        "CREATE TRIGGER IF NOT EXISTS search_speaker_update AFTER UPDATE OF name, "
        "public_label ON speaker BEGIN INSERT OR IGNORE INTO search_dirty (kind, id) "
        "SELECT 'quote', id FROM quote WHERE speaker_id = NEW.id; END"
    ),
    (
        "CREATE TRIGGER IF NOT EXISTS search_alias_insert AFTER INSERT ON speaker_alias "
        "BEGIN INSERT OR IGNORE INTO search_dirty (kind, id) SELECT 'quote', id FROM "
        "quote WHERE speaker_id = NEW.speaker_id; END"
    ),
    (
        "CREATE TRIGGER IF NOT EXISTS search_alias_update AFTER UPDATE ON speaker_alias "
        "BEGIN INSERT OR IGNORE INTO search_dirty (kind, id) SELECT 'quote', id FROM "
        "quote WHERE speaker_id = OLD.speaker_id;INSERT OR IGNORE INTO search_dirty "
        "(kind, id) SELECT 'quote', id FROM quote WHERE speaker_id = NEW.speaker_id; END"
    ),
    (
        "CREATE TRIGGER IF NOT EXISTS search_alias_delete AFTER DELETE ON speaker_alias "
        "BEGIN INSERT OR IGNORE INTO search_dirty (kind, id) SELECT 'quote', id FROM "
        "quote WHERE speaker_id = OLD.speaker_id; END"
    ),
    (
        "CREATE TRIGGER IF NOT EXISTS search_tag_update AFTER UPDATE OF name ON tag BEGIN"
        " INSERT OR IGNORE INTO search_dirty (kind, id) SELECT 'quote', quote_id FROM "
        "quote_tag WHERE tag_id = NEW.id; END"
    ),
    (
        "CREATE TRIGGER IF NOT EXISTS search_quote_tag_insert AFTER INSERT ON quote_tag "
        "BEGIN INSERT OR IGNORE INTO search_dirty (kind, id) VALUES ('quote', "
        "NEW.quote_id); END"
    ),
    (
        "CREATE TRIGGER IF NOT EXISTS search_quote_tag_update AFTER UPDATE ON quote_tag "
        "BEGIN INSERT OR IGNORE INTO search_dirty (kind, id) VALUES ('quote', "
        "OLD.quote_id);INSERT OR IGNORE INTO search_dirty (kind, id) VALUES ('quote', "
        "NEW.quote_id); END"
    ),
    (
        "CREATE TRIGGER IF NOT EXISTS search_quote_tag_delete AFTER DELETE ON quote_tag "
        "BEGIN INSERT OR IGNORE INTO search_dirty (kind, id) VALUES ('quote', "
        "OLD.quote_id); END"
    ),
    ("INSERT OR REPLACE INTO search_meta (key, value) VALUES ('format', '1')"),
)
_DROP = (
    "DROP TRIGGER IF EXISTS search_article_insert",
    "DROP TRIGGER IF EXISTS search_article_update",
    "DROP TRIGGER IF EXISTS search_article_delete",
    "DROP TRIGGER IF EXISTS search_quote_insert",
    "DROP TRIGGER IF EXISTS search_quote_update",
    "DROP TRIGGER IF EXISTS search_quote_delete",
    "DROP TRIGGER IF EXISTS search_speaker_update",
    "DROP TRIGGER IF EXISTS search_alias_insert",
    "DROP TRIGGER IF EXISTS search_alias_update",
    "DROP TRIGGER IF EXISTS search_alias_delete",
    "DROP TRIGGER IF EXISTS search_tag_update",
    "DROP TRIGGER IF EXISTS search_quote_tag_insert",
    "DROP TRIGGER IF EXISTS search_quote_tag_update",
    "DROP TRIGGER IF EXISTS search_quote_tag_delete",
    "DROP TABLE IF EXISTS search_quote",
    "DROP TABLE IF EXISTS search_article",
    "DROP TABLE IF EXISTS search_dirty",
    "DROP TABLE IF EXISTS search_meta",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in _CREATE:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in _DROP:
        op.execute(statement)
