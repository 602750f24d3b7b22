"""The one object widgets talk to: the open library, the undo stack and the change signal.

Every edit goes through :meth:`LibraryBridge.push` as an undo command
(:class:`ui.commands.ServiceCommand`); each command calls a service and returns a
:class:`~services.readmodels.Changes` record, which the bridge broadcasts on
:attr:`LibraryBridge.changed`. Views listen to that one signal and decide for themselves
whether what they show is affected — no widget calls another to refresh it.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from services.errors import QuotebookError
from services.library import Library
from services.readmodels import Changes

if TYPE_CHECKING:
    from ui.commands import ServiceCommand

log = logging.getLogger(__name__)


class LibraryBridge(QObject):
    #: Emitted after every change to the library (including undo and redo) with what changed.
    changed = Signal(object)
    #: Emitted when an edit fails for a reason the user can act on; the text names item and reason.
    failed = Signal(str)

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.undo_stack = QUndoStack(self)

    def push(self, command: ServiceCommand) -> bool:
        """Do an edit and record it for undo; False (and :attr:`failed`) if the service refused.

        The edit runs *before* the command is pushed, so a refused edit never enters the undo
        history (Qt would otherwise swallow an exception raised inside ``redo``).
        """
        try:
            changes = command.first_run(self.library)
        except QuotebookError as error:
            self.failed.emit(str(error))
            return False
        command.bridge = self
        self.undo_stack.push(command)
        self.notify(changes)
        return True

    def notify(self, changes: Changes) -> None:
        if changes:
            self.changed.emit(changes)

    def report(self, error: QuotebookError) -> None:
        log.warning("%s", error)
        self.failed.emit(str(error))
