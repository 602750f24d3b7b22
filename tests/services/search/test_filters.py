"""Filters typed into the query: speaker:, tag:, outlet:, kind:, before:, after:."""

from __future__ import annotations

import pytest

from tests.services.search.conftest import Newsroom


def quotes(newsroom: Newsroom, query: str) -> set[str]:
    names = {quote_id: name for name, quote_id in newsroom.quotes.items()}
    return {names[hit.quote_id] for hit in newsroom.library.search.search(query).quotes}


def articles(newsroom: Newsroom, query: str) -> set[int]:
    return {hit.article_id for hit in newsroom.library.search.search(query).articles}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("speaker:petrova", {"taxes"}),
        ('speaker:"Anna Petrova"', {"taxes"}),
        ("speaker:«анна петрова»", set()),
        ('speaker:"the minister"', {"taxes"}),  # an alias
        ("speaker:tomas", {"residents"}),  # accents folded
        ("speaker:Токаев", {"ёлка", "пошлины"}),
        ("speaker:токаев ёлка", {"ёлка"}),
        ("speaker:山本", {"協力"}),
        ("speaker:pet", {"taxes"}),  # a name's beginning is enough
        ("-speaker:petrova not", {"residents"}),
    ],
)
def test_speaker(newsroom: Newsroom, query: str, expected: set[str]) -> None:
    assert quotes(newsroom, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("tag:taxes", {"taxes"}),
        ('tag:"on record"', {"taxes"}),
        ("tag:астана", {"ёлка"}),
        ("tag:Brückenbau", {"brücke"}),
        ("tag:外交", {"協力"}),
        ("tag:taxes tag:астана", set()),
        ("-tag:taxes not", {"residents"}),
        ("tag:record pledge", {"taxes"}),
    ],
)
def test_tag(newsroom: Newsroom, query: str, expected: set[str]) -> None:
    assert quotes(newsroom, query) == expected


def test_a_phrase_never_runs_from_one_tag_into_the_next(newsroom: Newsroom) -> None:
    assert quotes(newsroom, '"record taxes"') == set()


@pytest.mark.parametrize(
    ("query", "expected_quotes", "expected_articles"),
    [
        ('outlet:"Harbour Daily"', {"taxes", "residents"}, {"english"}),
        ("outlet:вечерние", {"ёлка", "пошлины"}, {"russian"}),
        ("outlet:stadtblatt bauen", {"brücke"}, {"german"}),
        ("-outlet:stadtblatt brücke", set(), set()),
    ],
)
def test_outlet(
    newsroom: Newsroom, query: str, expected_quotes: set[str], expected_articles: set[str]
) -> None:
    assert quotes(newsroom, query) == expected_quotes
    assert articles(newsroom, query) == {getattr(newsroom, name) for name in expected_articles}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind:paraphrase", {"residents"}),
        ("kind:indirect", {"пошлины"}),
        ("kind:direct", {"taxes", "ёлка", "brücke", "協力"}),
        ("kind:direct not", {"taxes"}),
        ("-kind:direct", {"residents", "пошлины"}),
        ("kind:para kind:indirect", {"residents", "пошлины"}),  # a quote has one kind: either
    ],
)
def test_kind(newsroom: Newsroom, query: str, expected: set[str]) -> None:
    assert quotes(newsroom, query) == expected


def test_quote_filters_find_the_articles_of_the_quotes_they_find(newsroom: Newsroom) -> None:
    assert articles(newsroom, "kind:paraphrase") == {newsroom.english}
    assert articles(newsroom, "speaker:токаев") == {newsroom.russian}
    assert articles(newsroom, "tag:外交") == {newsroom.japanese}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("after:2024", {"english", "german"}),  # 2024-03-14, 2025-01-09
        ("after:2024-03-14", {"english", "german"}),
        ("after:2024-03-15", {"german"}),
        ("before:2024", {"russian"}),  # 2023-11-02
        ("before:2024-03-14", {"russian"}),
        ("before:2024-03-15", {"russian", "english"}),
        ("after:2024 before:2025", {"english"}),
        ("after:2023-11 before:2023-12", {"russian"}),
        ("after:2026", set()),
    ],
)
def test_dates(newsroom: Newsroom, query: str, expected: set[str]) -> None:
    """Undated articles (the Japanese one) never pass a date filter."""
    wanted = {getattr(newsroom, name) for name in expected}
    assert articles(newsroom, query) == wanted
    by_article = {hit.article_id for hit in newsroom.library.search.search(query, limit=100).quotes}
    assert by_article == wanted


def test_filters_with_words(newsroom: Newsroom) -> None:
    assert articles(newsroom, "after:2024 pier") == {newsroom.english}
    assert articles(newsroom, "before:2024 pier") == set()
    assert quotes(newsroom, "speaker:petrova kind:direct tag:taxes after:2024-03 taxes") == {
        "taxes"
    }


def test_quote_ids_takes_the_same_queries(newsroom: Newsroom) -> None:
    search = newsroom.library.search
    q = newsroom.quotes
    assert search.quote_ids("speaker:токаев") == sorted([q["ёлка"], q["пошлины"]])
    assert search.quote_ids("not -taxes") == [q["residents"]]
    assert search.quote_ids("kind:direct after:2024") == sorted([q["taxes"], q["brücke"]])
