"""The all-quotes table model: quote ids in the service's order, rows fetched a page at a time.

At newsroom scale (100,000 quotes) the view must never hold every row. The model keeps only the
ordered id list that :meth:`services.quotes.QuoteService.ids` returns, and asks
:meth:`~services.quotes.QuoteService.rows` for a page of full rows the first time the view paints
one of them. Pages live in a small LRU cache, so scrolling back and forth costs nothing and memory
stays bounded. Sorting is the service's job too: :meth:`QuoteTableModel.sort` just asks for a new
id order, so the table's order and ``quotebook quotes`` always agree.
"""

from __future__ import annotations

import html
from collections import OrderedDict
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    Qt,
)
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from models.tables import QuoteKind
from services.quotes import QuoteSort
from services.readmodels import QuoteFilter, QuoteInfo

if TYPE_CHECKING:
    from services.library import Library

ModelIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()

#: The role under which every cell of a row answers with its quote id.
QuoteIdRole = Qt.ItemDataRole.UserRole


class Column(IntEnum):
    QUOTE = 0
    SPEAKER = 1
    ARTICLE = 2
    DATE = 3
    TAGS = 4
    KIND = 5


HEADERS: dict[Column, str] = {
    Column.QUOTE: "Quote",
    Column.SPEAKER: "Speaker",
    Column.ARTICLE: "Article",
    Column.DATE: "Date",
    Column.TAGS: "Tags",
    Column.KIND: "Kind",
}

#: The service ordering behind each column header.
SORT_OF_COLUMN: dict[Column, QuoteSort] = {
    Column.QUOTE: QuoteSort.TEXT,
    Column.SPEAKER: QuoteSort.SPEAKER,
    Column.ARTICLE: QuoteSort.ARTICLE,
    Column.DATE: QuoteSort.DATE,
    Column.TAGS: QuoteSort.TAGS,
    Column.KIND: QuoteSort.KIND,
}
COLUMN_OF_SORT: dict[QuoteSort, Column] = {sort: column for column, sort in SORT_OF_COLUMN.items()}

KIND_LABELS: dict[QuoteKind, str] = {
    QuoteKind.DIRECT: "Direct",
    QuoteKind.INDIRECT: "Indirect",
    QuoteKind.PARAPHRASE: "Paraphrase",
}

PAGE_SIZE = 200
#: 50 pages of 200 rows: ten thousand rows at most, whatever the library's size.
MAX_PAGES = 50

_ALIGN_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def one_line(text: str) -> str:
    """Collapse line breaks and runs of white space, so a paragraph-long quote fits one row."""
    return " ".join(text.split())


class SwatchCache:
    """Small rounded colour squares for speakers, drawn once per colour.

    A thin darker outline keeps pale colours visible on a white row and dark colours visible on
    a dark palette.
    """

    def __init__(self, size: int = 12) -> None:
        self._size = size
        self._icons: dict[str, QIcon] = {}

    def icon(self, color: str) -> QIcon:
        cached = self._icons.get(color)
        if cached is None:
            cached = self._icons[color] = self._draw(color)
        return cached

    def _draw(self, color: str) -> QIcon:
        fill = QColor(color)
        if not fill.isValid():
            fill = QColor("#9e9e9e")
        icon = QIcon()
        for ratio in (1.0, 2.0):
            side = round(self._size * ratio)
            pixmap = QPixmap(side, side)
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(fill.darker(140))
            painter.setBrush(fill)
            inset = 0.5
            box = QRectF(inset, inset, self._size - 2 * inset, self._size - 2 * inset)
            painter.drawRoundedRect(box, self._size / 4, self._size / 4)
            painter.end()
            # The same square when selected: Qt would otherwise tint it with the highlight.
            icon.addPixmap(pixmap, QIcon.Mode.Normal)
            icon.addPixmap(pixmap, QIcon.Mode.Selected)
        return icon


class QuoteTableModel(QAbstractTableModel):
    """Every quote passing a :class:`QuoteFilter`, in a service-side order, fetched lazily."""

    def __init__(
        self,
        library: Library,
        parent: QObject | None = None,
        *,
        page_size: int = PAGE_SIZE,
        max_pages: int = MAX_PAGES,
    ) -> None:
        super().__init__(parent)
        self._library = library
        self._page_size = page_size
        self._max_pages = max_pages
        self._filter = QuoteFilter()
        self._sort = QuoteSort.DATE
        self._descending = False
        self._ids: list[int] = []
        self._loaded = False
        self._pages: OrderedDict[int, dict[int, QuoteInfo]] = OrderedDict()
        self._row_of: dict[int, int] | None = None
        self._swatches = SwatchCache()

    # ----------------------------------------------------------------- the query

    @property
    def quote_filter(self) -> QuoteFilter:
        return self._filter

    @property
    def sort_order(self) -> tuple[QuoteSort, bool]:
        """The service ordering and whether it is descending."""
        return self._sort, self._descending

    def set_query(self, quote_filter: QuoteFilter, sort: QuoteSort, descending: bool) -> None:
        """Show the quotes passing ``quote_filter`` in the given order (one id query)."""
        self._filter = quote_filter
        self._sort = sort
        self._descending = descending
        self.reload()

    def reload(self) -> None:
        """Ask the library again for the ids and forget every cached row.

        Callers that want the selection kept save it before and restore it after (see
        :meth:`row_of`): a reset is the only honest signal when any row may have changed.
        """
        ids = self._library.quotes.ids(self._filter, self._sort, self._descending)
        self.beginResetModel()
        self._ids = ids
        self._loaded = True
        self._pages.clear()
        self._row_of = None
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Called by the view when a header is clicked: the service orders, never Qt."""
        if not 0 <= column < len(Column):
            return
        sort = SORT_OF_COLUMN[Column(column)]
        descending = order == Qt.SortOrder.DescendingOrder
        if self._loaded and (sort, descending) == (self._sort, self._descending):
            return  # the view re-announces the current order when sorting is switched on
        self.set_query(self._filter, sort, descending)

    # ----------------------------------------------------------------- ids and rows

    @property
    def quote_ids(self) -> list[int]:
        """The ids shown, in order (a copy)."""
        return list(self._ids)

    def quote_id(self, row: int) -> int:
        return self._ids[row]

    def row_of(self, quote_id: int) -> int | None:
        """The row showing a quote, or None; the lookup table is built once per reload."""
        if self._row_of is None:
            self._row_of = {value: row for row, value in enumerate(self._ids)}
        return self._row_of.get(quote_id)

    def quote_at(self, row: int) -> QuoteInfo | None:
        """The full row, loading its page if needed; None if the quote vanished meanwhile."""
        if not 0 <= row < len(self._ids):
            return None
        page_number = row // self._page_size
        page = self._pages.get(page_number)
        if page is None:
            page = self._load_page(page_number)
        else:
            self._pages.move_to_end(page_number)
        return page.get(self._ids[row])

    def _load_page(self, page_number: int) -> dict[int, QuoteInfo]:
        start = page_number * self._page_size
        page = self._library.quotes.rows(self._ids[start : start + self._page_size])
        self._pages[page_number] = page
        while len(self._pages) > self._max_pages:
            self._pages.popitem(last=False)
        return page

    # ----------------------------------------------------------------- Qt's model interface

    def rowCount(self, parent: ModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: ModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(Column)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def headerData(
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Column(section)]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_ALIGN_LEFT)
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        row, column = index.row(), index.column()
        if not (0 <= row < len(self._ids) and 0 <= column < len(Column)):
            return None
        if role == QuoteIdRole:
            return self._ids[row]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(_ALIGN_LEFT)
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.DecorationRole,
        ):
            return None
        quote = self.quote_at(row)
        if quote is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return display_text(quote, Column(column))
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(quote, Column(column))
        if column == Column.SPEAKER:
            return self._swatches.icon(quote.speaker_color)
        return None


def display_text(quote: QuoteInfo, column: Column) -> str:
    if column == Column.QUOTE:
        return one_line(quote.text)
    if column == Column.SPEAKER:
        return quote.speaker_name
    if column == Column.ARTICLE:
        return one_line(quote.article_title)
    if column == Column.DATE:
        return quote.article_published.isoformat() if quote.article_published else ""
    if column == Column.TAGS:
        return ", ".join(quote.tags)
    return KIND_LABELS.get(quote.kind, quote.kind.value)


def tooltip(quote: QuoteInfo, column: Column) -> str:
    """Rich text (so Qt wraps it), with every piece of user text escaped: a quote that says
    ``<b>`` means those characters."""
    if column == Column.QUOTE:
        parts = [f"<p>{_escaped(quote.text)}</p>"]
        if quote.note:
            parts.append(f"<p><i>Note:</i> {_escaped(quote.note)}</p>")
        return "".join(parts)
    if column == Column.ARTICLE:
        dated = f" ({quote.article_published.isoformat()})" if quote.article_published else ""
        return f"<p>{_escaped(quote.article_title)}{dated}</p>"
    if column == Column.DATE and quote.article_published is None:
        return "The article has no published date"
    text = display_text(quote, column)
    return f"<p>{_escaped(text)}</p>" if text else ""


def _escaped(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")
