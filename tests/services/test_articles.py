"""Articles: canonical text fixed at import, metadata validated, delete undoable with its quotes."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event

from services.articles import ArticleSnapshot
from services.errors import InvalidInputError, NotFoundError
from services.library import Library
from services.readmodels import ArticleMeta, ArticleSummary, QuoteFilter
from tests.services.dump import dump_tables
from tests.services.factories import ARTICLE, add_article, quote

FULL_META = ArticleMeta(
    title="  Harbour   council  ",
    outlet=" The Wrayhaven Courier ",
    authors=("  Elin  Trevaskis ", "", "Tomás Ibarra"),
    published=date(2025, 2, 26),
    url=" https://example.org/pier ",
    language="pt_BR",
    csl_type="article-newspaper",
)


def test_add_stores_canonical_text_and_tidied_metadata(library: Library) -> None:
    added = library.articles.add("\ufeffTitle\r\n\r\n\r\nBody e\u0301  \r\n", FULL_META, "a.txt")
    assert added.created
    info = library.articles.get(added.summary.id)
    assert info.text == "Title\n\nBody é"
    assert info.meta == ArticleMeta(
        title="Harbour council",
        outlet="The Wrayhaven Courier",
        authors=("Elin Trevaskis", "Tomás Ibarra"),
        published=date(2025, 2, 26),
        url="https://example.org/pier",
        language="pt-br",
        csl_type="article-newspaper",
    )
    assert info.summary.source_name == "a.txt"
    assert info.summary.source_format == "text"
    assert info.summary.quote_count == 0
    assert info.summary.created_at.tzinfo is not None


def test_same_text_again_is_the_same_article(library: Library) -> None:
    first = library.articles.add("Body text.\n", ArticleMeta(title="One"))
    before = dump_tables(library.engine)
    again = library.articles.add("Body text.\r\n\r\n", ArticleMeta(title="Another title"))
    assert not again.created
    assert again.summary.id == first.summary.id
    assert again.summary.title == "One"
    assert dump_tables(library.engine) == before


def test_different_text_is_a_different_article(library: Library) -> None:
    one = library.articles.add("Body text.", ArticleMeta(title="One"))
    two = library.articles.add("Body text!", ArticleMeta(title="One"))
    assert two.created
    assert two.summary.id != one.summary.id


@pytest.mark.parametrize(
    ("meta", "reason"),
    [
        (ArticleMeta(title="   "), "title is empty"),
        (ArticleMeta(title="T", language="english"), "not a language code"),
        (ArticleMeta(title="T", language="e"), "not a language code"),
        (ArticleMeta(title="T", url="www.example.org/no-scheme"), "not a URL"),
        (ArticleMeta(title="T", csl_type="Newspaper Article"), "not a CSL item type"),
    ],
)
def test_bad_metadata_is_refused_and_nothing_stored(
    library: Library, meta: ArticleMeta, reason: str
) -> None:
    existing = add_article(library)
    before = dump_tables(library.engine)
    with pytest.raises(InvalidInputError, match=reason):
        library.articles.add("Some new text", meta)
    with pytest.raises(InvalidInputError, match=reason):
        library.articles.update_meta(existing, meta)
    assert dump_tables(library.engine) == before


def test_empty_text_is_refused(library: Library) -> None:
    with pytest.raises(InvalidInputError, match="no text") as raised:
        library.articles.add(" \n\r\n\ufeff\x00 ", ArticleMeta(title="T"), "empty.txt")
    assert raised.value.item == "empty.txt"
    assert library.counts().articles == 0


def test_update_meta(library: Library) -> None:
    article_id = add_article(library)
    text_before = library.articles.get(article_id).text
    summary = library.articles.update_meta(article_id, FULL_META)
    assert summary.meta.title == "Harbour council"
    assert summary.meta.language == "pt-br"
    info = library.articles.get(article_id)
    assert info.meta == summary.meta
    assert info.text == text_before
    with pytest.raises(NotFoundError):
        library.articles.update_meta(999, FULL_META)


def test_resolve_by_id_title_and_prefix(library: Library) -> None:
    pier = library.articles.add("a", ArticleMeta(title="Pier rebuild vote")).summary.id
    pie = library.articles.add("b", ArticleMeta(title="Pie contest")).summary.id
    russian = library.articles.add("c", ArticleMeta(title="Интервью с министром")).summary.id
    percent = library.articles.add("d", ArticleMeta(title="50% more fish")).summary.id

    assert library.articles.resolve(str(pier)) == pier
    assert library.articles.resolve(f" {pie} ") == pie
    assert library.articles.resolve("pier rebuild VOTE") == pier
    assert library.articles.resolve("Pie contest") == pie
    assert library.articles.resolve("pier r") == pier
    assert library.articles.resolve("ИНТЕРВЬЮ") == russian
    assert library.articles.resolve("50%") == percent
    with pytest.raises(InvalidInputError, match="2 articles match"):
        library.articles.resolve("pie")
    with pytest.raises(NotFoundError):
        library.articles.resolve("5_")  # % and _ are not wildcards
    with pytest.raises(NotFoundError):
        library.articles.resolve("Harbour")
    with pytest.raises(NotFoundError):
        library.articles.resolve("999")
    with pytest.raises(InvalidInputError):
        library.articles.resolve("   ")
    with pytest.raises(NotFoundError):
        library.articles.resolve("²")  # a digit to str.isdigit, but not a number


def test_resolve_accepts_ids_in_other_digits(library: Library) -> None:
    article_id = add_article(library)
    assert article_id < 10
    assert library.articles.resolve(chr(0x0660 + article_id)) == article_id  # Arabic-Indic


def test_an_exact_title_wins_over_longer_ones(library: Library) -> None:
    short = library.articles.add("a", ArticleMeta(title="Pier")).summary.id
    library.articles.add("b", ArticleMeta(title="Pier rebuild"))
    assert library.articles.resolve("pier") == short


def test_list_returns_summaries_newest_first_without_loading_texts(library: Library) -> None:
    marker = "UNIQUE-BODY-MARKER"
    first = add_article(library, f"First {marker}", "First")
    second = add_article(library, f"Second {marker}", "Second")
    quote(library, second, "Second")

    statements: list[str] = []

    def record(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(library.engine, "before_cursor_execute", record)
    try:
        summaries = library.articles.list()
    finally:
        event.remove(library.engine, "before_cursor_execute", record)

    assert [s.id for s in summaries] == [second, first]
    assert all(type(s) is ArticleSummary for s in summaries)
    assert [s.quote_count for s in summaries] == [1, 0]
    assert not any(hasattr(s, "text") for s in summaries)
    selects = [sql for sql in statements if "FROM article" in sql]
    assert selects, "the list came from the article table"
    assert not any("article.text" in sql for sql in selects), "texts were not read"


def test_get_summary_and_missing_article(library: Library) -> None:
    article_id = add_article(library)
    assert library.articles.summary(article_id).id == article_id
    assert library.articles.get(article_id).text == ARTICLE
    with pytest.raises(NotFoundError, match="article 999"):
        library.articles.get(999)
    with pytest.raises(NotFoundError):
        library.articles.delete(999)


def _rows_without_timestamps(library: Library) -> dict[str, list[tuple[object, ...]]]:
    """A dump with article.updated_at left out: restoring an article is itself an update."""
    dump = dump_tables(library.engine)
    with library.engine.connect() as connection:
        columns = list(connection.exec_driver_sql("SELECT * FROM article LIMIT 0").keys())
    updated = columns.index("updated_at")
    dump["article"] = [row[:updated] + row[updated + 1 :] for row in dump["article"]]
    return dump


def test_delete_and_restore_bring_back_article_quotes_and_tags(library: Library) -> None:
    keep = add_article(library, "Another article, kept. “Kept words.”", "Kept")
    article_id = add_article(library)
    one = quote(library, article_id, "the pier would be rebuilt", tags=("pier", "promise"))
    two = quote(library, article_id, "It is not safe", "Tomás Ibarra", tags=("safety",))
    three = quote(library, article_id, "not safe", "Tomás Ibarra")  # nested in two
    kept = quote(library, keep, "Kept words.", tags=("pier",))
    before = _rows_without_timestamps(library)

    snapshot = library.articles.delete(article_id)

    assert isinstance(snapshot, ArticleSnapshot)
    assert [q.id for q in snapshot.quotes] == [one.quote.id, two.quote.id, three.quote.id]
    assert library.quotes.ids() == [kept.quote.id]
    assert library.quotes.ids(QuoteFilter(article_ids=(article_id,))) == []
    assert library.tags.get(library.tags.resolve("safety").id).quote_count == 0
    assert library.counts().articles == 1
    with pytest.raises(NotFoundError):
        library.articles.get(article_id)

    restored = library.articles.restore(snapshot)

    assert restored.id == article_id
    assert restored.quote_count == 3
    assert _rows_without_timestamps(library) == before
    assert library.quotes.get(one.quote.id).tags == ("pier", "promise")
    assert library.quotes.get(two.quote.id).speaker_name == "Tomás Ibarra"


def test_a_new_article_after_a_delete_gets_a_new_id(library: Library) -> None:
    first = add_article(library, "one", "One")
    library.articles.delete(first)
    second = add_article(library, "two", "Two")
    assert second > first
