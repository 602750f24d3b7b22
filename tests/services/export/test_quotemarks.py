"""Each language's quotation marks around a quote, its words untouched."""

from __future__ import annotations

import pytest

from services.export.quotemarks import NARROW_NBSP, marks_for, quoted


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ru", "«слово»"),
        ("uk", "«слово»"),
        ("be", "«слово»"),
        ("kk", "«слово»"),
        ("de", "„слово“"),
        ("de-CH", "«слово»"),
        ("cs", "„слово“"),
        ("pl", "„слово”"),
        ("en", "“слово”"),
        ("en-GB", "“слово”"),
        ("ja", "「слово」"),
        ("zh", "“слово”"),
        ("zh-CN", "“слово”"),
        ("zh-Hant", "「слово」"),
        ("zh-TW", "「слово」"),
        ("zh-Hant-HK", "「слово」"),
        ("fr", f"«{NARROW_NBSP}слово{NARROW_NBSP}»"),
        ("fr-CA", f"«{NARROW_NBSP}слово{NARROW_NBSP}»"),
        ("fr-CH", "«слово»"),
        ("ar", "«слово»"),
        ("he", '"слово"'),
        ("sv", "”слово”"),
        ("pt", "«слово»"),
        ("pt_BR", "“слово”"),
        ("", "“слово”"),
        ("tlh", "“слово”"),
    ],
)
def test_marks_per_language(language: str, expected: str) -> None:
    assert quoted("слово", language) == expected


def test_the_words_inside_are_never_changed() -> None:
    words = ' He said "no" — 👍 \n\nthen left. '
    result = quoted(words, "de")
    assert result[1:-1] == words


def test_a_quote_selected_with_its_marks_is_not_wrapped_twice() -> None:
    assert quoted("«Мы не отступим»", "ru") == "«Мы не отступим»"
    assert quoted("„Nein“", "de") == "„Nein“"
    # Other marks are part of the words and stay inside ours.
    assert quoted("“No”", "ru") == "«“No”»"


def test_marks_for_falls_back_from_region_to_language() -> None:
    assert marks_for("ru-RU") == marks_for("ru")
    assert marks_for("RU") == marks_for("ru")
