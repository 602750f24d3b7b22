"""Item models for the library sidebar: articles, speakers and tags, loaded lazily.

A newsroom library has ten thousand articles and thousands of speakers; the sidebar shows a
screenful. Each model holds only the ordered ids the service returns and fetches full rows a page
at a time, the first time the view paints one of them, into a bounded cache. A library change
(:class:`~services.readmodels.Changes`) asks for the ids again — one column, cheap at any size —
and turns the difference into row insertions, removals or a move, so the selection and the scroll
position survive; only the rows the change names are fetched again.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Collection, Sequence
from typing import TYPE_CHECKING, Generic, TypeVar

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from services.readmodels import ArticleSummary, SpeakerInfo, TagInfo
from ui.swatch import swatch_icon

if TYPE_CHECKING:
    from services.library import Library

ID_ROLE = Qt.ItemDataRole.UserRole
SECONDARY_ROLE = Qt.ItemDataRole.UserRole + 2

#: Rows fetched at once: a few screenfuls of a sidebar list.
PAGE_SIZE = 100
#: Rows kept; older ones are fetched again if the user scrolls back to them.
CACHE_LIMIT = 3_000

Row = TypeVar("Row", ArticleSummary, SpeakerInfo, TagInfo)
ModelIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def runs(rows: Sequence[int]) -> list[tuple[int, int]]:
    """Ascending rows as (first, last) runs of consecutive rows."""
    found: list[tuple[int, int]] = []
    for row in rows:
        if found and row == found[-1][1] + 1:
            found[-1] = (found[-1][0], row)
        else:
            found.append((row, row))
    return found


class LazyListModel(QAbstractListModel, Generic[Row]):
    """Ids in the service's order; rows fetched by page into a bounded cache, keyed by id."""

    def __init__(
        self,
        fetch_ids: Callable[[], list[int]],
        fetch_rows: Callable[[Sequence[int]], dict[int, Row]],
        parent: QObject | None = None,
        *,
        page_size: int = PAGE_SIZE,
        cache_limit: int = CACHE_LIMIT,
    ) -> None:
        super().__init__(parent)
        self._fetch_ids = fetch_ids
        self._fetch_rows: Callable[[Sequence[int]], dict[int, Row]] = fetch_rows
        self._page_size = page_size
        self._cache_limit = max(cache_limit, page_size)
        self._ids: list[int] = []
        self._rows: OrderedDict[int, Row] = OrderedDict()
        self._missing: set[int] = set()
        self._row_of: dict[int, int] | None = None

    # ----------------------------------------------------------------- loading

    def reload(self) -> None:
        """Ask for the ids again and forget every cached row (a reset: views lose their place)."""
        ids = self._fetch_ids()
        self.beginResetModel()
        self._ids = ids
        self._forget_all()
        self.endResetModel()

    def update(self, touched: Collection[int] = (), *, all_rows: bool = False) -> None:
        """Take in a library change without a reset.

        ``touched`` are the ids the change names (their rows are fetched again); ``all_rows``
        says rows not named may have changed too (a quote count), so every cached row is
        dropped — the view then fetches just the page it shows.
        """
        self._apply_ids(self._fetch_ids())
        if all_rows:
            self._forget_all()
            if self._ids:
                self.dataChanged.emit(self.index(0), self.index(len(self._ids) - 1))
            return
        rows = []
        for item_id in touched:
            self._rows.pop(item_id, None)
            self._missing.discard(item_id)
            row = self.row_of(item_id)
            if row >= 0:
                rows.append(row)
        for first, last in runs(sorted(rows)):
            self.dataChanged.emit(self.index(first), self.index(last))

    def _forget_all(self) -> None:
        self._rows.clear()
        self._missing.clear()
        self._row_of = None

    def _apply_ids(self, new: list[int]) -> None:
        """Move from the ids shown to ``new`` by removals and insertions, or by a move when
        only the order changed (a renamed speaker sorts elsewhere); a reset if it was both."""
        old = self._ids
        if old == new:
            return
        old_set, new_set = set(old), set(new)
        kept_old = [i for i in old if i in new_set]
        kept_new = [i for i in new if i in old_set]
        if old_set == new_set:
            self._move(new)
            return
        if kept_old != kept_new or len(new_set) != len(new):
            self.beginResetModel()
            self._ids = list(new)
            self._row_of = None
            self.endResetModel()
            return
        removed = [row for row, item_id in enumerate(old) if item_id not in new_set]
        for first, last in reversed(runs(removed)):
            self.beginRemoveRows(_ROOT, first, last)
            del self._ids[first : last + 1]
            self._row_of = None
            self.endRemoveRows()
        added = [row for row, item_id in enumerate(new) if item_id not in old_set]
        for first, last in runs(added):
            self.beginInsertRows(_ROOT, first, last)
            self._ids[first:first] = new[first : last + 1]
            self._row_of = None
            self.endInsertRows()
        for item_id in old_set - new_set:
            self._rows.pop(item_id, None)

    def _move(self, new: list[int]) -> None:
        """The same ids in another order: a layout change that keeps persistent indexes."""
        self.layoutAboutToBeChanged.emit()
        new_row = {item_id: row for row, item_id in enumerate(new)}
        before = self.persistentIndexList()
        after = [
            self.index(new_row[self._ids[index.row()]]) if index.isValid() else QModelIndex()
            for index in before
        ]
        self._ids = list(new)
        self._row_of = None
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    # ----------------------------------------------------------------- ids and rows

    def item_id(self, row: int) -> int:
        return self._ids[row]

    @property
    def ids(self) -> list[int]:
        """The ids shown, in order (a copy)."""
        return list(self._ids)

    def row_of(self, item_id: int) -> int:
        """The row showing ``item_id``, or -1; the lookup table is built once per change."""
        if self._row_of is None:
            self._row_of = {value: row for row, value in enumerate(self._ids)}
        return self._row_of.get(item_id, -1)

    def row_info(self, row: int) -> Row | None:
        """The full row, fetching its page if need be; None if it vanished meanwhile."""
        if not 0 <= row < len(self._ids):
            return None
        item_id = self._ids[row]
        cached = self._rows.get(item_id)
        if cached is not None:
            self._rows.move_to_end(item_id)
            return cached
        if item_id in self._missing:
            return None
        self._fetch_page(row)
        return self._rows.get(item_id)

    def _fetch_page(self, row: int) -> None:
        start = row - row % self._page_size
        wanted = [i for i in self._ids[start : start + self._page_size] if i not in self._rows]
        fetched = self._fetch_rows(wanted)
        for item_id in wanted:
            found = fetched.get(item_id)
            if found is None:
                self._missing.add(item_id)
            else:
                self._rows[item_id] = found
        while len(self._rows) > self._cache_limit:
            self._rows.popitem(last=False)

    # ----------------------------------------------------------------- Qt's model interface

    def rowCount(self, parent: ModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role not in self.ROLES:
            return None
        item = self.row_info(index.row())
        return None if item is None else self.item_data(item, role)

    #: The roles :meth:`item_data` answers; asking any other never fetches a row.
    ROLES: frozenset[int] = frozenset(
        {Qt.ItemDataRole.DisplayRole, SECONDARY_ROLE, Qt.ItemDataRole.ToolTipRole}
    )

    def item_data(self, item: Row, role: int) -> object:
        raise NotImplementedError


class ArticleListModel(LazyListModel[ArticleSummary]):
    """Articles, newest import first."""

    def __init__(self, library: Library, parent: QObject | None = None, **paging: int) -> None:
        super().__init__(library.articles.ids, library.articles.rows, parent, **paging)

    def item_data(self, item: ArticleSummary, role: int) -> object:
        meta = item.meta
        dated = meta.published.isoformat() if meta.published else ""
        if role == Qt.ItemDataRole.DisplayRole:
            return meta.title
        if role == SECONDARY_ROLE:
            parts = [meta.outlet, dated, plural(item.quote_count, "quote")]
            return " · ".join(p for p in parts if p)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [meta.title]
            if meta.authors:
                lines.append(", ".join(meta.authors))
            if meta.outlet or meta.published:
                lines.append(" · ".join(p for p in (meta.outlet, dated) if p))
            if item.source_name:
                lines.append(f"Imported from {item.source_name}")
            return "\n".join(lines)
        return None


class SpeakerListModel(LazyListModel[SpeakerInfo]):
    """Speakers by name, with their colour."""

    ROLES = LazyListModel.ROLES | {Qt.ItemDataRole.DecorationRole}

    def __init__(self, library: Library, parent: QObject | None = None, **paging: int) -> None:
        super().__init__(library.speakers.ids, library.speakers.rows, parent, **paging)

    def item_data(self, item: SpeakerInfo, role: int) -> object:
        fields = item.fields
        if role == Qt.ItemDataRole.DisplayRole:
            return fields.name
        if role == Qt.ItemDataRole.DecorationRole:
            return swatch_icon(fields.color)
        if role == SECONDARY_ROLE:
            parts = [fields.role, plural(item.quote_count, "quote")]
            if fields.confidential:
                parts.insert(0, f"confidential: “{fields.public_label}”")
            return " · ".join(p for p in parts if p)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [fields.name]
            lines += [p for p in (fields.role, fields.affiliation) if p]
            if fields.aliases:
                lines.append("Also: " + ", ".join(fields.aliases))
            if fields.confidential:
                lines.append(f"Confidential — exports say “{fields.public_label}”")
            return "\n".join(lines)
        return None


class TagListModel(LazyListModel[TagInfo]):
    """Tags by name, with their quote counts."""

    def __init__(self, library: Library, parent: QObject | None = None, **paging: int) -> None:
        super().__init__(library.tags.ids, library.tags.rows, parent, **paging)

    def item_data(self, item: TagInfo, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            return item.name
        if role == SECONDARY_ROLE:
            return f"{item.quote_count:,}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{item.name}: {plural(item.quote_count, 'quote')}"
        return None
