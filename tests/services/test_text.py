"""Canonical text and span arithmetic: the ground every offset stands on."""

from __future__ import annotations

import random
import unicodedata

import pytest

from services.text import (
    CONTEXT_WIDTH,
    canonicalize,
    clean_name,
    content_hash,
    context_around,
    count_occurrences,
    excerpt,
    find_occurrence,
    trim_span,
)


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("one\r\ntwo\rthree\nfour", "one\ntwo\nthree\nfour"),
        ("line\u2028break", "line\nbreak"),
        ("para\u2029graph", "para\n\ngraph"),
        ("next\u0085line", "next\nline"),
        ("tab\tstays", "tab\tstays"),
        ("\ufeffBOM at the start", "BOM at the start"),
        ("zero\u200bwidth space stays", "zero\u200bwidth space stays"),
        ("bell\x07 and nul\x00 and del\x7f and c1\x9b go", "bell and nul and del and c1 go"),
        (
            "trailing   \nspaces\t\nand nbsp\u00a0\nand ideographic\u3000",
            "trailing\nspaces\nand nbsp\nand ideographic",
        ),
        ("a\n\n\nb\n\n\n\n\nc", "a\n\nb\n\nc"),
        ("a\r\n\r\n\r\n\r\nb", "a\n\nb"),
        ("\n\n  \nbody\n\n\n", "body"),
        ("  indented first line", "  indented first line"),
    ],
)
def test_canonicalize(raw: str, canonical: str) -> None:
    assert canonicalize(raw) == canonical


def test_canonicalize_composes_decomposed_letters() -> None:
    decomposed = "Zoe\u0308 and Toma\u0301s and Й"  # Й as И + combining breve
    decomposed = decomposed.replace("Й", "И\u0306")
    result = canonicalize(decomposed)
    assert result == "Zoë and Tomás and Й"
    assert unicodedata.is_normalized("NFC", result)
    assert len(result) == len("Zoë and Tomás and Й")


def test_canonicalize_keeps_emoji_cjk_and_right_to_left_text() -> None:
    text = "👍🏽 「こんにちは」 مرحبا שלום «ёлка» — “quote”"
    assert canonicalize(text) == text


@pytest.mark.parametrize(
    "raw",
    [
        "\ufeffTitle\r\n\r\n\r\n\r\nBody  \u2028line\u2029next\x0c\x00e\u0301",
        "a\n \n \n \nb",
        " \n\n\n",
    ],
)
def test_canonicalize_is_idempotent(raw: str) -> None:
    once = canonicalize(raw)
    assert canonicalize(once) == once


def test_canonical_text_is_a_fixed_point_for_random_mixtures() -> None:
    """Seeded, so a failure reproduces; the alphabet is every character canonicalize treats."""
    alphabet = [*"ab \t\n\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x00", "\x1c"]
    alphabet += ["\ufeff", "\u00a0", "\u3000", "e", "\u0301", "\u0327", "é", "🐟", "\u200d"]
    generator = random.Random(20250226)
    for _ in range(3000):
        raw = "".join(generator.choices(alphabet, k=generator.randint(0, 24)))
        once = canonicalize(raw)
        assert canonicalize(once) == once, repr(raw)
        assert unicodedata.is_normalized("NFC", once), repr(raw)
        assert "\r" not in once
        assert "\n\n\n" not in once
        assert not once.startswith("\n")
        assert not once.endswith("\n")
        assert all(line == line.rstrip(" \t\u00a0\u3000") for line in once.split("\n"))
        assert len(once.splitlines()) == once.count("\n") + (1 if once else 0), repr(raw)


def test_blank_lines_with_spaces_count_as_blank() -> None:
    assert canonicalize("a\n  \n\t\n \nb") == "a\n\nb"


def test_content_hash_is_stable_and_distinguishes_texts() -> None:
    assert content_hash("abc") == content_hash("abc")
    assert content_hash("abc") != content_hash("abd")
    assert len(content_hash("ё")) == 64


def test_find_occurrence() -> None:
    text = "the cat saw the cat and the dog"
    assert find_occurrence(text, "the cat") == (0, 7)
    assert find_occurrence(text, "the cat", 2) == (12, 19)
    assert find_occurrence(text, "the cat", 3) is None
    assert find_occurrence(text, "the", 3) == (24, 27)
    assert find_occurrence(text, "cow") is None
    assert find_occurrence(text, "") is None
    assert find_occurrence(text, "the", 0) is None
    assert find_occurrence(text, "the", -1) is None


def test_find_occurrence_counts_code_points_and_normalizes_the_needle() -> None:
    text = "👍🏽 Zoë said “yes” — Zoë"
    start, end = find_occurrence(text, "Zoe\u0308", 2) or (0, 0)
    assert text[start:end] == "Zoë"
    assert (start, end) == (len(text) - 3, len(text))
    assert find_occurrence(text, "“yes”") == (12, 17)


def test_count_occurrences_counts_overlaps() -> None:
    assert count_occurrences("aaaa", "aa") == 3
    assert count_occurrences("Zoë and Zoë", "Zoe\u0308") == 2
    assert count_occurrences("abc", "x") == 0
    assert count_occurrences("abc", "") == 0


@pytest.mark.parametrize(
    ("start", "end", "trimmed"),
    [
        (0, 11, (0, 11)),
        (0, 13, (0, 11)),  # a mouse selection that grabbed the space and newline after
        (11, 16, (13, 16)),
        (11, 13, (13, 13)),  # only white space: collapses to empty
        (5, 5, (5, 5)),
    ],
)
def test_trim_span(start: int, end: int, trimmed: tuple[int, int]) -> None:
    text = "Hello world \nbye"
    assert trim_span(text, start, end) == trimmed


def test_context_around_in_the_middle() -> None:
    text = "x" * 100 + "QUOTE" + "y" * 100
    before, after = context_around(text, 100, 105)
    assert before == "x" * CONTEXT_WIDTH
    assert after == "y" * CONTEXT_WIDTH


def test_context_around_at_the_edges() -> None:
    text = "short QUOTE text"
    assert context_around(text, 0, 5) == ("", " QUOTE text")
    assert context_around(text, 6, 11) == ("short ", " text")
    assert context_around(text, 12, len(text)) == ("short QUOTE ", "")
    assert context_around(text, 0, len(text)) == ("", "")
    assert context_around("abcdef", 3, 4, width=2) == ("bc", "ef")


def test_clean_name_and_excerpt() -> None:
    assert clean_name("  Anna \t  Petrova\n") == "Anna Petrova"
    assert clean_name("Zoe\u0308") == "Zoë"
    assert excerpt("a\nb   c") == "a b c"
    long = excerpt("word " * 100, 20)
    assert len(long) <= 20
    assert long.endswith("…")


def test_snap_to_words_widens_partial_words_only() -> None:
    from services.text import snap_to_words

    text = "Он сказал: «Мы справимся», — и ушёл. 東京都で会議"
    start = text.index("казал")
    assert text[slice(*snap_to_words(text, start, start + 3))] == "сказал"
    inner = text.index("Мы")
    end = text.index("», —")
    assert text[slice(*snap_to_words(text, inner, end))] == "Мы справимся"
    assert text[slice(*snap_to_words(text, inner - 2, end + 1))] == "«Мы справимся»"
    cjk = text.index("京")
    assert text[slice(*snap_to_words(text, cjk, cjk + 2))] == "京都"  # no spaces: no snapping
    assert snap_to_words(text, 3, 3) == (3, 3)
