"""The current article's quotes, in reading order, beside the reader; under them, the
quotations Quotebook suggests (:mod:`ui.suggestion_list`)."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractListModel,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QLabel,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from services.readmodels import QuoteInfo
from ui.quote_editor import KIND_LABELS
from ui.style import muted
from ui.suggestion_list import ShownSuggestion, SuggestionsSection
from ui.text_fit import fit_lines

QUOTE_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole


class ArticleQuotesModel(QAbstractListModel):
    """One article's quotes: a small list, replaced whole when the article's quotes change."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._quotes: list[QuoteInfo] = []

    def set_quotes(self, quotes: list[QuoteInfo]) -> None:
        self.beginResetModel()
        self._quotes = list(quotes)
        self.endResetModel()

    def quotes(self) -> list[QuoteInfo]:
        return list(self._quotes)

    def row_of(self, quote_id: int) -> int:
        return next((row for row, q in enumerate(self._quotes) if q.id == quote_id), -1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._quotes)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._quotes):
            return None
        quote = self._quotes[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return quote.text
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"{quote.speaker_name} — {KIND_LABELS[quote.kind].lower()}"]
            if quote.tags:
                lines.append("Tags: " + ", ".join(quote.tags))
            if quote.note:
                lines.append("Note: " + quote.note)
            return "\n".join(lines)
        if role == ID_ROLE:
            return quote.id
        if role == QUOTE_ROLE:
            return quote
        return None


class QuoteCardDelegate(QStyledItemDelegate):
    """A quote as a card: speaker's colour bar, speaker and tags, then up to three lines of text."""

    PADDING = 8
    BAR = 4
    TEXT_LINES = 3

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        metrics = QFontMetrics(option.font)
        height = self.PADDING * 2 + metrics.height() * (1 + self.TEXT_LINES) + 4
        return QSize(200, height)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        quote = index.data(QUOTE_ROLE)
        if not isinstance(quote, QuoteInfo):
            return
        rect: QRect = option.rect
        palette: QPalette = option.palette
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        painter.save()
        if selected:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.Highlight))
        painter.fillRect(
            QRect(rect.left() + 2, rect.top() + 4, self.BAR, rect.height() - 8),
            QColor(quote.speaker_color),
        )
        text_color = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = QColor(text_color)
        muted.setAlpha(170)
        left = rect.left() + self.BAR + self.PADDING + 2
        width = rect.width() - (left - rect.left()) - self.PADDING
        font: QFont = QFont(option.font)
        metrics = QFontMetrics(font)
        top = rect.top() + self.PADDING

        bold = QFont(font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(text_color)
        speaker = QFontMetrics(bold).elidedText(
            quote.speaker_name, Qt.TextElideMode.ElideRight, width
        )
        painter.drawText(
            QRect(left, top, width, metrics.height()), Qt.AlignmentFlag.AlignLeft, speaker
        )
        used = QFontMetrics(bold).horizontalAdvance(speaker) + 8
        details = " · ".join([KIND_LABELS[quote.kind].lower(), *quote.tags])
        painter.setFont(font)
        painter.setPen(muted)
        painter.drawText(
            QRect(left + used, top, max(0, width - used), metrics.height()),
            Qt.AlignmentFlag.AlignLeft,
            metrics.elidedText(details, Qt.TextElideMode.ElideRight, max(0, width - used)),
        )

        painter.setPen(text_color)
        body = QRect(left, top + metrics.height() + 2, width, metrics.height() * self.TEXT_LINES)
        painter.drawText(
            body,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            | int(Qt.TextFlag.TextWordWrap),
            fit_lines(quote.text, metrics, width, self.TEXT_LINES),
        )
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.drawLine(rect.left(), rect.bottom(), rect.right(), rect.bottom())
        painter.restore()


class QuotesPanel(QWidget):
    """Lists the article's quotes; selecting one follows it in the reader and vice versa."""

    quoteSelected = Signal(int)
    editRequested = Signal(int)
    deleteRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("quotesPanel")
        self.title = QLabel("Quotes", self)
        self.title.setObjectName("panelTitle")
        self.model = ArticleQuotesModel(self)
        self.view = _QuoteList(self)
        self.view.setModel(self.model)
        self.view.setItemDelegate(QuoteCardDelegate(self.view))
        self.view.setSelectionMode(QListView.SelectionMode.SingleSelection)
        self.view.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.view.setUniformItemSizes(True)
        self.view.setFrameShape(QListView.Shape.NoFrame)
        self.empty = QLabel("No quotes yet.\nSelect words in the article and press Enter.", self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setObjectName("emptyHint")
        muted(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.title)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty, 1)
        self.suggestions = SuggestionsSection(self)
        layout.addWidget(self.suggestions, 1)
        self._layout = layout
        selection = self.view.selectionModel()
        selection.currentChanged.connect(self._current_changed)
        self.view.doubleClicked.connect(lambda index: self.editRequested.emit(index.data(ID_ROLE)))
        self.view.activated_key.connect(self.editRequested)
        self.view.delete_key.connect(self.deleteRequested)
        self._quiet = False
        self._article_open = False
        self.set_quotes([], None)

    def set_quotes(self, quotes: list[QuoteInfo], article_title: str | None) -> None:
        current = self.current_quote_id()
        self._quiet = True
        self.model.set_quotes(quotes)
        self._quiet = False
        count = len(quotes)
        if article_title is None:
            self.title.setText("Quotes")
        else:
            self.title.setText(f"{count} quote{'s' if count != 1 else ''} in this article")
        self.view.setVisible(bool(quotes))
        self.empty.setVisible(not quotes)
        self._article_open = article_title is not None
        self._update_hint()
        if current:
            self.select_quote(current)

    def set_suggestions(self, items: list[ShownSuggestion]) -> None:
        self.suggestions.set_items(items)
        self._update_hint()

    def _update_hint(self) -> None:
        # With suggestions and no quotes yet, the suggestions get the room, not the hint.
        self._layout.setStretchFactor(self.empty, 0 if self.suggestions.isVisibleTo(self) else 1)
        if not self._article_open:
            self.empty.setText("Open an article to see its quotes.")
        elif self.suggestions.model.rowCount():
            self.empty.setText("No quotes yet.\nAccept a suggestion below, or select words.")
        else:
            self.empty.setText("No quotes yet.\nSelect words in the article and press Enter.")

    def current_quote_id(self) -> int:
        index = self.view.currentIndex()
        return int(index.data(ID_ROLE)) if index.isValid() else 0

    def select_quote(self, quote_id: int) -> None:
        """Select a quote's card without announcing it (the reader already knows)."""
        row = self.model.row_of(quote_id)
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

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._quiet and current.isValid():
            self.quoteSelected.emit(int(current.data(ID_ROLE)))


class _QuoteList(QListView):
    activated_key = Signal(int)
    delete_key = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        index = self.currentIndex()
        if index.isValid():
            quote_id = int(index.data(ID_ROLE))
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.activated_key.emit(quote_id)
                return
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.delete_key.emit(quote_id)
                return
        super().keyPressEvent(event)
