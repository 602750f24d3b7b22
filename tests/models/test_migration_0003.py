"""Revision 0003 (an article's CSL fields) upgrades a library that holds data."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import text

from models.engine import create_library_engine, library_url
from models.migrate import alembic_config, current_revision, head_revision, upgrade_to_head
from services.library import Library


def test_upgrade_from_0002_keeps_articles_and_adds_empty_csl_fields(library_path: Path) -> None:
    engine = create_library_engine(library_url(library_path))
    try:
        config = alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "0002")
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO article (title, outlet, authors, url, language, csl_type,"
                    " source_name, source_format, text, content_hash, paragraph_pages,"
                    " created_at, updated_at) VALUES ('Статья', 'Коммерсантъ', '[\"Анна\"]',"
                    " '', 'ru', 'article-newspaper', 'a.txt', 'text', 'Текст.', 'h', '[]',"
                    " '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
                )
            )
        assert current_revision(engine) == "0002"
        backup = upgrade_to_head(engine)
        assert backup is not None, "a library with data is backed up first"
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()

    library = Library.open(library_path)
    try:
        (summary,) = library.articles.list()
        assert summary.meta.title == "Статья"
        assert summary.meta.authors == ("Анна",)
        assert summary.meta.csl_extra == ""
        assert summary.meta.csl_fields == {}
    finally:
        library.close()
