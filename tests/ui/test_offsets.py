"""Code points to UTF-16 and back, checked against Python's own UTF-16 encoder."""

from __future__ import annotations

import pytest

from ui.offsets import OffsetMap

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
