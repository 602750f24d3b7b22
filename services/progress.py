"""Progress and cancellation for long work, without threads or Qt.

Long operations are plain functions that take a :class:`TaskContext`. Tests and the CLI pass
the default one (which never cancels); the app passes one wired to a progress bar and a Cancel
button, and runs the function on a worker thread.
"""

from __future__ import annotations

import threading


class CancelledError(Exception):
    """The user pressed Cancel; the work stopped at a safe point."""


class TaskContext:
    def __init__(self) -> None:
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Ask the work to stop at its next check (safe to call from any thread)."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise :class:`CancelledError` if cancel was asked for."""
        if self._cancel.is_set():
            raise CancelledError

    def report(self, done: int, total: int, message: str = "") -> None:
        """Progress so far; subclasses forward it to the UI. Also a cancellation point."""
        self.check()
