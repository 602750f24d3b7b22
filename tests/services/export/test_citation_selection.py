"""Which quotes a citation list holds, under which headings, in which order, located where."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from services.export.options import GroupBy, SortBy
from services.export.selection import NO_TAG, load_selection
from services.library import Library
from services.readmodels import ArticleMeta, QuoteEdit
from tests.services.export.citation_fixtures import (
    SECRET_LABEL,
    SECRET_NAME,
    SECRET_ROLE,
    Newsroom,
    build_newsroom,
)


@pytest.fixture
def newsroom(library: Library) -> Newsroom:
    return build_newsroom(library)


def test_grouped_by_speaker_with_confidential_label_and_no_role(
    library: Library, newsroom: Newsroom
) -> None:
    selection = load_selection(library, newsroom.all_quotes, GroupBy.SPEAKER, SortBy.DATE)
    headings = [group.heading for group in selection.groups]
    assert SECRET_LABEL in headings
    assert "Пётр Петров, министр" in headings
    assert not any(SECRET_NAME in h or SECRET_ROLE in h for h in headings)
    secret = next(group for group in selection.groups if group.heading == SECRET_LABEL)
    assert {entry.quote_id for entry in secret.entries} == {
        newsroom.quotes["ru_secret"],
        newsroom.quotes["ru_formula"],
    }
    assert all(entry.attribution.role == "" for entry in secret.entries)
    assert selection.has_labelled_sources
    assert not selection.reveals_confidential


def test_revealing_confidential_sources_shows_name_and_role(
    library: Library, newsroom: Newsroom
) -> None:
    selection = load_selection(
        library, newsroom.all_quotes, GroupBy.SPEAKER, SortBy.DATE, reveal_confidential=True
    )
    headings = [group.heading for group in selection.groups]
    assert f"{SECRET_NAME}, {SECRET_ROLE}, Ministry of Finance" in headings
    assert SECRET_LABEL not in headings
    assert selection.reveals_confidential
    assert not selection.has_labelled_sources


def test_grouped_by_tag_a_quote_appears_under_each_tag_and_untagged_last(
    library: Library, newsroom: Newsroom
) -> None:
    selection = load_selection(library, newsroom.all_quotes, GroupBy.TAG, SortBy.DATE)
    headings = [group.heading for group in selection.groups]
    assert headings == ["pier", "политика", "тарифы", NO_TAG]
    by_heading = {g.heading: [e.quote_id for e in g.entries] for g in selection.groups}
    minister = newsroom.quotes["ru_minister"]
    assert minister in by_heading["политика"]
    assert minister in by_heading["тарифы"]
    assert newsroom.quotes["ja_mayor"] in by_heading[NO_TAG]
    # ...but once in the flat list (the CSV's rows) and in the count.
    assert [e.quote_id for e in selection.entries].count(minister) == 1
    assert selection.total == len(newsroom.all_quotes) == len(selection.entries)


def test_grouped_by_article_in_date_order_undated_last(
    library: Library, newsroom: Newsroom
) -> None:
    selection = load_selection(library, newsroom.all_quotes, GroupBy.ARTICLE, SortBy.DATE)
    assert [group.key for group in selection.groups] == [
        newsroom.pdf,  # 2024
        newsroom.en,  # 2025-01
        newsroom.ja,  # 2025-06
        newsroom.ru,  # 2026
        newsroom.de,  # undated
    ]
    ru = selection.groups[3]
    assert ru.heading == "Интервью с министром"
    # Within an article: by position.
    assert [e.quote_id for e in ru.entries] == [
        newsroom.quotes["ru_minister"],
        newsroom.quotes["ru_secret"],
        newsroom.quotes["ru_formula"],
    ]


def test_sorted_by_position_orders_by_article_then_offset(
    library: Library, newsroom: Newsroom
) -> None:
    selection = load_selection(library, newsroom.all_quotes, GroupBy.TAG, SortBy.POSITION)
    pier = next(group for group in selection.groups if group.heading == "pier")
    # "Harbour council meets" before "Hafen"? No: by title, "Hafen" < "Harbour".
    assert [e.source.article_id for e in pier.entries] == [newsroom.de, newsroom.en]
    dated = load_selection(library, newsroom.all_quotes, GroupBy.TAG, SortBy.DATE)
    pier = next(group for group in dated.groups if group.heading == "pier")
    assert [e.source.article_id for e in pier.entries] == [newsroom.en, newsroom.de]


def test_locators_count_paragraphs_and_pages_like_the_article(
    library: Library, newsroom: Newsroom
) -> None:
    selection = load_selection(library, newsroom.all_quotes, GroupBy.SPEAKER, SortBy.DATE)
    for entry in selection.entries:
        article = library.articles.get(entry.source.article_id)
        start = library.quotes.get(entry.quote_id).start
        assert entry.locator.paragraph == article.text.count("\n\n", 0, start) + 1
        assert entry.locator.page == article.page_at(start)
    located = {e.quote_id: e.locator.label() for e in selection.entries}
    assert located[newsroom.quotes["pdf_board"]] == "p. 7"
    assert located[newsroom.quotes["ru_minister"]] == "¶ 2"
    assert located[newsroom.quotes["ru_formula"]] == "¶ 4"


def test_quotes_are_verbatim_inside_their_languages_marks(
    library: Library, newsroom: Newsroom
) -> None:
    selection = load_selection(library, newsroom.all_quotes, GroupBy.SPEAKER, SortBy.DATE)
    quoted = {e.quote_id: e.quoted for e in selection.entries}
    assert quoted[newsroom.quotes["ru_minister"]] == "«Мы не отступим»"
    assert quoted[newsroom.quotes["de_mayor"]] == "„Wir bauen den Steg wieder auf.“"
    assert quoted[newsroom.quotes["ja_mayor"]] == "「桟橋を再建する」"
    assert quoted[newsroom.quotes["en_mayor"]] == "“We will not let it fall into the sea.”"
    for entry in selection.entries:
        assert entry.text == library.quotes.get(entry.quote_id).text


def test_missing_and_repeated_ids_are_dropped(library: Library, newsroom: Newsroom) -> None:
    mayor = newsroom.quotes["en_mayor"]
    selection = load_selection(library, [mayor, 999_999, mayor], GroupBy.SPEAKER, SortBy.DATE)
    assert [e.quote_id for e in selection.entries] == [mayor]
    assert [s.article_id for s in selection.sources] == [newsroom.en]


def test_a_preview_locates_only_the_quotes_it_shows(library: Library, newsroom: Newsroom) -> None:
    selection = load_selection(library, newsroom.all_quotes, GroupBy.ARTICLE, SortBy.DATE, limit=2)
    assert len(selection.entries) == 2
    assert selection.total == len(newsroom.all_quotes)
    assert selection.source_count == 5
    assert [s.article_id for s in selection.sources] == [newsroom.pdf, newsroom.en]


def _statements(library: Library, quote_ids: list[int]) -> int:
    count = 0

    def record(*_args: object) -> None:
        nonlocal count
        count += 1

    event.listen(library.engine, "before_cursor_execute", record)
    try:
        load_selection(library, quote_ids, GroupBy.TAG, SortBy.DATE)
    finally:
        event.remove(library.engine, "before_cursor_execute", record)
    return count


def test_queries_grow_with_articles_and_batches_not_with_quotes(library: Library) -> None:
    words = " ".join(f"w{n}" for n in range(400))
    first = library.articles.add(words, ArticleMeta(title="One")).summary.id
    second = library.articles.add(words + " x", ArticleMeta(title="Two")).summary.id
    ids = []
    for n in range(40):
        for article in (first, second):
            edit = QuoteEdit(speaker=f"Speaker {n % 3}", tags=(f"t{n % 4}",))
            ids.append(library.quotes.add_text(article, f"w{n}", 1, edit).quote.id)
    few = _statements(library, ids[:4])
    many = _statements(library, ids)
    assert many == few
