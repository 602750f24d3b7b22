"""Canonical text and the arithmetic of spans.

All offsets here are Unicode code points into an article's canonical text, the unit Python's
``str`` indexes by. Qt counts UTF-16 units; the conversion lives at the reader's edge, not here.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

#: Characters of context stored on each side of a quote, for re-anchoring later.
CONTEXT_WIDTH = 32

_LINE_BREAKS = re.compile(r"\r\n|\r|\u2028|\u0085|\x0b|\x0c")
_PARAGRAPH_BREAKS = re.compile(r"\u2029")
_TRAILING_SPACE = re.compile(r"[ \t\u00a0\u3000]+$", re.MULTILINE)
_MANY_BLANK_LINES = re.compile(r"\n{3,}")
# C0/C1 controls other than tab and newline, plus the byte-order mark, never belong in prose.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff]")


def canonicalize(text: str) -> str:
    """The form an article's text is stored in, fixed at import.

    NFC; ``\\n`` line endings (including Unicode line and paragraph separators, which Qt would
    otherwise treat specially and so shift offsets); no control characters; no trailing spaces;
    at most one blank line between paragraphs; no leading or trailing blank lines. Importing the
    same file twice gives identical text, so the content hash finds duplicates.
    """
    text = _PARAGRAPH_BREAKS.sub("\n\n", text)
    text = _LINE_BREAKS.sub("\n", text)
    text = _CONTROLS.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = _TRAILING_SPACE.sub("", text)
    text = _MANY_BLANK_LINES.sub("\n\n", text)
    return text.strip("\n")


def content_hash(canonical_text: str) -> str:
    """Identity of an article's text, for spotting the same document imported twice."""
    return hashlib.sha256(canonical_text.encode("utf-8")).hexdigest()


def context_around(text: str, start: int, end: int, width: int = CONTEXT_WIDTH) -> tuple[str, str]:
    """The ``width`` characters before ``start`` and after ``end``."""
    return text[max(0, start - width) : start], text[end : end + width]


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span so it neither starts nor ends on white space.

    A mouse selection usually grabs the space after the last word; the quote should not.
    """
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_word_char(char: str) -> bool:
    """A letter or digit of a script that separates words with spaces.

    Chinese and Japanese run words together, so extending a selection "to the whole word"
    there would swallow the sentence; those characters never count.
    """
    return (char.isalnum() or char in "'’-") and unicodedata.east_asian_width(char) not in "WF"


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a selection that starts or ends inside a word to take the whole word.

    A mouse selection easily starts a letter late or ends a letter early; a quote is made of
    whole words. White space around the span is trimmed as well.
    """
    start, end = trim_span(text, start, end)
    if start >= end:
        return start, end
    while start > 0 and _is_word_char(text[start - 1]) and _is_word_char(text[start]):
        start -= 1
    while end < len(text) and _is_word_char(text[end]) and _is_word_char(text[end - 1]):
        end += 1
    return start, end


def find_occurrence(text: str, needle: str, occurrence: int = 1) -> tuple[int, int] | None:
    """Code-point span of the ``occurrence``-th (1-based) appearance of ``needle`` in ``text``."""
    needle = unicodedata.normalize("NFC", needle)
    if not needle or occurrence < 1:
        return None
    position = -1
    for _ in range(occurrence):
        position = text.find(needle, position + 1)
        if position < 0:
            return None
    return position, position + len(needle)


def count_occurrences(text: str, needle: str) -> int:
    """How many (possibly overlapping) times ``needle`` appears in ``text``."""
    needle = unicodedata.normalize("NFC", needle)
    count, position = 0, text.find(needle) if needle else -1
    while position >= 0:
        count += 1
        position = text.find(needle, position + 1)
    return count


def clean_name(value: str) -> str:
    """A person's or tag's name as stored: NFC, single spaces, no surrounding space."""
    return " ".join(unicodedata.normalize("NFC", value).split())


def excerpt(text: str, limit: int = 120) -> str:
    """One line of at most ``limit`` characters, for lists and messages."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
