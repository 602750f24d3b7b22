"""The library sidebar: All quotes, then articles, speakers and tags, each a titled list."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from services.library import Library
from services.readmodels import Changes
from ui.sidebar_models import (
    ID_ROLE,
    SECONDARY_ROLE,
    ArticleListModel,
    SpeakerListModel,
    TagListModel,
)
from ui.style import muted


class TwoLineDelegate(QStyledItemDelegate):
    """Primary text with an optional icon, and a muted second line (or a right-hand count)."""

    def __init__(self, parent: QWidget, *, second_line: bool = True) -> None:
        super().__init__(parent)
        self.second_line = second_line

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        height = QFontMetrics(option.font).height()
        lines = 2 if self.second_line else 1
        return QSize(120, height * lines + 10 + (2 if self.second_line else 0))

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        rect: QRect = option.rect
        palette: QPalette = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        font = QFont(option.font)
        metrics = QFontMetrics(font)
        painter.save()
        if selected:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.Highlight))
        color = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        left = rect.left() + 10
        icon = index.data(Qt.ItemDataRole.DecorationRole)
        top = rect.top() + 5
        if icon is not None:
            icon.paint(painter, QRect(left, top + (metrics.height() - 12) // 2, 12, 12))
            left += 20
        width = rect.right() - 8 - left
        primary = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        secondary = str(index.data(SECONDARY_ROLE) or "")
        muted = QColor(color)
        muted.setAlpha(150)
        small = QFont(font)
        small.setPointSizeF(font.pointSizeF() * 0.88)
        if self.second_line:
            painter.setPen(color)
            painter.setFont(font)
            painter.drawText(
                QRect(left, top, width, metrics.height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                metrics.elidedText(primary, Qt.TextElideMode.ElideRight, width),
            )
            painter.setFont(small)
            painter.setPen(muted)
            small_metrics = QFontMetrics(small)
            painter.drawText(
                QRect(left, top + metrics.height() + 2, width, small_metrics.height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                small_metrics.elidedText(secondary, Qt.TextElideMode.ElideRight, width),
            )
        else:
            count_width = QFontMetrics(small).horizontalAdvance(secondary) + 4
            painter.setFont(small)
            painter.setPen(muted)
            painter.drawText(
                QRect(rect.right() - 8 - count_width, top, count_width, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                secondary,
            )
            painter.setFont(font)
            painter.setPen(color)
            name_width = max(0, width - count_width - 6)
            painter.drawText(
                QRect(left, top, name_width, metrics.height()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                metrics.elidedText(primary, Qt.TextElideMode.ElideRight, name_width),
            )
        painter.restore()


class _Section(QWidget):
    """A titled list with a context menu built by the sidebar."""

    def __init__(self, title: str, view: QListView, parent: QWidget) -> None:
        super().__init__(parent)
        self.label = QLabel(title, self)
        self.label.setObjectName("sectionTitle")
        muted(self.label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.label)
        layout.addWidget(view, 1)


class Sidebar(QWidget):
    articleSelected = Signal(int)
    allQuotesRequested = Signal()
    #: (action, id): "edit", "merge", "delete", "quotes", "export" for speakers and tags;
    #: "edit", "export", "delete" for articles.
    speakerAction = Signal(str, int)
    tagAction = Signal(str, int)
    articleAction = Signal(str, int)

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self.library = library
        self.all_quotes = QPushButton("All quotes", self)
        self.all_quotes.setObjectName("allQuotesButton")
        self.all_quotes.setFlat(True)
        self.all_quotes.setCheckable(True)
        self.all_quotes.clicked.connect(self.allQuotesRequested)

        self.articles = ArticleListModel(library, self)
        self.speakers = SpeakerListModel(library, self)
        self.tags = TagListModel(library, self)
        self.article_view = self._list(self.articles, second_line=True)
        self.speaker_view = self._list(self.speakers, second_line=True)
        self.tag_view = self._list(self.tags, second_line=False)
        self.article_view.setObjectName("articleList")
        self.speaker_view.setObjectName("speakerList")
        self.tag_view.setObjectName("tagList")

        self.article_section = _Section("ARTICLES", self.article_view, self)
        self.speaker_section = _Section("SPEAKERS", self.speaker_view, self)
        self.tag_section = _Section("TAGS", self.tag_view, self)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.setObjectName("sidebarSplitter")
        self.splitter.setChildrenCollapsible(False)
        for section in (self.article_section, self.speaker_section, self.tag_section):
            self.splitter.addWidget(section)
        self.splitter.setSizes([320, 220, 160])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 6)
        layout.setSpacing(4)
        layout.addWidget(self.all_quotes)
        layout.addWidget(self.splitter, 1)

        self.article_view.selectionModel().currentChanged.connect(self._article_changed)
        self.speaker_view.doubleClicked.connect(
            lambda index: self.speakerAction.emit("quotes", int(index.data(ID_ROLE)))
        )
        self.tag_view.doubleClicked.connect(
            lambda index: self.tagAction.emit("quotes", int(index.data(ID_ROLE)))
        )
        self._menu(
            self.article_view,
            [
                ("Edit Details…", "edit"),
                ("Export Annotated PDF…", "export"),
                ("Delete Article", "delete"),
            ],
            self.articleAction.emit,
        )
        self._menu(
            self.speaker_view,
            [
                ("Show Quotes", "quotes"),
                ("Export Citations…", "export"),
                ("Edit Speaker…", "edit"),
                ("Merge Into…", "merge"),
                ("Delete Speaker", "delete"),
            ],
            self.speakerAction.emit,
        )
        self._menu(
            self.tag_view,
            [
                ("Show Quotes", "quotes"),
                ("Export Citations…", "export"),
                ("Rename Tag…", "edit"),
                ("Merge Into…", "merge"),
                ("Delete Tag", "delete"),
            ],
            self.tagAction.emit,
        )
        self._quiet = False
        self.refresh()

    def _list(
        self, model: ArticleListModel | SpeakerListModel | TagListModel, *, second_line: bool
    ) -> QListView:
        view = QListView(self)
        view.setModel(model)
        view.setItemDelegate(TwoLineDelegate(view, second_line=second_line))
        view.setUniformItemSizes(True)
        view.setFrameShape(QListView.Shape.NoFrame)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        return view

    def _menu(
        self,
        view: QListView,
        entries: list[tuple[str, str]],
        emit: Callable[[str, int], None],
    ) -> None:
        def show(point: QPoint) -> None:
            index = view.indexAt(point)
            if not index.isValid():
                return
            item_id = int(index.data(ID_ROLE))
            menu = QMenu(view)
            for label, action in entries:
                menu.addAction(label).triggered.connect(
                    lambda _checked=False, a=action: emit(a, item_id)
                )
            menu.exec(view.viewport().mapToGlobal(point))
            menu.deleteLater()

        view.customContextMenuRequested.connect(show)

    # ----------------------------------------------------------------- content

    def refresh(self, changes: Changes | None = None) -> None:
        """Take in a library change: each list asks for its ids again and refetches only the
        rows the change names; with no ``changes``, every list is reloaded from scratch.

        Quote changes move counts: a speaker's or tag's count may change without the change
        naming it (an import brings quotes, speakers and tags at once), so those lists drop
        their cached rows and fetch again just the page on screen.
        """
        current = self.current_article_id()
        self._quiet = True
        try:
            if changes is None:
                for model in (self.articles, self.speakers, self.tags):
                    model.reload()
            else:
                if changes.articles or changes.quotes:
                    self.articles.update(
                        changes.articles, all_rows=bool(changes.quotes) and not changes.articles
                    )
                if changes.speakers or changes.quotes:
                    self.speakers.update(changes.speakers, all_rows=bool(changes.quotes))
                if changes.tags or changes.quotes:
                    self.tags.update(changes.tags, all_rows=bool(changes.quotes))
            if current != self.current_article_id():
                self.select_article(current)
        finally:
            self._quiet = False
        self.article_section.label.setText(f"ARTICLES  {self.articles.rowCount():,}")
        self.speaker_section.label.setText(f"SPEAKERS  {self.speakers.rowCount():,}")
        self.tag_section.label.setText(f"TAGS  {self.tags.rowCount():,}")

    def current_article_id(self) -> int:
        index = self.article_view.currentIndex()
        return self.articles.item_id(index.row()) if index.isValid() else 0

    def select_article(self, article_id: int) -> None:
        """Show which article is open; quietly, as the window already opened it."""
        quiet, self._quiet = self._quiet, True
        try:
            row = self.articles.row_of(article_id)
            if row >= 0:
                index = self.articles.index(row)
                self.article_view.setCurrentIndex(index)
                self.article_view.scrollTo(index)
            else:
                self.article_view.selectionModel().clear()
        finally:
            self._quiet = quiet

    def _article_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not self._quiet and current.isValid():
            self.articleSelected.emit(int(current.data(ID_ROLE)))
