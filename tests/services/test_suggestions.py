"""Suggestions: detected minus rejected minus quoted; accepting makes quotes; "no" is kept."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from models.tables import QuoteKind
from services.errors import InvalidInputError, NotFoundError
from services.library import Library
from services.progress import CancelledError, TaskContext
from services.quotes import QuoteChange
from services.readmodels import ArticleMeta, QuoteDraft, QuoteEdit, SpeakerFields
from services.suggestions import Rejection, SuggestionService
from tests.services.suggestion_fakes import (
    SCRIPT,
    TEXT,
    Line,
    ScriptedDetector,
    add_article,
    use_detector,
)


@pytest.fixture
def detector(library: Library) -> ScriptedDetector:
    return use_detector(library)


def _texts(library: Library, article_id: int) -> list[str]:
    return [item.text for item in library.suggestions.for_article(article_id)]


def test_suggestions_come_in_reading_order_with_code_point_offsets(
    library: Library, detector: ScriptedDetector
) -> None:
    article_id = add_article(library)
    text = library.articles.get(article_id).text

    found = library.suggestions.for_article(article_id)

    assert [item.text for item in found] == [line.words for line in SCRIPT]
    for item in found:
        assert text[item.start : item.end] == item.text
    assert found[0].start == text.index("Мы построим")  # after the emoji: one code point
    assert detector.calls == ["ru"], "the article's language is passed to the engine"


def test_detection_is_cached_until_what_it_depends_on_changes(
    library: Library, detector: ScriptedDetector
) -> None:
    article_id = add_article(library)
    library.suggestions.for_article(article_id)
    assert library.suggestions.ready(article_id)

    library.suggestions.for_article(article_id)
    assert len(detector.calls) == 1

    meta = library.articles.get(article_id).meta
    library.articles.update_meta(article_id, replace(meta, language="en"))
    assert not library.suggestions.ready(article_id)
    library.suggestions.for_article(article_id)
    assert detector.calls == ["ru", "en"]

    library.speakers.create(SpeakerFields(name="Anna Reed"))
    assert not library.suggestions.ready(article_id), "a new speaker can change attributions"


def test_a_rejected_suggestion_stays_rejected_after_reopening(
    library_path: Path, library: Library, detector: ScriptedDetector
) -> None:
    article_id = add_article(library)
    first = library.suggestions.for_article(article_id)[0]

    assert library.suggestions.reject(article_id, first) is True
    assert library.suggestions.reject(article_id, first) is False, "already rejected"

    reopened = Library.open(library_path)
    try:
        use_detector(reopened)
        assert first.text not in _texts(reopened, article_id)
        assert len(_texts(reopened, article_id)) == len(SCRIPT) - 1
        assert reopened.suggestions.rejected(article_id) == [
            Rejection(first.start, first.end, first.text)
        ]
    finally:
        reopened.close()


def test_a_rejection_survives_a_detector_that_draws_the_boundaries_differently(
    library: Library, detector: ScriptedDetector
) -> None:
    article_id = add_article(library)
    split = library.suggestions.for_article(article_id)[1]
    assert split.text == "The bridge will open in May,"
    library.suggestions.reject(article_id, split)

    # A newer engine leaves out the comma the old one took in.
    newer = [
        replace(line, words="The bridge will open in May") if line == SCRIPT[1] else line
        for line in SCRIPT
    ]
    use_detector(library, ScriptedDetector(newer))

    assert "The bridge will open in May" not in _texts(library, article_id)
    assert "Traffic will halve." in _texts(library, article_id), "its neighbour is still there"


def test_unreject_offers_the_suggestion_again(library: Library, detector: ScriptedDetector) -> None:
    article_id = add_article(library)
    item = library.suggestions.for_article(article_id)[2]
    library.suggestions.reject(article_id, item)

    assert library.suggestions.unreject(article_id, item) is True
    assert library.suggestions.unreject(article_id, item) is False

    assert item.text in _texts(library, article_id)
    assert library.suggestions.rejected(article_id) == []


def test_rejections_belong_to_their_article(library: Library, detector: ScriptedDetector) -> None:
    first = add_article(library)
    second = add_article(library, TEXT + "\n\nЕщё один абзац.")
    item = library.suggestions.for_article(first)[0]
    library.suggestions.reject(first, item)

    assert item.text in _texts(library, second)

    library.articles.delete(first)
    assert library.suggestions.rejected(first) == [], "deleting the article took them along"


def test_reject_in_an_unknown_article_is_refused(
    library: Library, detector: ScriptedDetector
) -> None:
    article_id = add_article(library)
    item = library.suggestions.for_article(article_id)[0]
    with pytest.raises(NotFoundError, match="article 999"):
        library.suggestions.reject(999, item)
    with pytest.raises(NotFoundError, match="article 999"):
        library.suggestions.for_article(999)


def test_accept_saves_the_proposed_speaker_and_kind(
    library: Library, detector: ScriptedDetector
) -> None:
    article_id = add_article(library)
    item = library.suggestions.for_article(article_id)[0]

    change = library.suggestions.accept(article_id, item)

    quote = change.quote
    assert (quote.start, quote.end, quote.text) == (item.start, item.end, item.text)
    assert quote.speaker_name == "Сергей Волков"
    assert quote.kind is QuoteKind.DIRECT
    assert change.new_speaker_id == quote.speaker_id, "the speaker was new"
    assert item.text not in _texts(library, article_id), "a quote now; no longer a suggestion"

    library.quotes.delete(quote.id)  # what undo does
    assert item.text in _texts(library, article_id)


def test_accept_under_another_speaker_kind_and_tags(
    library: Library, detector: ScriptedDetector
) -> None:
    article_id = add_article(library)
    indirect = library.suggestions.for_article(article_id)[3]
    assert indirect.speaker == ""

    with pytest.raises(InvalidInputError, match="no speaker was found"):
        library.suggestions.accept(article_id, indirect)

    change = library.suggestions.accept(
        article_id,
        indirect,
        "Инженер Петров",
        kind=QuoteKind.PARAPHRASE,
        tags=("мост",),
        note="check",
    )
    assert change.quote.speaker_name == "Инженер Петров"
    assert change.quote.kind is QuoteKind.PARAPHRASE
    assert change.quote.tags == ("мост",)
    assert change.quote.note == "check"


def test_accept_uses_the_library_name_of_a_speaker_matched_by_alias(
    library: Library, detector: ScriptedDetector
) -> None:
    library.speakers.create(SpeakerFields(name="Anna J. Reed", aliases=("Anna Reed",)))
    article_id = add_article(library)
    item = library.suggestions.for_article(article_id)[1]
    assert item.speaker_id is not None

    change = library.suggestions.accept(article_id, item)

    assert change.quote.speaker_name == "Anna J. Reed"
    assert change.new_speaker_id is None


def test_a_suggestion_whose_words_are_no_longer_there_is_refused(
    library: Library, detector: ScriptedDetector
) -> None:
    article_id = add_article(library)
    item = library.suggestions.for_article(article_id)[0]
    stale = replace(item, start=item.start + 1, end=item.end + 1)

    with pytest.raises(InvalidInputError, match="has changed"):
        library.suggestions.accept(article_id, stale)
    assert library.quotes.for_article(article_id) == []


def test_a_quote_marked_by_hand_hides_the_suggestion_it_covers(
    library: Library, detector: ScriptedDetector
) -> None:
    article_id = add_article(library)
    text = library.articles.get(article_id).text
    start = text.index("«")
    end = text.index("»") + 1  # the journalist took the guillemets in too
    library.quotes.add(QuoteDraft(article_id, start, end, QuoteEdit("Сергей Волков")))

    assert "Мы построим новый мост" not in _texts(library, article_id)
    assert len(_texts(library, article_id)) == len(SCRIPT) - 1


def test_accept_all_from_one_speaker(library: Library, detector: ScriptedDetector) -> None:
    article_id = add_article(library)

    changes = library.suggestions.accept_all(article_id, "anna reed")

    assert [c.quote.text for c in changes] == [
        "The bridge will open in May,",
        "Traffic will halve.",
    ]
    assert {c.quote.speaker_name for c in changes} == {"Anna Reed"}
    assert _texts(library, article_id) == ["Мы построим новый мост", "the old pier is unsafe"]
    assert library.suggestions.accept_all(article_id, "Anna Reed") == []

    library.suggestions.undo_accepts(changes)
    assert library.quotes.for_article(article_id) == []
    assert library.speakers.find("Anna Reed") is None, "the speaker it created went too"


def test_accept_all_is_all_or_nothing(
    library: Library, detector: ScriptedDetector, monkeypatch: pytest.MonkeyPatch
) -> None:
    article_id = add_article(library)
    real_add = library.quotes.add
    added: list[QuoteChange] = []

    def add_once(draft: QuoteDraft) -> QuoteChange:
        if added:
            raise InvalidInputError("quote", "the disk is full")
        added.append(real_add(draft))
        return added[0]

    monkeypatch.setattr(library.quotes, "add", add_once)
    with pytest.raises(InvalidInputError, match="disk is full"):
        library.suggestions.accept_all(article_id, "Anna Reed")

    assert added, "the first one was saved before the second failed"
    assert library.quotes.for_article(article_id) == []
    assert library.speakers.find("Anna Reed") is None


def test_accept_all_needs_a_speaker(library: Library, detector: ScriptedDetector) -> None:
    article_id = add_article(library)
    with pytest.raises(InvalidInputError, match="name the speaker"):
        library.suggestions.accept_all(article_id, "  ")


def test_a_cancelled_detection_stops_and_caches_nothing(library: Library) -> None:
    detector = use_detector(library)
    article_id = add_article(library)
    context = TaskContext()
    context.cancel()

    with pytest.raises(CancelledError):
        library.suggestions.for_article(article_id, context=context)

    assert detector.calls == []
    assert not library.suggestions.ready(article_id)


def test_the_library_detects_with_the_real_engine_by_default(library: Library) -> None:
    article_id = library.articles.add(
        "“We will rebuild the pier,” the mayor said.", ArticleMeta(title="Pier", language="en")
    ).summary.id
    assert isinstance(library.suggestions, SuggestionService)
    for item in library.suggestions.for_article(article_id):
        assert library.articles.get(article_id).text[item.start : item.end] == item.text


def test_an_empty_script_suggests_nothing(library: Library) -> None:
    use_detector(library, ScriptedDetector([Line("nowhere in the text", "X")]))
    assert _texts(library, add_article(library)) == []
