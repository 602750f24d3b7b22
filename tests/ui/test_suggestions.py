"""Quote suggestions in the window: outlined in the reader, listed in the panel, accepted with
Enter (speaker changeable first), rejected with Delete, all from one speaker at once — and
every decision undoable, with a rejection that stays rejected."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from models.tables import QuoteKind
from services.library import Library
from services.progress import TaskContext
from services.readmodels import Changes, SpeakerFields
from services.suggestions import SuggestionService
from tests.services.suggestion_fakes import (
    SCRIPT,
    TEXT,
    ScriptedDetector,
    add_article,
    use_detector,
)
from tests.ui.conftest import type_text
from ui.main_window import MainWindow
from ui.suggestion_list import NO_SPEAKER_COLOR, ShownSuggestion
from ui.tasks import SynchronousTaskRunner, TaskProgress


@pytest.fixture
def detector(library: Library) -> ScriptedDetector:
    return use_detector(library)


def _add(window: MainWindow, text: str = TEXT) -> int:
    """Add an article as an import does: the sidebar hears of it."""
    article_id = add_article(window.library, text)
    window.bridge.notify(Changes(articles=frozenset({article_id})))
    return article_id


@pytest.fixture
def opened(detector: ScriptedDetector, window: MainWindow) -> MainWindow:
    """The window with the bridge article open and its four suggestions showing."""
    window.open_article(_add(window))
    return window


def _texts(window: MainWindow) -> list[str]:
    return [item.suggestion.text for item in window.quotes_panel.suggestions.model.items()]


def _choose(qtbot: QtBot, window: MainWindow, row: int) -> ShownSuggestion:
    """Click a suggestion card in the panel, as the user would."""
    section = window.quotes_panel.suggestions
    rect = section.view.visualRect(section.model.index(row))
    qtbot.mouseClick(section.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    current = section.current()
    assert current is not None
    return current


def test_suggestions_show_in_the_panel_and_as_outlines(opened: MainWindow) -> None:
    section = opened.quotes_panel.suggestions
    assert section.isVisible()
    assert section.title.text() == "Suggestions (4)"
    assert _texts(opened) == [line.words for line in SCRIPT]
    assert [item.start for item in opened.reader.suggestions] == [
        item.start for item in section.model.items()
    ]
    unknown = section.model.items()[3]
    assert unknown.speaker == ""
    assert unknown.outline_color == NO_SPEAKER_COLOR
    assert unknown.details == "indirect · 60%"
    assert opened.reader.extraSelections() == [], "suggestions are not quotes: no highlight"
    assert "Accept a suggestion below" in opened.quotes_panel.empty.text()


def test_outlines_are_drawn_in_the_speakers_colour(
    qtbot: QtBot, detector: ScriptedDetector, window: MainWindow
) -> None:
    window.library.speakers.create(SpeakerFields(name="Anna Reed", color="#D81B60"))
    window.open_article(_add(window))
    window.quotes_panel.suggestions.select(None)
    anna = window.reader.suggestions[1]
    assert anna.color == "#D81B60"

    window.reader.scroll_to(anna.start)
    [first_line, *_] = window.reader._line_rects(anna.start, anna.end)
    image = window.reader.viewport().grab().toImage()
    top = int(first_line.top()) + 1
    xs = range(int(first_line.left()), int(first_line.right()))
    drawn = {image.pixelColor(x, top).name() for x in xs} | {
        image.pixelColor(x, top - 1).name() for x in xs
    }
    pink = QColor("#D81B60")
    assert any(abs(QColor(c).red() - pink.red()) < 60 and QColor(c).green() < 150 for c in drawn), (
        drawn
    )


def test_choosing_a_suggestion_selects_its_words_in_the_reader(
    qtbot: QtBot, opened: MainWindow
) -> None:
    chosen = _choose(qtbot, opened, 1)

    assert opened.reader.current_suggestion == chosen
    assert opened.reader.selection_span() == (chosen.start, chosen.end)
    assert opened.reader.textCursor().selectedText() == "The bridge will open in May,"
    assert opened.quotes_panel.suggestions.accept_all.text() == "Accept all 2 from Anna Reed"


def test_enter_opens_the_editor_filled_in_and_enter_again_saves(
    qtbot: QtBot, opened: MainWindow
) -> None:
    chosen = _choose(qtbot, opened, 0)
    qtbot.keyClick(opened.quotes_panel.suggestions.view, Qt.Key.Key_Return)

    editor = opened.editor
    assert editor.isVisible()
    assert editor.speaker.text() == "Сергей Волков"
    assert editor.kind.currentData() == QuoteKind.DIRECT.value
    assert "Accept suggestion" in editor.heading.text()
    qtbot.keyClick(editor.speaker, Qt.Key.Key_Return)

    assert not editor.isVisible()
    [quote] = opened.library.quotes.list()
    assert (quote.start, quote.end, quote.speaker_name) == (
        chosen.start,
        chosen.end,
        "Сергей Волков",
    )
    assert chosen.suggestion.text not in _texts(opened)
    assert opened.quotes_panel.model.rowCount() == 1
    upcoming = opened.quotes_panel.suggestions.current()
    assert upcoming is not None and upcoming.suggestion.text == SCRIPT[1].words, "on to the next"
    assert opened.reader.current_suggestion == upcoming
    assert opened.quotes_panel.suggestions.view.hasFocus(), "back where the keyboard was"

    opened.undo_action.trigger()
    assert opened.library.quotes.list() == []
    assert opened.library.speakers.find("Сергей Волков") is None
    assert chosen.suggestion.text in _texts(opened)

    opened.redo_action.trigger()
    assert [q.text for q in opened.library.quotes.list()] == [chosen.suggestion.text]


def test_the_speaker_can_be_changed_before_accepting(qtbot: QtBot, opened: MainWindow) -> None:
    _choose(qtbot, opened, 3)  # the indirect one with no speaker
    qtbot.keyClick(opened.quotes_panel.suggestions.view, Qt.Key.Key_Return)
    editor = opened.editor
    assert editor.speaker.text() == ""
    assert editor.kind.currentData() == QuoteKind.INDIRECT.value

    qtbot.keyClick(editor.speaker, Qt.Key.Key_Return)
    assert editor.isVisible(), "no speaker, no quote"
    assert "Say who said it" in editor.speaker_hint.text()

    type_text(editor.speaker, "Инженер Петров")
    qtbot.keyClick(editor.speaker, Qt.Key.Key_Return)

    [quote] = opened.library.quotes.list()
    assert quote.speaker_name == "Инженер Петров"
    assert quote.kind is QuoteKind.INDIRECT
    assert quote.text == "the old pier is unsafe"


def test_delete_rejects_and_the_rejection_stays(
    qtbot: QtBot, opened: MainWindow, library: Library
) -> None:
    chosen = _choose(qtbot, opened, 2)
    qtbot.keyClick(opened.quotes_panel.suggestions.view, Qt.Key.Key_Delete)

    assert chosen.suggestion.text not in _texts(opened)
    assert opened.quotes_panel.suggestions.title.text() == "Suggestions (3)"
    assert opened.quotes_panel.suggestions.current() is not None, "the next one is current"
    assert opened.library.quotes.list() == []

    article_id = opened.article.id if opened.article else 0
    other = _add(opened, "Another story.")
    opened.open_article(other)
    opened.open_article(article_id)
    assert chosen.suggestion.text not in _texts(opened)
    fresh = SuggestionService(library, ScriptedDetector())
    assert chosen.suggestion.text not in [s.text for s in fresh.for_article(article_id)]

    opened.undo_action.trigger()
    assert chosen.suggestion.text in _texts(opened)
    opened.redo_action.trigger()
    assert chosen.suggestion.text not in _texts(opened)


def test_accept_all_from_one_speaker_is_one_undo_step(qtbot: QtBot, opened: MainWindow) -> None:
    _choose(qtbot, opened, 1)
    button = opened.quotes_panel.suggestions.accept_all
    assert button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    quotes = opened.library.quotes.list()
    assert [(q.text, q.speaker_name) for q in quotes] == [
        (SCRIPT[1].words, "Anna Reed"),
        (SCRIPT[2].words, "Anna Reed"),
    ]
    assert _texts(opened) == [SCRIPT[0].words, SCRIPT[3].words]
    assert opened.bridge.undo_stack.undoText() == "Accept 2 suggestions by Anna Reed"

    opened.undo_action.trigger()
    assert opened.library.quotes.list() == []
    assert opened.library.speakers.find("Anna Reed") is None
    assert len(_texts(opened)) == 4

    opened.redo_action.trigger()
    assert len(opened.library.quotes.list()) == 2
    assert opened.library.speakers.find("Anna Reed") is not None


def test_in_the_reader_click_then_delete_or_enter(qtbot: QtBot, opened: MainWindow) -> None:
    reader = opened.reader
    target = reader.suggestions[0]
    reader.scroll_to(target.start)
    rect = reader._line_rects(target.start, target.end)[0]
    qtbot.mouseClick(
        reader.viewport(),
        Qt.MouseButton.LeftButton,
        pos=QPoint(int(rect.center().x()), int(rect.center().y())),
    )
    assert reader.current_suggestion == target
    assert opened.quotes_panel.suggestions.current() == target

    qtbot.keyClick(reader, Qt.Key.Key_Delete)
    assert target.suggestion.text not in _texts(opened)
    following = reader.current_suggestion
    assert following is not None and following.suggestion.text == SCRIPT[1].words

    qtbot.keyClick(reader, Qt.Key.Key_Return)
    assert opened.editor.isVisible()
    assert opened.editor.speaker.text() == "Anna Reed"
    qtbot.keyClick(opened.editor.speaker, Qt.Key.Key_Escape)
    assert not opened.editor.isVisible()
    assert opened.library.quotes.list() == []


def test_quote_selection_fills_the_editor_only_for_the_current_suggestion(
    qtbot: QtBot, opened: MainWindow
) -> None:
    found = opened.reader.document().find("Traffic will halve.")
    opened.reader.setTextCursor(found)
    opened.actions_by_id["quote"].trigger()
    assert opened.editor.speaker.text() == "", "words selected by hand: a quote of one's own"
    qtbot.keyClick(opened.editor.speaker, Qt.Key.Key_Escape)

    chosen = _choose(qtbot, opened, 2)
    opened.actions_by_id["quote"].trigger()  # Ctrl+Return on a chosen suggestion
    assert opened.editor.speaker.text() == "Anna Reed"
    assert chosen.suggestion.text == "Traffic will halve."


def test_f8_walks_through_the_suggestions(qtbot: QtBot, opened: MainWindow) -> None:
    opened.reader.setFocus()
    opened.reader.scroll_to(0)
    opened.actions_by_id["next_suggestion"].trigger()
    assert opened.reader.current_suggestion == opened.reader.suggestions[0]
    opened.actions_by_id["next_suggestion"].trigger()
    assert opened.reader.current_suggestion == opened.reader.suggestions[1]
    opened.actions_by_id["previous_suggestion"].trigger()
    opened.actions_by_id["previous_suggestion"].trigger()
    assert opened.reader.current_suggestion == opened.reader.suggestions[-1], "wraps around"


def test_an_article_without_suggestions_hides_the_section(
    detector: ScriptedDetector, window: MainWindow
) -> None:
    window.open_article(_add(window, "Quiet day."))
    assert not window.quotes_panel.suggestions.isVisible()
    assert window.reader.suggestions == []


class _HeldRunner(SynchronousTaskRunner):
    """Keeps each job until the test releases it: a detection still running in the background."""

    def __init__(self) -> None:
        super().__init__(TaskProgress())
        self.held: list[tuple[Callable[[TaskContext], Any], Callable[[Any], None]]] = []

    def start(self, title: str, work: Any, done: Any, failed: Any) -> bool:
        self.held.append((work, done))
        return True

    def release(self) -> None:
        for work, done in self.held:
            done(work(TaskContext()))
        self.held.clear()


def test_an_article_not_yet_detected_is_searched_in_the_background(
    detector: ScriptedDetector, window: MainWindow
) -> None:
    runner = _HeldRunner()
    window.suggester.runner = runner
    short_id = _add(window)
    window.open_article(short_id)
    assert window.reader.suggestions == [], "even a short article: the text shows at once"
    assert len(runner.held) == 1
    runner.release()
    assert len(window.reader.suggestions) == 4

    window.open_article(_add(window, TEXT + "\n\nНовый абзац."))
    window.open_article(short_id)  # detected before, so cached: shown without the runner
    assert runner.held[1:] == [], "only the other article waits for the runner"
    assert len(window.reader.suggestions) == 4
    runner.release()


def test_a_long_article_is_searched_in_the_background(
    detector: ScriptedDetector, window: MainWindow
) -> None:
    runner = _HeldRunner()
    window.suggester.runner = runner
    long_text = TEXT + "\n\n" + "Ещё один абзац без цитат. " * 1_000
    long_id = _add(window, long_text)
    window.open_article(long_id)
    assert window.reader.suggestions == [], "nothing yet: the text shows at once"
    assert len(runner.held) == 1

    runner.release()
    assert len(window.reader.suggestions) == 4

    window.library.suggestions = SuggestionService(window.library, ScriptedDetector())
    window.open_article(long_id)  # not cached any more: back to the background
    short_id = _add(window)
    window.open_article(short_id)  # …and the user moves on before it finishes
    runner.release()
    assert window.article is not None and window.article.id == short_id
    assert all(item.end <= len(TEXT) for item in window.reader.suggestions)
    assert window.quotes_panel.suggestions.title.text() == "Suggestions (4)"


def test_the_list_model_passes_qts_model_checks(qtmodeltester: Any, opened: MainWindow) -> None:
    model = opened.quotes_panel.suggestions.model
    assert model.rowCount() == 4
    qtmodeltester.check(model)


def test_undoing_an_articles_deletion_brings_its_rejections_back(
    qtbot: QtBot, opened: MainWindow
) -> None:
    chosen = _choose(qtbot, opened, 0)
    qtbot.keyClick(opened.quotes_panel.suggestions.view, Qt.Key.Key_Delete)
    article_id = opened.article.id if opened.article else 0

    opened.delete_article(article_id)
    assert opened.library.suggestions.rejected(article_id) == []
    opened.undo_action.trigger()

    [rejection] = opened.library.suggestions.rejected(article_id)
    assert rejection.text == chosen.suggestion.text
    opened.open_article(article_id)
    assert chosen.suggestion.text not in _texts(opened)
