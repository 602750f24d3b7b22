"""The "Suggestions (N)" section under the article's quotes: proposed quotations to accept or
reject with a keystroke.

Enter accepts (through the quote editor, so the speaker can be changed first), Delete rejects,
and "Accept all from …" saves every suggestion of the current one's speaker at once. A
suggestion card is drawn like a quote card, but with a dashed bar: not a quote yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractListModel,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from models.tables import QuoteKind
from ui.style import muted
from ui.text_fit import fit_lines

if TYPE_CHECKING:
    from services.detection import Suggestion

SHOWN_ROLE = Qt.ItemDataRole.UserRole + 1

#: What a suggestion whose speaker was not found is drawn in: a neutral grey.
NO_SPEAKER_COLOR = "#8A8F98"

KIND_WORDS: dict[QuoteKind, str] = {
    QuoteKind.DIRECT: "direct",
    QuoteKind.INDIRECT: "indirect",
    QuoteKind.PARAPHRASE: "paraphrase",
}


@dataclass(frozen=True, slots=True)
class ShownSuggestion:
    """A suggestion as the window shows it: with the name it would be saved under ("" when
    the speaker was not found) and that speaker's colour ("" when not in the library yet)."""

    suggestion: Suggestion
    speaker: str
    color: str

    @property
    def start(self) -> int:
        return self.suggestion.start

    @property
    def end(self) -> int:
        return self.suggestion.end

    @property
    def outline_color(self) -> str:
        return self.color or NO_SPEAKER_COLOR

    @property
    def details(self) -> str:
        """ "direct · 92 %": the kind and how sure the engine is."""
        kind = KIND_WORDS.get(self.suggestion.kind, self.suggestion.kind.value)
        return f"{kind} · {self.suggestion.confidence:.0%}"


class SuggestionListModel(QAbstractListModel):
    """One article's suggestions, replaced whole when they change (a few dozen at most)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[ShownSuggestion] = []

    def set_items(self, items: list[ShownSuggestion]) -> None:
        self.beginResetModel()
        self._items = list(items)
        self.endResetModel()

    def items(self) -> list[ShownSuggestion]:
        return list(self._items)

    def row_of(self, start: int, end: int) -> int:
        return next(
            (row for row, item in enumerate(self._items) if (item.start, item.end) == (start, end)),
            -1,
        )

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._items)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return item.suggestion.text
        if role == Qt.ItemDataRole.ToolTipRole:
            who = item.speaker or "Speaker not found"
            return f"{who} — {item.details}\nEnter accepts · Delete rejects"
        if role == SHOWN_ROLE:
            return item
        return None


class SuggestionCardDelegate(QStyledItemDelegate):
    """Speaker (or "Speaker not found"), kind and confidence, then two lines of the words."""

    PADDING = 7
    BAR = 4
    TEXT_LINES = 2

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        metrics = QFontMetrics(option.font)
        return QSize(200, self.PADDING * 2 + metrics.height() * (1 + self.TEXT_LINES) + 2)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        item = index.data(SHOWN_ROLE)
        if not isinstance(item, ShownSuggestion):
            return
        rect: QRect = option.rect
        palette: QPalette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        if selected:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.Highlight))
        pen = QPen(QColor(item.outline_color))
        pen.setWidth(self.BAR)
        pen.setStyle(Qt.PenStyle.DashLine)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.setPen(pen)
        x = rect.left() + 2 + self.BAR // 2
        painter.drawLine(x, rect.top() + 4, x, rect.bottom() - 4)

        text_color = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        soft = QColor(text_color)
        soft.setAlpha(170)
        font = QFont(option.font)
        metrics = QFontMetrics(font)
        left = rect.left() + self.BAR + self.PADDING + 2
        width = rect.width() - (left - rect.left()) - self.PADDING
        top = rect.top() + self.PADDING

        name_font = QFont(font)
        name_font.setBold(bool(item.speaker))
        name_font.setItalic(not item.speaker)
        painter.setFont(name_font)
        painter.setPen(text_color if item.speaker else soft)
        name_metrics = QFontMetrics(name_font)
        name = name_metrics.elidedText(
            item.speaker or "Speaker not found", Qt.TextElideMode.ElideRight, width
        )
        line = QRect(left, top, width, metrics.height())
        painter.drawText(line, Qt.AlignmentFlag.AlignLeft, name)
        used = name_metrics.horizontalAdvance(name) + 8
        painter.setFont(font)
        painter.setPen(soft)
        painter.drawText(
            QRect(left + used, top, max(0, width - used), metrics.height()),
            Qt.AlignmentFlag.AlignLeft,
            metrics.elidedText(item.details, Qt.TextElideMode.ElideRight, max(0, width - used)),
        )
        painter.setPen(text_color)
        body = QRect(left, top + metrics.height() + 2, width, metrics.height() * self.TEXT_LINES)
        painter.drawText(
            body,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            | int(Qt.TextFlag.TextWordWrap),
            fit_lines(item.suggestion.text, metrics, width, self.TEXT_LINES),
        )
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.drawLine(rect.left(), rect.bottom(), rect.right(), rect.bottom())
        painter.restore()


class SuggestionsSection(QWidget):
    """The heading, the "Accept all from …" button and the list of suggestion cards."""

    #: The current suggestion changed (a :class:`ShownSuggestion`), by the user.
    suggestionSelected = Signal(object)
    acceptRequested = Signal(object)
    rejectRequested = Signal(object)
    #: Accept every suggestion of this speaker (a name).
    acceptAllRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("suggestionsSection")
        self.title = QLabel("Suggestions", self)
        self.title.setObjectName("panelTitle")
        self.accept_all = QToolButton(self)
        self.accept_all.setObjectName("acceptAllButton")
        self.accept_all.setToolTip("Save every suggestion of this speaker as a quote")
        self.model = SuggestionListModel(self)
        self.view = _SuggestionList(self)
        self.view.setObjectName("suggestionList")
        self.view.setModel(self.model)
        self.view.setItemDelegate(SuggestionCardDelegate(self.view))
        self.view.setSelectionMode(QListView.SelectionMode.SingleSelection)
        self.view.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.view.setUniformItemSizes(True)
        self.view.setFrameShape(QListView.Shape.NoFrame)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.keys = QLabel("Enter accepts · Delete rejects", self)
        self.keys.setObjectName("suggestionKeys")
        muted(self.keys)

        heading = QHBoxLayout()
        heading.setContentsMargins(0, 0, 6, 0)
        heading.addWidget(self.title, 1)
        heading.addWidget(self.accept_all)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(heading)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.keys)

        self.view.selectionModel().currentChanged.connect(self._current_changed)
        self.view.accept_key.connect(self._accept_current)
        self.view.reject_key.connect(self._reject_current)
        self.view.doubleClicked.connect(self._accept_current)
        self.view.customContextMenuRequested.connect(self._menu)
        self.accept_all.clicked.connect(self._accept_all)
        self._quiet = False
        self.set_items([])

    # ----------------------------------------------------------------- content

    def set_items(self, items: list[ShownSuggestion]) -> None:
        """Show new suggestions, keeping the current one, or the one now in its row."""
        current = self.current()
        row = self.view.currentIndex().row()
        self._quiet = True
        self.model.set_items(items)
        self._quiet = False
        self.title.setText(f"Suggestions ({len(items)})")
        self.setVisible(bool(items))
        if current is not None:
            kept = self.model.row_of(current.start, current.end)
            self._select_row(kept if kept >= 0 else min(row, len(items) - 1))
        self._update_accept_all()

    def current(self) -> ShownSuggestion | None:
        item = self.view.currentIndex().data(SHOWN_ROLE)
        return item if isinstance(item, ShownSuggestion) else None

    def select(self, item: ShownSuggestion | None) -> None:
        """Make a suggestion current without announcing it (the reader already knows)."""
        self._select_row(self.model.row_of(item.start, item.end) if item else -1)

    def _select_row(self, row: int) -> None:
        self._quiet = True
        if row < 0:
            self.view.selectionModel().clearSelection()
            self.view.setCurrentIndex(QModelIndex())
        else:
            index = self.model.index(row)
            self.view.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            self.view.scrollTo(index)
        self._quiet = False
        self._update_accept_all()

    # ----------------------------------------------------------------- actions

    def _update_accept_all(self) -> None:
        item = self.current()
        speaker = item.speaker if item else ""
        count = sum(1 for other in self.model.items() if speaker and other.speaker == speaker)
        # One suggestion of a speaker is accepted with Enter; the button is for the rest.
        self.accept_all.setVisible(count > 1)
        self.accept_all.setText(f"Accept all {count} from {speaker}" if count > 1 else "")

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._update_accept_all()
        if not self._quiet and current.isValid():
            self.suggestionSelected.emit(current.data(SHOWN_ROLE))

    def _item(self, index: QModelIndex) -> ShownSuggestion | None:
        item = index.data(SHOWN_ROLE) if index.isValid() else None
        return item if isinstance(item, ShownSuggestion) else None

    def _accept_current(self) -> None:
        if (item := self._item(self.view.currentIndex())) is not None:
            self.acceptRequested.emit(item)

    def _reject_current(self) -> None:
        if (item := self._item(self.view.currentIndex())) is not None:
            self.rejectRequested.emit(item)

    def _accept_all(self) -> None:
        item = self.current()
        if item is not None and item.speaker:
            self.acceptAllRequested.emit(item.speaker)

    def _menu(self, position: QPoint) -> None:
        index = self.view.indexAt(position)
        item = index.data(SHOWN_ROLE)
        if not isinstance(item, ShownSuggestion):
            return
        self.view.setCurrentIndex(index)
        menu = QMenu(self)
        menu.addAction("Accept…", self._accept_current)
        menu.addAction("Reject", self._reject_current)
        if item.speaker:
            menu.addSeparator()
            menu.addAction(f"Accept All from {item.speaker}", self._accept_all)
        menu.exec(self.view.viewport().mapToGlobal(position))
        menu.deleteLater()


class _SuggestionList(QListView):
    accept_key = Signal()
    reject_key = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.currentIndex().isValid():
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.accept_key.emit()
                return
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.reject_key.emit()
                return
        super().keyPressEvent(event)
