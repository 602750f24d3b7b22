"""GUI fixtures: a main window on a fresh library, with modal dialogs kept out of the way."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from services.library import Library
from ui.bridge import LibraryBridge
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.tasks import SynchronousTaskRunner, TaskProgress


class Errors(list[str]):
    """Messages the window would have shown in a dialog."""


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> Errors:
    shown = Errors()
    monkeypatch.setattr(MainWindow, "show_error", lambda _self, text: shown.append(text))
    return shown


@pytest.fixture
def no_details_dialog(monkeypatch: pytest.MonkeyPatch) -> None:
    """The article-details dialog that follows a single import is answered with Cancel."""
    monkeypatch.setattr("ui.main_window.ArticleDialog.exec", lambda _self: 0)


@pytest.fixture
def window(
    qtbot: QtBot,
    library: Library,
    settings: Settings,
    errors: Errors,
    no_details_dialog: None,
) -> Iterator[MainWindow]:
    bridge = LibraryBridge(library)
    runner = SynchronousTaskRunner(TaskProgress())
    main = MainWindow(bridge, settings, runner)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    yield main
    main.close()
    # Undo commands refer back to the bridge that owns their stack: a cycle that the garbage
    # collector would otherwise break at any later moment, tearing Qt objects down in an
    # order Qt does not expect. Emptying the stack here breaks it while everything is alive.
    bridge.undo_stack.clear()


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def type_text(widget: QWidget, text: str) -> None:
    """Type any text, key by key, as a keyboard layout would deliver it.

    ``qtbot.keyClicks`` only knows ASCII; a journalist types Cyrillic, accents and CJK.
    """
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)
