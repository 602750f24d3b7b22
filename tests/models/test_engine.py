"""The engine factory: every connection is set up the same way, and ``fold`` matches any script."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import column, literal, select, text
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import IntegrityError

from models.engine import create_library_engine, fold, fold_text, library_url
from models.tables import METADATA
from services.library import Library
from services.readmodels import ArticleMeta, QuoteDraft, QuoteEdit, SpeakerFields


def _pragmas(library: Library) -> tuple[object, object, object]:
    with library.engine.connect() as connection:
        return (
            connection.execute(text("PRAGMA foreign_keys")).scalar(),
            connection.execute(text("PRAGMA journal_mode")).scalar(),
            connection.execute(text("PRAGMA synchronous")).scalar(),
        )


def test_every_connection_has_foreign_keys_wal_and_full_sync(library: Library) -> None:
    expected = (1, "wal", 2)  # synchronous 2 is FULL
    assert _pragmas(library) == expected

    # Several connections open at once, so the pool has to make new ones.
    with library.engine.connect() as first, library.engine.connect() as second:
        for connection in (first, second):
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert connection.execute(text("PRAGMA synchronous")).scalar() == 2
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"

    # Work on another thread (as the app's workers do) sees the same settings.
    seen: list[tuple[object, object, object]] = []
    worker = threading.Thread(target=lambda: seen.append(_pragmas(library)))
    worker.start()
    worker.join()
    assert seen == [expected]

    # After the pool is emptied, fresh connections are configured again.
    library.engine.dispose()
    assert _pragmas(library) == expected


def test_foreign_keys_and_delete_rules_are_enforced(library: Library) -> None:
    article_id = library.articles.add("Some words here.", ArticleMeta(title="T")).summary.id
    library.quotes.add(QuoteDraft(article_id, 0, 4, QuoteEdit("Anna", tags=("t",))))

    def scalar(sql: str) -> object:
        with library.engine.connect() as connection:
            return connection.execute(text(sql)).scalar()

    with pytest.raises(IntegrityError), library.engine.begin() as connection:
        connection.execute(text("INSERT INTO speaker_alias VALUES (NULL, 999, 'x', 'x')"))
    with pytest.raises(IntegrityError), library.engine.begin() as connection:
        connection.execute(text("DELETE FROM speaker"))  # ON DELETE RESTRICT: Anna is quoted
    with library.engine.begin() as connection:
        connection.execute(text("DELETE FROM article"))  # ON DELETE CASCADE down to the tags
    assert scalar("SELECT count(*) FROM quote") == 0
    assert scalar("SELECT count(*) FROM quote_tag") == 0
    assert scalar("SELECT count(*) FROM tag") == 1, "the tag itself stays"


def test_library_url_accepts_paths_and_urls(tmp_path: Path) -> None:
    assert library_url("postgresql://db/quotes") == "postgresql://db/quotes"
    url = library_url(tmp_path / "a" / ".." / "library.sqlite")
    assert url == f"sqlite:///{(tmp_path / 'library.sqlite').resolve()}"


@pytest.mark.parametrize(
    ("upper", "lower"),
    [
        ("ПРИВЕТ, МИР", "привет, мир"),
        ("ЁЛКА", "ёлка"),
        ("ΟΔΥΣΣΕΥΣ", "οδυσσευς"),
        ("ΟΔΥΣΣΕΥΣ", "Οδυσσεύς".replace("ύ", "υ")),  # final sigma folds like any sigma
        ("STRASSE", "straße"),
        ("MASSE", "Maße"),
        ("ÉCOLE", "e\u0301cole"),  # decomposed input folds like composed
        ("  Anna   Petrova ", "anna petrova"),
    ],
)
def test_fold_text_ignores_case_in_every_script(upper: str, lower: str) -> None:
    assert fold_text(upper) == fold_text(lower)


def test_fold_text_keeps_different_letters_apart() -> None:
    assert fold_text("Ёлка") != fold_text("Елка")
    assert fold_text("Maße") != fold_text("Mase")


def test_fold_works_in_sqlite_queries(library: Library) -> None:
    for name in ("Straße Müller", "Ёжик Петров", "Σωκράτης"):
        library.speakers.create(SpeakerFields(name=name))
    with library.session() as session:

        def matching(value: str) -> list[str]:
            name = METADATA.tables["speaker"].c.name
            return list(session.scalars(select(name).where(fold(name) == fold_text(value))))

        assert matching("STRASSE MÜLLER") == ["Straße Müller"]
        assert matching("ЁЖИК ПЕТРОВ") == ["Ёжик Петров"]
        assert matching("ΣΩΚΡΆΤΗΣ") == ["Σωκράτης"]
        assert session.scalar(select(fold(literal(None)))) is None


def test_fold_compiles_to_lower_elsewhere() -> None:
    compiled = str(fold(column("name")).compile(dialect=postgresql.dialect()))
    assert compiled == "lower(name)"


def test_engine_for_a_file_path(tmp_path: Path) -> None:
    engine = create_library_engine(library_url(tmp_path / "x.sqlite"))
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SELECT qb_fold('ÀB  C')")).scalar() == "àb c"
    finally:
        engine.dispose()
