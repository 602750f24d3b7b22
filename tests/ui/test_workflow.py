"""The journalist's core loop, driven through the real window.

Import → select words in the reader → Enter → type a new speaker → Enter → the highlight is
drawn in that speaker's colour → undo removes it → redo restores it → reopen the library file →
the quote is still there.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCursor
from pytestqt.qtbot import QtBot

from services.library import Library
from services.readmodels import SpeakerFields
from tests.ui.conftest import write
from ui.main_window import MainWindow

# Emoji (two UTF-16 units each), a flag (two astral code points), a combining accent and a ZWJ
# family all stand before the quote, so any confusion of code points with Qt's UTF-16
# positions would shift the stored span.
ARTICLE = (
    "Harbour news 🎉\n\n"
    "The café\u0301 owner 👩\u200d👩\u200d👧 waved a flag 🇯🇵 at the meeting.\n\n"
    "“We will rebuild the pier before the summer,” said the mayor, Anna Petrova.\n\n"
    "Residents were not convinced."
)
WORDS = "We will rebuild the pier before the summer"


def select_in_reader(window: MainWindow, words: str) -> None:
    """Select words the way a user does: a Qt cursor over the document's own positions."""
    found = window.reader.document().find(words)
    assert not found.isNull()
    window.reader.setTextCursor(found)


def test_quote_undo_redo_and_reopen(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, library_path: Path
) -> None:
    window.import_paths([write(tmp_path / "pier.txt", ARTICLE)])
    assert window.article is not None
    assert window.stack.currentWidget() is window.reader_page

    select_in_reader(window, WORDS)
    qtbot.keyClick(window.reader, Qt.Key.Key_Return)
    assert window.editor.isVisible()
    qtbot.keyClicks(window.editor.speaker, "Anna Petrova")
    qtbot.keyClicks(window.editor.tags, "pier, council")
    qtbot.keyClick(window.editor.speaker, Qt.Key.Key_Return)
    assert not window.editor.isVisible()

    library = window.library
    [quote] = library.quotes.for_article(window.article.id)
    text = library.articles.get(window.article.id).text
    start = text.index(WORDS)
    assert (quote.start, quote.end) == (start, start + len(WORDS))
    assert quote.text == WORDS
    assert quote.speaker_name == "Anna Petrova"
    assert quote.tags == ("council", "pier")
    speaker = library.speakers.resolve("Anna Petrova")

    [highlight] = window.reader.extraSelections()[:1]
    cursor: QTextCursor = highlight.cursor
    assert cursor.selectedText() == WORDS
    drawn = highlight.format.background().color()
    assert drawn.rgb() == QColor(speaker.color).rgb()  # same colour, translucent wash
    assert window.quotes_panel.model.rowCount() == 1

    window.undo_action.trigger()
    assert library.quotes.for_article(window.article.id) == []
    assert library.speakers.find("Anna Petrova") is None  # created with the quote, gone with it
    assert window.reader.extraSelections() == []
    assert window.quotes_panel.model.rowCount() == 0

    window.redo_action.trigger()
    [again] = library.quotes.for_article(window.article.id)
    assert (again.id, again.start, again.end, again.tags) == (
        quote.id,
        quote.start,
        quote.end,
        quote.tags,
    )
    assert library.speakers.resolve("Anna Petrova").color == speaker.color
    assert len(window.reader.extraSelections()) == 1

    window.close()
    library.close()
    reopened = Library.open(library_path)
    try:
        [stored] = reopened.quotes.list()
        assert stored.text == WORDS
        assert stored.speaker_name == "Anna Petrova"
        assert reopened.articles.get(stored.article_id).text[stored.start : stored.end] == WORDS
    finally:
        reopened.close()


def test_quote_editor_completes_an_existing_speaker_by_alias(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    window.import_paths([write(tmp_path / "pier.txt", ARTICLE)])
    window.library.speakers.create(SpeakerFields("Anna Petrova", aliases=("the mayor",)))
    select_in_reader(window, "Residents were not convinced")
    window.actions_by_id["quote"].trigger()
    qtbot.keyClicks(window.editor.speaker, "The Mayor")
    assert "Alias of" in window.editor.speaker_hint.text()
    qtbot.keyClick(window.editor.note, Qt.Key.Key_Return)
    [quote] = window.library.quotes.list()
    assert quote.speaker_name == "Anna Petrova"
    assert len(window.library.speakers.list()) == 1


def test_escape_cancels_and_empty_speaker_is_refused(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    window.import_paths([write(tmp_path / "pier.txt", ARTICLE)])
    select_in_reader(window, WORDS)
    qtbot.keyClick(window.reader, Qt.Key.Key_Return)
    qtbot.keyClick(window.editor.speaker, Qt.Key.Key_Return)  # no speaker yet
    assert window.editor.isVisible()
    assert "Say who said it" in window.editor.speaker_hint.text()
    qtbot.keyClick(window.editor.speaker, Qt.Key.Key_Escape)
    assert not window.editor.isVisible()
    assert window.library.quotes.list() == []
    assert window.bridge.undo_stack.count() == 1  # only the import


def test_enter_on_the_completion_list_takes_the_first_suggestion(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    window.import_paths([write(tmp_path / "pier.txt", ARTICLE)])
    window.library.speakers.create(SpeakerFields("Anna Petrova"))
    select_in_reader(window, "Residents were not convinced")
    window.actions_by_id["quote"].trigger()
    qtbot.keyClicks(window.editor.speaker, "anna p")
    completer = window.editor.speaker.completer()
    popup = completer.popup()
    assert popup is not None and popup.isVisible()
    qtbot.keyClick(popup, Qt.Key.Key_Return)  # nothing highlighted: take the first
    assert window.editor.speaker.text() == "Anna Petrova"
    assert window.editor.isVisible()  # the user sees the name before saving
    qtbot.keyClick(window.editor.speaker, Qt.Key.Key_Return)
    [quote] = window.library.quotes.list()
    assert quote.speaker_name == "Anna Petrova"
    assert len(window.library.speakers.list()) == 1


def test_a_selection_inside_words_takes_the_whole_words(window: MainWindow, tmp_path: Path) -> None:
    window.import_paths([write(tmp_path / "pier.txt", ARTICLE)])
    found = window.reader.document().find("ill rebuild the pier before the summ")
    window.reader.setTextCursor(found)
    span = window.reader.selection_span()
    assert window.article is not None and span is not None
    assert window.article.text[span[0] : span[1]] == "will rebuild the pier before the summer"
