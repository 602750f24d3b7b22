"""The lean read paths an opening article takes: its quotes, the speaker directory, and the
suggestions' speaker names — each checked against the full path it replaces."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pytest

from models.tables import QuoteKind
from services import suggestions as suggestions_module
from services.detection import KnownSpeaker, Suggestion
from services.library import Library
from services.readmodels import ArticleMeta, SpeakerFields
from services.suggestions import SuggestionService
from tests.services.factories import ARTICLE, add_article, quote
from tests.services.suggestion_fakes import TEXT, ScriptedDetector, use_detector
from tests.services.suggestion_fakes import add_article as add_suggested


def test_for_article_is_every_quote_in_reading_order_as_rows_gives_them(
    library: Library,
) -> None:
    article_id = add_article(library)
    other = add_article(library, ARTICLE + "\n\nMore.", "Another")
    later = quote(library, article_id, "It is not safe", "Engineer", tags=("safety", "pier"))
    earlier = quote(library, article_id, "We will not let it fall into the sea", tags=("pier",))
    quote(library, other, "It is not safe", "Engineer")

    found = library.quotes.for_article(article_id)

    assert [q.id for q in found] == [earlier.quote.id, later.quote.id]
    rows = library.quotes.rows([q.id for q in found])
    assert found == [rows[q.id] for q in found]
    assert found[1].tags == ("pier", "safety")
    assert found[0].created_at.tzinfo is not None
    assert library.quotes.for_article(999) == []


def test_the_directory_is_the_list_without_counts(library: Library) -> None:
    library.speakers.create(SpeakerFields(name="Ruth Penhallow", aliases=("the mayor", "RP")))
    library.speakers.create(SpeakerFields(name="Åsa Berg", color="#D81B60"))
    article_id = add_article(library)
    quote(library, article_id, "It is not safe", "Engineer")

    directory = library.speakers.directory()

    listed = library.speakers.list()
    assert [(e.id, e.name, e.aliases, e.color) for e in directory] == [
        (info.id, info.name, info.fields.aliases, info.color) for info in listed
    ]


def test_speaker_names_for_many_match_one_at_a_time(library: Library) -> None:
    detector = use_detector(library)
    reed = library.speakers.create(SpeakerFields(name="Anna J. Reed", aliases=("Anna Reed",)))
    library.speakers.create(SpeakerFields(name="Сергей Волков"))
    article_id = add_suggested(library)
    found = library.suggestions.for_article(article_id)
    gone = Suggestion(0, 3, "Мэр", "Nobody Known", reed.id + 100, QuoteKind.DIRECT, 0.9)

    items = [*found, gone]
    names = library.suggestions.speaker_names(items)

    assert names == [library.suggestions.speaker_name(item) for item in items]
    assert "Anna J. Reed" in names and "Сергей Волков" in names and "" in names
    assert names[-1] == "Nobody Known"
    assert detector.calls


class _Paragraphs:
    """A detector that proposes every paragraph mentioning the pier, and sees what it is given."""

    def __init__(self) -> None:
        self.lengths: list[int] = []

    def __call__(
        self, text: str, *, language: str, known_speakers: Sequence[KnownSpeaker] = ()
    ) -> list[Suggestion]:
        self.lengths.append(len(text))
        return [
            Suggestion(m.start(), m.end(), m.group(), "Ruth", None, QuoteKind.DIRECT, 0.9, (0, 1))
            for m in re.finditer(r"[^\n]*pier[^\n]*", text)
        ]


@pytest.mark.parametrize("piece", [300, 1_000, 10_000_000])
def test_a_long_text_detected_in_pieces_finds_what_one_pass_finds(
    library: Library, monkeypatch: pytest.MonkeyPatch, piece: int
) -> None:
    paragraphs = [
        f"Paragraph {n}: the pier 😀 is fine." if n % 3 else f"Paragraph {n}: nothing here."
        for n in range(200)
    ]
    text = "\n\n".join(paragraphs)
    article_id = library.articles.add(text, ArticleMeta(title="Long")).summary.id
    one_pass = _Paragraphs()
    expected = sorted(one_pass(text, language="en"), key=lambda s: (s.start, s.end))
    monkeypatch.setattr(suggestions_module, "PIECES_FROM", 2_000)
    monkeypatch.setattr(suggestions_module, "PIECE", piece)
    monkeypatch.setattr(suggestions_module, "PIECE_CONTEXT", 100)
    detector = _Paragraphs()
    library.suggestions = SuggestionService(library, detector)

    found = library.suggestions.for_article(article_id)

    assert [(s.start, s.end, s.text) for s in found] == [(s.start, s.end, s.text) for s in expected]
    assert all(text[s.start : s.end] == s.text for s in found)
    assert all(s.cue is not None and text[s.cue[0] : s.cue[1]] == "P" for s in found)
    if piece < len(text):
        assert len(detector.lengths) > 1 and max(detector.lengths) < len(text)
    else:
        assert detector.lengths == [len(text)]


def test_a_short_text_is_one_piece(library: Library) -> None:
    detector = ScriptedDetector()
    use_detector(library, detector)
    article_id = add_suggested(library)
    assert len(library.suggestions.for_article(article_id)) == 4
    assert len(detector.calls) == 1
    assert suggestions_module._pieces(TEXT) == [(0, len(TEXT))]
