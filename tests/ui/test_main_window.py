"""The main window's other paths: navigation, editing, sidebar actions, import, settings."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication
from PySide6.QtWidgets import QInputDialog
from pytestqt.qtbot import QtBot

from models.tables import QuoteKind
from services.library import Library
from services.readmodels import (
    ArticleMeta,
    LibraryCounts,
    QuoteDraft,
    QuoteEdit,
    SpeakerFields,
)
from tests.ui.conftest import Errors, write
from ui.bridge import LibraryBridge
from ui.main_window import MainWindow
from ui.reader import ReaderView
from ui.settings import Settings
from ui.tasks import TaskProgress, TaskRunner

TEXT = (
    "Council approves pier plan\n\n"
    "“The pier is the town's front door,” said Mayor Ruth Penhallow.\n\n"
    "Engineer Tomás Ibarra said the columns had lost a third of their thickness.\n\n"
    "“We designed it for the sea of 1885,” Ibarra added."
)


def point_of(reader: ReaderView, position: int) -> QPoint:
    """Where a UTF-16 position is drawn in the reader's viewport, from the text layout itself."""
    block = reader.document().findBlock(position)
    layout = block.layout()
    line = layout.lineForTextPosition(position - block.position())
    box = reader.document().documentLayout().blockBoundingRect(block)
    x, _ = cast(tuple[float, int], line.cursorToX(position - block.position()))
    y = box.top() + line.y() + line.height() / 2
    scroll = QPoint(reader.horizontalScrollBar().value(), reader.verticalScrollBar().value())
    return QPoint(int(x + box.left()) + 2, int(y)) - scroll


def add_article(window: MainWindow, tmp_path: Path) -> int:
    window.import_paths([write(tmp_path / "council.txt", TEXT)])
    assert window.article is not None
    return window.article.id


def quote(window: MainWindow, article_id: int, words: str, speaker: str, *tags: str) -> int:
    text = window.library.articles.get(article_id).text
    start = text.index(words)
    from ui.commands import AddQuote

    command = AddQuote(
        QuoteDraft(article_id, start, start + len(words), QuoteEdit(speaker, tags=tags))
    )
    assert window.bridge.push(command)
    assert command.quote_id is not None
    return command.quote_id


def test_empty_library_welcomes_and_offers_the_sample(qtbot: QtBot, window: MainWindow) -> None:
    assert window.stack.currentWidget() is window.welcome
    qtbot.mouseClick(window.welcome.sample_button, Qt.MouseButton.LeftButton)
    assert window.article is not None
    assert window.stack.currentWidget() is window.reader_page
    quotes = window.library.quotes.for_article(window.article.id)
    assert len(quotes) >= 6
    assert len({q.speaker_name for q in quotes}) >= 3
    assert window.quotes_panel.model.rowCount() == len(quotes)
    assert len(window.reader.extraSelections()) == len(quotes)
    before = window.library.counts()
    window.undo_action.trigger()
    assert window.library.counts() == LibraryCounts(0, 0, 0, 0)  # its speakers and tags too
    assert window.stack.currentWidget() is window.welcome
    window.redo_action.trigger()
    assert window.library.counts() == before
    assert {q.speaker_name for q in window.library.quotes.list()} == {
        q.speaker_name for q in quotes
    }


def test_click_on_a_highlight_selects_its_quote(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    article = add_article(window, tmp_path)
    first = quote(window, article, "The pier is the town's front door", "Ruth Penhallow")
    second = quote(window, article, "We designed it for the sea of 1885", "Tomás Ibarra")
    reader = window.reader
    target = reader.document().find("sea of 1885").selectionStart() + 1
    qtbot.mouseClick(reader.viewport(), Qt.MouseButton.LeftButton, pos=point_of(reader, target))
    assert reader.current_quote_id == second
    assert window.quotes_panel.current_quote_id() == second

    window.quotes_panel.view.setCurrentIndex(window.quotes_panel.model.index(0))
    assert reader.current_quote_id == first

    window.actions_by_id["next_quote"].trigger()
    assert reader.current_quote_id == second
    window.actions_by_id["next_quote"].trigger()
    assert reader.current_quote_id == first  # wraps around
    window.actions_by_id["previous_quote"].trigger()
    assert reader.current_quote_id == second


def test_delete_key_removes_the_current_quote_and_undo_restores_it(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    article = add_article(window, tmp_path)
    quote_id = quote(window, article, "The pier is the town's front door", "Ruth Penhallow", "pier")
    window.reader.set_current_quote(quote_id)
    window.reader.setFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_Delete)
    assert window.library.quotes.for_article(article) == []
    assert window.reader.extraSelections() == []
    window.undo_action.trigger()
    [back] = window.library.quotes.for_article(article)
    assert (back.id, back.tags) == (quote_id, ("pier",))


def test_enter_on_the_current_quote_edits_it(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    article = add_article(window, tmp_path)
    quote_id = quote(window, article, "We designed it for the sea of 1885", "Ibarra")
    window.reader.set_current_quote(quote_id)
    qtbot.keyClick(window.reader, Qt.Key.Key_Return)
    assert window.editor.isVisible()
    assert window.editor.speaker.text() == "Ibarra"
    window.editor.speaker.setText("Tomás Ibarra")
    window.editor.kind.setCurrentIndex(window.editor.kind.findData("paraphrase"))
    window.editor.note.setText("check the year")
    qtbot.keyClick(window.editor.note, Qt.Key.Key_Return)
    edited = window.library.quotes.get(quote_id)
    assert (edited.speaker_name, edited.kind, edited.note) == (
        "Tomás Ibarra",
        QuoteKind.PARAPHRASE,
        "check the year",
    )
    assert window.library.speakers.find("Ibarra") is not None  # the old speaker stays
    window.undo_action.trigger()
    restored = window.library.quotes.get(quote_id)
    assert (restored.speaker_name, restored.kind, restored.note) == ("Ibarra", QuoteKind.DIRECT, "")
    assert window.library.speakers.find("Tomás Ibarra") is None
    window.redo_action.trigger()
    assert window.library.quotes.get(quote_id).speaker_name == "Tomás Ibarra"


def test_speaker_merge_and_edit_from_the_sidebar(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = add_article(window, tmp_path)
    quote(window, article, "The pier is the town's front door", "Ruth Penhallow")
    moved = quote(window, article, "We designed it for the sea of 1885", "R. Penhallow")
    source = window.library.speakers.resolve("R. Penhallow")
    monkeypatch.setattr(QInputDialog, "getItem", lambda *_args, **_kw: ("Ruth Penhallow", True))
    window.sidebar.speakerAction.emit("merge", source.id)
    merged = window.library.speakers.resolve("R. Penhallow")  # now an alias
    assert merged.name == "Ruth Penhallow"
    assert merged.quote_count == 2
    assert window.sidebar.speakers.rowCount() == 1
    window.undo_action.trigger()
    assert window.library.quotes.get(moved).speaker_name == "R. Penhallow"
    assert window.sidebar.speakers.rowCount() == 2

    target = window.library.speakers.resolve("Ruth Penhallow")
    new_fields = SpeakerFields(
        "Ruth Penhallow",
        role="Mayor",
        color="#0072B2",
        confidential=True,
        public_label="a council official",
    )
    monkeypatch.setattr("ui.main_window.SpeakerDialog.exec", lambda _self: 1)
    monkeypatch.setattr("ui.main_window.SpeakerDialog.value", lambda _self: new_fields)
    window.sidebar.speakerAction.emit("edit", target.id)
    assert window.library.speakers.get(target.id).fields.public_label == "a council official"
    colours = {
        s.cursor.selectedText(): s.format.background().color().name().upper()
        for s in window.reader.extraSelections()
    }
    assert colours["The pier is the town's front door"] == "#0072B2"
    window.undo_action.trigger()
    assert not window.library.speakers.get(target.id).fields.confidential


def test_tag_rename_merge_delete_with_undo(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = add_article(window, tmp_path)
    first = quote(window, article, "The pier is the town's front door", "Ruth Penhallow", "pier")
    quote(window, article, "We designed it for the sea of 1885", "Tomás Ibarra", "Pier plan")
    tags = window.library.tags
    pier = tags.resolve("pier")
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("harbour", True))
    window.sidebar.tagAction.emit("edit", pier.id)
    assert window.library.quotes.get(first).tags == ("harbour",)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *_a, **_k: ("Pier plan", True))
    window.sidebar.tagAction.emit("merge", pier.id)
    assert [t.name for t in tags.list()] == ["Pier plan"]
    window.sidebar.tagAction.emit("delete", tags.resolve("Pier plan").id)
    assert tags.list() == []
    for _ in range(3):
        window.undo_action.trigger()
    assert window.library.quotes.get(first).tags == ("pier",)
    assert [t.name for t in tags.list()] == ["pier", "Pier plan"]


def test_article_details_and_delete_with_undo(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article = add_article(window, tmp_path)
    quote(window, article, "The pier is the town's front door", "Ruth Penhallow")
    after = ArticleMeta(
        title="Council approves pier plan",
        outlet="The Wrayhaven Courier",
        authors=("Elin Trevaskis",),
        language="en",
    )
    monkeypatch.setattr("ui.main_window.ArticleDialog.exec", lambda _self: 1)
    monkeypatch.setattr("ui.main_window.ArticleDialog.value", lambda _self: after)
    window.actions_by_id["article_details"].trigger()
    assert window.library.articles.summary(article).meta.outlet == "The Wrayhaven Courier"
    assert "The Wrayhaven Courier" in window.header.details.text()

    window.actions_by_id["delete_article"].trigger()
    assert window.library.counts().articles == 0
    assert window.stack.currentWidget() is window.welcome
    window.undo_action.trigger()
    assert window.library.counts().quotes == 1
    window.undo_action.trigger()
    assert window.library.articles.summary(article).meta.outlet == ""


def test_paste_clipboard_as_a_new_article(window: MainWindow, errors: Errors) -> None:
    QGuiApplication.clipboard().setText("Заголовок\n\n«Мы справимся», — сказала мэр.")
    window.actions_by_id["paste"].trigger()
    assert window.article is not None
    assert window.article.meta.title == "Заголовок"
    assert "«Мы справимся»" in window.article.text
    QGuiApplication.clipboard().setText("   ")
    window.actions_by_id["paste"].trigger()
    assert errors == ["clipboard: there is no text on it to make an article from"]


def test_drop_files_imports_them_and_reports_failures(
    window: MainWindow, tmp_path: Path, errors: Errors
) -> None:
    good = write(tmp_path / "one.md", "# Один\n\nТекст статьи.")
    other = write(tmp_path / "two.txt", "Two\n\nSecond article.")
    empty = write(tmp_path / "empty.txt", "")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in (good, other, empty)])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)
    assert window.library.counts().articles == 2
    assert len(errors) == 1
    assert "empty.txt: the file is empty" in errors[0]
    window.undo_action.trigger()  # one undo removes the whole batch
    assert window.library.counts().articles == 0


def test_background_import_can_be_cancelled(
    qtbot: QtBot,
    library: Library,
    settings: Settings,
    tmp_path: Path,
    errors: Errors,
    no_details_dialog: None,
) -> None:
    paths = [write(tmp_path / f"a{i}.txt", f"Article {i}\n\nText {i}.") for i in range(200)]
    progress = TaskProgress()
    runner = TaskRunner(progress)
    main = MainWindow(LibraryBridge(library), settings, runner)
    qtbot.addWidget(main)
    main.import_paths(paths)
    assert runner.busy
    runner.cancel()
    qtbot.waitUntil(lambda: not runner.busy, timeout=10_000)
    imported = library.counts().articles
    assert imported < len(paths)
    assert "(cancelled)" in main.statusBar().currentMessage()
    assert not progress.isVisible()


def test_settings_restore_the_last_article(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, settings: Settings
) -> None:
    first = add_article(window, tmp_path)
    window.import_paths([write(tmp_path / "second.txt", "Second\n\nAnother story.")])
    window.open_article(first)
    window.close()
    again = MainWindow(window.bridge, settings, window.runner)
    qtbot.addWidget(again)
    assert again.article is not None and again.article.id == first


def test_status_bar_counts_follow_changes(window: MainWindow, tmp_path: Path) -> None:
    assert window.counts.text().startswith("0 articles")
    article = add_article(window, tmp_path)
    quote(window, article, "The pier is the town's front door", "Ruth Penhallow", "pier")
    assert window.counts.text() == "1 article   ·   1 quote   ·   1 speaker   ·   1 tag"
