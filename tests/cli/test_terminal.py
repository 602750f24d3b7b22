"""Display widths, clipping, wrapping and tables for text in any script."""

from __future__ import annotations

import pytest

from cli import terminal
from cli.terminal import clip, display_width, table, wrap


def test_display_width() -> None:
    assert display_width("abc") == 3
    assert display_width("Привет") == 6
    assert display_width("東京") == 4
    assert display_width("e\u0301") == 1  # a combining accent takes no cell
    assert display_width("\u200f") == 0  # a right-to-left mark neither


def test_clip() -> None:
    assert clip("short", 10) == "short"
    assert clip("a  b\nc", None) == "a b c"
    assert clip("abcdefghij", 5) == "abcd…"
    assert clip("東京都庁の記者会見", 7) == "東京都…"
    assert display_width(clip("東京都庁の記者会見", 7)) <= 7


def test_wrap() -> None:
    assert wrap("one two three four", 9) == ["one two", "three", "four"]
    assert wrap("東京都庁の記者会見", 6) == ["東京都", "庁の記", "者会見"]
    assert wrap("", 10) == []
    for line in wrap("Мы часто говорим, что Япония – наш далёкий сосед", 12):
        assert display_width(line) <= 12


def test_table_aligns_by_display_width() -> None:
    lines = table(["ID", "Name"], [["1", "東京"], ["12", "Tokyo"]], right=(0,))
    assert lines == ["ID  Name", " 1  東京", "12  Tokyo"]


def test_table_clips_the_flexible_columns_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(terminal, "terminal_width", lambda: 30)
    lines = table(
        ["ID", "Title", "Outlet"],
        [["1", "A very long title that cannot fit on the line", "The Daily Ledger"]],
        flexible=(1, 2),
    )
    assert all(display_width(line) < 30 for line in lines)
    assert lines[1] == "1   A very lon…  The Daily L…"
