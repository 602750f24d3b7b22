"""The reader: an article's text, read-only, with quotes drawn over it in speakers' colours.

Highlights are ``ExtraSelection`` overlays, never edits to the document's formatting, so the
text a user selects and copies is always exactly the article's text. Quote suggestions are
dashed outlines painted over the viewport after the text, in the proposed speaker's colour (or
grey): visibly "not a quote yet", and never mistaken for one. Positions cross between
Quotebook's code points and Qt's UTF-16 units only here, through an :class:`OffsetMap`.

Long articles stay instant by never asking Qt about text far from the view. Qt lays a document
out lazily, from the top down, as far as something needs; and handing it an overlay (or a
cursor's line position, or a suggestion's rectangle) deep in a 4 MB report makes it lay out
everything above that point first. So overlays are built only for the quotes in and near the
visible text (a screenful either side, re-done as the view scrolls or resizes), suggestions
are outlined only where the view is, and block formats are set inside an edit block, where
Qt positions cursors without layout.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QMargins, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
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
from ui.suggestion_list import ShownSuggestion

#: The text column's widest measure, in average characters: long lines tire the eye.
MEASURE_CHARS = 78
#: Quotes get overlays within this many code points of the visible text at least (and a
#: screenful's worth when that is more), so scrolling a little rebuilds nothing.
HIGHLIGHT_MARGIN = 2_000
#: How the reader asks Qt which character is at a point: the nearest one.
_FUZZY = Qt.HitTestAccuracy.FuzzyHit
#: A non-empty line of stored text: one paragraph (block) in Qt's document.
_PARAGRAPH = re.compile(r"[^\n]+")


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
    #: The user clicked inside a suggestion's outline (a :class:`ShownSuggestion`).
    suggestionClicked = Signal(object)
    #: Enter on the current suggestion's words: accept it (through the editor).
    suggestionAcceptRequested = Signal(object)
    #: Delete while a suggestion is current: reject it.
    suggestionRejectRequested = Signal(object)

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
        self.suggestions: list[ShownSuggestion] = []
        self.current_suggestion: ShownSuggestion | None = None
        #: The code-point span whose quotes have overlays now (None: none built yet).
        self._window: tuple[int, int] | None = None
        self.verticalScrollBar().valueChanged.connect(self._follow_view)

    # ----------------------------------------------------------------- content

    def show_article(self, article: ArticleInfo | None, quotes: list[QuoteInfo]) -> None:
        """Show an article (or nothing) and its quotes; the scroll position starts at the top."""
        self.article = article
        self.current_quote_id = 0
        self.suggestions, self.current_suggestion = [], None
        text = article.text if article else ""
        # The old quotes' overlays must not outlive their text (setPlainText scrolls to the
        # top, and following the view would place them in the new one).
        self.quotes, self._window = [], None
        self.setExtraSelections([])
        self.offsets = OffsetMap(text)
        self.setPlainText(text)
        self._space_lines(text)
        self.set_quotes(quotes)
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def _space_lines(self, text: str) -> None:
        """Airy lines, and a little space between lines that end a paragraph.

        Leading is added *between* lines (not a proportional line height), which keeps Qt's
        hit-testing on the glyphs. Block formats change only layout, never characters, so
        positions are unaffected. The paragraphs are found in the stored text (one per line;
        stored text has no other line breaks), which costs two calls into Qt per paragraph
        instead of a walk over Qt's blocks.
        """
        leading = QTextBlockFormat.LineHeightTypes.LineDistanceHeight.value
        line = self.fontMetrics().height()
        closing = QTextBlockFormat()  # a paragraph followed by a blank line or the end
        closing.setLineHeight(line * 0.35, leading)
        running = QTextBlockFormat(closing)  # a paragraph followed directly by another
        running.setBottomMargin(line * 0.4)
        if text.count("\n") + 1 != self.document().blockCount():
            return  # not stored text (no canonical line breaks): leave Qt's spacing alone
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()  # and, inside one, a cursor moves without laying text out
        to_qt = self.offsets.to_qt
        for match in _PARAGRAPH.finditer(text):
            end = match.end()
            followed = end + 1 < len(text) and text[end + 1] != "\n"
            cursor.setPosition(to_qt(match.start()))
            cursor.setBlockFormat(running if followed else closing)
        cursor.endEditBlock()

    def set_quotes(self, quotes: list[QuoteInfo]) -> None:
        self.quotes = sorted(quotes, key=lambda q: (q.start, -q.end))
        if self.current_quote_id and not any(q.id == self.current_quote_id for q in self.quotes):
            self.current_quote_id = 0
        self._paint()

    def set_current_quote(self, quote_id: int, *, scroll: bool = True) -> None:
        """Mark one quote as current (outlined); 0 clears. Scrolls it into view if asked."""
        self.current_quote_id = quote_id
        if quote_id and self.current_suggestion is not None:
            self.current_suggestion = None
            self.viewport().update()
        quote = self.quote(quote_id)
        if quote is not None and scroll:
            self.scroll_to(quote.start)  # first: the overlays are then built where it lands
        self._paint()

    def scroll_to(self, position: int) -> None:
        """Put a code-point position a third of the way down the view, with the caret there."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.offsets.to_qt(position))
        self.setTextCursor(cursor)
        bar = self.verticalScrollBar()
        top = self.cursorRect(cursor).top() + bar.value()
        target = max(0, top - self.viewport().height() // 3)
        if target > bar.maximum():
            # Qt has just laid the text out down to here but reports the new height only on
            # its next event-loop turn; until then the scroll bar would stop short.
            bar.setMaximum(target)
        bar.setValue(target)

    # ----------------------------------------------------------------- suggestions

    def set_suggestions(self, items: list[ShownSuggestion]) -> None:
        """Outline these suggestions; the current one stays current if it is still there."""
        self.suggestions = sorted(items, key=lambda item: (item.start, -item.end))
        current = self.current_suggestion
        if current is not None:
            self.current_suggestion = self.suggestion_for(current.start, current.end)
        self.viewport().update()

    def suggestion_for(self, start: int, end: int) -> ShownSuggestion | None:
        return next((s for s in self.suggestions if (s.start, s.end) == (start, end)), None)

    def suggestions_at(self, position: int) -> list[ShownSuggestion]:
        """Suggestions covering a code-point position, shortest first."""
        covering = [s for s in self.suggestions if s.start <= position < s.end]
        return sorted(covering, key=lambda s: s.end - s.start)

    def set_current_suggestion(self, item: ShownSuggestion | None, *, scroll: bool = True) -> None:
        """Make a suggestion current: its words are selected, so Enter accepts it."""
        self.current_suggestion = item
        if item is not None:
            if self.current_quote_id:
                self.current_quote_id = 0
                self._paint()
            if scroll:
                self.scroll_to(item.start)
            self.select_span(item.start, item.end)
        self.viewport().update()

    def selected_suggestion(self) -> ShownSuggestion | None:
        """The current suggestion, if its words are what is selected (Enter then accepts it)."""
        item = self.current_suggestion
        if item is None or self.article is None:
            return None
        words = snap_to_words(self.article.text, item.start, item.end)
        return item if self.selection_span() == words else None

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

    def visible_span(self) -> tuple[int, int]:
        """The code-point span of the text in view, roughly (a line either way).

        Found by hit tests at the view's top and bottom, just inside the text column's left
        edge. Qt's hit test answers sensibly only where text is laid out: a point between two
        paragraphs, or below what is laid out so far, can come back as the end of the
        document. So the span is capped at what a view this size can possibly show.
        """
        document = self.document()
        inset = document.documentMargin() + 1
        layout = document.documentLayout()
        area = self.viewport().rect()
        bar = self.verticalScrollBar()
        top = float(bar.value())
        # The height laid out so far, as the scroll bar knows it (asking the document for its
        # size would lay all of it out).
        height = max(inset, bar.maximum() + area.height() - inset)
        y_first = min(max(top, inset), height)
        y_last = min(max(top + area.height(), inset), height)
        hits = [layout.hitTest(QPointF(inset, y), _FUZZY) for y in (y_first, y_last)]
        first, last = sorted(self.offsets.from_qt(max(0, hit)) for hit in hits)
        metrics = self.fontMetrics()
        per_line = area.width() // max(1, metrics.averageCharWidth()) + 1
        lines = area.height() // max(1, metrics.lineSpacing()) + 1
        most = 4 * per_line * lines  # narrow glyphs and short lines, with room to spare
        if last - first > most:
            last = first + most
        return first, last

    def _follow_view(self) -> None:
        """Rebuild the overlays if the view has moved beyond the span they were built for."""
        if not self.quotes:
            return
        first, last = self.visible_span()
        if self._window is None or not self._window[0] <= first <= last <= self._window[1]:
            self._paint()

    def _paint(self) -> None:
        """Overlays for the quotes in and near the view, the current one outlined."""
        if not self.quotes:
            self._window = None
            self.setExtraSelections([])
            return
        first, last = self.visible_span()
        margin = max(HIGHLIGHT_MARGIN, last - first)
        low = 0 if first <= margin else first - margin
        high = self.offsets.length if last + margin >= self.offsets.length else last + margin
        self._window = (low, high)
        near = [q for q in self.quotes if q.start < high and q.end > low]
        selections: list[QTextEdit.ExtraSelection] = []
        current: QuoteInfo | None = None
        # Longer quotes first, so a quote nested inside another is drawn on top of it.
        for quote in sorted(near, key=lambda q: q.start - q.end):
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

    def paintEvent(self, event: QPaintEvent) -> None:
        """The text, then a dashed outline around each line of every suggestion in view."""
        self._follow_view()  # whatever moved the view (a relayout, say), overlays are there
        super().paintEvent(event)
        if not self.suggestions:
            return
        first, last = self.visible_span()
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        visible = QRectF(event.rect())
        for item in self.suggestions:
            if item.start > last or item.end < first:
                continue  # out of view: measuring it would lay out the text down to it
            current = item is self.current_suggestion
            pen = QPen(QColor(item.outline_color))
            pen.setWidthF(2.0 if current else 1.2)
            pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            for rect in self._line_rects(item.start, item.end):
                if rect.intersects(visible):
                    painter.drawRoundedRect(rect, 3, 3)
        painter.end()

    def _line_rects(self, start: int, end: int) -> list[QRectF]:
        """Viewport rectangles around the part of each laid-out line a span covers."""
        document = self.document()
        layout = document.documentLayout()
        first, last = self.offsets.to_qt(start), self.offsets.to_qt(end)
        scroll = QPointF(self.horizontalScrollBar().value(), self.verticalScrollBar().value())
        rects: list[QRectF] = []
        block = document.findBlock(first)
        while block.isValid() and block.position() < last:
            origin = layout.blockBoundingRect(block).topLeft() - scroll
            lines = block.layout()
            for number in range(lines.lineCount()):
                line = lines.lineAt(number)
                line_start = block.position() + line.textStart()
                a = max(first, line_start)
                b = min(last, line_start + line.textLength())
                if a >= b:
                    continue
                x1 = _x(line.cursorToX(a - block.position()))
                x2 = _x(line.cursorToX(b - block.position()))
                left, right = min(x1, x2), max(x1, x2)
                rects.append(
                    QRectF(
                        origin.x() + left - 2,
                        origin.y() + line.y(),
                        right - left + 4,
                        line.height(),
                    )
                )
            block = block.next()
        return rects

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
        # Other lines are in view at another width: the next paint rebuilds the overlays
        # (asking Qt here, mid-resize, where the text is would lay all of it out).

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
        suggested = [] if inside else self.suggestions_at(position)
        if suggested:
            self.set_current_suggestion(suggested[0], scroll=False)
            self.suggestionClicked.emit(suggested[0])
        elif self.current_suggestion is not None:
            self.current_suggestion = None
            self.viewport().update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        plain = event.modifiers() in (
            Qt.KeyboardModifier.NoModifier,
            Qt.KeyboardModifier.KeypadModifier,
        )
        if plain and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if (chosen := self.selected_suggestion()) is not None:
                self.suggestionAcceptRequested.emit(chosen)
                return
            if self.selection_span() is not None:
                self.quoteRequested.emit()
                return
            if self.current_quote_id:
                self.editRequested.emit(self.current_quote_id)
                return
        if plain and key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.current_quote_id:
            self.deleteRequested.emit(self.current_quote_id)
            return
        if plain and key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.current_suggestion:
            self.suggestionRejectRequested.emit(self.current_suggestion)
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


def _x(found: object) -> float:
    """The x of ``QTextLine.cursorToX``, which PySide returns as an (x, position) pair."""
    if isinstance(found, tuple):
        return float(found[0])
    assert isinstance(found, (int, float))
    return float(found)
