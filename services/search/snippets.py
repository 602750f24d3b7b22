"""Finding where a query matched inside a text, for highlighted snippets and opening at the match.

The index says *which* documents match; this finds *where*, by reading the text word by word
with the same folding and stemming the index used (:mod:`services.search.words`). Only the
documents shown are read, and each only up to its first match and a snippet's width beyond.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from services.search.query import ParsedQuery, Term
from services.search.results import RichSnippet
from services.search.words import (
    COMPOUNDING,
    TOKEN,
    base_language,
    fold,
    is_cjk,
    query_stems,
    script,
    stem,
    stemmer_language,
)

#: Letters of a query word (or stem) a candidate word of the text must begin with.
_LEAD = 3
#: Alphabets whose letters carry accents folding drops (Latin, Greek, Cyrillic, full-width).
_ACCENTED_RANGES = ((0x41, 0x24F), (0x370, 0x52F), (0x1E00, 0x1FFF), (0xFF21, 0xFF5A))

#: Characters of context shown before the first match, and the snippet's full width.
_BEFORE, _WIDTH = 60, 220
_ELLIPSIS = "…"


@dataclass(frozen=True, slots=True)
class _Word:
    """One word of a term, as the highlighter tests a text's words against it."""

    folded: str
    stems: frozenset[str]
    prefix: bool
    cjk: bool
    alone: bool  # a one-word term: the looser rules (Cyrillic names, compounds) apply


class Highlighter:
    """Matches one parsed query against texts; safe to use from one thread at a time."""

    def __init__(self, query: ParsedQuery, languages: Iterable[str]) -> None:
        known = tuple(languages)
        self._terms: list[list[int]] = []
        self._words: list[_Word] = []
        for term in query.terms:
            self._terms.append(self._add(term, known))
        #: Which word of each term the text is scanned for: the longest (in a phrase, the
        #: word least likely to be everywhere, unlike "the").
        self._anchors = [self._longest_word(ids) for ids in self._terms]
        self._longest = max((len(ids) for ids in self._terms), default=0)
        self._decisions: dict[tuple[str, str], frozenset[int]] = {}
        self._pattern: re.Pattern[str] | None = None

    def _longest_word(self, ids: list[int]) -> int:
        lengths = [len(self._words[word_id].folded) for word_id in ids]
        return lengths.index(max(lengths))

    @property
    def active(self) -> bool:
        return bool(self._terms)

    def _add(self, term: Term, languages: tuple[str, ...]) -> list[int]:
        ids = []
        for position, word in enumerate(term.words):
            last = position == len(term.words) - 1
            ids.append(len(self._words))
            self._words.append(
                _Word(
                    word,
                    frozenset(query_stems(word, languages)),
                    term.prefix and last,
                    is_cjk(word),
                    not term.phrase,
                )
            )
        return ids

    def _decide(self, raw: str, language: str) -> frozenset[int]:
        """Which of the query's words a word of the text satisfies (cached per word)."""
        key = (raw, language)
        found = self._decisions.get(key)
        if found is not None:
            return found
        folded = fold(raw)
        word_script = script(folded)
        stemmed = stem(folded, stemmer_language(language, word_script))
        compounding = language in COMPOUNDING
        matched = []
        for index, word in enumerate(self._words):
            if word.cjk:
                hit = word.folded in folded
            elif word.prefix:
                hit = folded.startswith(word.folded) or stemmed.startswith(word.folded)
            else:
                hit = folded == word.folded or stemmed in word.stems
                if not hit and word.alone:
                    if word_script == "cyrillic":
                        hit = any(
                            folded.startswith(prefix)
                            for prefix in (word.folded, *word.stems)
                            if len(prefix) >= 3
                        )
                    elif compounding and len(word.folded) >= 4:
                        hit = word.folded in folded
            if hit:
                matched.append(index)
        result = frozenset(matched)
        if len(self._decisions) > 50_000:
            self._decisions.clear()
        self._decisions[key] = result
        return result

    def matches(self, text: str, language: str) -> Iterator[tuple[int, int]]:
        """``(start, end)`` of each match in ``text``, in order (a phrase is one match).

        A regular expression over the raw text finds the words that could match (they begin
        with the first letters of a query word or stem, in any case or accent) and only those
        are folded and stemmed: a search shows fifty snippets, and reading every word of fifty
        articles would cost more than the search itself.
        """
        if not self._terms:
            return
        language = base_language(language)
        finder = self._finder()
        position = 0
        while True:
            candidate = finder.search(text, position)
            if candidate is None:
                return
            start = _token_start(text, candidate.start())
            following = TOKEN.finditer(text, start)
            first = next(following, None)
            if first is None or first.end() <= candidate.start():
                position = candidate.end()
                continue
            position = first.end()
            decided = self._decide(first.group(), language)
            if not decided:
                continue
            spans: list[tuple[int, int]] = []
            ahead: list[re.Match[str]] = [first]
            for ids, anchor in zip(self._terms, self._anchors, strict=True):
                if ids[anchor] not in decided:
                    continue
                if len(ids) == 1:
                    spans.extend(self._spans(first.start(), first.group(), self._words[ids[0]]))
                    continue
                before = _tokens_before(text, first.start(), anchor)
                while len(ahead) < len(ids) - anchor:
                    token = next(following, None)
                    if token is None:
                        break
                    ahead.append(token)
                run = [*before, *ahead[: len(ids) - anchor]]
                if len(run) == len(ids) and all(
                    word_id in self._decide(token.group(), language)
                    for token, word_id in zip(run, ids, strict=True)
                ):
                    spans.append((run[0].start(), run[-1].end()))
            yield from _merged(spans)
            if spans:
                position = max(position, *(end for _, end in spans))

    def _finder(self) -> re.Pattern[str]:
        """Where a match can begin: the first letters of each term's first word or its stems."""
        if self._pattern is None:
            keys: set[str] = set()
            for ids, anchor in zip(self._terms, self._anchors, strict=True):
                word = self._words[ids[anchor]]
                keys.add(word.folded[: 1 if word.cjk else _LEAD])
                if not word.prefix and not word.cjk:
                    keys.update(stem_[:_LEAD] for stem_ in word.stems if stem_)
            alternatives = sorted("".join(_letter_class(c) for c in key) for key in keys if key)
            self._pattern = re.compile("|".join(alternatives) or "(?!)")
        return self._pattern

    @staticmethod
    def _spans(start: int, raw: str, word: _Word) -> list[tuple[int, int]]:
        """A CJK word inside a run of characters is marked alone; other words whole."""
        if word.cjk and len(fold(raw)) == len(raw):
            folded = fold(raw)
            spans, at = [], folded.find(word.folded)
            while at >= 0:
                spans.append((start + at, start + at + len(word.folded)))
                at = folded.find(word.folded, at + len(word.folded))
            if spans:
                return spans
        return [(start, start + len(raw))]

    def first(self, text: str, language: str) -> tuple[int, int] | None:
        return next(self.matches(text, language), None)

    def snippet(self, text: str, language: str) -> tuple[RichSnippet, tuple[int, int] | None]:
        """A snippet around the first match (or the text's start) and that match's span."""
        found = self.matches(text, language)
        first = next(found, None)
        if first is None:
            return _cut(text, 0, []), None
        start = _word_start(text, max(0, first[0] - _BEFORE))
        end = start + _WIDTH
        spans = [first]
        for span in found:
            if span[1] > end:
                break
            spans.append(span)
        return _cut(text, start, spans), first


def _tokens_before(text: str, position: int, count: int) -> list[re.Match[str]]:
    """The ``count`` words before ``position`` (fewer at the start of the text)."""
    if count == 0:
        return []
    window = max(0, position - 40 * count - 40)
    return list(TOKEN.finditer(text, window, position))[-count:]


def _token_start(text: str, position: int) -> int:
    """Where the word containing ``position`` begins (a CJK run, or a run of other letters)."""
    cjk = is_cjk(text[position])
    while position > 0:
        before = text[position - 1]
        if is_cjk(before) != cjk or not (before.isalnum() or cjk):
            break
        position -= 1
    return position


@cache
def _variants() -> dict[str, str]:
    """Each folded letter and the letters of the alphabets with accents that fold to it."""
    found: dict[str, set[str]] = defaultdict(set)
    for first, last in _ACCENTED_RANGES:
        for code in range(first, last + 1):
            char = chr(code)
            if char.isalpha():
                folded = fold(char)
                if len(folded) == 1:
                    found[folded].add(char)
    return {letter: "".join(sorted(chars)) for letter, chars in found.items()}


def _letter_class(letter: str) -> str:
    """A regular-expression class matching every letter that folds to ``letter``."""
    chars = {letter, letter.upper(), *_variants().get(letter, "")}
    if len(chars) == 1:
        return re.escape(letter)
    return "[" + "".join(re.escape(char) for char in sorted(chars)) + "]"


def _merged(spans: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    spans.sort()
    current: tuple[int, int] | None = None
    for start, end in spans:
        if current is not None and start <= current[1]:
            current = (current[0], max(current[1], end))
            continue
        if current is not None:
            yield current
        current = (start, end)
    if current is not None:
        yield current


def _word_start(text: str, position: int) -> int:
    """Move back to the start of the word at ``position`` (a snippet never opens mid-word)."""
    while position > 0 and text[position - 1].isalnum():
        position -= 1
    return position


def _cut(text: str, start: int, spans: list[tuple[int, int]]) -> RichSnippet:
    end = min(len(text), start + _WIDTH)
    while end < len(text) and end - start < _WIDTH + 20 and text[end].isalnum():
        end += 1
    body = " ".join(text[start:end].split("\n")).replace("\r", " ").replace("\t", " ")
    lead = _ELLIPSIS if start > 0 else ""
    tail = _ELLIPSIS if end < len(text) else ""
    shift = len(lead) - start
    visible = [(max(s, start), min(e, end)) for s, e in spans if s < end and e > start]
    highlights = tuple((s + shift, e + shift) for s, e in _merged(visible))
    return RichSnippet(f"{lead}{body}{tail}", highlights)
