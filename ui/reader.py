"""The reader: an article's text, read-only, with quotes drawn over it in speakers' colours.

Highlights are ``ExtraSelection`` overlays, never edits to the document's formatting, so the
text a user selects and copies is always exactly the article's text. Positions cross between
Quotebook's code points and Qt's UTF-16 units only here, through an :class:`OffsetMap`.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QRect, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QMenu, QTextEdit, QWidget

from services.readmodels import ArticleInfo, QuoteInfo
from services.text import snap_to_words
from ui.highlight import highlight_fill, underline_color
from ui.offsets import OffsetMap

#: The text column's widest measure, in average characters: long lines tire the eye.
MEASURE_CHARS = 78


class ReaderView(QTextEdit):
    #: The user clicked inside a quote (its id), or outside every quote (0).
    quoteClicked = Signal(int)
    #: The user asked to quote the current selection (Enter, or the context menu).
    quoteRequested = Signal()
    #: Delete was pressed while a quote was current.
    deleteRequested = Signal(int)
    #: Enter was pressed on the current quote with nothing selected: edit it.
    editRequested = Signal(int)
    #: The text column moved (window resized): its left and right edges in this widget.
    columnChanged = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reader")
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setAcceptRichText(False)
        self.setUndoRedoEnabled(False)
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.setFrameShape(QTextEdit.Shape.NoFrame)
        # The margins around the text column are paper too, not window chrome.
        self.setAutoFillBackground(True)
        paper = self.palette()
        paper.setColor(QPalette.ColorRole.Window, paper.color(QPalette.ColorRole.Base))
        self.setPalette(paper)
        font = QFont(self.font())
        font.setPointSizeF(max(font.pointSizeF(), 10.0) * 1.2)
        self.setFont(font)
        self.article: ArticleInfo | None = None
        self.offsets = OffsetMap("")
        self.quotes: list[QuoteInfo] = []
        self.current_quote_id = 0
        self.quote_action: QAction | None = None

    # ----------------------------------------------------------------- content

    def show_article(self, article: ArticleInfo | None, quotes: list[QuoteInfo]) -> None:
        """Show an article (or nothing) and its quotes; the scroll position starts at the top."""
        self.article = article
        self.current_quote_id = 0
        text = article.text if article else ""
        self.offsets = OffsetMap(text)
        self.setPlainText(text)
        self._space_lines()
        self.set_quotes(quotes)
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def _space_lines(self) -> None:
        """Airy lines, and a little space between lines that end a paragraph.

        Leading is added *between* lines (not a proportional line height), which keeps Qt's
        hit-testing on the glyphs. Block formats change only layout, never characters, so
        positions are unaffected.
        """
        leading = QTextBlockFormat.LineHeightTypes.LineDistanceHeight.value
        line = self.fontMetrics().height()
        spaced = QTextBlockFormat()
        spaced.setLineHeight(line * 0.35, leading)
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        block = self.document().begin()
        while block.isValid():
            if block.length() > 1:
                spaced.setBottomMargin(line * 0.4 if block.next().length() > 1 else 0)
                cursor.setPosition(block.position())
                cursor.setBlockFormat(spaced)
            block = block.next()
        cursor.endEditBlock()

    def set_quotes(self, quotes: list[QuoteInfo]) -> None:
        self.quotes = sorted(quotes, key=lambda q: (q.start, -q.end))
        if self.current_quote_id and not any(q.id == self.current_quote_id for q in self.quotes):
            self.current_quote_id = 0
        self._paint()

    def set_current_quote(self, quote_id: int, *, scroll: bool = True) -> None:
        """Mark one quote as current (outlined); 0 clears. Scrolls it into view if asked."""
        self.current_quote_id = quote_id
        self._paint()
        quote = self.quote(quote_id)
        if quote is not None and scroll:
            self.scroll_to(quote.start)

    def scroll_to(self, position: int) -> None:
        """Put a code-point position a third of the way down the view, with the caret there."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.offsets.to_qt(position))
        self.setTextCursor(cursor)
        bar = self.verticalScrollBar()
        top = self.cursorRect(cursor).top() + bar.value()
        bar.setValue(max(0, top - self.viewport().height() // 3))

    def quote(self, quote_id: int) -> QuoteInfo | None:
        return next((q for q in self.quotes if q.id == quote_id), None)

    def quotes_at(self, position: int) -> list[QuoteInfo]:
        """Quotes covering a code-point position, innermost (shortest) first."""
        covering = [q for q in self.quotes if q.start <= position < q.end]
        return sorted(covering, key=lambda q: q.end - q.start)

    # ----------------------------------------------------------------- selection

    def selection_span(self) -> tuple[int, int] | None:
        """The selection as a code-point span of whole words, without surrounding white space."""
        cursor = self.textCursor()
        if self.article is None or not cursor.hasSelection():
            return None
        start = self.offsets.from_qt(cursor.selectionStart())
        end = self.offsets.from_qt(cursor.selectionEnd())
        start, end = snap_to_words(self.article.text, start, end)
        return (start, end) if start < end else None

    def select_span(self, start: int, end: int) -> None:
        """Select a code-point span (tests and "select this quote's words" use it)."""
        self.setTextCursor(self._cursor_for(start, end))

    def span_rect(self, start: int, end: int) -> QRect:
        """Viewport rectangle around a span's first and last lines, to place the editor by."""
        cursor = self._cursor_for(start, end)
        first = QTextCursor(cursor)
        first.setPosition(cursor.selectionStart())
        last = QTextCursor(cursor)
        last.setPosition(cursor.selectionEnd())
        return self.cursorRect(first).united(self.cursorRect(last))

    # ----------------------------------------------------------------- painting

    def _cursor_for(self, start: int, end: int) -> QTextCursor:
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.offsets.to_qt(start))
        cursor.setPosition(self.offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def _paint(self) -> None:
        selections: list[QTextEdit.ExtraSelection] = []
        current: QuoteInfo | None = None
        # Longer quotes first, so a quote nested inside another is drawn on top of it.
        for quote in sorted(self.quotes, key=lambda q: q.start - q.end):
            if quote.id == self.current_quote_id:
                current = quote
            selections.append(self._selection(quote, palette_current=False))
        if current is not None:
            selections.append(self._selection(current, palette_current=True))
        self.setExtraSelections(selections)

    def _selection(self, quote: QuoteInfo, *, palette_current: bool) -> QTextEdit.ExtraSelection:
        palette = self.palette()
        fmt = QTextCharFormat()
        fmt.setBackground(highlight_fill(quote.speaker_color, palette, current=palette_current))
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        fmt.setUnderlineColor(underline_color(quote.speaker_color, palette))
        if palette_current:
            pen = QPen(QColor(underline_color(quote.speaker_color, palette)))
            pen.setWidthF(1.5)
            fmt.setProperty(QTextFormat.Property.OutlinePen, pen)
        selection = QTextEdit.ExtraSelection()
        selection.cursor = self._cursor_for(quote.start, quote.end)
        selection.format = fmt
        return selection

    # ----------------------------------------------------------------- layout

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the text in a comfortable column, centred, however wide the window is."""
        measure = self.fontMetrics().averageCharWidth() * MEASURE_CHARS
        scrollbar = self.verticalScrollBar().sizeHint().width()
        spare = max(0, self.width() - scrollbar - measure)
        side = max(16, spare // 2)
        # Margins first: the base class lays the text out for the viewport's new width.
        margins = QMargins(side, 8, side, 8)
        if self.viewportMargins() != margins:
            self.setViewportMargins(margins)
            margin = int(self.document().documentMargin())
            self.columnChanged.emit(side + margin, side + margin + scrollbar)
        super().resizeEvent(event)

    # ----------------------------------------------------------------- input

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return
        position = self.offsets.from_qt(
            self.cursorForPosition(event.position().toPoint()).position()
        )
        inside = self.quotes_at(position)
        self.quoteClicked.emit(inside[0].id if inside else 0)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        plain = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        if plain and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.selection_span() is not None:
                self.quoteRequested.emit()
                return
            if self.current_quote_id:
                self.editRequested.emit(self.current_quote_id)
                return
        if plain and key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.current_quote_id:
            self.deleteRequested.emit(self.current_quote_id)
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu: QMenu = self.createStandardContextMenu(event.pos())
        if self.quote_action is not None:
            actions = menu.actions()
            if actions:
                menu.insertSeparator(actions[0])
                menu.insertAction(menu.actions()[0], self.quote_action)
            else:
                menu.addAction(self.quote_action)
        menu.exec(event.globalPos())
        menu.deleteLater()
