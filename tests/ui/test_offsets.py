"""Code points to UTF-16 and back, checked against Python's own UTF-16 encoder."""

from __future__ import annotations

import random

import pytest

from ui.offsets import OffsetMap, astral_positions

SAMPLES = [
    "",
    "plain ascii",
    "Привет, мир",
    "😀 before «цитата» after 👩‍👩‍👧",
    "e\u0301 combining, then 𝕏 math, then 日本語 and 🇯🇵 flags",
    "🎉🎉🎉",
]


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@pytest.mark.parametrize("text", SAMPLES)
def test_round_trip_at_every_code_point(text: str) -> None:
    offsets = OffsetMap(text)
    for code_point in range(len(text) + 1):
        qt = offsets.to_qt(code_point)
        assert qt == utf16_length(text[:code_point])
        assert offsets.from_qt(qt) == code_point


def test_position_inside_a_surrogate_pair_rounds_down() -> None:
    offsets = OffsetMap("a😀b")
    assert offsets.from_qt(2) == 1
    assert offsets.from_qt(3) == 2


# --------------------------------------------------------------------------- property-style

#: Characters of every width: ASCII, Latin-1, Cyrillic, CJK (BMP), Arabic, a combining mark,
#: emoji and other astral characters (CJK Extension B, mathematical letters, flags' halves).
ALPHABET = "a Z.\n\u00e9\u0416\u65e5\u0627\u0301\u2014😀👩\u200d🎉𝕏\U00020000\U0001f1ef"


def brute_force(text: str) -> list[int]:
    """UTF-16 position of every code-point offset, by encoding each prefix."""
    return [utf16_length(text[:index]) for index in range(len(text) + 1)]


def random_texts(seed: int, count: int, longest: int) -> list[str]:
    rng = random.Random(seed)
    return [
        "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(longest))) for _ in range(count)
    ]


@pytest.mark.parametrize("text", random_texts(20251125, 300, 60))
def test_random_texts_match_the_encoder(text: str) -> None:
    offsets = OffsetMap(text)
    expected = brute_force(text)
    assert [offsets.to_qt(index) for index in range(len(text) + 1)] == expected
    assert [offsets.from_qt(qt) for qt in expected] == list(range(len(text) + 1))
    assert astral_positions(text) == [i for i, char in enumerate(text) if ord(char) > 0xFFFF]


def test_astral_characters_at_slice_edges_are_all_found(monkeypatch: pytest.MonkeyPatch) -> None:
    """The search goes a slice at a time: characters on either side of a cut still count."""
    monkeypatch.setattr("ui.offsets._SLICE", 7)
    for text in random_texts(7, 200, 40):
        assert astral_positions(text) == [i for i, c in enumerate(text) if ord(c) > 0xFFFF]
        offsets = OffsetMap(text)
        assert [offsets.to_qt(index) for index in range(len(text) + 1)] == brute_force(text)


def test_long_bmp_text_with_one_astral_character_far_in() -> None:
    text = "Привет, мир. " * 20_000 + "😀" + "日本語" * 10
    offsets = OffsetMap(text)
    emoji = text.index("😀")
    assert astral_positions(text) == [emoji]
    assert offsets.to_qt(emoji) == emoji
    assert offsets.to_qt(emoji + 1) == emoji + 2
    assert offsets.from_qt(len(text) + 1) == len(text)
    assert offsets.from_qt(emoji + 1) == emoji  # inside the pair: rounds down
