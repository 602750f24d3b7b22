"""Paragraphs and sentences of an article, as code-point spans into its canonical text.

Sentences come from razdel, a rule-based splitter that knows Russian abbreviations and initials
and does well enough on the other European languages; Japanese is split on its own full stops,
which razdel does not know.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cached_property

import razdel

Span = tuple[int, int]

_PARAGRAPH = re.compile(r"[^\n]+")
_JAPANESE_SENTENCE = re.compile(r"[^。！？!?]*(?:[。！？!?]+[」』）)]*|$)")


@dataclass
class Document:
    """The text with its paragraphs and sentences, computed once and shared by every stage."""

    text: str
    language: str
    paragraphs: list[Span] = field(init=False)

    def __post_init__(self) -> None:
        self.paragraphs = [
            (match.start(), match.end())
            for match in _PARAGRAPH.finditer(self.text)
            if match.group().strip()
        ]
        self._paragraph_starts = [start for start, _ in self.paragraphs]

    @cached_property
    def sentences(self) -> list[Span]:
        found: list[Span] = []
        for start, end in self.paragraphs:
            found.extend(_sentences(self.text[start:end], start, self.language))
        return found

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [start for start, _ in self.sentences]

    def paragraph_index(self, position: int) -> int:
        """The index of the paragraph holding ``position`` (the one before it, between two)."""
        return max(0, bisect_right(self._paragraph_starts, position) - 1)

    def paragraph_at(self, position: int) -> Span:
        return self.paragraphs[self.paragraph_index(position)] if self.paragraphs else (0, 0)

    def sentence_index(self, position: int) -> int:
        return max(0, bisect_right(self._sentence_starts, position) - 1)

    def sentence_at(self, position: int) -> Span:
        return self.sentences[self.sentence_index(position)] if self.sentences else (0, 0)


def _sentences(paragraph: str, offset: int, language: str) -> list[Span]:
    if language in {"ja", "zh"}:
        spans = [
            (match.start() + offset, match.end() + offset)
            for match in _JAPANESE_SENTENCE.finditer(paragraph)
            if match.group().strip()
        ]
        return spans
    return [(item.start + offset, item.stop + offset) for item in razdel.sentenize(paragraph)]


def strip_span(text: str, start: int, end: int, chars: str | None = None) -> Span:
    """``start``/``end`` moved inwards past whitespace (or ``chars``)."""
    while start < end and (text[start].isspace() if chars is None else text[start] in chars):
        start += 1
    while end > start and (text[end - 1].isspace() if chars is None else text[end - 1] in chars):
        end -= 1
    return start, end
