"""Running long work off the UI thread, with progress and Cancel.

The work is a plain function of a :class:`~services.progress.TaskContext` (testable without
threads). :class:`TaskRunner` runs it on Qt's thread pool and delivers progress, the result or
the error back on the UI thread; :class:`SynchronousTaskRunner` runs it inline for tests.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from services.progress import TaskContext

log = logging.getLogger(__name__)

Work = Callable[[TaskContext], Any]
Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class _Relay(QObject):
    """Lives on the UI thread; signals emitted from the worker arrive there queued."""

    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)


class _QtContext(TaskContext):
    def __init__(self, relay: _Relay) -> None:
        super().__init__()
        self._relay = relay

    def report(self, done: int, total: int, message: str = "") -> None:
        self._relay.progress.emit(done, total, message)
        super().report(done, total, message)


class _Job(QRunnable):
    def __init__(self, work: Work, context: TaskContext, relay: _Relay) -> None:
        super().__init__()
        self.work = work
        self.context = context
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.work(self.context)
        except Exception as error:  # noqa: BLE001 - delivered to the UI, which reports it
            self.relay.failed.emit(error)
        else:
            self.relay.finished.emit(result)


class TaskProgress(QWidget):
    """Status-bar progress: what is happening, a bar, and Cancel."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("taskProgress")
        self.label = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setFixedWidth(160)
        self.bar.setTextVisible(False)
        self.cancel_button = QPushButton("Cancel", self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self.hide()

    def show_progress(self, title: str, done: int, total: int, message: str) -> None:
        self.bar.setRange(0, max(total, 0))
        self.bar.setValue(done)
        detail = f" {done + 1 if done < total else total} of {total}" if total else ""
        self.label.setText(f"{title}{detail}" + (f": {message}" if message else ""))
        self.show()


class TaskRunner(QObject):
    """Runs one job at a time on the thread pool and shows it in a :class:`TaskProgress`."""

    def __init__(self, progress: TaskProgress, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.progress = progress
        self.context: TaskContext | None = None
        self._relay: _Relay | None = None
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        progress.cancel_button.clicked.connect(self.cancel)

    @property
    def busy(self) -> bool:
        return self.context is not None

    def start(self, title: str, work: Work, done: Done, failed: Failed) -> bool:
        """Start ``work``; False if another job is still running."""
        if self.busy:
            return False
        relay = _Relay(self)
        context = _QtContext(relay)
        relay.progress.connect(lambda d, t, m: self.progress.show_progress(title, d, t, m))
        relay.finished.connect(lambda result: self._end(done, result))
        relay.failed.connect(lambda error: self._end(failed, error))
        self.context, self._relay = context, relay
        self.progress.show_progress(title, 0, 0, "")
        self.progress.cancel_button.setEnabled(True)
        self.pool.start(_Job(work, context, relay))
        return True

    def cancel(self) -> None:
        if self.context is not None:
            self.context.cancel()
            self.progress.cancel_button.setEnabled(False)
            self.progress.label.setText("Cancelling…")

    def wait(self, msecs: int = -1) -> bool:
        return self.pool.waitForDone(msecs)

    def _end(self, callback: Callable[[Any], None], value: Any) -> None:
        self.context = None
        if self._relay is not None:
            self._relay.deleteLater()
            self._relay = None
        self.progress.hide()
        callback(value)


class SynchronousTaskRunner(TaskRunner):
    """Runs jobs inline: for tests, where threads would only add waiting."""

    def start(self, title: str, work: Work, done: Done, failed: Failed) -> bool:
        context = TaskContext()
        self.context = context
        try:
            result = work(context)
        except Exception as error:  # noqa: BLE001 - same contract as the threaded runner
            self._end(failed, error)
        else:
            self._end(done, result)
        return True
