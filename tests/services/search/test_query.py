"""Reading a query: every rule of the grammar, and input that must never raise."""

from __future__ import annotations

from datetime import date

import pytest

from models.tables import QuoteKind
from services.search import Filter, Term, parse


def words(query: str) -> list[tuple[str, ...]]:
    return [term.words for term in parse(query).terms]


def test_words_are_folded_and_all_required() -> None:
    assert words("Tomás  ПОШЛИНЫ ёлка Straße") == [
        ("tomas",),
        ("пошлины",),
        ("елка",),
        ("strasse",),
    ]


def test_short_i_stays_a_letter_but_other_accents_go() -> None:
    assert words("Бийск Zoë Ångström naïve") == [("бийск",), ("zoe",), ("angstrom",), ("naive",)]


def test_japanese_voiced_kana_keep_their_marks() -> None:
    assert words("ガソリン ｶﾞｿﾘﾝ") == [("ガソリン",)], "half-width kana become full-width"


@pytest.mark.parametrize(
    "query",
    [
        '"fuel tax"',
        "«fuel tax»",
        "„fuel tax“",
        "„fuel tax”",
        "“fuel tax”",
        "‘fuel tax’",
        "「fuel tax」",
        "»fuel tax«",
    ],
)
def test_phrases_in_any_quotation_marks(query: str) -> None:
    assert parse(query).terms == (Term(("fuel", "tax")),)


def test_russian_and_german_phrases() -> None:
    assert parse("«налог на топливо» „Neue Brücke“").terms == (
        Term(("налог", "на", "топливо")),
        Term(("neue", "brucke")),
    )


def test_hyphenated_words_are_a_phrase_other_runs_are_words() -> None:
    assert words("COVID-19 пресс-службе l'état a,b") == [
        ("covid", "19"),
        ("пресс", "службе"),
        ("l", "etat"),
        ("a",),
        ("b",),
    ]


def test_prefixes() -> None:
    assert parse("minist* налог*").terms == (Term(("minist",), True), Term(("налог",), True))
    assert parse('"fuel ta"*').terms == (Term(("fuel", "ta"), True),)


def test_exclusion_of_words_and_phrases() -> None:
    parsed = parse('pier -reconstruction -"old town"')
    assert parsed.terms == (Term(("pier",)),)
    assert parsed.excluded == (Term(("reconstruction",)), Term(("old", "town")))


def test_word_filters_with_plain_and_quoted_values() -> None:
    parsed = parse('speaker:"Анна Петрова" tag:tariffs outlet:«Daily News» -tag:check tax')
    assert parsed.filters == (
        Filter("speaker", ("анна", "петрова")),
        Filter("tag", ("tariffs",)),
        Filter("outlet", ("daily", "news")),
        Filter("tag", ("check",), negated=True),
    )
    assert parsed.terms == (Term(("tax",)),)


def test_filter_names_ignore_case() -> None:
    assert parse("Speaker:anna").filters == (Filter("speaker", ("anna",)),)


def test_kind_filter_takes_a_unique_prefix() -> None:
    parsed = parse("kind:para kind:DIRECT -kind:indirect")
    assert parsed.kinds == (QuoteKind.PARAPHRASE, QuoteKind.DIRECT)
    assert parsed.excluded_kinds == (QuoteKind.INDIRECT,)


@pytest.mark.parametrize(
    ("query", "before", "after"),
    [
        ("before:2024", date(2024, 1, 1), None),
        ("after:2024", None, date(2024, 1, 1)),
        ("after:2024-02", None, date(2024, 2, 1)),
        ("before:2024-2", date(2024, 2, 1), None),
        ("after:2024-03-05 before:2024-03-09", date(2024, 3, 9), date(2024, 3, 5)),
        ("after:2023 after:2024 before:2026 before:2025", date(2025, 1, 1), date(2024, 1, 1)),
    ],
)
def test_dates_are_the_first_day_of_a_year_month_or_day(
    query: str, before: date | None, after: date | None
) -> None:
    parsed = parse(query)
    assert (parsed.before, parsed.after) == (before, after)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("before:soon", [("before",), ("soon",)]),
        ("after:2024-13", [("after",), ("2024", "13")]),
        ("before:2024-02-30", [("before",), ("2024", "02", "30")]),
        ("kind:loud", [("kind",), ("loud",)]),
        ("speaker:", [("speaker",)]),
        ("colour:red", [("colour",), ("red",)]),
    ],
)
def test_a_filter_that_cannot_be_read_is_plain_words(
    query: str, expected: list[tuple[str, ...]]
) -> None:
    parsed = parse(query)
    assert words(query) == expected
    assert (parsed.filters, parsed.kinds, parsed.before, parsed.after) == ((), (), None, None)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"unbalanced phrase', [("unbalanced",), ("phrase",)]),
        ("«не закрыто", [("не",), ("закрыто",)]),
        ("pier -", [("pier",)]),
        ("- pier", [("pier",)]),
        ("*", []),
        ("AND OR NOT", [("and",), ("or",), ("not",)]),
        ("NEAR(pier tax)", [("near",), ("pier",), ("tax",)]),
        ('pier^ "" {text}: col:umn', [("pier",), ("text",), ("col",), ("umn",)]),
        ("\x00\t\n", []),
    ],
)
def test_malformed_queries_fall_back_to_plain_words(
    query: str, expected: list[tuple[str, ...]]
) -> None:
    assert words(query) == expected


def test_empty_query() -> None:
    assert parse("   ").empty
    assert parse("").empty
    assert not parse("kind:direct").empty
    assert parse("").has_text is False
