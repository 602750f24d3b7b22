"""Ids plus rows: the paged reading the app's lazy lists use agrees with the whole lists."""

from __future__ import annotations

from services.articles import NewArticle
from services.library import Library
from services.readmodels import ArticleMeta, SpeakerFields
from tests.services.factories import ARTICLE, add_article, quote


def fill(library: Library) -> list[int]:
    articles = [
        add_article(library, f"{ARTICLE}\n\nEdition {n} — «выпуск» 🎉", f"Выпуск {n}")
        for n in range(3)
    ]
    library.speakers.create(SpeakerFields("Zoë Ng", aliases=("Z. Ng",)))
    quote(
        library,
        articles[0],
        "We will not let it fall into the sea",
        "Ruth Penhallow",
        tags=("pier",),
    )
    quote(library, articles[0], "It is not safe", "Tomás Ibarra", tags=("pier", "safety"))
    quote(library, articles[2], "It is not safe", "Ruth Penhallow", tags=("Ёлка",))
    return articles


def test_article_ids_and_rows_match_the_list(library: Library) -> None:
    articles = fill(library)
    listed = library.articles.list()
    assert library.articles.ids() == [a.id for a in listed] == articles[::-1]
    rows = library.articles.rows(library.articles.ids())
    assert [rows[i] for i in library.articles.ids()] == listed
    assert rows[articles[0]].quote_count == 2
    assert rows[articles[1]].quote_count == 0


def test_rows_skip_missing_ids_and_keep_only_those_asked(library: Library) -> None:
    articles = fill(library)
    assert set(library.articles.rows([articles[1], 999_999])) == {articles[1]}
    assert library.articles.rows([]) == {}
    assert library.speakers.rows([999_999]) == {}
    assert library.tags.rows([]) == {}


def test_speaker_ids_and_rows_match_the_list(library: Library) -> None:
    fill(library)
    listed = library.speakers.list()
    ids = library.speakers.ids()
    assert ids == [s.id for s in listed]
    assert [s.name for s in listed] == ["Ruth Penhallow", "Tomás Ibarra", "Zoë Ng"]
    rows = library.speakers.rows(ids[::-1])
    assert [rows[i] for i in ids] == listed
    assert rows[ids[2]].fields.aliases == ("Z. Ng",)


def test_tag_ids_and_rows_match_the_list(library: Library) -> None:
    fill(library)
    listed = library.tags.list()
    ids = library.tags.ids()
    assert ids == [t.id for t in listed]
    assert [t.name for t in listed] == ["pier", "safety", "Ёлка"]
    rows = library.tags.rows(ids)
    assert [rows[i] for i in ids] == listed
    assert rows[ids[0]].quote_count == 2


def test_many_ids_are_read_in_chunks(library: Library) -> None:
    """More ids than one ``IN (…)`` query takes still come back, every one."""
    stored = library.articles.add_many(
        [NewArticle(f"Text {n}", ArticleMeta(f"Article {n}")) for n in range(1_200)]
    )
    assert len(stored) == 1_200
    ids = library.articles.ids()
    rows = library.articles.rows(ids)
    assert len(rows) == 1_200
    assert rows[ids[0]].title == "Article 1199"
