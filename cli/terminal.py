"""Writing to a terminal: UTF-8 streams, display widths, aligned tables and wrapped text.

Columns are aligned by how wide text *looks*, not by how many code points it has: a Japanese
title takes two cells a character, an accent written as a combining mark takes none.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import sys
import unicodedata
from collections.abc import Sequence
from typing import TextIO

#: Never wrap prose wider than this, however wide the terminal: long lines are hard to read.
MAX_TEXT_WIDTH = 100

#: A column narrowed to fit the terminal keeps at least this many cells (and its header's).
_MIN_FLEXIBLE_WIDTH = 8

#: Characters that occupy no cell of their own (combining marks, joiners, direction marks).
_ZERO_WIDTH_CATEGORIES = {"Mn", "Me", "Cf"}


def use_utf8(stream: TextIO, errors: str) -> None:
    """Write UTF-8 whatever the terminal's or the pipe's own encoding is.

    A reporter's Cyrillic or Arabic must reach a file or a pipe intact even under a Latin-1
    locale or a Windows code page; ``errors`` only matters for unpaired surrogates (bytes of
    a file name that were not valid in the file system's encoding).
    """
    if isinstance(stream, io.TextIOWrapper):
        # A stream that was already read from keeps its encoding; writing still works.
        with contextlib.suppress(ValueError, io.UnsupportedOperation):
            stream.reconfigure(encoding="utf-8", errors=errors)


def terminal_width() -> int | None:
    """Columns of the terminal, or ``None`` when output goes to a file or pipe (no clipping)."""
    if not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size((100, 24)).columns


def char_width(char: str) -> int:
    if unicodedata.category(char) in _ZERO_WIDTH_CATEGORIES or unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in {"W", "F"} else 1


def display_width(text: str) -> int:
    return sum(char_width(char) for char in text)


def one_line(text: str) -> str:
    return " ".join(text.split())


def clip(text: str, width: int | None) -> str:
    """``text`` on one line, cut with an ellipsis to at most ``width`` cells."""
    text = one_line(text)
    if width is None or display_width(text) <= width:
        return text
    kept, used = [], 0
    for char in text:
        cells = char_width(char)
        if used + cells > width - 1:
            break
        kept.append(char)
        used += cells
    return "".join(kept).rstrip() + "…"


def pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - display_width(text))
    return gap + text if right else text + gap


def wrap(text: str, width: int) -> list[str]:
    """Break prose into lines of at most ``width`` cells, at spaces where there are any.

    Scripts written without spaces (Japanese, Chinese) are broken between characters.
    """
    lines: list[str] = []
    current, used = "", 0
    for word in one_line(text).split(" "):
        size = display_width(word)
        if current and used + 1 + size <= width:
            current, used = f"{current} {word}", used + 1 + size
            continue
        if current:
            lines.append(current)
        current, used = "", 0
        for char in word:  # a word wider than the line is broken where it must be
            cells = char_width(char)
            if used + cells > width and current:
                lines.append(current)
                current, used = "", 0
            current, used = current + char, used + cells
    if current:
        lines.append(current)
    return lines


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    right: Sequence[int] = (),
    flexible: Sequence[int] = (),
) -> list[str]:
    """Rows aligned under headers, two spaces apart.

    ``right`` are the indexes of columns aligned right (numbers). On a terminal too narrow for
    the table, the widest of the ``flexible`` columns is narrowed, again and again, and its
    cells clipped, so that each row stays on one line.
    """
    cells = [[one_line(cell) for cell in row] for row in rows]
    widths = [display_width(header) for header in headers]
    for row in cells:
        widths = [max(width, display_width(cell)) for width, cell in zip(widths, row, strict=True)]
    available = terminal_width()
    if flexible and available is not None:
        natural = list(widths)
        floor = [max(_MIN_FLEXIBLE_WIDTH, display_width(header)) for header in headers]
        while sum(widths) + 2 * (len(widths) - 1) >= available:
            narrowable = [i for i in flexible if widths[i] > floor[i]]
            if not narrowable:
                break
            widths[max(narrowable, key=lambda i: widths[i])] -= 1
        cells = [
            [
                clip(cell, widths[i]) if widths[i] < natural[i] else cell
                for i, cell in enumerate(row)
            ]
            for row in cells
        ]
    return [
        "  ".join(
            pad(cell, width, right=i in right)
            for i, (cell, width) in enumerate(zip(line, widths, strict=True))
        ).rstrip()
        for line in [list(headers), *cells]
    ]


def prose_width(indent: int) -> int:
    """How wide wrapped prose may be after ``indent`` cells of indentation."""
    available = terminal_width() or MAX_TEXT_WIDTH
    return max(20, min(available, MAX_TEXT_WIDTH) - indent)
