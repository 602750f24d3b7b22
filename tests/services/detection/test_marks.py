"""Direct speech by punctuation: every quotation-mark convention, continuations, dashes."""

from __future__ import annotations

import pytest

from services.detection.marks import Quoted, find_quoted
from services.detection.segment import Document


def _never(start: int, end: int) -> bool:
    return False


def _texts(text: str, language: str = "en") -> list[str]:
    return [text[q.start : q.end] for q in find_quoted(Document(text, language), _never)]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("He said “we will build it” today.", "en", "we will build it"),
        ('He said "we will build it" today.', "en", "we will build it"),
        ("Он сказал: «мы построим мост».", "ru", "мы построим мост"),
        ("Sie sagte: „Wir bauen die Brücke“.", "de", "Wir bauen die Brücke"),
        ("Sie sagte: ‚Wir bauen die Brücke‘.", "de", "Wir bauen die Brücke"),
        ("Sie sagte: »Wir bauen die Brücke«.", "de", "Wir bauen die Brücke"),
        ("知事は「橋を架ける」と述べた。", "ja", "橋を架ける"),
        ("知事は『橋を架ける』と述べた。", "ja", "橋を架ける"),
    ],
)
def test_every_convention(text: str, language: str, expected: str) -> None:
    assert _texts(text, language) == [expected]


def test_the_joining_comma_is_left_out_and_the_full_stop_kept() -> None:
    assert _texts("“We voted,” she said. “Now we build.”") == ["We voted", "Now we build."]


def test_nested_quotes_give_the_outer_one_only() -> None:
    text = "«Он сказал мне: „Это конец“, и ушёл», — вспоминает она."
    assert _texts(text, "ru") == ["Он сказал мне: „Это конец“, и ушёл"]


def test_apostrophes_do_not_open_or_close_quotes() -> None:
    text = "The council’s plan, she said, was ‘not the end’ of the workers’ fight."
    assert _texts(text) == ["not the end"]


def test_a_quote_continued_into_the_next_paragraph_is_one_part_per_paragraph() -> None:
    text = "“The first part goes on.\n\n“The second part ends,” she said.\n\nNarration."
    found = find_quoted(Document(text, "en"), _never)
    assert [text[q.start : q.end] for q in found] == [
        "The first part goes on.",
        "The second part ends",
    ]
    assert found[0].group == found[1].group
    assert found[1].continued


def test_a_stray_opening_mark_does_not_swallow_the_next_paragraph() -> None:
    text = "A stray “ mark here.\n\nAnd “a real quote” there."
    assert _texts(text) == ["a real quote"]


def test_dash_dialogue_is_split_around_its_attribution() -> None:
    text = "— Мы готовы, — сказал он. — Начнём завтра."

    def is_cue(start: int, end: int) -> bool:
        return text[start:end].startswith("сказал")

    found = find_quoted(Document(text, "ru"), is_cue)
    assert [text[q.start : q.end] for q in found] == ["Мы готовы", "Начнём завтра."]
    assert found[0].attribution is not None
    start, end = found[0].attribution
    assert text[start:end] == "сказал он"


def test_an_attribution_inside_guillemets_splits_the_quote() -> None:
    text = "«Первая часть, — подчеркнул премьер. — Вторая часть»."

    def is_cue(start: int, end: int) -> bool:
        return text[start:end].startswith("подчеркнул")

    found: list[Quoted] = find_quoted(Document(text, "ru"), is_cue)
    assert [text[q.start : q.end] for q in found] == ["Первая часть", "Вторая часть"]


def test_offsets_are_code_points() -> None:
    text = "🎉🎉 “Party time,” she said."
    found = find_quoted(Document(text, "en"), _never)
    assert (found[0].start, found[0].end) == (4, 14)
