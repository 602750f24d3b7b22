"""Bringing articles in from the window: files, folders, web addresses, the clipboard.

The main window owns the menus; this object owns what happens after: running the import in a
background task, recording it for undo, reporting what failed and why, and asking the window
to open what arrived. Reading and storing are the services' work.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QMimeData, QUrl, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from services.errors import QuotebookError
from services.importers import file_filter, supported
from services.importing import BatchResult, import_attachments
from services.progress import TaskContext
from services.sample import add_sample_article
from services.sources import Source, import_clipboard, import_sources
from services.text import excerpt
from ui import settings as keys
from ui.commands import AddArticles
from ui.flow import WindowFlow

log = logging.getLogger(__name__)

WEB_SCHEMES = ("http", "https")


def dropped_sources(mime: QMimeData) -> list[Source]:
    """Files (folders searched for readable files) and web addresses in a drop."""
    sources: list[Source] = []
    for url in mime.urls() if mime.hasUrls() else []:
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if path.is_dir():
                sources.extend(sorted(p for p in path.rglob("*") if p.is_file() and supported(p)))
            elif supported(path):
                sources.append(path)
        elif url.scheme() in WEB_SCHEMES:
            sources.append(url.toString())
    if not sources and mime.hasText():
        text = mime.text().strip()
        if QUrl(text).scheme() in WEB_SCHEMES and " " not in text:
            sources.append(text)
    return sources


class ImportFlow(WindowFlow):
    #: Show this article (it was imported, or it was already in the library).
    openRequested = Signal(int)
    #: A single new article arrived: ask for its details.
    detailsRequested = Signal(int)

    # ----------------------------------------------------------------- asking

    def choose_files(self) -> None:
        folder = self.settings.get(keys.LAST_IMPORT_FOLDER)
        names, _ = QFileDialog.getOpenFileNames(
            self.window, "Import Articles", folder, f"{file_filter()};;All files (*)"
        )
        if names:
            self.settings.set(keys.LAST_IMPORT_FOLDER, str(Path(names[0]).parent))
            self.start([Path(name) for name in names])

    def choose_url(self) -> None:
        url, ok = QInputDialog.getText(
            self.window, "Import from the Web", "Address of the article (http or https):"
        )
        if ok and url.strip():
            self.start([url.strip()])

    # ----------------------------------------------------------------- importing

    def start(self, sources: Iterable[Source]) -> None:
        """Import files and web addresses in the background, with progress and Cancel."""
        chosen = list(sources)
        if not chosen:
            return
        library = self.bridge.library

        def work(context: TaskContext) -> BatchResult:
            return import_sources(library, chosen, context=context)

        title = "Downloading" if all(isinstance(s, str) for s in chosen) else "Importing"
        started = self.runner.start(
            title, work, lambda result: self._finished(result, chosen), self._failed
        )
        if not started:
            self.status("Another import is still running.")

    def _finished(self, result: BatchResult, asked: list[Source]) -> None:
        created = [item.summary for item in result.created]
        if created:
            label = (
                f"Import “{excerpt(created[0].title, 40)}”"
                if len(created) == 1
                else f"Import {len(created)} articles"
            )
            self.bridge.push(AddArticles([s.id for s in created], label))
        if result.failures:
            self.show_error(summary(result, len(asked)))
        message = f"Imported {len(created)} of {len(asked)}"
        if result.duplicates:
            message += f"; {len(result.duplicates)} already in the library"
        if result.cancelled:
            message += " (cancelled)"
        self.status(message + ".")
        opened = created or [item.summary for item in result.duplicates]
        if opened:
            self.openRequested.emit(opened[0].id)
        if len(asked) == 1 and len(created) == 1:
            self.detailsRequested.emit(created[0].id)
        self._offer_attachments(result)

    def _offer_attachments(self, result: BatchResult) -> None:
        """E-mails come with files; list them and import them only if the user says so."""
        pairs = [
            (item.summary.source_name, attachment)
            for item in result.added
            for attachment in item.attachments
            if supported(Path(attachment.name))
        ]
        if not pairs:
            return
        names = "\n".join(f"• {attachment.name}" for _parent, attachment in pairs)
        answer = QMessageBox.question(
            self.window,
            "Import Attachments",
            f"The e-mail came with {len(pairs)} document(s) Quotebook can read:\n{names}\n\n"
            "Import them as articles too?",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        library = self.bridge.library

        def work(context: TaskContext) -> BatchResult:
            return import_attachments(library, pairs, context=context)

        self.runner.start(
            "Importing attachments",
            work,
            lambda done: self._finished(done, [name for name, _ in pairs]),
            self._failed,
        )

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, QuotebookError):
            self.show_error(str(error))
        else:  # our bug, not the user's file: keep the traceback for the log
            log.error("import failed", exc_info=error)
            self.show_error(f"The import stopped because of an error in Quotebook: {error}")

    # ----------------------------------------------------------------- clipboard

    def paste(self) -> None:
        """A new article from the clipboard: its HTML when it has some, else its text."""
        mime = QGuiApplication.clipboard().mimeData()
        html = mime.html() if mime is not None and mime.hasHtml() else ""
        text = mime.text() if mime is not None and mime.hasText() else ""
        if not html.strip() and not text.strip():
            self.show_error("clipboard: there is no text on it to make an article from")
            return
        try:
            added = import_clipboard(self.bridge.library, html=html, text=text)
        except QuotebookError as error:
            self.show_error(str(error))
            return
        if added.created:
            self.bridge.push(AddArticles([added.summary.id], "Paste article"))
            self.openRequested.emit(added.summary.id)
            self.detailsRequested.emit(added.summary.id)
        else:
            self.status("That text is already in the library.")
            self.openRequested.emit(added.summary.id)

    def add_sample(self) -> None:
        try:
            added = add_sample_article(self.bridge.library)
        except QuotebookError as error:
            self.show_error(str(error))
            return
        if added.created:
            self.bridge.push(AddArticles([added.summary.id], "Add sample article"))
        self.openRequested.emit(added.summary.id)


def summary(result: BatchResult, asked: int) -> str:
    """What failed and why, one line per file or address."""
    lines = "\n".join(f"• {failure.source}: {failure.reason}" for failure in result.failures)
    what = "item" if asked == 1 else "items"
    return f"{len(result.failures)} of {asked} {what} could not be imported:\n{lines}"
