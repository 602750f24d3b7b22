"""How good the quote suggestions are: predictions scored against hand-annotated articles.

A gold article is a ``.txt`` (canonical text) beside a ``.json`` of its quotations (``start``,
``end``, ``kind``, ``speaker``, ``text``); ``tests/detection/gold/GUIDELINES.md`` says what is
annotated and where each span begins and ends.

Two ways of matching a prediction to a gold quote, each one-to-one:

- **Overlap** (the main figure): the two spans share at least 30 % of their **union**
  (characters in both ÷ characters in either). The union, not the gold span's length, is the
  denominator so that an over-long prediction cannot pass: a suggestion covering a whole
  paragraph does not match the six-word quote inside it, and two gold quotes split by their
  attribution are not both matched by one suggestion that swallows the attribution. Where several
  pairs compete, the largest overlap is matched first.
- **Exact**: the same span once both are trimmed of white space and of a trailing
  ``. , ; :`` (and ``。、``) — whether a quote's closing full stop belongs to it is a convention,
  not a detection error.

From the matches: precision (matched ÷ predicted), recall (matched ÷ gold), F1, and speaker
accuracy — the share of matched pairs whose speakers are the same name after
:func:`normalize_speaker` (case, ё/е, white space). Each figure is micro-averaged per language
and per kind: for a kind, only gold quotes and predictions of that kind take part, so a direct
quote reported as indirect costs direct recall *and* indirect precision; the "all" rows match
regardless of kind and count how often the kind agrees.
"""

from __future__ import annotations

import json
import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from models.tables import QuoteKind
from services.errors import InvalidInputError

#: The least share of the union two spans must have in common to count as the same quote.
OVERLAP_THRESHOLD = 0.3
#: Grouping keys standing for "every language" and "every kind".
ALL = "all"
#: The kinds the gold set annotates, each reported on its own row.
KINDS = (QuoteKind.DIRECT, QuoteKind.INDIRECT)
OVERLAP = "overlap"
EXACT = "exact"
MODES = (OVERLAP, EXACT)

_TRAILING = " \t\n.,;:。、"
_SPACES = re.compile(r"\s+")
_CJK = r"\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_SPACE_IN_CJK = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")


class Span(Protocol):
    """What scoring needs of a quotation, gold or predicted (a ``Suggestion`` is one)."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def kind(self) -> QuoteKind: ...
    @property
    def speaker(self) -> str: ...


@dataclass(frozen=True, slots=True)
class GoldQuote:
    start: int
    end: int
    kind: QuoteKind
    speaker: str
    text: str


@dataclass(frozen=True, slots=True)
class GoldArticle:
    """One annotated article; ``name`` is its file stem (``en-01-harbour-bridge``)."""

    name: str
    language: str
    title: str
    genre: str
    text: str
    quotes: tuple[GoldQuote, ...]


@dataclass(slots=True)
class Counts:
    """Tallies for one group (language × kind × mode); the rates derive from them."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    speaker_correct: int = 0
    kind_correct: int = 0

    def add(self, other: Counts) -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.matched += other.matched
        self.speaker_correct += other.speaker_correct
        self.kind_correct += other.kind_correct

    @property
    def precision(self) -> float | None:
        return self.matched / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.matched / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        precision, recall = self.precision, self.recall
        if precision is None or recall is None:
            return None
        total = precision + recall
        return 2 * precision * recall / total if total else 0.0

    @property
    def speaker_accuracy(self) -> float | None:
        return self.speaker_correct / self.matched if self.matched else None

    @property
    def kind_accuracy(self) -> float | None:
        return self.kind_correct / self.matched if self.matched else None

    def to_json(self) -> dict[str, Any]:
        rates = {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "speaker_accuracy": self.speaker_accuracy,
            "kind_accuracy": self.kind_accuracy,
        }
        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "matched": self.matched,
            "speaker_correct": self.speaker_correct,
            "kind_correct": self.kind_correct,
            **{name: _round(value) for name, value in rates.items()},
        }


#: (language or ALL, kind value or ALL, mode)
GroupKey = tuple[str, str, str]


@dataclass(slots=True)
class Report:
    """Every group's counts over a set of articles, and how long detection took."""

    counts: dict[GroupKey, Counts] = field(default_factory=dict)
    articles: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def get(self, language: str = ALL, kind: str = ALL, mode: str = OVERLAP) -> Counts:
        """The counts of one group (empty counts if nothing of it was seen)."""
        return self.counts.get((language, kind, mode), Counts())

    @property
    def languages(self) -> list[str]:
        return sorted(self.articles)

    @property
    def articles_per_second(self) -> float | None:
        total = sum(self.articles.values())
        return total / self.seconds if self.seconds > 0 else None

    def add_article(self, language: str, counts: Mapping[tuple[str, str], Counts]) -> None:
        """Fold one article's counts (keyed by kind and mode) into its language and ALL."""
        self.articles[language] = self.articles.get(language, 0) + 1
        for (kind, mode), tally in counts.items():
            for group in (language, ALL):
                self.counts.setdefault((group, kind, mode), Counts()).add(tally)

    def table(self) -> list[str]:
        """A Markdown table: one row per language and kind, overlap figures then exact."""
        lines = [
            "| Language | Kind | Gold | Predicted | P | R | F1 | Speaker acc. "
            "| Exact P | Exact R | Exact F1 |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for language in [*self.languages, ALL]:
            for kind in (ALL, *(kind.value for kind in KINDS)):
                loose, exact = self.get(language, kind, OVERLAP), self.get(language, kind, EXACT)
                if not loose.gold and not loose.predicted:
                    continue
                cells = [
                    language,
                    kind,
                    str(loose.gold),
                    str(loose.predicted),
                    *(_cell(value) for value in (loose.precision, loose.recall, loose.f1)),
                    _cell(loose.speaker_accuracy),
                    *(_cell(value) for value in (exact.precision, exact.recall, exact.f1)),
                ]
                lines.append("| " + " | ".join(cells) + " |")
        return lines

    def to_json(self) -> dict[str, Any]:
        groups: dict[str, Any] = {}
        for (language, kind, mode), tally in sorted(self.counts.items()):
            groups.setdefault(language, {}).setdefault(kind, {})[mode] = tally.to_json()
        return {
            "overlap_threshold": OVERLAP_THRESHOLD,
            "overlap_denominator": "union",
            "articles": dict(sorted(self.articles.items())),
            "seconds": round(self.seconds, 4),
            "articles_per_second": _round(self.articles_per_second, 1),
            "scores": groups,
        }


def normalize_speaker(name: str) -> str:
    """A speaker's name in the form compared: NFKC, case-folded, ё as е, single spaces, and no
    spaces between CJK characters (山田 太郎 is 山田太郎)."""
    name = unicodedata.normalize("NFKC", name).casefold().replace("ё", "е")
    name = _SPACES.sub(" ", name).strip()
    return _SPACE_IN_CJK.sub("", name)


def overlap(first: Span, second: Span) -> float:
    """Characters the spans share ÷ characters in either (0 when they do not touch)."""
    shared = min(first.end, second.end) - max(first.start, second.start)
    if shared <= 0:
        return 0.0
    union = max(first.end, second.end) - min(first.start, second.start)
    return shared / union


def trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without white space at either end or trailing ``. , ; : 。 、``."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    return start, end


def match(
    gold: Sequence[Span],
    predicted: Sequence[Span],
    *,
    mode: str = OVERLAP,
    text: str = "",
    threshold: float = OVERLAP_THRESHOLD,
) -> list[tuple[int, int]]:
    """One-to-one pairs ``(gold index, predicted index)``, in gold order.

    ``mode`` EXACT compares the trimmed spans of ``text``; OVERLAP pairs spans sharing at least
    ``threshold`` of their union, the largest overlaps first (ties: earlier gold, then earlier
    prediction), so one prediction never counts for two gold quotes nor two for one.
    """
    if mode == EXACT:
        wanted: dict[tuple[int, int], int] = {}
        for index, quote in enumerate(gold):
            wanted.setdefault(trimmed(text, quote.start, quote.end), index)
        pairs: dict[int, int] = {}
        for index, guess in enumerate(predicted):
            hit = wanted.get(trimmed(text, guess.start, guess.end))
            if hit is not None and hit not in pairs:
                pairs[hit] = index
        return sorted(pairs.items())
    if mode != OVERLAP:
        raise ValueError(f"unknown matching mode {mode!r}")
    candidates = [
        (-share, g, p)
        for g, quote in enumerate(gold)
        for p, guess in enumerate(predicted)
        if (share := overlap(quote, guess)) >= threshold
    ]
    candidates.sort()
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    chosen: list[tuple[int, int]] = []
    for _, g, p in candidates:
        if g not in used_gold and p not in used_predicted:
            used_gold.add(g)
            used_predicted.add(p)
            chosen.append((g, p))
    return sorted(chosen)


def score_article(
    text: str, gold: Sequence[Span], predicted: Sequence[Span]
) -> dict[tuple[str, str], Counts]:
    """One article's counts keyed by (kind or ALL, mode)."""
    result: dict[tuple[str, str], Counts] = {}
    for mode in MODES:
        result[ALL, mode] = _tally(text, gold, predicted, mode)
        for kind in KINDS:
            gold_kind = [quote for quote in gold if quote.kind == kind]
            predicted_kind = [guess for guess in predicted if guess.kind == kind]
            result[kind.value, mode] = _tally(text, gold_kind, predicted_kind, mode)
    return result


def evaluate(
    articles: Iterable[GoldArticle], detector: Callable[[str, str], Sequence[Span]]
) -> Report:
    """Run ``detector(text, language)`` on every article and score it; the report also holds
    the time spent inside the detector alone (loading and scoring are not timed)."""
    report = Report()
    for article in articles:
        began = time.perf_counter()
        predicted = list(detector(article.text, article.language))
        report.seconds += time.perf_counter() - began
        report.add_article(article.language, score_article(article.text, article.quotes, predicted))
    return report


def load_gold(folder: Path) -> list[GoldArticle]:
    """Every annotated article in ``folder`` (``*.json`` beside ``*.txt``), by name."""
    return [load_article(path) for path in sorted(folder.glob("*.json"))]


def load_article(path: Path) -> GoldArticle:
    """One gold article; a file that does not follow the format is refused, naming it."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        text = path.with_suffix(".txt").read_text(encoding="utf-8")
        quotes = tuple(
            GoldQuote(
                start=int(quote["start"]),
                end=int(quote["end"]),
                kind=QuoteKind(quote["kind"]),
                speaker=str(quote["speaker"]),
                text=str(quote["text"]),
            )
            for quote in document["quotes"]
        )
        language, title, genre = (str(document[key]) for key in ("language", "title", "genre"))
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise InvalidInputError(str(path), f"not a gold annotation file ({error})") from error
    return GoldArticle(path.stem, language, title, genre, text, quotes)


def _tally(text: str, gold: Sequence[Span], predicted: Sequence[Span], mode: str) -> Counts:
    pairs = match(gold, predicted, mode=mode, text=text)
    speakers = sum(
        normalize_speaker(gold[g].speaker) == normalize_speaker(predicted[p].speaker)
        for g, p in pairs
    )
    kinds = sum(gold[g].kind == predicted[p].kind for g, p in pairs)
    return Counts(len(gold), len(predicted), len(pairs), speakers, kinds)


def _round(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value, digits)


def _cell(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"
