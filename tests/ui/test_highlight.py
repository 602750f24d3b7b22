"""Highlights stay legible in light and dark palettes, and overlaps stay visible."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette

from services.palette import PALETTE
from ui.highlight import composite, contrast, highlight_fill, is_dark, underline_color


def palette(base: str, text: str) -> QPalette:
    result = QPalette()
    result.setColor(QPalette.ColorRole.Base, QColor(base))
    result.setColor(QPalette.ColorRole.Text, QColor(text))
    return result


@pytest.mark.parametrize(("base", "text"), [("#FFFFFF", "#000000"), ("#1E1E1E", "#EEEEEE")])
@pytest.mark.parametrize("color", PALETTE)
def test_text_over_every_highlight_meets_wcag_aa(base: str, text: str, color: str) -> None:
    paper = palette(base, text)
    for current in (False, True):
        fill = composite(highlight_fill(color, paper, current=current), QColor(base))
        assert contrast(fill, QColor(text)) >= 4.5, (color, base, current)


def test_overlapping_quotes_make_a_third_shade() -> None:
    paper = palette("#FFFFFF", "#000000")
    orange, blue = (highlight_fill(c, paper) for c in ("#E69F00", "#56B4E9"))
    assert orange.alpha() >= 60 and blue.alpha() >= 60  # a visible wash, not a hint
    alone = composite(orange, QColor("#FFFFFF"))
    both = composite(blue, alone)
    assert both.name() not in {alone.name(), composite(blue, QColor("#FFFFFF")).name()}


def test_underline_shows_even_yellow_on_white() -> None:
    paper = palette("#FFFFFF", "#000000")
    assert contrast(underline_color("#F0E442", paper), QColor("#FFFFFF")) >= 1.8
    assert is_dark(palette("#101010", "#FFFFFF"))
