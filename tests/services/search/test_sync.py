"""The index follows every change, whatever service (or undo) makes it.

After each kind of change, the index must be exactly what a rebuild from the tables makes, and
a search must see the change.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import text

from models.tables import QuoteKind
from services.importing import import_files
from services.library import Library
from services.readmodels import ArticleMeta, QuoteEdit
from services.search import sqlite as sqlite_index
from tests.services.search.conftest import Newsroom

Dump = dict[str, list[tuple[object, ...]]]


def index_dump(library: Library) -> Dump:
    with library.engine.connect() as connection:
        return {
            table: [tuple(row) for row in connection.execute(text(sql))]
            for table, sql in {
                "search_quote": "SELECT rowid, * FROM search_quote ORDER BY rowid",
                "search_article": "SELECT rowid, * FROM search_article ORDER BY rowid",
                "search_meta": "SELECT * FROM search_meta ORDER BY key",
                "search_dirty": "SELECT * FROM search_dirty",
            }.items()
        }


def assert_in_step(library: Library) -> None:
    kept = index_dump(library)
    assert kept["search_dirty"] == [], "nothing waits to be indexed"
    library.search.rebuild()
    assert kept == index_dump(library)


def found(library: Library, query: str) -> set[int]:
    return set(library.search.quote_ids(query))


def articles(library: Library, query: str) -> set[int]:
    return {hit.article_id for hit in library.search.search(query).articles}


def test_a_new_library_is_in_step(newsroom: Newsroom) -> None:
    assert_in_step(newsroom.library)


def test_article_add_update_delete_restore(newsroom: Newsroom) -> None:
    library = newsroom.library
    added = library.articles.add("The lighthouse keeper retired.", ArticleMeta(title="Keeper"))
    article = added.summary.id
    assert articles(library, "lighthouse") == {article}
    assert_in_step(library)

    meta = replace(added.summary.meta, title="Lamp room", outlet="Coast Post", language="en")
    library.articles.update_meta(article, meta)
    assert articles(library, "keeper") == {article}
    assert articles(library, "lamp") == {article}
    assert articles(library, "outlet:coast") == {article}
    assert_in_step(library)

    snapshot = library.articles.delete(newsroom.english)
    assert articles(library, "pier") == set()
    assert found(library, "taxes") == set(), "its quotes went with it"
    assert_in_step(library)

    library.articles.restore(snapshot)
    assert articles(library, "pier") == {newsroom.english}
    assert found(library, "taxes") == {newsroom.quotes["taxes"]}
    assert_in_step(library)


def test_changing_an_articles_language_restems_its_quotes(newsroom: Newsroom) -> None:
    library = newsroom.library
    summary = library.articles.summary(newsroom.russian)
    library.articles.update_meta(newsroom.russian, replace(summary.meta, language="de"))
    assert_in_step(library)
    library.articles.update_meta(newsroom.russian, replace(summary.meta, language=""))
    assert found(library, "пошлина") == {newsroom.quotes["пошлины"]}, "Cyrillic: Russian stems"
    assert_in_step(library)


def test_quote_add_edit_delete_restore(newsroom: Newsroom) -> None:
    library = newsroom.library
    change = library.quotes.add_text(
        newsroom.english, "Analysts called the harbour plan expensive", 1, QuoteEdit("Sam Lee")
    )
    quote = change.quote.id
    assert found(library, "expensive") == {quote}
    assert_in_step(library)

    library.quotes.update(
        quote, QuoteEdit("Ruth Penhallow", QuoteKind.PARAPHRASE, ("harbour",), "from the report")
    )
    assert found(library, "speaker:penhallow") == {quote}
    assert found(library, "speaker:lee") == set()
    assert found(library, "report") == {quote}
    assert found(library, "tag:harbour") == {quote}
    assert_in_step(library)

    snapshot = library.quotes.delete(quote)
    assert found(library, "expensive") == set()
    assert_in_step(library)

    library.quotes.restore(snapshot)
    assert found(library, "tag:harbour expensive") == {quote}
    assert_in_step(library)


def test_speaker_rename_alias_merge_unmerge_delete(newsroom: Newsroom) -> None:
    library = newsroom.library
    taxes, residents = newsroom.quotes["taxes"], newsroom.quotes["residents"]
    anna = library.speakers.find("Anna Petrova")
    assert anna is not None
    library.speakers.update(
        anna.id, replace(anna.fields, name="Anna Ivanova", aliases=("the treasurer",))
    )
    assert found(library, "speaker:ivanova") == {taxes}
    assert found(library, "speaker:petrova") == set()
    assert found(library, "treasurer") == {taxes}
    assert found(library, '"the minister"') == set(), "the old alias is gone"
    assert_in_step(library)

    tomas = library.speakers.find("Tomás Herrera")
    assert tomas is not None
    merge = library.speakers.merge(tomas.id, anna.id)
    assert found(library, "speaker:ivanova") == {taxes, residents}
    assert found(library, "speaker:herrera") == {taxes, residents}, "now an alias of Anna"
    assert_in_step(library)

    library.speakers.unmerge(merge)
    assert found(library, "speaker:ivanova") == {taxes}
    assert found(library, "speaker:herrera") == {residents}
    assert_in_step(library)

    lone = library.speakers.create(replace(anna.fields, name="Nobody Quoted", aliases=()))
    snapshot = library.speakers.delete(lone.id)
    library.speakers.restore(snapshot)
    assert_in_step(library)


def test_tag_rename_merge_unmerge_delete_restore(newsroom: Newsroom) -> None:
    library = newsroom.library
    taxes, fir = newsroom.quotes["taxes"], newsroom.quotes["ёлка"]
    tag = library.tags.find("taxes")
    astana = library.tags.find("Астана")
    assert tag is not None
    assert astana is not None
    library.tags.rename(tag.id, "fiscal policy")
    assert found(library, "tag:fiscal") == {taxes}
    assert found(library, "tag:taxes") == set()
    assert_in_step(library)

    merge = library.tags.merge(astana.id, tag.id)
    assert found(library, "tag:fiscal") == {taxes, fir}
    assert found(library, "tag:астана") == set()
    assert_in_step(library)

    library.tags.unmerge(merge)
    assert found(library, "tag:астана") == {fir}
    assert found(library, "tag:fiscal") == {taxes}
    assert_in_step(library)

    snapshot = library.tags.delete(tag.id)
    assert found(library, "tag:fiscal") == set()
    assert_in_step(library)

    library.tags.restore(snapshot)
    assert found(library, "tag:fiscal") == {taxes}
    assert_in_step(library)


def test_an_import_batch(newsroom: Newsroom, tmp_path: Path) -> None:
    library = newsroom.library
    paths = []
    for number, words in enumerate(("The ferry sailed late.", "Паром отошёл поздно.")):
        path = tmp_path / f"{number}.txt"
        path.write_text(words, encoding="utf-8")
        paths.append(path)
    result = import_files(library, paths)
    assert len(result.added) == 2
    assert len(articles(library, "ferry")) == 1
    assert len(articles(library, "паромы")) == 1
    assert_in_step(library)


def test_a_failed_change_leaves_the_index_as_it_was(newsroom: Newsroom) -> None:
    library = newsroom.library
    before = index_dump(library)
    with pytest.raises(RuntimeError), library.session(write=True) as session:
        session.execute(text("UPDATE quote SET text = 'rolled back' WHERE id = 1"))
        raise RuntimeError
    assert index_dump(library) == before
    assert found(library, "rolled") == set()


def test_bulk_sql_in_a_session_is_indexed_on_commit(newsroom: Newsroom) -> None:
    library = newsroom.library
    with library.session() as session:
        session.execute(text("UPDATE quote SET note = 'bulk edited' WHERE kind = 'direct'"))
    assert len(found(library, '"bulk edited"')) == 4
    assert_in_step(library)


def test_changes_written_by_another_program_are_indexed_on_opening(
    newsroom: Newsroom, library_path: Path
) -> None:
    library = newsroom.library
    library.close()
    with closing(sqlite3.connect(library_path)) as connection:
        connection.execute("UPDATE article SET title = 'Renamed elsewhere' WHERE id = 1")
        connection.commit()
    reopened = Library.open(library_path)
    try:
        assert articles(reopened, "elsewhere") == {1}
        assert_in_step(reopened)
    finally:
        reopened.close()


def stored_languages(library: Library) -> list[str]:
    with library.session() as session:
        return sqlite_index.stored_languages(session.connection())


def test_the_librarys_languages_follow_adds_and_deletes(newsroom: Newsroom) -> None:
    """New articles can only add languages (a cheap path); a delete may take one away."""
    library = newsroom.library
    added = library.articles.add(
        "Il municipio resta chiuso.", ArticleMeta(title="Municipio", language="it")
    )
    assert "it" in stored_languages(library)
    assert_in_step(library)
    library.articles.delete(added.summary.id)
    assert "it" not in stored_languages(library)
    assert_in_step(library)
