"""Small palette-aware touches that a style sheet cannot express."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QWidget

#: How strongly secondary text shows against the background (0–255).
MUTED_ALPHA = 165


def muted(widget: QWidget) -> None:
    """Secondary text: the palette's own text colour, a little lighter, so it stays legible
    in dark palettes where a fixed grey would not."""
    palette = widget.palette()
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
        color = palette.color(role)
        color.setAlpha(MUTED_ALPHA)
        palette.setColor(role, color)
    widget.setPalette(palette)
