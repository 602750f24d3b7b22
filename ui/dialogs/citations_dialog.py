"""Choosing how a citation list looks, with a live preview of its first quotes.

The preview is rendered by the export service itself (the same code that writes the HTML
file), on a worker thread: a CSL engine run can take a moment, and the dialog must stay
responsive while the user flips through styles. Changes are debounced, and a preview that
arrives after a newer one was asked for is dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from services.errors import QuotebookError
from services.export.options import CitationFormat, CitationListOptions, GroupBy, SortBy
from ui.dialogs.export_parts import StyleChoice, ValueCombo
from ui.dialogs.export_pdf_dialog import PAPER_LABELS
from ui.dialogs.form import FormDialog
from ui.style import muted

if TYPE_CHECKING:
    from services.export.styles import StyleInfo

log = logging.getLogger(__name__)

FORMAT_LABELS = {
    CitationFormat.PDF: "PDF document",
    CitationFormat.DOCX: "Word document (DOCX)",
    CitationFormat.MARKDOWN: "Markdown",
    CitationFormat.HTML: "Web page (HTML)",
    CitationFormat.TEXT: "Plain text",
    CitationFormat.CSV: "Spreadsheet (CSV)",
    CitationFormat.CSL_JSON: "Sources as CSL-JSON (Zotero, Mendeley)",
    CitationFormat.BIBTEX: "Sources as BibTeX",
    CitationFormat.RIS: "Sources as RIS (EndNote, Zotero)",
}
GROUP_LABELS = {GroupBy.SPEAKER: "Speaker", GroupBy.ARTICLE: "Article", GroupBy.TAG: "Tag"}
SORT_LABELS = {SortBy.DATE: "Date of the source", SortBy.POSITION: "Position in the article"}

#: Quotes the preview shows (the export has them all).
PREVIEW_QUOTES = 50
#: The preview waits this long after the last change, so flipping through styles costs one run.
PREVIEW_DELAY_MS = 250

Preview = Callable[[CitationListOptions], str]


class _Relay(QObject):
    """Lives on the UI thread; a worker's result arrives through it, queued."""

    ready = Signal(int, str, str)  # generation, HTML, error


class _PreviewJob(QRunnable):
    def __init__(
        self, preview: Preview, options: CitationListOptions, generation: int, relay: _Relay
    ) -> None:
        super().__init__()
        self.preview = preview
        self.options = options
        self.generation = generation
        self.relay = relay

    def run(self) -> None:
        html, error = render_preview(self.preview, self.options)
        self.relay.ready.emit(self.generation, html, error)


def render_preview(preview: Preview, options: CitationListOptions) -> tuple[str, str]:
    """The preview's HTML, or why there is none (a bad style file, a vanished quote…)."""
    try:
        return preview(options), ""
    except QuotebookError as error:
        return "", str(error)
    except Exception as error:
        log.error("citation preview failed", exc_info=error)
        return "", f"The preview failed because of an error in Quotebook: {error}"


class CitationsDialog(FormDialog[CitationListOptions]):
    def __init__(
        self,
        scope: str,
        quotes: int,
        *,
        styles: Sequence[StyleInfo],
        install_style: Callable[[Path], StyleInfo],
        preview: Preview,
        has_confidential: bool,
        saved: dict[str, Any] | None = None,
        background: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Export Citations", parent)
        self.setObjectName("exportCitationsDialog")
        self._preview = preview
        self._quotes = quotes
        self._background = background
        self._generation = 0
        self._relay = _Relay(self)
        self._relay.ready.connect(self._show_preview)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self._start_preview)

        self.scope = QLabel(scope, self)
        self.scope.setObjectName("exportScope")
        self.scope.setWordWrap(True)
        self.format = ValueCombo(FORMAT_LABELS, self)
        self.style_choice = StyleChoice(styles, install_style, self.complain, self)
        self.group_by = ValueCombo(GROUP_LABELS, self)
        self.sort_by = ValueCombo(SORT_LABELS, self)
        self.paper = ValueCombo(PAPER_LABELS, self)
        self.reveal = QCheckBox("Show real names of confidential sources", self)
        self.reveal.setEnabled(has_confidential)
        self.reveal.setToolTip(
            "Off: confidential sources appear only by their public label."
            if has_confidential
            else "None of these quotes is from a confidential source."
        )
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        muted(self.hint)

        self.preview_title = QLabel(self)
        muted(self.preview_title)
        self.preview_pane = QTextBrowser(self)
        self.preview_pane.setObjectName("citationPreview")
        self.preview_pane.setOpenLinks(False)
        self.preview_pane.setMinimumSize(440, 380)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.scope)
        form.addRow("&Format", self.format)
        form.addRow("Citation &style", self.style_choice)
        form.addRow("&Group by", self.group_by)
        form.addRow("S&ort by", self.sort_by)
        form.addRow("&Paper", self.paper)
        form.addRow("", self.reveal)
        form.addRow(self.hint)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(form)
        left_layout.addStretch(1)
        right = QVBoxLayout()
        right.setSpacing(4)
        right.addWidget(self.preview_title)
        right.addWidget(self.preview_pane, 1)
        columns = QHBoxLayout()
        columns.setSpacing(16)
        columns.addWidget(left, 0)
        columns.addLayout(right, 1)
        outer = QFormLayout()  # FormDialog lays out a form; this one holds the two columns
        outer.addRow(columns)
        self.lay_out(outer)
        buttons = self.findChild(QDialogButtonBox)
        assert buttons is not None  # FormDialog.lay_out made it
        self.export_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.export_button.setText("Export…")
        self.resize(920, 520)

        self._restore(saved or {})
        for combo in (self.format, self.style_choice, self.group_by, self.sort_by, self.paper):
            combo.currentIndexChanged.connect(self._changed)
        self.reveal.toggled.connect(self._changed)
        self._update_fields()
        self._start_preview()

    # ----------------------------------------------------------------- values

    def _restore(self, saved: dict[str, Any]) -> None:
        self.format.set_value(saved.get("format"))
        style = saved.get("style")
        if isinstance(style, str):
            self.style_choice.set_key(style)
        self.group_by.set_value(saved.get("group_by"))
        self.sort_by.set_value(saved.get("sort_by"))
        self.paper.set_value(saved.get("paper"))

    def remembered(self) -> dict[str, Any]:
        """What the next export starts from (never the confidential names)."""
        return {
            "format": self.format.value().value,
            "style": self.style_choice.key(),
            "group_by": self.group_by.value().value,
            "sort_by": self.sort_by.value().value,
            "paper": self.paper.value().value,
        }

    def options(self) -> CitationListOptions:
        return CitationListOptions(
            format=self.format.value(),
            style=self.style_choice.key() or CitationListOptions().style,
            group_by=self.group_by.value(),
            sort_by=self.sort_by.value(),
            paper=self.paper.value(),
            reveal_confidential=self.reveal.isChecked() and self.reveal.isEnabled(),
        )

    def value(self) -> CitationListOptions | None:
        if not self.style_choice.key() and not self.format.value().sources_only:
            self.complain("Choose a citation style.")
            return None
        return self.options()

    # ----------------------------------------------------------------- the form

    def _changed(self) -> None:
        self._update_fields()
        self._timer.start()

    def _update_fields(self) -> None:
        fmt = self.format.value()
        listed = not fmt.sources_only
        for widget in (self.style_choice, self.group_by, self.sort_by):
            widget.setEnabled(listed)
        self.paper.setEnabled(fmt is CitationFormat.PDF)
        if fmt.sources_only:
            self.hint.setText(
                "One entry per source, with its quotes as notes, for a reference manager. "
                "Style, grouping and sorting do not apply."
            )
        elif fmt is CitationFormat.CSV:
            self.hint.setText("One row per quote, for a spreadsheet; grouping orders the rows.")
        else:
            self.hint.setText("")
        self.hint.setVisible(bool(self.hint.text()))
        shown = min(self._quotes, PREVIEW_QUOTES)
        first = "" if shown == self._quotes else f" — the first {shown} of {self._quotes:,}"
        self.preview_title.setText(f"Preview{first}")

    # ----------------------------------------------------------------- the preview

    def _start_preview(self) -> None:
        self._timer.stop()
        self._generation += 1
        options = self.options()
        if not self._background:
            self._show_preview(self._generation, *render_preview(self._preview, options))
            return
        self._pool.start(_PreviewJob(self._preview, options, self._generation, self._relay))

    def _show_preview(self, generation: int, html: str, error: str) -> None:
        if generation != self._generation:
            return  # a newer preview is on its way
        if error:
            self.preview_pane.setPlainText(error)
        else:
            self.preview_pane.setHtml(html)

    def preview_pending(self) -> bool:
        return self._timer.isActive() or self._pool.activeThreadCount() > 0

    def hideEvent(self, event: QHideEvent) -> None:
        """Closing waits for a preview in flight, so it never reports to a dialog that is gone."""
        self._timer.stop()
        self._generation += 1
        self._pool.waitForDone(5000)
        super().hideEvent(event)
