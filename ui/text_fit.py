"""Fitting a quote's text into a card of a few lines, for the quotes and suggestion lists."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics


def fit_lines(text: str, metrics: QFontMetrics, width: int, lines: int) -> str:
    """The start of ``text`` that fits in ``lines`` wrapped lines, ending in "…" if cut."""
    flat = " ".join(text.split())
    flags = int(Qt.TextFlag.TextWordWrap)
    limit = QRect(0, 0, width, metrics.height() * lines)
    if metrics.boundingRect(limit, flags, flat).height() <= limit.height():
        return flat
    low, high = 0, len(flat)
    while low < high:
        middle = (low + high + 1) // 2
        candidate = flat[:middle].rstrip() + "…"
        if (
            metrics.boundingRect(QRect(0, 0, width, 10_000), flags, candidate).height()
            <= limit.height()
        ):
            low = middle
        else:
            high = middle - 1
    return flat[:low].rstrip() + "…"
