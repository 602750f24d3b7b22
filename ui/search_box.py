"""The search box: type, and quotes and articles that match appear under it as you type.

The search runs on a worker thread a moment after the last key (:data:`TYPING_DELAY_MS`), so a
fast typist costs one search and the window never waits on the library; a result that arrives
after a newer search was started is dropped. Results drop down under the box, grouped — quotes
first, then articles — and the keyboard never has to leave the box: ↓/↑ move through them, Enter
opens one, Esc closes the list (and a second Esc clears the box).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from contextlib import suppress
from enum import IntEnum
from typing import TypeAlias

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QRectF,
    QRunnable,
    QSize,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ui.search_results import ArticleResult, Highlighted, QuoteResult, SearchOutcome
from ui.style import muted
from ui.swatch import swatch_icon

#: The search starts this long after the last key.
TYPING_DELAY_MS = 150

#: What the query language offers, shown under the results.
SYNTAX_HINT = (
    "<b>speaker:</b>name &nbsp;&nbsp; <b>tag:</b>pier &nbsp;&nbsp; <b>&quot;exact phrase&quot;</b>"
    " &nbsp;&nbsp; <b>-word</b> to leave out &nbsp;&nbsp; <b>minist*</b> for any ending"
)

#: The matched words: a marker yellow that reads on a light row, a dark row and a selected row.
MATCH_BACKGROUND = "#ffe28a"
MATCH_FOREGROUND = "#000000"

_SPACES = re.compile(r"\s+")

Search = Callable[[str], SearchOutcome]
Result: TypeAlias = QuoteResult | ArticleResult
ModelIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()

KIND_ROLE = Qt.ItemDataRole.UserRole
RESULT_ROLE = Qt.ItemDataRole.UserRole + 1


class RowKind(IntEnum):
    HEADER = 0
    QUOTE = 1
    ARTICLE = 2


def snippet_html(snippet: Highlighted) -> str:
    """The snippet as rich text, every piece escaped (a quote saying ``<b>`` means those
    characters), line breaks and runs of space folded so it reads as one passage."""
    parts = []
    for piece, matched in snippet.segments():
        text = html.escape(_SPACES.sub(" ", piece))
        if matched:
            parts.append(
                f'<span style="background-color:{MATCH_BACKGROUND};'
                f'color:{MATCH_FOREGROUND}">{text}</span>'
            )
        else:
            parts.append(text)
    return "".join(parts).strip()


# ======================================================================= the results


class SearchResultsModel(QAbstractListModel):
    """A header row per group, then its results: quotes first, then articles."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[RowKind, str | Result]] = []
        self.outcome = SearchOutcome("")

    def set_outcome(self, outcome: SearchOutcome) -> None:
        rows: list[tuple[RowKind, str | Result]] = []
        if outcome.quotes:
            rows.append((RowKind.HEADER, _count(len(outcome.quotes), "quote")))
            rows += [(RowKind.QUOTE, hit) for hit in outcome.quotes]
        if outcome.articles:
            rows.append((RowKind.HEADER, _count(len(outcome.articles), "article")))
            rows += [(RowKind.ARTICLE, hit) for hit in outcome.articles]
        self.beginResetModel()
        self.outcome = outcome
        self._rows = rows
        self.endResetModel()

    def result(self, row: int) -> Result | None:
        if not 0 <= row < len(self._rows):
            return None
        kind, value = self._rows[row]
        return None if kind is RowKind.HEADER or isinstance(value, str) else value

    def selectable_rows(self) -> list[int]:
        return [row for row, (kind, _value) in enumerate(self._rows) if kind is not RowKind.HEADER]

    def rowCount(self, parent: ModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return Qt.ItemFlag.NoItemFlags
        if self._rows[index.row()][0] is RowKind.HEADER:
            return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        kind, value = self._rows[index.row()]
        if role == KIND_ROLE:
            return int(kind)
        if role == RESULT_ROLE:
            return value
        if role == Qt.ItemDataRole.DisplayRole:
            if isinstance(value, str):
                return value
            if isinstance(value, QuoteResult):
                return f"{value.speaker}: {value.snippet.text}"
            return f"{value.title}: {value.snippet.text}"
        if role == Qt.ItemDataRole.ToolTipRole and isinstance(value, QuoteResult):
            return f"{value.speaker} — {value.article_title}"
        if role == Qt.ItemDataRole.ToolTipRole and isinstance(value, ArticleResult):
            return value.title
        return None


def _count(count: int, word: str) -> str:
    """A group's header, as the sidebar titles its lists ("QUOTES  12")."""
    return f"{word.upper()}S  {count:,}"


class ResultDelegate(QStyledItemDelegate):
    """Group headers in small capitals; a quote with its speaker's swatch, the match marked, and
    who said it where; an article's title over its highlighted passage.

    Rows are as tall as their text (up to :attr:`SNIPPET_LINES` lines of it), laid out for
    :attr:`row_width`, which the popup sets before it measures itself.
    """

    SNIPPET_LINES = 2
    PAD = 12
    SWATCH = 20

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.row_width = 600
        self._documents: dict[tuple[str, tuple[tuple[int, int], ...], int, float], QTextDocument]
        self._documents = {}

    def clear_cache(self) -> None:
        self._documents.clear()

    # ----------------------------------------------------------------- measuring

    def _text_width(self, kind: RowKind, width: int) -> int:
        return max(60, width - 2 * self.PAD - (self.SWATCH if kind is RowKind.QUOTE else 0))

    def _document(self, snippet: Highlighted, font: QFont, width: int) -> QTextDocument:
        key = (snippet.text, snippet.ranges, width, font.pointSizeF())
        document = self._documents.get(key)
        if document is None:
            document = QTextDocument()
            document.setDocumentMargin(0)
            document.setDefaultFont(font)
            document.setHtml(snippet_html(snippet))
            document.setTextWidth(width)
            document.size()  # lays it out now: line counts are read before any painting
            self._documents[key] = document
        return document

    def _snippet_height(self, document: QTextDocument) -> int:
        """The height of the snippet's first lines, never cutting a line in half."""
        layout = document.firstBlock().layout()
        lines = min(layout.lineCount(), self.SNIPPET_LINES)
        if lines == 0:
            return 0
        return int(layout.lineAt(lines - 1).rect().bottom() + 0.999)

    def _layout(self, kind: RowKind, value: object, font: QFont, width: int) -> tuple[int, ...]:
        """Heights of the row's parts: (first line or snippet, second part), for ``width``."""
        line = QFontMetrics(font).lineSpacing()
        small_line = QFontMetrics(_smaller(font)).lineSpacing()
        text_width = self._text_width(kind, width)
        if isinstance(value, QuoteResult):
            document = self._document(value.snippet, font, text_width)
            return (max(line, self._snippet_height(document)), small_line)
        if isinstance(value, ArticleResult):
            document = self._document(value.snippet, _smaller(font), text_width)
            return (line, self._snippet_height(document))
        return (line,)

    def sizeHint(self, option: QStyleOptionViewItem, index: ModelIndex) -> QSize:
        kind = RowKind(index.data(KIND_ROLE))
        parts = self._layout(kind, index.data(RESULT_ROLE), option.font, self.row_width)
        if kind is RowKind.HEADER:
            return QSize(self.row_width, parts[0] + 12)
        return QSize(self.row_width, sum(parts) + 2 + 14)

    # ----------------------------------------------------------------- painting

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        rect: QRect = option.rect
        palette: QPalette = option.palette
        font = QFont(option.font)
        kind = RowKind(index.data(KIND_ROLE))
        value = index.data(RESULT_ROLE)
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.save()
        if kind is RowKind.HEADER:
            small = _smaller(font)
            small.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 106)
            color = QColor(palette.color(QPalette.ColorRole.Text))
            color.setAlpha(150)
            painter.setFont(small)
            painter.setPen(color)
            painter.drawText(rect.adjusted(self.PAD, 6, -self.PAD, 0), flags, str(value))
            painter.restore()
            return
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.Highlight))
        text_color = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        soft = QColor(text_color)
        soft.setAlpha(170)
        width = self.row_width
        first, second = self._layout(kind, value, font, width)
        left = rect.left() + self.PAD
        top = rect.top() + 7
        text_width = self._text_width(kind, width)
        small = _smaller(font)
        small_metrics = QFontMetrics(small)
        if isinstance(value, QuoteResult):
            line = QFontMetrics(font).lineSpacing()
            swatch_icon(value.speaker_color or "#9e9e9e").paint(
                painter, QRect(left, top + (line - 12) // 2, 12, 12)
            )
            text_left = left + self.SWATCH
            document = self._document(value.snippet, font, text_width)
            self._draw_document(
                painter, document, QRect(text_left, top, text_width, first), text_color
            )
            byline = f"{value.speaker}  ·  {' '.join(value.article_title.split())}"
            painter.setFont(small)
            painter.setPen(soft)
            painter.drawText(
                QRect(text_left, top + first + 2, text_width, second),
                flags,
                small_metrics.elidedText(byline, Qt.TextElideMode.ElideRight, text_width),
            )
        elif isinstance(value, ArticleResult):
            bold = QFont(font)
            bold.setWeight(QFont.Weight.DemiBold)
            bold_metrics = QFontMetrics(bold)
            detail = f"   {value.detail}" if value.detail else ""
            detail_width = small_metrics.horizontalAdvance(detail)
            title_width = max(40, text_width - detail_width)
            title = bold_metrics.elidedText(
                " ".join(value.title.split()), Qt.TextElideMode.ElideRight, title_width
            )
            painter.setFont(bold)
            painter.setPen(text_color)
            painter.drawText(QRect(left, top, title_width, first), flags, title)
            if detail:
                painter.setFont(small)
                painter.setPen(soft)
                used = bold_metrics.horizontalAdvance(title)
                painter.drawText(QRect(left + used, top, detail_width + 4, first), flags, detail)
            document = self._document(value.snippet, small, text_width)
            self._draw_document(
                painter, document, QRect(left, top + first + 2, text_width, second), soft
            )
        painter.restore()

    @staticmethod
    def _draw_document(
        painter: QPainter, document: QTextDocument, box: QRect, color: QColor
    ) -> None:
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, color)
        clip = QRectF(0, 0, box.width(), box.height())
        context.clip = clip
        painter.save()
        painter.translate(box.topLeft())
        painter.setClipRect(clip)
        document.documentLayout().draw(painter, context)
        painter.restore()


def _smaller(font: QFont) -> QFont:
    small = QFont(font)
    small.setPointSizeF(font.pointSizeF() * 0.9)
    return small


class SearchPopup(QFrame):
    """The results under the box: a list and a line saying what there is (or is not)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("searchPopup")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.model = SearchResultsModel(self)
        self.view = QListView(self)
        self.view.setObjectName("searchResults")
        self.view.setModel(self.model)
        self.delegate = ResultDelegate(self.view)
        self.view.setItemDelegate(self.delegate)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # typing stays in the box
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setMouseTracking(True)
        self.status = QLabel(self)
        self.status.setObjectName("searchStatus")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.hint = QLabel(SYNTAX_HINT, self)
        self.hint.setObjectName("searchHint")
        self.hint.setWordWrap(True)
        self.hint.setTextFormat(Qt.TextFormat.RichText)
        muted(self.hint)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 4, 1, 8)
        layout.setSpacing(4)
        layout.addWidget(self.view, 1)
        for label in (self.status, self.hint):
            label.setContentsMargins(12, 0, 12, 0)
            layout.addWidget(label)
        self.hide()

    def show_outcome(self, outcome: SearchOutcome) -> None:
        self.delegate.clear_cache()
        self.model.set_outcome(outcome)
        self.view.setVisible(bool(outcome))
        if outcome.error:
            self.status.setText(outcome.error)
        elif not outcome:
            self.status.setText(f"No matches for “{outcome.query}”.")
        self.status.setVisible(bool(outcome.error) or not outcome)
        rows = self.model.selectable_rows()
        if rows:
            self.view.setCurrentIndex(self.model.index(rows[0]))
        self.view.scrollToTop()  # the first group's header too, not just its first result

    def set_width(self, width: int) -> None:
        """Lay the rows out for a popup ``width`` wide (room kept for a scroll bar)."""
        scrollbar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        row_width = width - 2 * self.frameWidth() - 2 - scrollbar
        if row_width != self.delegate.row_width:
            self.delegate.row_width = row_width
            self.delegate.clear_cache()
            self.view.doItemsLayout()
        self.resize(width, self.height())

    def content_height(self) -> int:
        """Height that shows every row, the status and the hint (callers cap it)."""
        rows = sum(self.view.sizeHintForRow(r) for r in range(self.model.rowCount()))
        layout = self.layout()
        margins = layout.contentsMargins() if layout is not None else None
        height = (margins.top() + margins.bottom() if margins is not None else 0) + 8
        if self.view.isVisibleTo(self):
            height += rows + 4
        for label in (self.status, self.hint):
            if label.isVisibleTo(self):
                height += label.heightForWidth(self.width() - 2) + 4
        return height


# ======================================================================= the worker


class _Relay(QObject):
    """Lives on the UI thread; a worker's outcome arrives through it, queued."""

    ready = Signal(int, object)  # generation, SearchOutcome


class _SearchJob(QRunnable):
    def __init__(self, search: Search, query: str, generation: int, relay: _Relay) -> None:
        super().__init__()
        self.search = search
        self.query = query
        self.generation = generation
        self.relay = relay

    def run(self) -> None:
        outcome = self.search(self.query)
        # RuntimeError: the window closed while this search ran, and nobody is waiting for it.
        with suppress(RuntimeError):
            self.relay.ready.emit(self.generation, outcome)


# ======================================================================= the box


class SearchBox(QObject):
    """The search field, its drop-down results, and the work between them.

    ``search`` turns a query into a :class:`SearchOutcome` (the app passes
    :func:`ui.search_results.run_search` over its library; tests pass a fake). With
    ``background=False`` it runs inline, for tests that want no threads.
    """

    #: A quote result was chosen: open its article at the quote.
    quoteChosen = Signal(int)
    #: An article result was chosen: (article id, start, end) of the match, in code points.
    matchChosen = Signal(int, int, int)
    #: Esc in an empty box: give the focus back to where the user was reading.
    dismissed = Signal()

    def __init__(
        self,
        search: Search,
        window: QWidget,
        *,
        background: bool = True,
        delay_ms: int = TYPING_DELAY_MS,
    ) -> None:
        super().__init__(window)
        self._search = search
        self._window = window
        self._background = background
        self._generation = 0
        self._shown_generation = 0
        self._choose_on_arrival = False
        self.field = QLineEdit(window)
        self.field.setObjectName("searchBox")
        self.field.setPlaceholderText("Search quotes and articles")
        self.field.setClearButtonEnabled(True)
        self.field.setMinimumWidth(self.field.fontMetrics().averageCharWidth() * 34)
        self.field.setToolTip(
            "Find any quote or article as you type (Ctrl+K or Ctrl+F). "
            'Try speaker:name, tag:pier, "exact phrase", -word or minist*'
        )
        self.popup = SearchPopup(window)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self.start_search)
        self._relay = _Relay(self)
        self._relay.ready.connect(self._arrived)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.field.textEdited.connect(self._edited)
        self.field.textChanged.connect(self._text_changed)
        self.field.installEventFilter(self)
        window.installEventFilter(self)
        self.popup.view.clicked.connect(self._clicked)

    # ----------------------------------------------------------------- public

    def focus(self) -> None:
        """Put the cursor in the box with its text selected, ready to type over."""
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()
        text = self.field.text().strip()
        if text and text == self.popup.model.outcome.query and not self.pending():
            self._show_popup()

    def pending(self) -> bool:
        """A search is waiting for the typing to stop, or running."""
        return self.timer.isActive() or self._shown_generation != self._generation

    def shutdown(self) -> None:
        """Stop searching and wait for a search in flight (before the library closes)."""
        self.timer.stop()
        self._generation += 1
        self.pool.clear()
        self.pool.waitForDone(5000)

    # ----------------------------------------------------------------- searching

    def _edited(self, _text: str) -> None:
        self.timer.start()

    def _text_changed(self, text: str) -> None:
        if not text.strip():  # cleared (the clear button, Esc): nothing to search or show
            self.timer.stop()
            self._generation += 1
            self._shown_generation = self._generation
            self._choose_on_arrival = False
            self.popup.show_outcome(SearchOutcome(""))
            self.popup.hide()

    def start_search(self) -> None:
        """Search for the box's text now (the timer calls this when the typing stops)."""
        self.timer.stop()
        query = self.field.text().strip()
        if not query:
            return
        self._generation += 1
        if not self._background:
            self._arrived(self._generation, self._search(query))
            return
        self.pool.clear()  # a search queued behind the running one is stale already
        self.pool.start(_SearchJob(self._search, query, self._generation, self._relay))

    def _arrived(self, generation: int, outcome: SearchOutcome) -> None:
        if generation != self._generation:
            return  # a newer search is on its way
        self._shown_generation = generation
        self.popup.show_outcome(outcome)
        if self.field.hasFocus() or self._choose_on_arrival:
            self._show_popup()
        if self._choose_on_arrival:
            self._choose_on_arrival = False
            self.choose_current()

    # ----------------------------------------------------------------- the drop-down

    def _show_popup(self) -> None:
        # Shown first: a hidden popup is not polished yet, and would measure itself wrongly.
        self.popup.show()
        self._place_popup()
        self.popup.raise_()

    def _place_popup(self) -> None:
        window = self._window
        width = min(max(self.field.width(), 620), window.width() - 16)
        bottom_right = self.field.mapTo(window, QPoint(self.field.width(), self.field.height()))
        left = max(8, min(bottom_right.x() - width, window.width() - width - 8))
        top = bottom_right.y() + 2
        self.popup.set_width(width)
        height = min(self.popup.content_height(), max(160, int(window.height() * 0.7)))
        self.popup.setGeometry(left, top, width, height)
        current = self.popup.view.currentIndex().row()
        if current in self.popup.model.selectable_rows()[:1]:
            self.popup.view.scrollToTop()  # a smaller popup scrolled the first row into view

    def _move(self, step: int) -> None:
        rows = self.popup.model.selectable_rows()
        if not rows:
            return
        if not self.popup.isVisible():
            self._show_popup()
            return
        current = self.popup.view.currentIndex().row()
        if current in rows:
            position = max(0, min(len(rows) - 1, rows.index(current) + step))
        else:
            position = 0 if step > 0 else len(rows) - 1
        index = self.popup.model.index(rows[position])
        self.popup.view.setCurrentIndex(index)
        self.popup.view.scrollTo(index)

    def choose_current(self) -> None:
        """Open the current result (the first, if none was picked)."""
        model = self.popup.model
        row = self.popup.view.currentIndex().row()
        result = model.result(row)
        if result is None:
            rows = model.selectable_rows()
            result = model.result(rows[0]) if rows else None
        if result is None:
            return
        self.popup.hide()
        if isinstance(result, QuoteResult):
            self.quoteChosen.emit(result.quote_id)
        else:
            self.matchChosen.emit(result.article_id, result.match_start, result.match_end)

    def _clicked(self, index: QModelIndex) -> None:
        if self.popup.model.result(index.row()) is not None:
            self.popup.view.setCurrentIndex(index)
            self.choose_current()

    def _enter(self) -> None:
        if self.pending():
            # Enter before the results are in: open the first one as soon as they arrive.
            self._choose_on_arrival = True
            if self.timer.isActive():
                self.start_search()
            return
        self.choose_current()

    def _escape(self) -> None:
        if self.popup.isVisible():
            self.popup.hide()
        elif self.field.text():
            self.field.clear()
        else:
            self.dismissed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.field:
            if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
                return self._key(event)
            if event.type() == QEvent.Type.FocusOut:
                self.popup.hide()
            elif event.type() == QEvent.Type.FocusIn and self.popup.model.rowCount():
                self._show_popup()
        elif (
            watched is self._window
            and event.type() == QEvent.Type.Resize
            and self.popup.isVisible()
        ):
            self._place_popup()
        return False

    def _key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key == Qt.Key.Key_Down:
            self._move(+1)
        elif key == Qt.Key.Key_Up:
            self._move(-1)
        elif key == Qt.Key.Key_PageDown:
            self._move(+5)
        elif key == Qt.Key.Key_PageUp:
            self._move(-5)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._enter()
        elif key == Qt.Key.Key_Escape:
            self._escape()
        else:
            return False
        return True
