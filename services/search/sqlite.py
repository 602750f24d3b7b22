"""The search index of a SQLite library: two FTS5 tables kept in step by triggers.

``search_quote`` and ``search_article`` hold text Quotebook derives in Python (folded, stemmed,
CJK pairs, compound tails; see :mod:`services.search.words`) under the row's own id, tokenised
by FTS5's plain ``ascii`` tokenizer (which splits on ASCII spaces and punctuation only, so every
token arrives exactly as Python made it).

Keeping the index in step cannot be forgotten by a new service: SQL triggers on every table the
index reads (article, quote, speaker, speaker_alias, tag, quote_tag) note the changed ids in
``search_dirty``, whatever wrote them — the ORM, a bulk ``UPDATE``, a cascading delete, an undo.
Before each write transaction commits, :func:`sync` re-derives the noted rows in Python and
writes them into the index in the same transaction, so the index is never behind what is
committed. Anything else that writes to the file (a script, another tool) leaves ids in the
queue; they are taken up by the next write or when the library is opened.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.exc import DatabaseError, OperationalError

from services.progress import TaskContext
from services.search.words import folded, folded_values, reduce_document

#: Bumped whenever the index's derived text changes meaning: an index of another format is
#: dropped and rebuilt when the library is opened.
FORMAT = "1"

#: Ids per ``IN (…)`` query and per batch of derived rows.
CHUNK = 500

QUOTE_TABLE = "search_quote"
ARTICLE_TABLE = "search_article"

#: Relative weights of the columns in bm25 ranking (text, note, speaker, tags, words, parts /
#: title, body, outlet, authors, words, parts).
_QUOTE_RANK = "bm25(4.0, 2.0, 3.0, 3.0, 1.0, 1.0)"
_ARTICLE_RANK = "bm25(6.0, 1.0, 2.0, 2.0, 0.5, 0.5)"

SCHEMA: tuple[str, ...] = (
    "CREATE TABLE IF NOT EXISTS search_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS search_dirty ("
    "kind TEXT NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (kind, id)) WITHOUT ROWID",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {QUOTE_TABLE} USING fts5("
    "text, note, speaker, tags, words, parts, tokenize = 'ascii')",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {ARTICLE_TABLE} USING fts5("
    "title, body, outlet, authors, words, parts, tokenize = 'ascii')",
    f"INSERT INTO {QUOTE_TABLE}({QUOTE_TABLE}, rank) VALUES ('rank', '{_QUOTE_RANK}')",
    f"INSERT INTO {ARTICLE_TABLE}({ARTICLE_TABLE}, rank) VALUES ('rank', '{_ARTICLE_RANK}')",
)


def _mark(kind: str, select: str) -> str:
    return f"INSERT OR IGNORE INTO search_dirty (kind, id) {select};"


#: name → (event, body). Each notes the ids whose index text the change affects.
TRIGGERS: dict[str, tuple[str, str]] = {
    "search_article_insert": (
        "AFTER INSERT ON article",
        _mark("article", "VALUES ('article', NEW.id)"),
    ),
    "search_article_update": (
        "AFTER UPDATE OF title, text, outlet, authors, language ON article",
        _mark("article", "VALUES ('article', NEW.id)")
        # A quote is stemmed in its article's language.
        + _mark(
            "quote",
            "SELECT 'quote', id FROM quote WHERE article_id = NEW.id"
            " AND OLD.language IS NOT NEW.language",
        ),
    ),
    "search_article_delete": (
        "AFTER DELETE ON article",
        _mark("article", "VALUES ('article', OLD.id)"),
    ),
    "search_quote_insert": ("AFTER INSERT ON quote", _mark("quote", "VALUES ('quote', NEW.id)")),
    "search_quote_update": (
        "AFTER UPDATE OF id, text, note, speaker_id, article_id ON quote",
        _mark("quote", "VALUES ('quote', OLD.id)") + _mark("quote", "VALUES ('quote', NEW.id)"),
    ),
    "search_quote_delete": ("AFTER DELETE ON quote", _mark("quote", "VALUES ('quote', OLD.id)")),
    "search_speaker_update": (
        "AFTER UPDATE OF name, public_label ON speaker",
        _mark("quote", "SELECT 'quote', id FROM quote WHERE speaker_id = NEW.id"),
    ),
    "search_alias_insert": (
        "AFTER INSERT ON speaker_alias",
        _mark("quote", "SELECT 'quote', id FROM quote WHERE speaker_id = NEW.speaker_id"),
    ),
    "search_alias_update": (
        "AFTER UPDATE ON speaker_alias",
        _mark("quote", "SELECT 'quote', id FROM quote WHERE speaker_id = OLD.speaker_id")
        + _mark("quote", "SELECT 'quote', id FROM quote WHERE speaker_id = NEW.speaker_id"),
    ),
    "search_alias_delete": (
        "AFTER DELETE ON speaker_alias",
        _mark("quote", "SELECT 'quote', id FROM quote WHERE speaker_id = OLD.speaker_id"),
    ),
    "search_tag_update": (
        "AFTER UPDATE OF name ON tag",
        _mark("quote", "SELECT 'quote', quote_id FROM quote_tag WHERE tag_id = NEW.id"),
    ),
    "search_quote_tag_insert": (
        "AFTER INSERT ON quote_tag",
        _mark("quote", "VALUES ('quote', NEW.quote_id)"),
    ),
    "search_quote_tag_update": (
        "AFTER UPDATE ON quote_tag",
        _mark("quote", "VALUES ('quote', OLD.quote_id)")
        + _mark("quote", "VALUES ('quote', NEW.quote_id)"),
    ),
    "search_quote_tag_delete": (
        "AFTER DELETE ON quote_tag",
        _mark("quote", "VALUES ('quote', OLD.quote_id)"),
    ),
}

TABLES = (QUOTE_TABLE, ARTICLE_TABLE, "search_dirty", "search_meta")


def create_statements() -> list[str]:
    """Every statement that builds an empty index of the current format."""
    triggers = [
        f"CREATE TRIGGER IF NOT EXISTS {name} {event} BEGIN {body} END"
        for name, (event, body) in TRIGGERS.items()
    ]
    return [
        *SCHEMA,
        *triggers,
        f"INSERT OR REPLACE INTO search_meta (key, value) VALUES ('format', '{FORMAT}')",
    ]


def drop_statements() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGERS] + [
        f"DROP TABLE IF EXISTS {table}" for table in TABLES
    ]


# --------------------------------------------------------------------------- health


def needs_rebuild(connection: Connection) -> str | None:
    """Why the index cannot be trusted, or None; a few indexed lookups, no scan of the text.

    Checks that every table and trigger exists, the format is current, the index holds exactly
    one row per article and quote, and FTS5 can read its own structure.
    """
    present = {
        name
        for (name,) in connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE name LIKE 'search%'"
        )
    }
    missing = [name for name in (*TABLES, *TRIGGERS) if name not in present]
    if missing:
        return f"missing {missing[0]}"
    stored = connection.exec_driver_sql(
        "SELECT value FROM search_meta WHERE key = 'format'"
    ).scalar()
    if stored != FORMAT:
        return f"format {stored} is not {FORMAT}"
    for table, source in ((QUOTE_TABLE, "quote"), (ARTICLE_TABLE, "article")):
        indexed = connection.exec_driver_sql(f"SELECT count(*) FROM {table}_docsize").scalar()
        pending = connection.exec_driver_sql(
            "SELECT count(*) FROM search_dirty WHERE kind = ?", (source,)
        ).scalar()
        rows = connection.exec_driver_sql(f"SELECT count(*) FROM {source}").scalar()
        if not pending and indexed != rows:
            return f"{indexed} {source}s indexed of {rows}"
        connection.exec_driver_sql(
            f"SELECT rowid FROM {table} WHERE {table} MATCH '\"quotebook\"' LIMIT 1"
        ).all()
    return None


def pending(connection: Connection) -> bool:
    return connection.exec_driver_sql("SELECT 1 FROM search_dirty LIMIT 1").first() is not None


# --------------------------------------------------------------------------- writing


def rebuild(connection: Connection, task: TaskContext) -> None:
    """Drop the index and derive it again from the library's tables (in the caller's
    transaction: a cancelled or failed rebuild leaves the old index as it was)."""
    for statement in drop_statements():
        try:
            with connection.begin_nested():
                connection.exec_driver_sql(statement)
        except DatabaseError:
            _forget_table(connection, statement.rsplit(" ", 1)[-1])
    for statement in create_statements():
        connection.exec_driver_sql(statement)
    article_ids = [row_id for (row_id,) in connection.exec_driver_sql("SELECT id FROM article")]
    quote_ids = [row_id for (row_id,) in connection.exec_driver_sql("SELECT id FROM quote")]
    total, done = len(article_ids) + len(quote_ids), 0
    task.report(done, total)
    for start in range(0, len(article_ids), CHUNK):
        chunk = article_ids[start : start + CHUNK]
        _write_articles(connection, chunk, replace=False)
        done += len(chunk)
        task.report(done, total)
    _remember_languages(connection)
    for start in range(0, len(quote_ids), CHUNK):
        chunk = quote_ids[start : start + CHUNK]
        _write_quotes(connection, chunk, replace=False)
        done += len(chunk)
        task.report(done, total)
    connection.exec_driver_sql("DELETE FROM search_dirty")


_SHADOWS = ("data", "idx", "content", "docsize", "config")


def _forget_table(connection: Connection, table: str) -> None:
    """Remove an FTS5 table too damaged for ``DROP TABLE`` (FTS5 must open it to drop it).

    Its own pages are ordinary tables and go normally; the entry naming the virtual table is
    removed from the schema directly, as SQLite documents for recovering from a corrupt
    schema, and the schema version is bumped so that every connection reads it anew.
    """
    for shadow in _SHADOWS:
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {table}_{shadow}")
    version = connection.exec_driver_sql("PRAGMA schema_version").scalar()
    connection.exec_driver_sql("PRAGMA writable_schema = ON")
    try:
        connection.exec_driver_sql(
            "DELETE FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        )
    finally:
        connection.exec_driver_sql("PRAGMA writable_schema = OFF")
    connection.exec_driver_sql(f"PRAGMA schema_version = {int(version or 0) + 1}")


def sync(connection: Connection) -> None:
    """Re-derive every row noted in ``search_dirty`` and empty the queue."""
    noted: dict[str, list[int]] = defaultdict(list)
    for kind, row_id in connection.exec_driver_sql("SELECT kind, id FROM search_dirty"):
        noted[kind].append(row_id)
    if not noted:
        return
    articles, quotes = noted.get("article", []), noted.get("quote", [])
    only_added, languages = True, set[str]()
    for start in range(0, len(articles), CHUNK):
        written = _write_articles(connection, articles[start : start + CHUNK], replace=True)
        only_added = only_added and written.only_added
        languages |= written.languages
    if articles:
        if only_added:
            # New articles can only add languages: no need to read every article's.
            _store_languages(connection, set(stored_languages(connection)) | languages)
        else:
            _remember_languages(connection)
    for start in range(0, len(quotes), CHUNK):
        _write_quotes(connection, quotes[start : start + CHUNK], replace=True)
    connection.exec_driver_sql("DELETE FROM search_dirty")


def _placeholders(ids: Sequence[int]) -> str:
    return ",".join("?" * len(ids))


def _delete(connection: Connection, table: str, ids: Sequence[int]) -> None:
    connection.exec_driver_sql(
        f"DELETE FROM {table} WHERE rowid IN ({_placeholders(ids)})", tuple(ids)
    )


@dataclass(frozen=True, slots=True)
class _Written:
    #: Every article was new to the index and is still in the library (no update, no delete).
    only_added: bool
    #: The written articles' languages.
    languages: set[str]


def _write_articles(connection: Connection, ids: Sequence[int], *, replace: bool) -> _Written:
    """(Re)index some articles (those deleted are only taken out)."""
    marks = _placeholders(ids)
    indexed: list[int] = []
    if replace:
        # Most noted articles were just imported: only those already indexed are taken out.
        indexed = [
            row_id
            for (row_id,) in connection.exec_driver_sql(
                f"SELECT rowid FROM {ARTICLE_TABLE} WHERE rowid IN ({marks})", tuple(ids)
            )
        ]
        if indexed:
            _delete(connection, ARTICLE_TABLE, indexed)
    rows = connection.exec_driver_sql(
        f"SELECT id, title, text, outlet, authors, language FROM article WHERE id IN ({marks})",
        tuple(ids),
    ).all()
    values = []
    for row_id, title, text, outlet, authors, language in rows:
        reduced = reduce_document(
            language or "", (title, text), (folded(outlet), folded_values(_authors(authors)))
        )
        values.append((row_id, *reduced.stemmed, *reduced.folded, reduced.surfaces, reduced.parts))
    if values:
        connection.exec_driver_sql(
            f"INSERT INTO {ARTICLE_TABLE} (rowid, title, body, outlet, authors, words, parts)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            values,
        )
    return _Written(
        only_added=not indexed and len(rows) == len(set(ids)),
        languages={str(row[5] or "") for row in rows} - {""},
    )


def _authors(value: Any) -> list[str]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return [value]
    return [str(name) for name in value] if isinstance(value, list) else []


def _write_quotes(connection: Connection, ids: Sequence[int], *, replace: bool) -> None:
    if replace:
        _delete(connection, QUOTE_TABLE, ids)
    marks = _placeholders(ids)
    rows = connection.exec_driver_sql(
        "SELECT quote.id, quote.text, quote.note, quote.speaker_id, article.language"
        " FROM quote JOIN article ON article.id = quote.article_id"
        f" WHERE quote.id IN ({marks})",
        tuple(ids),
    ).all()
    if not rows:
        return
    names = _speaker_names(connection, {row[3] for row in rows})
    tags: dict[int, list[str]] = defaultdict(list)
    for quote_id, name in connection.exec_driver_sql(
        "SELECT quote_tag.quote_id, tag.name FROM quote_tag JOIN tag ON tag.id = quote_tag.tag_id"
        f" WHERE quote_tag.quote_id IN ({marks}) ORDER BY tag.name_key",
        tuple(ids),
    ):
        tags[quote_id].append(name)
    values = []
    for quote_id, text, note, speaker_id, language in rows:
        reduced = reduce_document(
            language or "",
            (text, note),
            (names.get(speaker_id, ""), folded_values(tags.get(quote_id, ()))),
        )
        values.append(
            (quote_id, *reduced.stemmed, *reduced.folded, reduced.surfaces, reduced.parts)
        )
    connection.exec_driver_sql(
        f"INSERT INTO {QUOTE_TABLE} (rowid, text, note, speaker, tags, words, parts)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        values,
    )


def _speaker_names(connection: Connection, speaker_ids: Iterable[int]) -> dict[int, str]:
    """Each speaker's name, public label and aliases, folded for the ``speaker`` column."""
    ids = list(speaker_ids)
    values: dict[int, list[str]] = defaultdict(list)
    marks = _placeholders(ids)
    for speaker_id, name, label in connection.exec_driver_sql(
        f"SELECT id, name, public_label FROM speaker WHERE id IN ({marks})", tuple(ids)
    ):
        values[speaker_id] += [name, label] if label else [name]
    for speaker_id, alias in connection.exec_driver_sql(
        f"SELECT speaker_id, alias FROM speaker_alias WHERE speaker_id IN ({marks}) ORDER BY id",
        tuple(ids),
    ):
        values[speaker_id].append(alias)
    return {speaker_id: folded_values(names) for speaker_id, names in values.items()}


def _remember_languages(connection: Connection) -> None:
    """Store the library's article languages (they decide the stems a query word is tried as):
    read on every search, so kept here rather than gathered from 10,000 articles each time."""
    _store_languages(
        connection,
        {
            str(code or "")
            for (code,) in connection.exec_driver_sql("SELECT DISTINCT language FROM article")
        },
    )


def _store_languages(connection: Connection, codes: set[str]) -> None:
    languages = sorted(codes - {""})
    if languages == stored_languages(connection):
        return
    if languages:
        connection.exec_driver_sql(
            "INSERT OR REPLACE INTO search_meta (key, value) VALUES ('languages', ?)",
            (",".join(languages),),
        )
    else:
        connection.exec_driver_sql("DELETE FROM search_meta WHERE key = 'languages'")


def stored_languages(connection: Connection) -> list[str]:
    value = connection.exec_driver_sql(
        "SELECT value FROM search_meta WHERE key = 'languages'"
    ).scalar()
    return [code for code in str(value or "").split(",") if code]


def index_size(connection: Connection) -> dict[str, int]:
    """Bytes each index table takes on disk (needs SQLite's ``dbstat``; empty without it)."""
    try:
        rows = connection.exec_driver_sql(
            "SELECT name, sum(pgsize) FROM dbstat WHERE name LIKE 'search%' GROUP BY name"
        ).all()
    except OperationalError:  # dbstat is optional in SQLite builds
        return {}
    return {str(name): int(size) for name, size in rows}
