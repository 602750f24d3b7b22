"""How a quote is painted in the reader: the speaker's colour, legible on light and dark paper.

The wash behind a quote is the speaker's colour made translucent. How translucent is worked
out, not guessed: the strongest wash (up to a preferred opacity) under which the palette's text
colour still has WCAG AA contrast (4.5:1) — so yellow on white and yellow under white text in a
dark palette are both readable.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QColor, QPalette

#: WCAG 2 minimum contrast for body text (level AA).
MIN_CONTRAST = 4.5
#: The opacity a wash starts from (0–255); current quotes are drawn stronger.
PREFERRED_ALPHA = 90
CURRENT_ALPHA = 140


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def composite(over: QColor, under: QColor) -> QColor:
    """``over`` (translucent) painted on ``under`` (opaque)."""
    alpha = over.alphaF()
    return QColor.fromRgbF(
        over.redF() * alpha + under.redF() * (1 - alpha),
        over.greenF() * alpha + under.greenF() * (1 - alpha),
        over.blueF() * alpha + under.blueF() * (1 - alpha),
    )


def luminance(color: QColor) -> float:
    """WCAG 2 relative luminance."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.redF())
        + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF())
    )


def contrast(a: QColor, b: QColor) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@cache
def _alpha(color: str, base: str, text: str, preferred: int) -> int:
    wash = QColor(color)
    for alpha in range(preferred, 0, -5):
        wash.setAlpha(alpha)
        if contrast(composite(wash, QColor(base)), QColor(text)) >= MIN_CONTRAST:
            return alpha
    return 20


def highlight_fill(color: str, palette: QPalette, *, current: bool = False) -> QColor:
    """The translucent wash behind a quote's words.

    Translucent so that overlapping quotes mix into a visibly different shade; never so strong
    that the text over it drops below AA contrast.
    """
    base = palette.color(QPalette.ColorRole.Base).name()
    text = palette.color(QPalette.ColorRole.Text).name()
    fill = QColor(color)
    fill.setAlpha(_alpha(color, base, text, CURRENT_ALPHA if current else PREFERRED_ALPHA))
    return fill


def underline_color(color: str, palette: QPalette) -> QColor:
    """A solid line in the speaker's colour, darkened on light paper so yellow still shows."""
    line = QColor(color)
    return line.lighter(130) if is_dark(palette) else line.darker(135)
