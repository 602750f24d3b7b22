"""Exporting from the window: an article as an annotated PDF, any quotes as a citation list.

The main window and the all-quotes view decide *what* to export; this object asks *how*
(a dialog), *where* (a save dialog that remembers its folder), runs the export in the
background with progress and Cancel, and offers to open the result. Writing the files is the
export services' work; the export modules load reportlab, python-docx and the CSL engine, so
they are imported on first use rather than when the window opens.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox

from services.errors import QuotebookError
from services.export.options import (
    AnnotatedPdfOptions,
    CitationFormat,
    CitationListOptions,
    QuoteChoice,
)
from services.progress import CancelledError, TaskContext
from services.readmodels import QuoteFilter, QuoteInfo
from ui import settings as keys
from ui.dialogs.citations_dialog import PREVIEW_QUOTES, CitationsDialog
from ui.dialogs.export_parts import safe_file_name
from ui.dialogs.export_pdf_dialog import AnnotatedPdfDialog, Count
from ui.flow import WindowFlow
from ui.quote_table_model import KIND_LABELS

if TYPE_CHECKING:
    from services.export.styles import StyleInfo

log = logging.getLogger(__name__)

#: The save dialog's file type for each citation format.
FILE_TYPES = {
    CitationFormat.PDF: "PDF documents (*.pdf)",
    CitationFormat.DOCX: "Word documents (*.docx)",
    CitationFormat.MARKDOWN: "Markdown (*.md)",
    CitationFormat.HTML: "Web pages (*.html)",
    CitationFormat.TEXT: "Plain text (*.txt)",
    CitationFormat.CSV: "CSV spreadsheets (*.csv)",
    CitationFormat.CSL_JSON: "CSL-JSON (*.json)",
    CitationFormat.BIBTEX: "BibTeX (*.bib)",
    CitationFormat.RIS: "RIS (*.ris)",
}


def with_suffix(path: Path, suffix: str) -> Path:
    """``path`` ending in ``suffix``: a name typed without it gets it added, never replaced
    (“Interview 12.05” stays “Interview 12.05.pdf”)."""
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


def kept_quotes(quotes: Sequence[QuoteInfo], choice: QuoteChoice, tag_ids: dict[str, int]) -> int:
    """How many of an article's quotes ``choice`` keeps: any of its speakers, kinds and tags
    (an empty tuple keeps all), as the annotated PDF counts them."""
    return sum(
        1
        for quote in quotes
        if (not choice.speaker_ids or quote.speaker_id in choice.speaker_ids)
        and (not choice.kinds or quote.kind in choice.kinds)
        and (not choice.tag_ids or any(tag_ids.get(tag) in choice.tag_ids for tag in quote.tags))
    )


class ExportFlow(WindowFlow):
    #: Whether the citation dialog renders its preview on a worker thread (tests: inline).
    preview_in_background = True

    # ----------------------------------------------------------------- annotated PDF

    def export_pdf(self, article_id: int) -> None:
        """Ask how, then where, then write the article's annotated PDF in the background."""
        if not article_id:
            self.status("Open an article to export it as an annotated PDF.")
            return
        try:
            dialog, title = self.pdf_dialog(article_id)
        except QuotebookError as error:
            self.show_error(str(error))
            return
        if not dialog.exec():
            return
        options = dialog.value()
        if options is None:
            return
        self.settings.set_json(keys.EXPORT_PDF_CHOICES, dialog.remembered())
        pdf = CitationFormat.PDF
        target = self.ask_target(
            "Export Annotated PDF", safe_file_name(title), FILE_TYPES[pdf], pdf.suffix
        )
        if target is not None:
            self.write_pdf(article_id, target, options)

    def pdf_dialog(self, article_id: int) -> tuple[AnnotatedPdfDialog, str]:
        """The dialog for one article's PDF, its lists made of the article's own quotes."""
        library = self.bridge.library
        title = library.articles.summary(article_id).meta.title
        quotes = library.quotes.for_article(article_id)
        speakers = {speaker.id: speaker for speaker in library.speakers.list()}
        tag_ids = {tag.name: tag.id for tag in library.tags.list()}
        styles, install = _styles()
        by_speaker = Counter(quote.speaker_id for quote in quotes)
        by_tag = Counter(tag for quote in quotes for tag in quote.tags)
        by_kind = Counter(quote.kind for quote in quotes)
        speaker_counts = []
        for speaker_id, count in by_speaker.items():
            speaker = speakers[speaker_id]
            tip = f"Confidential: the PDF says “{speaker.public_name}”"
            speaker_counts.append(
                Count(
                    speaker_id,
                    speaker.name,
                    count,
                    speaker.color,
                    tip if speaker.fields.confidential else "",
                )
            )
        tag_counts = [Count(tag_ids[name], name, n) for name, n in by_tag.items()]
        dialog = AnnotatedPdfDialog(
            title,
            styles=styles,
            install_style=install,
            speakers=sorted(speaker_counts, key=lambda item: item.label.casefold()),
            tags=sorted(tag_counts, key=lambda item: item.label.casefold()),
            kinds=[
                Count(kind.value, label, by_kind[kind])
                for kind, label in KIND_LABELS.items()
                if by_kind[kind]
            ],
            count=lambda choice: kept_quotes(quotes, choice, tag_ids),
            has_confidential=any(speakers[s].fields.confidential for s in by_speaker),
            saved=self.settings.get_json(keys.EXPORT_PDF_CHOICES),
            parent=self.window,
        )
        return dialog, title

    def write_pdf(self, article_id: int, target: Path, options: AnnotatedPdfOptions) -> None:
        library = self.bridge.library

        def work(context: TaskContext) -> Path:
            from services.export.annotated import export_annotated_pdf  # noqa: PLC0415

            return export_annotated_pdf(library, article_id, target, options, context)

        self._run("Exporting the PDF", work)

    # ----------------------------------------------------------------- citation lists

    def export_citations(self, quote_ids: Sequence[int], scope: str, name: str) -> None:
        """Ask how (with a preview), then where, then write the list of ``quote_ids``.

        ``scope`` tells the user which quotes these are ("the 3 selected quotes");
        ``name`` is the file name offered, without its extension.
        """
        ids = list(quote_ids)
        if not ids:
            self.status("There are no quotes to export.")
            return
        library = self.bridge.library
        try:
            secret = [s.id for s in library.speakers.list() if s.fields.confidential]
            confidential = bool(
                secret
                and set(library.quotes.ids(QuoteFilter(speaker_ids=tuple(secret)))) & set(ids)
            )
            styles, install = _styles()
        except QuotebookError as error:
            self.show_error(str(error))
            return

        def preview(options: CitationListOptions) -> str:
            from services.export.citations import preview_citations  # noqa: PLC0415

            return preview_citations(library, ids, options, limit=PREVIEW_QUOTES)

        dialog = CitationsDialog(
            scope,
            len(ids),
            styles=styles,
            install_style=install,
            preview=preview,
            has_confidential=confidential,
            saved=self.settings.get_json(keys.EXPORT_CITATIONS_CHOICES),
            background=self.preview_in_background,
            parent=self.window,
        )
        if not dialog.exec():
            return
        options = dialog.value()
        if options is None:
            return
        self.settings.set_json(keys.EXPORT_CITATIONS_CHOICES, dialog.remembered())
        fmt = options.format
        target = self.ask_target(
            "Export Citations", safe_file_name(name, "quotes"), FILE_TYPES[fmt], fmt.suffix
        )
        if target is not None:
            self.write_citations(ids, target, options)

    def write_citations(
        self, quote_ids: Sequence[int], target: Path, options: CitationListOptions
    ) -> None:
        library = self.bridge.library
        ids = list(quote_ids)

        def work(context: TaskContext) -> Path:
            from services.export.citations import export_citations  # noqa: PLC0415

            return export_citations(library, ids, target, options, context)

        self._run("Exporting citations", work)

    # ----------------------------------------------------------------- shared steps

    def ask_target(self, title: str, name: str, file_type: str, suffix: str) -> Path | None:
        """Where to save, starting in the folder of the last export; None if cancelled."""
        folder = self.settings.get(keys.LAST_EXPORT_FOLDER) or str(Path.home())
        chosen, _ = QFileDialog.getSaveFileName(
            self.window, title, str(Path(folder) / f"{name}{suffix}"), file_type
        )
        if not chosen:
            return None
        target = with_suffix(Path(chosen), suffix)
        self.settings.set(keys.LAST_EXPORT_FOLDER, str(target.parent))
        return target

    def _run(self, title: str, work: Callable[[TaskContext], Path]) -> None:
        if not self.runner.start(title, work, self._finished, self._failed):
            self.status("Another task is still running; export again when it has finished.")

    def _finished(self, path: Path) -> None:
        self.status(f"Exported to {path}")
        answer = QMessageBox.question(
            self.window,
            "Export Finished",
            f"Saved “{path.name}” in {path.parent}.\n\nOpen it now?",
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close,
            QMessageBox.StandardButton.Open,
        )
        if answer == QMessageBox.StandardButton.Open:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, CancelledError):
            self.status("Export cancelled; no file was written.")
        elif isinstance(error, QuotebookError):
            self.show_error(str(error))
        else:  # our bug, not the user's choice: keep the traceback for the log
            log.error("export failed", exc_info=error)
            self.show_error(f"The export stopped because of an error in Quotebook: {error}")


def _styles() -> tuple[list[StyleInfo], Callable[[Path], StyleInfo]]:
    """The styles a dialog offers (built in, then added) and the function that adds one."""
    from services.export.styles import (  # noqa: PLC0415 - loads the CSL style collection
        builtin_styles,
        install_style,
        installed_styles,
    )

    return [*builtin_styles(), *installed_styles()], install_style
