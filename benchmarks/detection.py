"""Quote detection on the gold set: ``python -m benchmarks.detection [--runs R] [--json FILE]``.

Runs :func:`services.detection.detect` on every annotated article in ``tests/detection/gold/``
(English, Russian, German, Japanese news written for the purpose; see its GUIDELINES.md) and
scores it with :mod:`services.detection.scoring`: precision, recall, F1 and speaker accuracy per
language and kind, at 30 % overlap and at exact boundaries. Beside the figures stand issue 6's
goals and the best published open system for English news.

Speed is articles per second through ``detect`` alone (loading the files and scoring are not
timed), the median of ``--runs`` passes after one warm-up pass, so the morphology dictionaries
and regular expressions are loaded as in an app that has been open a while. It is measured twice:
over the gold set (about 2,000 characters an article) and over ``--news`` generated articles of
the import benchmark (:mod:`benchmarks.corpus`, news length, half English, half Russian), closer
to what a reporter imports. Nothing is asserted here; ``tests/detection/test_gold.py`` holds the
floors.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks import corpus
from benchmarks.import_speed import machine
from services.detection import detect
from services.detection.scoring import ALL, GoldArticle, Report, evaluate, load_gold

DESCRIPTION = "Quote detection scored on the annotated gold set, with its speed."
GOLD = Path(__file__).resolve().parent.parent / "tests" / "detection" / "gold"

#: The best published open system for English news at 30 % overlap, for comparison.
REFERENCE_F1 = 0.84
REFERENCE_SPEAKER_ACCURACY = 0.87
#: Issue 6's speed goal.
SPEED_GOAL = 20.0


@dataclass(frozen=True, slots=True)
class Goal:
    """One of issue 6's goals: a rate of a kind (over every language) that must reach ``least``."""

    kind: str
    measure: str
    least: float

    def reached(self, report: Report) -> float | None:
        value: float | None = getattr(report.get(ALL, self.kind), self.measure)
        return value


GOALS = (
    Goal("direct", "precision", 0.95),
    Goal("direct", "recall", 0.90),
    Goal("direct", "speaker_accuracy", 0.90),
    Goal("indirect", "recall", 0.60),
    Goal("indirect", "precision", 0.85),
)


def detector(text: str, language: str) -> list[Any]:
    return list(detect(text, language=language))


def run(articles: Sequence[GoldArticle], runs: int) -> tuple[Report, list[float]]:
    """The scores (every pass gives the same) and each timed pass's articles per second."""
    evaluate(articles, detector)  # warm-up, not timed
    speeds: list[float] = []
    report = Report()
    for _ in range(runs):
        report = evaluate(articles, detector)
        speeds.append(report.articles_per_second or 0.0)
    return report, speeds


def news_speed(count: int, runs: int) -> tuple[list[float], int]:
    """Articles per second over ``count`` generated news articles, each pass; and their mean
    length in characters."""
    texts = []
    for index in range(count):
        article = corpus.article(index)
        texts.append(
            (article.headline + "\n\n" + "\n\n".join(article.paragraphs), article.language)
        )
    articles = [
        GoldArticle(f"news-{n}", lang, "", "", text, ()) for n, (text, lang) in enumerate(texts)
    ]
    _, speeds = run(articles, runs)
    return speeds, sum(len(text) for text, _ in texts) // max(1, count)


def verdicts(report: Report, speed: float) -> list[str]:
    """The goals and the reference system, each with the figure reached."""
    lines = []
    for goal in GOALS:
        value = goal.reached(report)
        shown = "—" if value is None else f"{value:.2f}"
        met = value is not None and value >= goal.least
        name = goal.measure.replace("_", " ")
        lines.append(f"{goal.kind} {name}: {shown} (goal ≥ {goal.least:.2f}) {_met(met)}")
    english = report.get("en", ALL)
    for label, value, reference in (
        ("English F1", english.f1, REFERENCE_F1),
        ("English speaker accuracy", english.speaker_accuracy, REFERENCE_SPEAKER_ACCURACY),
    ):
        shown = "—" if value is None else f"{value:.3f}"
        position = "behind"
        if value is not None and round(value, 2) >= reference:
            position = "ahead" if round(value, 2) > reference else "level"
        lines.append(f"{label}: {shown} (best published open system {reference:.2f}) {position}")
    lines.append(
        f"speed: {speed:.0f} articles/s (goal ≥ {SPEED_GOAL:.0f}) {_met(speed >= SPEED_GOAL)}"
    )
    return lines


def document(
    report: Report,
    speeds: Sequence[float],
    articles: Sequence[GoldArticle],
    news: tuple[list[float], int],
) -> Any:
    """The JSON: the scorer's figures, the goals, the speed and what it was measured on."""
    characters = sum(len(article.text) for article in articles)
    news_speeds, news_characters = news
    return {
        **report.to_json(),
        "articles_per_second": round(_median(speeds), 1),
        "articles_per_second_runs": [round(speed, 1) for speed in speeds],
        "characters_per_article": round(characters / max(1, len(articles))),
        "news_articles_per_second": round(_median(news_speeds), 1),
        "news_characters_per_article": news_characters,
        "goals": [
            {
                "kind": goal.kind,
                "measure": goal.measure,
                "least": goal.least,
                "reached": goal.reached(report),
            }
            for goal in GOALS
        ],
        "reference_english_f1": REFERENCE_F1,
        "reference_english_speaker_accuracy": REFERENCE_SPEAKER_ACCURACY,
        "measured": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.detection", description=DESCRIPTION)
    parser.add_argument("--runs", type=int, default=5, help="timed passes (median; default 5)")
    parser.add_argument("--gold", default=str(GOLD), help="folder of annotated articles")
    parser.add_argument(
        "--news", type=int, default=200, help="generated news articles timed (default 200)"
    )
    parser.add_argument("--json", help="also write the JSON document to this file")
    args = parser.parse_args(argv)
    articles = load_gold(Path(args.gold))
    report, speeds = run(articles, max(1, args.runs))
    news = news_speed(args.news, max(1, args.runs)) if args.news > 0 else ([], 0)
    result = document(report, speeds, articles, news)
    print("\n".join(report.table()))
    print()
    print("\n".join(verdicts(report, result["articles_per_second"])))
    if news[0]:
        print(
            f"speed on generated news ({news[1]:,} characters each): "
            f"{result['news_articles_per_second']:.0f} articles/s"
        )
    print()
    text = json.dumps(result, indent=2, ensure_ascii=False) + "\n"
    print(text, end="")
    if args.json:
        Path(args.json).write_text(text, encoding="utf-8")
    return 0


def _median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else 0.0


def _met(met: bool) -> str:
    return "met" if met else "not met"


if __name__ == "__main__":
    sys.exit(main())
