"""The base of the window's multi-step flows (import, export): what each needs from the window."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from ui.bridge import LibraryBridge
from ui.settings import Settings
from ui.tasks import TaskRunner


class WindowFlow(QObject):
    """A flow asks in dialogs parented to ``window``, runs work on ``runner``, reports in the
    status bar through ``status`` and shows a failure it cannot recover from with
    ``show_error``; it never reaches into the window for anything else.
    """

    def __init__(
        self,
        bridge: LibraryBridge,
        runner: TaskRunner,
        settings: Settings,
        window: QWidget,
        *,
        status: Callable[[str], None],
        show_error: Callable[[str], None],
    ) -> None:
        super().__init__(window)
        self.bridge = bridge
        self.runner = runner
        self.settings = settings
        self.window = window
        self.status = status
        self.show_error = show_error
