"""The gold set, the scorer that reads it, and the floors the detection engine must stay above.

Three parts: the annotation files are checked against their texts and the rules in
``gold/GUIDELINES.md``; the scorer is run on hand-made cases whose figures are worked out here;
then the engine is scored on the whole gold set and held to floors per language and kind.
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from models.tables import QuoteKind
from services.detection import detect
from services.detection.scoring import (
    ALL,
    EXACT,
    OVERLAP,
    GoldArticle,
    GoldQuote,
    Report,
    evaluate,
    load_article,
    load_gold,
    match,
    normalize_speaker,
    overlap,
    score_article,
)
from services.errors import InvalidInputError
from services.text import canonicalize
from tests.detection.annotate import AnnotationError, locate

GOLD = Path(__file__).resolve().parent / "gold"
ARTICLES = load_gold(GOLD)
OPENING_MARKS = '“"«„»‚‘‹›「『'
CLOSING_MARKS = '”"»“«‘’›‹」』'
DIRECT, INDIRECT = QuoteKind.DIRECT, QuoteKind.INDIRECT


def q(start: int, end: int, kind: QuoteKind = DIRECT, speaker: str = "A") -> GoldQuote:
    return GoldQuote(start, end, kind, speaker, "")


# --- the gold set -------------------------------------------------------------------------


def test_the_set_covers_what_the_issue_asks() -> None:
    languages = Counter(article.language for article in ARTICLES)
    assert languages["en"] >= 10
    assert languages["ru"] >= 10
    assert languages["de"] >= 3
    assert languages["ja"] >= 3
    assert any(a.language == "ru" and a.genre == "interview" for a in ARTICLES)
    genres = {article.genre for article in ARTICLES if article.language in {"en", "ru"}}
    assert {"politics", "city council", "courts", "business", "sport", "culture"} <= genres
    for language in ("en", "ru", "de", "ja"):
        kinds = Counter(
            quote.kind for a in ARTICLES if a.language == language for quote in a.quotes
        )
        assert kinds[DIRECT] >= 10, language
        assert kinds[INDIRECT] >= 5, language


@pytest.mark.parametrize("article", ARTICLES, ids=lambda article: article.name)
def test_article_is_canonical_news_length(article: GoldArticle) -> None:
    assert article.name.startswith(f"{article.language}-")
    assert canonicalize(article.text) == article.text
    assert unicodedata.is_normalized("NFC", article.text)
    # Japanese is not written with spaces: count two characters as a word, as news desks do.
    words = len(article.text) // 2 if article.language == "ja" else len(article.text.split())
    assert 250 <= words <= 700, words


@pytest.mark.parametrize("article", ARTICLES, ids=lambda article: article.name)
def test_annotations_follow_the_guidelines(article: GoldArticle) -> None:
    text = article.text
    previous_end = 0
    for quote in article.quotes:
        where = f"{article.name} {quote.start}:{quote.end}"
        assert text[quote.start : quote.end] == quote.text, where
        assert previous_end <= quote.start < quote.end, f"{where}: out of order or overlapping"
        assert quote.text == quote.text.strip(), f"{where}: white space at an end"
        assert "\n" not in quote.text, f"{where}: crosses a paragraph break"
        assert quote.kind in (DIRECT, INDIRECT), where
        assert quote.speaker == " ".join(quote.speaker.split()), where
        previous_end = quote.end
        if quote.kind == DIRECT:
            before = text[quote.start - 1] if quote.start else "\n"
            after = text[quote.end] if quote.end < len(text) else "\n"
            opened = before in OPENING_MARKS + "\n" or text[quote.start - 2 : quote.start] == "— "
            assert opened, f"{where}: a direct quote starts inside its marks or dash"
            assert after in CLOSING_MARKS + ",\n", f"{where}: a direct quote ends at its mark"
        else:
            assert quote.text[-1] not in ".,;:", f"{where}: an indirect quote ends at its clause"
            assert quote.text[0] not in OPENING_MARKS, where


@pytest.mark.parametrize("article", ARTICLES, ids=lambda article: article.name)
def test_offsets_are_the_helpers(article: GoldArticle) -> None:
    """Offsets come from the annotation helper, never typed by hand: recomputing them from each
    quote's text (in order, with its ``occurrence``) gives the same numbers."""
    document = json.loads((GOLD / f"{article.name}.json").read_text(encoding="utf-8"))
    located = locate(article.text, document["quotes"])
    assert [(quote["start"], quote["end"]) for quote in located] == [
        (quote.start, quote.end) for quote in article.quotes
    ]


def test_every_speaker_is_named_but_a_few() -> None:
    quotes = [quote for article in ARTICLES for quote in article.quotes]
    unnamed = [quote for quote in quotes if not quote.speaker]
    assert len(unnamed) <= len(quotes) // 20


def test_the_helper_refuses_text_that_is_not_there() -> None:
    text = "He said “yes”. She said “yes”."
    first, second = locate(text, [{"text": "yes"}, {"text": "yes"}])
    assert (first["start"], second["start"]) == (9, 25)
    with pytest.raises(AnnotationError, match="quote 3"):
        locate(text, [{"text": "yes"}, {"text": "yes"}, {"text": "yes"}])
    with pytest.raises(AnnotationError, match="white space"):
        locate(text, [{"text": "yes "}])
    assert locate(text, [{"text": "yes", "occurrence": 2}])[0]["start"] == 25


# --- the scorer ---------------------------------------------------------------------------


def test_overlap_is_shared_over_union() -> None:
    assert overlap(q(0, 10), q(0, 10)) == 1.0
    assert overlap(q(0, 10), q(5, 15)) == pytest.approx(5 / 15)
    assert overlap(q(0, 10), q(10, 20)) == 0.0
    assert overlap(q(0, 100), q(10, 20)) == pytest.approx(0.1)


def test_thirty_percent_of_the_union_is_the_line() -> None:
    gold = [q(0, 100)]
    assert match(gold, [q(70, 100)]) == [(0, 0)]  # 30 shared / 100
    assert match(gold, [q(71, 100)]) == []  # 29 / 100
    assert match(gold, [q(0, 334)]) == []  # 100 / 334: too long a prediction does not pass


def test_one_prediction_matches_one_gold_quote() -> None:
    """A suggestion that swallows a split quote and its attribution matches one half at most."""
    gold = [q(0, 40), q(60, 100)]
    assert match(gold, [q(0, 100)]) == [(0, 0)]
    # Two predictions over one quote: the larger overlap wins, the other is a false positive.
    assert match([q(0, 40)], [q(0, 20), q(0, 38)]) == [(0, 1)]
    # A greedy choice by overlap: gold 1 takes its best, gold 0 the other.
    assert match([q(0, 30), q(20, 50)], [q(10, 30), q(20, 50)]) == [(0, 0), (1, 1)]


def test_exact_matching_forgives_only_spaces_and_closing_punctuation() -> None:
    text = "She said: “We will build it.” Then she left."
    start = text.index("We")
    end = text.index("”")
    gold = [q(start, end)]
    assert match(gold, [q(start, end - 1)], mode=EXACT, text=text) == [(0, 0)]  # no full stop
    assert match(gold, [q(start - 1, end)], mode=EXACT, text=text) == []  # the opening mark
    assert match(gold, [q(start + 1, end)], mode=EXACT, text=text) == []
    assert match(gold, [q(start, end), q(start, end)], mode=EXACT, text=text) == [(0, 0)]
    with pytest.raises(ValueError, match="mode"):
        match(gold, gold, mode="fuzzy")


def test_speaker_names_compare_without_case_yo_or_spacing() -> None:
    assert normalize_speaker("Семён  Орлов") == normalize_speaker("семен орлов")
    assert normalize_speaker(" Margaret\u00a0Hale ") == normalize_speaker("margaret hale")
    assert normalize_speaker("山田 太郎") == normalize_speaker("山田太郎")
    assert normalize_speaker("Семён Орлов") != normalize_speaker("Семён Орлова")
    assert normalize_speaker("Margaret Hale") != normalize_speaker("Hale")


def test_figures_of_a_worked_example() -> None:
    """Four gold quotes, four predictions: one right, one with the wrong speaker, one with the
    wrong kind, one spurious; one gold quote missed."""
    text = "x" * 200
    gold = [
        q(0, 20, DIRECT, "Ann Lee"),
        q(30, 50, DIRECT, "Bob Ray"),
        q(60, 80, INDIRECT, "Ann Lee"),
        q(100, 120, INDIRECT, "Bob Ray"),
    ]
    predicted = [
        q(0, 20, DIRECT, "ann  lee"),
        q(30, 48, DIRECT, "Ann Lee"),
        q(60, 80, DIRECT, "Ann Lee"),
        q(150, 170, INDIRECT, "Bob Ray"),
    ]
    counts = score_article(text, gold, predicted)
    everything = counts[ALL, OVERLAP]
    assert (everything.gold, everything.predicted, everything.matched) == (4, 4, 3)
    assert everything.speaker_correct == 2
    assert everything.kind_correct == 2
    direct = counts[DIRECT.value, OVERLAP]
    assert (direct.gold, direct.predicted, direct.matched) == (2, 3, 2)
    assert direct.precision == pytest.approx(2 / 3)
    assert direct.recall == 1.0
    assert direct.f1 == pytest.approx(0.8)
    assert direct.speaker_accuracy == 0.5
    indirect = counts[INDIRECT.value, OVERLAP]
    assert (indirect.gold, indirect.predicted, indirect.matched) == (2, 1, 0)
    assert indirect.precision == 0.0
    assert indirect.f1 == 0.0
    assert indirect.speaker_accuracy is None
    exact = counts[DIRECT.value, EXACT]
    assert exact.matched == 1  # 30:48 is not 30:50


def test_rates_are_undefined_without_anything_to_count() -> None:
    counts = score_article("", [], [])[ALL, OVERLAP]
    assert counts.precision is None
    assert counts.recall is None
    assert counts.f1 is None
    assert counts.speaker_accuracy is None


def test_evaluate_groups_by_language_and_reports() -> None:
    english = GoldArticle("en-x", "en", "", "", "a" * 50, (q(0, 10, DIRECT, "Ann Lee"),))
    russian = GoldArticle("ru-x", "ru", "", "", "б" * 50, (q(5, 25, INDIRECT, "Иван Орлов"),))

    def oracle(text: str, language: str) -> list[GoldQuote]:
        return [q(0, 10, DIRECT, "Ann Lee")] if language == "en" else []

    report = evaluate([english, russian], oracle)
    assert report.articles == {"en": 1, "ru": 1}
    assert report.get("en", DIRECT.value).f1 == 1.0
    assert report.get("ru", INDIRECT.value).recall == 0.0
    assert report.get(ALL, ALL).recall == 0.5
    assert report.get("de").gold == 0
    table = "\n".join(report.table())
    assert "| en | direct | 1 | 1 | 1.00 | 1.00 | 1.00 | 1.00 |" in table
    assert "| ru | indirect | 1 | 0 | — | 0.00 |" in table
    document = report.to_json()
    assert document["scores"]["all"]["all"]["overlap"]["recall"] == 0.5
    assert document["overlap_denominator"] == "union"
    json.dumps(document)


def test_the_gold_set_scores_perfectly_against_itself() -> None:
    by_text = {article.text: article.quotes for article in ARTICLES}
    report = evaluate(ARTICLES, lambda text, language: by_text[text])
    for mode in (OVERLAP, EXACT):
        counts = report.get(mode=mode)
        assert counts.matched == counts.gold == counts.predicted > 300
        assert counts.speaker_accuracy == 1.0


def test_a_malformed_annotation_file_is_refused_by_name(tmp_path: Path) -> None:
    (tmp_path / "en-bad.txt").write_text("text", encoding="utf-8")
    bad = tmp_path / "en-bad.json"
    bad.write_text('{"language": "en", "quotes": [{"start": 0}]}', encoding="utf-8")
    with pytest.raises(InvalidInputError, match=r"en-bad\.json"):
        load_article(bad)
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="not a gold annotation file"):
        load_article(bad)


# --- the engine's floors ------------------------------------------------------------------


@dataclass(frozen=True)
class Floor:
    """Least precision, recall and speaker accuracy (30 % overlap) for one language and kind."""

    precision: float
    recall: float
    speaker: float


#: Measured 2026-11-25 (benchmarks/RESULTS.md, "Quote detection"): each floor is what the engine
#: reached less two quotes' worth (two predictions for precision, two gold quotes for recall, two
#: matches for speaker accuracy), rounded down — a regression of three quotes fails. For English,
#: Russian and all languages together, where the engine reached one of issue 6's goals (direct
#: P ≥ 0.95, R ≥ 0.90, speaker ≥ 0.90; indirect P ≥ 0.85, R ≥ 0.60) the floor is at least that
#: goal. German and Japanese (18 and 13 direct quotes) are too few to hold at a goal without
#: one quote deciding. Japanese indirect speech is not detected yet, so it has no floor.
FLOORS: dict[tuple[str, str], Floor] = {
    ("en", "direct"): Floor(precision=0.97, recall=0.97, speaker=0.91),
    ("en", "indirect"): Floor(precision=0.89, recall=0.81, speaker=0.88),
    ("ru", "direct"): Floor(precision=0.95, recall=0.95, speaker=0.92),
    ("ru", "indirect"): Floor(precision=0.94, recall=0.76, speaker=0.81),
    ("de", "direct"): Floor(precision=0.87, recall=0.77, speaker=0.81),
    ("de", "indirect"): Floor(precision=0.72, recall=0.47, speaker=0.70),
    ("ja", "direct"): Floor(precision=0.83, recall=0.76, speaker=0.75),
    (ALL, "direct"): Floor(precision=0.97, recall=0.96, speaker=0.93),
    (ALL, "indirect"): Floor(precision=0.92, recall=0.75, speaker=0.86),
}


@pytest.fixture(scope="module")
def engine_report() -> Report:
    return evaluate(ARTICLES, lambda text, language: detect(text, language=language))


@pytest.mark.parametrize(("language", "kind"), sorted(FLOORS), ids="-".join)
def test_engine_stays_above_its_floor(engine_report: Report, language: str, kind: str) -> None:
    floor = FLOORS[language, kind]
    counts = engine_report.get(language, kind)
    figures = {
        "precision": (counts.precision or 0.0, floor.precision),
        "recall": (counts.recall or 0.0, floor.recall),
        "speaker accuracy": (counts.speaker_accuracy or 0.0, floor.speaker),
    }
    below = {name: pair for name, pair in figures.items() if pair[0] < pair[1]}
    assert not below, f"{language} {kind} below its floor (reached, floor): {below}"
