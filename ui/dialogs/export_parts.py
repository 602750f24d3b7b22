"""Fields the two export dialogs share: a citation-style picker, value combos, checkable lists."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from PySide6.QtCore import QSize, Qt
from PySide6.QtCore import Signal as QtSignal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from services.errors import QuotebookError

if TYPE_CHECKING:
    from services.export.styles import StyleInfo

E = TypeVar("E", bound=StrEnum)

#: The style combo's last item, which asks for a file instead of naming a style.
LOAD_STYLE = "Load a .csl file…"


class ValueCombo(QComboBox, Generic[E]):
    """A combo over an enum's values, each shown under its label."""

    def __init__(self, labels: dict[E, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for value, label in labels.items():
            self.addItem(label, value.value)
        self._type = type(next(iter(labels)))

    def value(self) -> E:
        return self._type(self.currentData())

    def set_value(self, raw: object) -> None:
        """Select ``raw`` (an enum value or its string) if it is one of the items."""
        index = self.findData(raw.value if isinstance(raw, StrEnum) else raw)
        if index >= 0:
            self.setCurrentIndex(index)


class StyleChoice(QComboBox):
    """The built-in and added CSL styles, then "Load a .csl file…".

    Loading installs the file through ``install`` (so the command line and the next export
    know it too) and selects it; a file that is not a style is reported through ``complain``
    and the previous choice comes back.
    """

    #: A style file was loaded and installed: its title.
    loaded = QtSignal(str)

    def __init__(
        self,
        styles: Sequence[StyleInfo],
        install: Callable[[Path], StyleInfo],
        complain: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._install = install
        self._complain = complain
        self._previous = 0
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(28)
        for style in styles:
            self._add(style)
        self.insertSeparator(self.count())
        self.addItem(LOAD_STYLE)
        self.activated.connect(self._activated)

    def _add(self, style: StyleInfo) -> int:
        index = self.count() - 2 if self.findText(LOAD_STYLE) >= 0 else self.count()
        self.insertItem(max(index, 0), style.title, style.key)
        self.setItemData(max(index, 0), style.notes or style.title, Qt.ItemDataRole.ToolTipRole)
        return max(index, 0)

    def key(self) -> str:
        data = self.currentData()
        return data if isinstance(data, str) else ""

    def set_key(self, key: str) -> None:
        index = self.findData(key)
        if index >= 0:
            self.setCurrentIndex(index)
            self._previous = index

    def _activated(self, index: int) -> None:
        if self.itemText(index) != LOAD_STYLE:
            self._previous = index
            return
        self.setCurrentIndex(self._previous)
        name, _ = QFileDialog.getOpenFileName(
            self, "Load a Citation Style", "", "CSL styles (*.csl);;All files (*)"
        )
        if name:
            self.load(Path(name))

    def load(self, path: Path) -> bool:
        """Install the style file at ``path`` and select it; False (and a complaint) if not."""
        try:
            style = self._install(path)
        except QuotebookError as error:
            self._complain(str(error))
            return False
        index = self.findData(style.key)
        if index < 0:
            index = self._add(style)
        self.setCurrentIndex(index)
        self._previous = index
        self.loaded.emit(style.title)
        return True


class CheckList(QListWidget):
    """A short list of checkable items, all checked at first: which speakers, tags, kinds."""

    #: The set of checked items changed.
    toggled = QtSignal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setUniformItemSizes(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setIconSize(QSize(12, 12))
        self.itemChanged.connect(lambda _item: self.toggled.emit())

    def add(self, value: object, label: str, icon: QIcon | None = None, tip: str = "") -> None:
        item = QListWidgetItem(label, self)
        if icon is not None:
            item.setIcon(icon)
        item.setData(Qt.ItemDataRole.UserRole, value)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked)
        if tip:
            item.setToolTip(tip)

    def values(self, *, checked: bool = True) -> list[object]:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        return [
            self.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.count())
            if self.item(row).checkState() == state
        ]

    def all_checked(self) -> bool:
        return not self.values(checked=False)

    def set_checked(self, values: Sequence[object]) -> None:
        wanted = set(values)
        for row in range(self.count()):
            item = self.item(row)
            on = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def fit_rows(self, rows: int) -> None:
        """Tall enough for ``rows`` items, then it scrolls; wide enough for the longest label
        (within reason), so names are not cut short."""
        self.ensurePolished()
        row = max(self.sizeHintForRow(0), self.fontMetrics().height() + 4)
        self.setFixedHeight(row * rows + 2 * self.frameWidth() + 6)
        widest = self.sizeHintForColumn(0) if self.count() else 0
        scroll = self.style().pixelMetric(self.style().PixelMetric.PM_ScrollBarExtent)
        room = widest + 2 * self.frameWidth() + (scroll if self.count() > rows else 0) + 6
        self.setMinimumWidth(min(max(room, 90), 260))


def safe_file_name(title: str, fallback: str = "export") -> str:
    """A title made fit to be a file name on any system: no separators or reserved marks."""
    cleaned = "".join(
        " " if char in '<>:"/\\|?*' or ord(char) < 32 else char for char in title
    ).strip(" .")
    cleaned = " ".join(cleaned.split())
    return cleaned[:80].rstrip(" .") or fallback
