"""Choosing what an annotated PDF of an article shows: style, paper, notes, which quotes.

Every speaker, tag and kind of the article's quotes starts checked; unchecking narrows the
export, and a line under the lists says how many quotes are left, so nobody sends an editor a
PDF that silently lost half its quotes. Showing confidential sources' real names is a
checkbox that always starts unchecked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QWidget,
)

from models.tables import QuoteKind
from services.export.options import (
    AnnotatedPdfOptions,
    NotePlacement,
    Paper,
    QuoteChoice,
)
from ui.dialogs.export_parts import CheckList, StyleChoice, ValueCombo
from ui.dialogs.form import FormDialog
from ui.style import muted
from ui.swatch import swatch_icon

if TYPE_CHECKING:
    from services.export.styles import StyleInfo

PAPER_LABELS = {Paper.A4: "A4", Paper.LETTER: "US Letter"}
NOTE_LABELS = {
    NotePlacement.MARGIN: "Beside the text, in the margin",
    NotePlacement.ENDNOTES: "At the end, as endnotes",
    NotePlacement.NONE: "No notes (highlights only)",
}

#: Rows the checkable lists show at most before they scroll.
LIST_ROWS = 6


@dataclass(frozen=True, slots=True)
class Count:
    """An item of a checkable list: what it stands for, its label and how many quotes."""

    value: int | str
    label: str
    quotes: int
    color: str = ""
    tip: str = ""


class AnnotatedPdfDialog(FormDialog[AnnotatedPdfOptions]):
    def __init__(
        self,
        title: str,
        *,
        styles: Sequence[StyleInfo],
        install_style: Callable[[Path], StyleInfo],
        speakers: Sequence[Count],
        tags: Sequence[Count],
        kinds: Sequence[Count],
        count: Callable[[QuoteChoice], int],
        has_confidential: bool,
        saved: dict[str, Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Export Annotated PDF", parent)
        self.setObjectName("exportPdfDialog")
        self._count = count
        self._total = count(QuoteChoice())
        heading = QLabel(f"<b>{_escape(title)}</b>", self)
        heading.setWordWrap(True)
        self.style_choice = StyleChoice(styles, install_style, self.complain, self)
        self.style_choice.setToolTip("How the article itself is cited on the first page")
        self.paper = ValueCombo(PAPER_LABELS, self)
        self.notes = ValueCombo(NOTE_LABELS, self)

        rows = max(3, min(LIST_ROWS, max(len(speakers), len(tags), len(kinds))))
        self.speakers = self._list(speakers, rows, with_swatches=True)
        self.tags = self._list(tags, rows)
        self.kinds = self._list(kinds, rows)
        self.tags.setToolTip(
            "With every tag checked, untagged quotes are exported too; otherwise only quotes "
            "with a checked tag are."
        )
        lists = QGridLayout()
        lists.setHorizontalSpacing(10)
        lists.setVerticalSpacing(3)
        for column, (label, widget, stretch) in enumerate(
            (("Speakers", self.speakers, 3), ("Tags", self.tags, 2), ("Kinds", self.kinds, 0))
        ):
            caption = QLabel(label, self)
            muted(caption)
            lists.addWidget(caption, 0, column)
            lists.addWidget(widget, 1, column)
            lists.setColumnStretch(column, stretch)
        self.summary = QLabel(self)
        self.summary.setObjectName("exportSummary")
        muted(self.summary)
        lists.addWidget(self.summary, 2, 0, 1, 3)

        self.reveal = QCheckBox("Show real names of confidential sources", self)
        self.reveal.setEnabled(has_confidential)
        self.reveal.setToolTip(
            "Off: confidential sources appear only by their public label. On: their real "
            "names are printed, and the first page says so."
            if has_confidential
            else "None of this article's speakers is confidential."
        )

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(heading)
        form.addRow("Citation &style", self.style_choice)
        form.addRow("&Paper", self.paper)
        form.addRow("&Notes", self.notes)
        form.addRow("Quotes", lists)
        form.addRow("", self.reveal)
        self.lay_out(form)
        buttons = self.findChild(QDialogButtonBox)
        assert buttons is not None  # FormDialog.lay_out made it
        self.export_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.export_button.setText("Export…")
        self.setMinimumWidth(560)
        self._restore(saved or {})
        for widget in (self.speakers, self.tags, self.kinds):
            widget.toggled.connect(self._update_summary)
        self._update_summary()

    def _list(self, items: Sequence[Count], rows: int, *, with_swatches: bool = False) -> CheckList:
        widget = CheckList(self)
        for item in items:
            icon = swatch_icon(item.color) if with_swatches and item.color else None
            label = f"{item.label}  ({item.quotes:,})"
            widget.add(item.value, label, icon, item.tip)
        widget.fit_rows(rows)
        widget.setEnabled(len(items) > 1)  # one item: nothing to choose
        return widget

    def _restore(self, saved: dict[str, Any]) -> None:
        style = saved.get("style")
        if isinstance(style, str):
            self.style_choice.set_key(style)
        self.paper.set_value(saved.get("paper"))
        self.notes.set_value(saved.get("notes"))

    def remembered(self) -> dict[str, Any]:
        """What the next export starts from (never the confidential names)."""
        return {
            "style": self.style_choice.key(),
            "paper": self.paper.value().value,
            "notes": self.notes.value().value,
        }

    def choice(self) -> QuoteChoice:
        """The checked items; a list left all checked means "all" (an empty tuple)."""

        def chosen(widget: CheckList) -> tuple[Any, ...]:
            return () if widget.all_checked() else tuple(widget.values())

        return QuoteChoice(
            speaker_ids=chosen(self.speakers),
            tag_ids=chosen(self.tags),
            kinds=tuple(QuoteKind(kind) for kind in chosen(self.kinds)),
        )

    def _empty_list(self) -> str:
        for name, widget in (("speaker", self.speakers), ("kind", self.kinds)):
            if widget.count() and not widget.values():
                return f"Check at least one {name}."
        if self.tags.count() and not self.tags.values():
            return "Check at least one tag (with every tag checked, untagged quotes are kept)."
        return ""

    def _update_summary(self) -> None:
        problem = self._empty_list()
        kept = 0 if problem else self._count(self.choice())
        if problem:
            text = problem
        elif self._total == 0:
            text = "The article has no quotes yet: the PDF will have its text only."
        elif kept == self._total:
            text = f"All {_quotes(self._total)} of the article will be exported."
        else:
            text = f"{kept:,} of {_quotes(self._total)} will be exported."
        self.summary.setText(text)
        self.export_button.setEnabled(kept > 0 or (self._total == 0 and not problem))

    def value(self) -> AnnotatedPdfOptions | None:
        problem = self._empty_list()
        if problem:
            self.complain(problem)
            return None
        if not self.style_choice.key():
            self.complain("Choose a citation style.")
            return None
        if self._total and self._count(self.choice()) == 0:
            self.complain("No quote is left with these choices.")
            return None
        return AnnotatedPdfOptions(
            style=self.style_choice.key(),
            paper=self.paper.value(),
            notes=self.notes.value(),
            choice=self.choice(),
            reveal_confidential=self.reveal.isChecked() and self.reveal.isEnabled(),
        )


def _quotes(count: int) -> str:
    return "1 quote" if count == 1 else f"{count:,} quotes"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
