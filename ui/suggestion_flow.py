"""Quote suggestions for the open article: finding them, and the journalist's yes and no.

Detection runs on the task runner (progress and Cancel in the status bar) whenever the
article's detection is not cached: even a short article's costs tens of milliseconds and the
first use imports the language models, which the UI thread must not wait for. A cached one
(reopened, or refreshed after a decision) is shown at once. Every decision is an undo
command, and the list refreshes from the bridge's ``changed`` signal like every other view:
accepting adds a quote (so the suggestion drops out), rejecting records a ``suggestions``
change.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QWidget

from services.errors import QuotebookError
from services.progress import CancelledError, TaskContext
from services.readmodels import ArticleInfo, Changes, QuoteEdit
from ui.bridge import LibraryBridge
from ui.commands import AcceptSuggestion, AcceptSuggestions, RejectSuggestion
from ui.flow import WindowFlow
from ui.settings import Settings
from ui.suggestion_list import ShownSuggestion
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from services.detection import Suggestion

log = logging.getLogger(__name__)

#: How long to wait before trying again when the task runner is busy (an export, say).
RETRY_MS = 400


class SuggestionFlow(WindowFlow):
    #: The open article's suggestions changed: a list of :class:`ShownSuggestion`.
    suggestionsChanged = Signal(list)

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
        super().__init__(bridge, runner, settings, window, status=status, show_error=show_error)
        self.article_id = 0
        self.items: list[ShownSuggestion] = []
        #: Bumped whenever the article changes, so a late background result is dropped.
        self._generation = 0
        #: The generation whose detection runs in the background, if one does; and whether
        #: the library changed meanwhile (then the list is filtered again when it ends).
        self._running: int | None = None
        self._again = False
        bridge.changed.connect(self.on_changed)

    # ----------------------------------------------------------------- loading

    def show_article(self, article: ArticleInfo | None) -> None:
        """Follow the open article: its suggestions, found now or in the background."""
        if article is not None and article.id == self.article_id:
            self.load()  # the same article opened again: nothing to clear
            return
        self._generation += 1
        self.article_id = article.id if article else 0
        self._set([])
        self.load()

    def on_changed(self, changes: Changes) -> None:
        article_id = self.article_id
        if not article_id:
            return
        if (
            changes.quotes
            or changes.speakers
            or article_id in changes.articles
            or article_id in changes.suggestions
        ):
            self.load()

    def load(self) -> None:
        article_id, generation = self.article_id, self._generation
        if not article_id:
            return
        suggestions = self.bridge.library.suggestions
        try:
            if suggestions.ready(article_id):
                self._found(generation, suggestions.for_article(article_id))
                return
        except QuotebookError as error:  # the article went (deleted by another window)
            log.info("no suggestions: %s", error)
            self._set([])
            return
        except Exception:  # a bug in detection must not stop the article from opening
            log.exception("quote detection failed")
            self.status("Quote suggestions are not available for this article (see the log).")
            return

        if self._running == generation:
            self._again = True
            return

        def work(context: TaskContext) -> list[Suggestion]:
            return suggestions.for_article(article_id, context=context)

        # Marked as running before it starts: a runner may finish the job before returning.
        self._running = generation
        started = self.runner.start(
            "Finding quotations",
            work,
            lambda found: self._finished(generation, found),
            self._failed,
        )
        if not started:
            self._running = None
            QTimer.singleShot(RETRY_MS, lambda: self._retry(generation))

    def _finished(self, generation: int, found: list[Suggestion]) -> None:
        self._running = None
        self._found(generation, found)
        if self._again and generation == self._generation:
            self._again = False
            self.load()  # detection is cached now: this only filters again

    def _retry(self, generation: int) -> None:
        if generation == self._generation:
            self.load()

    def _found(self, generation: int, found: list[Suggestion]) -> None:
        if generation != self._generation:
            return  # the user moved on to another article meanwhile
        library = self.bridge.library
        directory = library.speakers.directory()  # names and colours only: no quote counts
        colors = {entry.name: entry.color for entry in directory}
        names = library.suggestions.names_from(directory, found)
        pairs = zip(found, names, strict=True)
        self._set([ShownSuggestion(item, name, colors.get(name, "")) for item, name in pairs])

    def _failed(self, error: BaseException) -> None:
        self._running, self._again = None, False
        if isinstance(error, CancelledError):
            self.status("Finding quotations was cancelled.")
        elif isinstance(error, QuotebookError):
            self.show_error(str(error))
        else:
            log.error("quote detection failed", exc_info=error)
            self.status("Quote suggestions are not available for this article (see the log).")

    def _set(self, items: list[ShownSuggestion]) -> None:
        self.items = items
        self.suggestionsChanged.emit(items)

    # ----------------------------------------------------------------- deciding

    def accept(self, item: ShownSuggestion, edit: QuoteEdit) -> int:
        """Save a suggestion as a quote as the editor left it; the new quote's id, or 0."""
        command = AcceptSuggestion(self.article_id, item.suggestion, edit)
        if self.bridge.push(command) and command.quote_id:
            return command.quote_id
        return 0

    def reject(self, item: ShownSuggestion) -> None:
        if self.bridge.push(RejectSuggestion(self.article_id, item.suggestion)):
            self.status("Suggestion rejected — it will not be offered again. Undo brings it back.")

    def accept_all(self, speaker: str) -> None:
        count = sum(1 for item in self.items if item.speaker == speaker)
        if not speaker or not count:
            return
        command = AcceptSuggestions(self.article_id, speaker, count)
        if self.bridge.push(command):
            saved = len(command.changes)
            self.status(f"Saved {saved} quote{'s' if saved != 1 else ''} by {speaker}.")
