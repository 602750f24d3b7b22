"""``quotebook detect``: suggestions listed, saved with --accept, unknown speakers skipped."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.errors import InvalidInputError
from services.library import Library
from services.quotes import QuoteService
from services.readmodels import QuoteDraft
from tests.cli.conftest import Quotebook, write
from tests.services.suggestion_fakes import SCRIPT, TEXT, ScriptedDetector

SUGGESTION_KEYS = {"start", "end", "text", "speaker", "speaker_id", "kind", "confidence", "cue"}


@pytest.fixture
def detector(monkeypatch: pytest.MonkeyPatch) -> ScriptedDetector:
    """Every library the command opens detects with the scripted engine."""
    fake = ScriptedDetector()
    monkeypatch.setattr("services.detection.detect", fake)
    return fake


@pytest.fixture
def bridge_article(quotebook: Quotebook, tmp_path: Path) -> str:
    """The bilingual bridge article, imported as article 1; returns its canonical text."""
    quotebook.ok(
        "import", str(write(tmp_path, "bridge.txt", TEXT)), "--language", "ru", "--title", "Мост"
    )
    text: str = quotebook.ok("article", "show", "1", "--json").json()["text"]
    return text


def test_json_lists_every_suggestion_and_writes_nothing(
    quotebook: Quotebook, bridge_article: str, detector: ScriptedDetector
) -> None:
    before = quotebook.state()

    found = quotebook.ok("detect", "1", "--json").json()

    assert [item["text"] for item in found] == [line.words for line in SCRIPT]
    for item, line in zip(found, SCRIPT, strict=True):
        assert set(item) == SUGGESTION_KEYS
        assert bridge_article[item["start"] : item["end"]] == item["text"]
        assert item["speaker"] == line.speaker
        assert item["kind"] == line.kind.value
        assert item["confidence"] == line.confidence
    assert quotebook.state() == before


def test_text_output_names_speakers_and_the_next_step(
    quotebook: Quotebook, bridge_article: str, detector: ScriptedDetector
) -> None:
    out = quotebook.ok("detect", "Мост").out  # by title as well as by id

    assert "4 suggestions in article 1" in out
    assert "Сергей Волков  (direct, 95% sure)" in out
    assert "(speaker not found)  (indirect, 60% sure)" in out
    start = bridge_article.index("Мы построим")
    assert f"characters {start}–{start + len('Мы построим новый мост')}" in out
    assert "quotebook detect 1 --accept" in out
    assert "without a speaker will be skipped" in out


def test_accept_saves_quotes_and_skips_the_unattributed(
    quotebook: Quotebook, bridge_article: str, detector: ScriptedDetector
) -> None:
    saved = quotebook.ok("detect", "1", "--accept", "--json").json()

    assert [item["quote_id"] is not None for item in saved] == [True, True, True, False]
    quotes = quotebook.ok("quotes", "--json").json()
    assert [(q["text"], q["speaker"], q["kind"]) for q in quotes] == [
        ("Мы построим новый мост", "Сергей Волков", "direct"),
        ("The bridge will open in May,", "Anna Reed", "direct"),
        ("Traffic will halve.", "Anna Reed", "direct"),
    ]
    names = [s["name"] for s in quotebook.ok("speakers", "--json").json()]
    assert sorted(names) == ["Anna Reed", "Сергей Волков"]

    again = quotebook.ok("detect", "1", "--json").json()
    assert [item["text"] for item in again] == ["the old pier is unsafe"]


def test_accept_in_text_tells_what_was_skipped_and_how_to_mark_it(
    quotebook: Quotebook, bridge_article: str, detector: ScriptedDetector
) -> None:
    out = quotebook.ok("detect", "1", "--accept").out

    assert "Saved 3 quotes in article 1" in out
    assert "New speakers: Anna Reed, Сергей Волков." in out
    assert "Skipped 1 suggestion with no speaker found" in out
    start = bridge_article.index("the old pier")
    end = start + len("the old pier is unsafe")
    assert f"quotebook quote add 1 --start {start} --end {end} --kind indirect" in out


def test_a_matched_speaker_is_saved_under_the_library_name(
    quotebook: Quotebook, bridge_article: str, detector: ScriptedDetector
) -> None:
    quotebook.ok("quote", "add", "1", "--text", "Мэр", "--speaker", "Anna J. Reed")
    quotebook.ok("speaker", "edit", "Anna J. Reed", "--alias", "Anna Reed")

    found = quotebook.ok("detect", "1", "--json").json()
    assert [item["speaker"] for item in found][1:3] == ["Anna J. Reed", "Anna J. Reed"]

    quotebook.ok("detect", "1", "--accept")
    speakers = {s["name"]: s["quote_count"] for s in quotebook.ok("speakers", "--json").json()}
    assert speakers == {"Anna J. Reed": 3, "Сергей Волков": 1}


def test_a_failure_half_way_leaves_the_library_as_it_was(
    quotebook: Quotebook,
    bridge_article: str,
    detector: ScriptedDetector,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    before = quotebook.state()
    real_add = QuoteService.add
    calls: list[int] = []

    def add_twice(self: QuoteService, draft: QuoteDraft) -> object:
        calls.append(draft.start)
        if len(calls) == 3:
            raise InvalidInputError("article 1", "the library is locked")
        return real_add(self, draft)

    monkeypatch.setattr(QuoteService, "add", add_twice)
    line = quotebook.fails("detect", "1", "--accept")

    assert line == "quotebook: article 1: the library is locked"
    assert quotebook.state() == before


def test_an_article_without_suggestions(
    quotebook: Quotebook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("services.detection.detect", ScriptedDetector([]))
    quotebook.ok("import", str(write(tmp_path, "calm.txt", "Nothing was said today.\n")))

    assert quotebook.ok("detect", "1").out == "No suggestions in article 1, calm.\n"
    assert quotebook.ok("detect", "1", "--accept", "--json").json() == []


def test_an_unknown_article_is_one_line(quotebook: Quotebook, detector: ScriptedDetector) -> None:
    assert quotebook.fails("detect", "7").startswith("quotebook: article 7")


def test_the_real_engine_finds_quotes_with_exact_offsets(
    quotebook: Quotebook, reference_article: Path, library_path: Path
) -> None:
    """End to end on the Russian reference interview, with the shipped engine."""
    quotebook.ok("import", str(reference_article))
    library = Library.open(library_path)
    try:
        text = library.articles.get(1).text
    finally:
        library.close()
    for item in quotebook.ok("detect", "1", "--json").json():
        assert text[item["start"] : item["end"]] == item["text"]
        assert item["kind"] in {"direct", "indirect"}
        assert 0 <= item["confidence"] <= 1
