"""Item models for the library sidebar: articles, speakers and tags.

Each holds read models from the services and an id per row; the sidebar replaces a model's
rows when the bridge reports a change of that kind.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, TypeVar

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from services.readmodels import ArticleSummary, SpeakerInfo, TagInfo
from ui.swatch import swatch_icon

ID_ROLE = Qt.ItemDataRole.UserRole
SECONDARY_ROLE = Qt.ItemDataRole.UserRole + 2

Row = TypeVar("Row", ArticleSummary, SpeakerInfo, TagInfo)


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


class _ListModel(QAbstractListModel, Generic[Row]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_info(self, row: int) -> Row | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, item_id: int) -> int:
        return next((row for row, item in enumerate(self._rows) if item.id == item_id), -1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        item = self._rows[index.row()]
        if role == ID_ROLE:
            return item.id
        return self.item_data(item, role)

    def item_data(self, item: Row, role: int) -> object:
        raise NotImplementedError


class ArticleListModel(_ListModel[ArticleSummary]):
    def item_data(self, item: ArticleSummary, role: int) -> object:
        meta = item.meta
        if role == Qt.ItemDataRole.DisplayRole:
            return meta.title
        if role == SECONDARY_ROLE:
            parts = [meta.outlet, meta.published.isoformat() if meta.published else ""]
            parts.append(plural(item.quote_count, "quote"))
            return " · ".join(p for p in parts if p)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [meta.title]
            if meta.authors:
                lines.append(", ".join(meta.authors))
            if meta.outlet or meta.published:
                lines.append(
                    " · ".join(
                        p
                        for p in (meta.outlet, meta.published.isoformat() if meta.published else "")
                        if p
                    )
                )
            if item.source_name:
                lines.append(f"Imported from {item.source_name}")
            return "\n".join(lines)
        return None


class SpeakerListModel(_ListModel[SpeakerInfo]):
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


class TagListModel(_ListModel[TagInfo]):
    def item_data(self, item: TagInfo, role: int) -> object:
        if role == Qt.ItemDataRole.DisplayRole:
            return item.name
        if role == SECONDARY_ROLE:
            return f"{item.quote_count:,}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{item.name}: {plural(item.quote_count, 'quote')}"
        return None
