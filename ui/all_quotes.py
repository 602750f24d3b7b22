"""The all-quotes view: every quote in the library in one table, behind a filter bar.

The reporter's question is "what did the minister say about tariffs": type a word, pick a speaker
or a tag, and the table answers at once, whatever the size of the archive. Filtering and sorting
happen in the library (:class:`ui.quote_table_model.QuoteTableModel` holds ids only), the view
refreshes itself from :attr:`ui.bridge.LibraryBridge.changed` like every other view, and the
last filters come back next time the app starts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QByteArray,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    Qt,
    QTimer,
)
from PySide6.QtCore import Signal as QtSignal
from PySide6.QtGui import QIcon, QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from models.tables import QuoteKind
from services.quotes import QuoteSort
from services.readmodels import Changes, QuoteFilter
from services.text import excerpt
from ui.bridge import LibraryBridge
from ui.commands import DeleteQuote
from ui.quote_table_model import (
    COLUMN_OF_SORT,
    KIND_LABELS,
    SORT_OF_COLUMN,
    Column,
    QuoteTableModel,
    SwatchCache,
)
from ui.settings import ALL_QUOTES_FILTERS, ALL_QUOTES_HEADER, Settings

#: As-you-type filtering waits this long after the last key, so a fast typist costs one query.
TYPING_DELAY_MS = 200

#: A filter value: a speaker, tag or article id, or a quote kind's value.
Value = int | str


class FilterChoice(QComboBox):
    """One filter of the bar: "Any …" first, then the choices; keeps its pick across refreshes.

    Each item's data is the tuple of values it stands for (``()`` for "any"), so a filter the
    sidebar sets with several speakers at once still shows as one honest item.
    """

    #: The user picked another item (not emitted when the choices are merely refreshed).
    picked = QtSignal()

    def __init__(self, any_label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._any_label = any_label
        self._quiet = False
        self.addItem(any_label, ())
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(6)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.currentIndexChanged.connect(self._index_changed)

    def set_choices(self, choices: Sequence[tuple[Value, str, QIcon | None]]) -> bool:
        """Replace the items; True if the current pick had to change (its item vanished)."""
        keep = self.chosen()
        self._quiet = True
        try:
            self.clear()
            self.addItem(self._any_label, ())
            for value, label, icon in choices:
                if icon is None:
                    self.addItem(label, (value,))
                else:
                    self.addItem(icon, label, (value,))
            self._select(keep)
        finally:
            self._quiet = False
        return self.chosen() != keep

    def chosen(self) -> tuple[Value, ...]:
        data = self.currentData()
        return tuple(data) if isinstance(data, tuple) else ()

    def choose(self, values: Sequence[Value]) -> None:
        """Show ``values`` as the pick without emitting :attr:`picked`; unknown values drop out."""
        self._quiet = True
        try:
            self._select(tuple(values))
        finally:
            self._quiet = False

    def _select(self, values: tuple[Value, ...]) -> None:
        for index in reversed(range(self.count())):  # an earlier several-values item
            if len(self.itemData(index)) > 1:
                self.removeItem(index)
        singles = {self.itemData(i): i for i in range(self.count()) if len(self.itemData(i)) == 1}
        known = tuple(dict.fromkeys(v for v in values if (v,) in singles))
        if not known:
            self.setCurrentIndex(0)
        elif len(known) == 1:
            self.setCurrentIndex(singles[known])
        else:
            label = ", ".join(self.itemText(singles[(v,)]) for v in known)
            self.insertItem(1, label, known)
            self.setCurrentIndex(1)

    def _index_changed(self, _index: int) -> None:
        if not self._quiet:
            self.picked.emit()


class QuoteTable(QTableView):
    """The table itself: compact one-line rows, and the keys a reporter expects."""

    #: Enter or Return on a row.
    rowActivated = QtSignal(int)
    #: Delete (or Backspace, the Mac's delete key) with rows selected.
    deleteRequested = QtSignal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setTabKeyNavigation(False)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        rows = self.verticalHeader()
        rows.hide()
        # A fixed height means Qt never asks 100,000 rows for their size hint.
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        height = self.fontMetrics().height() + 8
        rows.setMinimumSectionSize(height)
        rows.setDefaultSectionSize(height)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsMovable(True)
        header.setStretchLastSection(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setMinimumSectionSize(self.fontMetrics().averageCharWidth() * 5)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.rowActivated.emit(self.currentIndex().row())
            return
        if (
            event.matches(QKeySequence.StandardKey.Delete)
            or key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
        ) and self.selectionModel().hasSelection():
            self.deleteRequested.emit()
            return
        super().keyPressEvent(event)


@dataclass
class _Place:
    """Where the reader was in the table, so a refresh can put them back."""

    selected: list[int] = field(default_factory=list)
    current_id: int | None = None
    current_row: int = -1
    top_id: int | None = None
    top_row: int = -1
    scroll: int = 0


class AllQuotesView(QWidget):
    """Every quote in the library, filterable by text, speaker, tag, article and kind."""

    #: A quote was opened (double-click or Enter): the main window shows it in its article.
    quoteActivated = QtSignal(int)
    #: The filter (or the sort) changed; carries the new :class:`QuoteFilter`.
    filterChanged = QtSignal(object)
    #: "Export…": the main window exports :meth:`export_scope`.
    exportRequested = QtSignal()

    def __init__(
        self, bridge: LibraryBridge, settings: Settings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._settings = settings
        self._swatches = SwatchCache()
        self._dates: tuple[date | None, date | None] = (None, None)
        self._pending = Changes()
        self._place = _Place()
        self._keep_scroll = False

        self._search = QLineEdit(self)
        self._search.setPlaceholderText("Search quotes and notes…")
        self._search.setClearButtonEnabled(True)
        self._search.setMinimumWidth(self.fontMetrics().averageCharWidth() * 14)
        self._speaker = FilterChoice("Any speaker", self)
        self._tag = FilterChoice("Any tag", self)
        self._article = FilterChoice("Any article", self)
        self._article.setMinimumContentsLength(8)
        self._kind = FilterChoice("Any kind", self)
        self._kind.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self._kind.set_choices([(kind.value, label, None) for kind, label in KIND_LABELS.items()])
        self._clear = QPushButton("Clear", self)
        self._clear.setToolTip("Show every quote again")
        self._export = QPushButton("Export…", self)
        self._export.setObjectName("exportQuotesButton")
        self._export.setToolTip(
            "Save the selected quotes, or all those shown, as a citation list or their sources"
        )
        self._count = QLabel(self)
        self._count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._count.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self._model = QuoteTableModel(bridge.library, self)
        self._table = QuoteTable(self)
        self._table.setModel(self._model)
        self._setup_columns()

        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_DELAY_MS)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)

        #: Whether the filter choices and the quote ids have been read: not until the view is
        #: first wanted, so a 10,000-article library opens as fast as an empty one.
        self._loaded = False
        self._lay_out()
        self._connect()
        self._restore_header()

    # ----------------------------------------------------------------- public API

    def ensure_loaded(self) -> None:
        """Read the filter choices and the quotes the saved filter passes, the first time only."""
        if self._loaded:
            return
        self._loaded = True
        self._pending = Changes()
        self._reload_choices(speakers=True, tags=True, articles=True)
        self._restore_filters()

    def current_filter(self) -> QuoteFilter:
        """The filter the table shows now (text still being typed is applied first)."""
        self.ensure_loaded()
        if self._typing.isActive():
            self._typing.stop()
            self._apply_filter()
        return self._model.quote_filter

    def set_filter(self, quote_filter: QuoteFilter) -> None:
        """Show the quotes passing ``quote_filter`` (the sidebar's "all quotes by …").

        Changes that arrived while the view was hidden are taken in first, so a speaker created
        a moment ago can be chosen.
        """
        self.ensure_loaded()
        changes, self._pending = self._pending, Changes()
        self._refresh_timer.stop()
        if changes:
            self._reload_choices(
                speakers=bool(changes.speakers),
                tags=bool(changes.tags),
                articles=bool(changes.articles),
            )
        self._show_in_bar(quote_filter)
        self._apply_filter(requery=bool(changes))

    def _show_in_bar(self, quote_filter: QuoteFilter) -> None:
        self._typing.stop()
        self._search.blockSignals(True)
        self._search.setText(quote_filter.text)
        self._search.blockSignals(False)
        self._speaker.choose(quote_filter.speaker_ids)
        self._tag.choose(quote_filter.tag_ids)
        self._article.choose(quote_filter.article_ids)
        self._kind.choose([kind.value for kind in quote_filter.kinds])
        self._dates = (quote_filter.published_from, quote_filter.published_to)

    def selected_quote_ids(self) -> list[int]:
        """The selected quotes' ids in table order (for export and delete)."""
        rows: set[int] = set()
        selection = self._table.selectionModel().selection()
        for selected in (selection.at(i) for i in range(selection.count())):
            rows.update(range(selected.top(), selected.bottom() + 1))
        return [self._model.quote_id(row) for row in sorted(rows) if row < self._model.rowCount()]

    def export_scope(self) -> tuple[list[int], str, str]:
        """What "Export…" exports: the selected quotes, or else every quote the filters pass
        (in table order); a sentence saying which, for the dialog; a file name."""
        self.ensure_loaded()
        selected = self.selected_quote_ids()
        if selected:
            what = "quote" if len(selected) == 1 else f"{len(selected):,} quotes"
            return selected, f"The {what} selected in All Quotes.", "Selected quotes"
        ids = self._model.quote_ids
        if self.current_filter() == QuoteFilter():
            return ids, f"All {_quotes(len(ids))} in the library.", "Quotes"
        return (
            ids,
            f"All {_quotes(len(ids))} matching the filters in All Quotes "
            "(select quotes to export only those).",
            "Quotes",
        )

    def refresh(self) -> None:
        """Re-read the filter choices and the quotes now, keeping selection and scroll."""
        if not self._loaded:
            self.ensure_loaded()
            return
        self._pending = Changes()
        self._refresh_timer.stop()
        self._reload(self._reload_choices(speakers=True, tags=True, articles=True))

    def delete_selected(self) -> None:
        """Delete the selected quotes as one undoable step."""
        ids = self.selected_quote_ids()
        if not ids:
            return
        labels: dict[int, str] = {}
        for quote_id in ids:
            row = self._model.row_of(quote_id)
            quote = self._model.quote_at(row) if row is not None else None
            labels[quote_id] = quote.text if quote else f"quote {quote_id}"
        stack = self._bridge.undo_stack
        several = len(ids) > 1
        if several:
            stack.beginMacro(f"Delete {len(ids):,} quotes")
        try:
            for quote_id in ids:
                if not self._bridge.push(DeleteQuote(quote_id, labels[quote_id])):
                    break
        finally:
            if several:
                stack.endMacro()

    @property
    def table(self) -> QuoteTable:
        return self._table

    @property
    def model(self) -> QuoteTableModel:
        return self._model

    @property
    def search_box(self) -> QLineEdit:
        return self._search

    # ----------------------------------------------------------------- building

    def _lay_out(self) -> None:
        bar = QHBoxLayout()
        bar.setSpacing(6)
        bar.addWidget(self._search, 3)
        for combo in (self._speaker, self._tag):
            bar.addWidget(combo, 2)
        bar.addWidget(self._article, 3)
        bar.addWidget(self._kind, 0)
        bar.addWidget(self._clear, 0)
        bar.addWidget(self._export, 0)
        bar.addSpacing(6)
        bar.addWidget(self._count, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        bar.setContentsMargins(6, 6, 6, 0)
        layout.addLayout(bar)
        layout.addWidget(self._table, 1)
        self.setFocusProxy(self._search)

    def _setup_columns(self) -> None:
        """Widths from sample text in the table's own font, so they suit any screen and size."""
        header = self._table.horizontalHeader()
        metrics = self._table.fontMetrics()
        padding = 2 * metrics.averageCharWidth() + 8
        samples = {
            Column.SPEAKER: "Councillor David R",
            Column.ARTICLE: "Council votes to expand t",
            Column.DATE: "2024-12-31",
            Column.TAGS: "harbour, protest",
            Column.KIND: "Paraphrase",
        }
        for column, sample in samples.items():
            extra = 20 if column == Column.SPEAKER else 0  # the colour swatch
            header.resizeSection(column, metrics.horizontalAdvance(sample) + padding + extra)
        header.resizeSection(Column.QUOTE, metrics.horizontalAdvance("x" * 60))
        header.setSectionResizeMode(Column.QUOTE, QHeaderView.ResizeMode.Stretch)

    def _connect(self) -> None:
        self._search.textChanged.connect(lambda _text: self._typing.start())
        self._search.returnPressed.connect(self._typed_enter)
        self._typing.timeout.connect(self._apply_filter)
        for combo in (self._speaker, self._tag, self._article, self._kind):
            combo.picked.connect(self._apply_filter)
        self._clear.clicked.connect(self._clear_filter)
        self._export.clicked.connect(self.exportRequested)
        self._table.rowActivated.connect(self._activate_row)
        self._table.doubleClicked.connect(self._activate_index)
        self._table.deleteRequested.connect(self.delete_selected)
        self._table.customContextMenuRequested.connect(self._show_menu)
        self._bridge.changed.connect(self._library_changed)
        self._refresh_timer.timeout.connect(self._apply_pending)
        self._model.modelAboutToBeReset.connect(self._remember_place)
        self._model.modelReset.connect(self._model_was_reset)
        header = self._table.horizontalHeader()
        header.sortIndicatorChanged.connect(self._sort_changed)
        header.sectionResized.connect(self._save_header)
        header.sectionMoved.connect(self._save_header)

    def _restore_header(self) -> None:
        state = self._settings.get(ALL_QUOTES_HEADER)
        if not state.isEmpty():
            header = self._table.horizontalHeader()
            header.restoreState(state)
            # The quote column always takes the room left over, whatever an old state says.
            header.setSectionResizeMode(Column.QUOTE, QHeaderView.ResizeMode.Stretch)

    def _restore_filters(self) -> None:
        saved = self._settings.get_json(ALL_QUOTES_FILTERS)
        header = self._table.horizontalHeader()
        quote_filter, sort, descending = _filter_from_json(saved)
        self._show_in_bar(quote_filter)
        self._model.set_query(self._filter_from_bar(), sort, descending)
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        header.blockSignals(True)
        header.setSortIndicator(COLUMN_OF_SORT.get(sort, Column.DATE), order)
        header.blockSignals(False)
        header.setSortIndicatorShown(True)
        # Switching sorting on re-announces the indicator; the model sees nothing new to do.
        self._table.setSortingEnabled(True)

    # ----------------------------------------------------------------- filtering

    def _filter_from_bar(self) -> QuoteFilter:
        return QuoteFilter(
            text=self._search.text().strip(),
            speaker_ids=tuple(int(v) for v in self._speaker.chosen()),
            tag_ids=tuple(int(v) for v in self._tag.chosen()),
            article_ids=tuple(int(v) for v in self._article.chosen()),
            kinds=tuple(QuoteKind(str(v)) for v in self._kind.chosen()),
            published_from=self._dates[0],
            published_to=self._dates[1],
        )

    def _apply_filter(self, requery: bool = False) -> None:
        """Query with the bar's filter if it differs from the one shown (or ``requery``)."""
        self._typing.stop()
        quote_filter = self._filter_from_bar()
        sort, descending = self._model.sort_order
        if requery or quote_filter != self._model.quote_filter:
            self._model.set_query(quote_filter, sort, descending)
        self._save_filters()
        self.filterChanged.emit(quote_filter)

    def _typed_enter(self) -> None:
        """Enter in the search box applies at once and moves to the results."""
        self._apply_filter()
        if self._model.rowCount():
            self._table.setFocus()
            if not self._table.currentIndex().isValid():
                self._table.selectRow(0)

    def _clear_filter(self) -> None:
        self.set_filter(QuoteFilter())
        self._search.setFocus()

    def _sort_changed(self, section: int, order: Qt.SortOrder) -> None:
        if not self._loaded:
            return  # the saved header's indicator; the saved order is applied on loading
        # The view asks the model to sort too, but maybe after this slot: sort first, then save
        # (the model ignores the view's request when the order is already in place).
        self._model.sort(section, order)
        self._save_filters()
        self._save_header()
        self.filterChanged.emit(self._model.quote_filter)

    def _update_clear_and_count(self) -> None:
        shown = self._model.rowCount()
        filtered = self._model.quote_filter != QuoteFilter()
        self._clear.setEnabled(filtered)
        self._export.setEnabled(shown > 0)
        if not filtered:
            self._count.setText("No quotes yet" if shown == 0 else _quotes(shown))
            return
        total = self._bridge.library.counts().quotes
        if shown == 0:
            self._count.setText(f"No match among {_quotes(total)}")
        else:
            self._count.setText(f"{shown:,} of {_quotes(total)}")

    # ----------------------------------------------------------------- refreshing

    def _library_changed(self, changes: Changes) -> None:
        """Collect what changed; refresh once the burst is over (a macro undo emits many)."""
        self._pending = self._pending | changes
        if self.isVisible():
            self._refresh_timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.ensure_loaded()
        if self._pending:
            self._refresh_timer.start()

    def _apply_pending(self) -> None:
        changes, self._pending = self._pending, Changes()
        self._refresh_timer.stop()
        if changes:
            gone = self._reload_choices(
                speakers=bool(changes.speakers),
                tags=bool(changes.tags),
                articles=bool(changes.articles),
            )
            self._reload(gone)

    def _reload(self, choice_gone: bool) -> None:
        """Query the ids again, keeping the reader's place in the table."""
        self._keep_scroll = True
        try:
            if choice_gone and self._filter_from_bar() != self._model.quote_filter:
                self._apply_filter()  # a chosen speaker, tag or article is gone
            else:
                self._model.reload()
        finally:
            self._keep_scroll = False

    def _reload_choices(self, *, speakers: bool, tags: bool, articles: bool) -> bool:
        """Refill the combos whose kind of item changed; True if a current pick vanished."""
        library = self._bridge.library
        gone = False
        if speakers:
            gone |= self._speaker.set_choices(
                [(s.id, s.name, self._swatches.icon(s.color)) for s in library.speakers.list()]
            )
        if tags:
            gone |= self._tag.set_choices([(t.id, t.name, None) for t in library.tags.list()])
        if articles:
            rows = sorted(library.articles.list(), key=lambda a: a.title.casefold())
            gone |= self._article.set_choices([(a.id, excerpt(a.title, 80), None) for a in rows])
        return gone

    def _remember_place(self) -> None:
        table, model = self._table, self._model
        current = table.currentIndex()
        top_row = table.rowAt(0)
        self._place = _Place(
            selected=self.selected_quote_ids(),
            current_id=model.quote_id(current.row()) if current.isValid() else None,
            current_row=current.row() if current.isValid() else -1,
            top_id=model.quote_id(top_row) if top_row >= 0 else None,
            top_row=top_row,
            scroll=table.verticalScrollBar().value(),
        )

    def _model_was_reset(self) -> None:
        """Put the selection, the current row and the scroll position back where they were."""
        place, model, table = self._place, self._model, self._table
        selection_model = table.selectionModel()
        rows = sorted(r for r in (model.row_of(i) for i in place.selected) if r is not None)
        current = model.row_of(place.current_id) if place.current_id is not None else None
        if self._keep_scroll and not rows and place.selected and model.rowCount():
            # Everything selected was deleted: select the row that took its place, so the
            # reporter can press Delete again or carry on from there.
            current = min(place.current_row if place.current_row >= 0 else 0, model.rowCount() - 1)
            rows = [current]
        selection = QItemSelection()
        for first, last in _runs(rows):
            selection.select(model.index(first, 0), model.index(last, model.columnCount() - 1))
        selection_model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if current is not None:
            selection_model.setCurrentIndex(
                model.index(current, 0), QItemSelectionModel.SelectionFlag.NoUpdate
            )
        if self._keep_scroll:
            new_top = model.row_of(place.top_id) if place.top_id is not None else None
            if new_top is None or new_top == place.top_row:
                table.verticalScrollBar().setValue(place.scroll)
            else:
                table.scrollTo(model.index(new_top, 0), QAbstractItemView.ScrollHint.PositionAtTop)
        elif current is not None:
            table.scrollTo(model.index(current, 0), QAbstractItemView.ScrollHint.PositionAtCenter)
        else:
            table.scrollToTop()
        self._update_clear_and_count()

    # ----------------------------------------------------------------- actions

    def _activate_row(self, row: int) -> None:
        if 0 <= row < self._model.rowCount():
            self.quoteActivated.emit(self._model.quote_id(row))

    def _activate_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self._activate_row(index.row())

    def _show_menu(self, position: QPoint) -> None:
        menu = self.context_menu()
        if menu is not None:
            menu.exec(self._table.viewport().mapToGlobal(position))
            menu.deleteLater()

    def context_menu(self) -> QMenu | None:
        """The table's right-click menu for the current selection (None when nothing is)."""
        ids = self.selected_quote_ids()
        if not ids:
            return None
        menu = QMenu(self)
        open_action = menu.addAction("Open in Reader")
        open_action.setEnabled(len(ids) == 1)
        open_action.triggered.connect(lambda: self.quoteActivated.emit(ids[0]))
        label = "Export Citation…" if len(ids) == 1 else f"Export {len(ids):,} Citations…"
        menu.addAction(label).triggered.connect(self.exportRequested)
        menu.addSeparator()
        label = "Delete Quote" if len(ids) == 1 else f"Delete {len(ids):,} Quotes"
        delete_action = menu.addAction(label)
        delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        delete_action.triggered.connect(self.delete_selected)
        return menu

    # ----------------------------------------------------------------- settings

    def _save_filters(self) -> None:
        sort, descending = self._model.sort_order
        self._settings.set_json(
            ALL_QUOTES_FILTERS, _filter_to_json(self._model.quote_filter, sort, descending)
        )

    def _save_header(self) -> None:
        self._settings.set(
            ALL_QUOTES_HEADER, QByteArray(self._table.horizontalHeader().saveState())
        )


def _quotes(count: int) -> str:
    return "1 quote" if count == 1 else f"{count:,} quotes"


def _runs(rows: Sequence[int]) -> list[tuple[int, int]]:
    """Sorted rows as (first, last) runs, so a 10,000-row selection is a handful of ranges."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and row == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


def _filter_to_json(quote_filter: QuoteFilter, sort: QuoteSort, descending: bool) -> dict[str, Any]:
    return {
        "text": quote_filter.text,
        "speaker_ids": list(quote_filter.speaker_ids),
        "tag_ids": list(quote_filter.tag_ids),
        "article_ids": list(quote_filter.article_ids),
        "kinds": [kind.value for kind in quote_filter.kinds],
        "published_from": quote_filter.published_from.isoformat()
        if quote_filter.published_from
        else None,
        "published_to": quote_filter.published_to.isoformat()
        if quote_filter.published_to
        else None,
        "sort": sort.value,
        "descending": descending,
    }


def _filter_from_json(saved: dict[str, Any]) -> tuple[QuoteFilter, QuoteSort, bool]:
    """Read the saved filters leniently: anything malformed falls back to its default."""

    def ids(key: str) -> tuple[int, ...]:
        value = saved.get(key)
        if not isinstance(value, list):
            return ()
        return tuple(v for v in value if isinstance(v, int) and not isinstance(v, bool))

    def day(key: str) -> date | None:
        value = saved.get(key)
        try:
            return date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            return None

    kinds_raw = saved.get("kinds")
    kinds = tuple(
        QuoteKind(v)
        for v in (kinds_raw if isinstance(kinds_raw, list) else [])
        if v in {kind.value for kind in QuoteKind}
    )
    text = saved.get("text")
    sort_raw = saved.get("sort")
    sort = (
        QuoteSort(sort_raw)
        if sort_raw in {s.value for s in SORT_OF_COLUMN.values()}
        else QuoteSort.DATE
    )
    descending = saved.get("descending")
    quote_filter = QuoteFilter(
        text=text if isinstance(text, str) else "",
        speaker_ids=ids("speaker_ids"),
        tag_ids=ids("tag_ids"),
        article_ids=ids("article_ids"),
        kinds=kinds,
        published_from=day("published_from"),
        published_to=day("published_to"),
    )
    return quote_filter, sort, descending if isinstance(descending, bool) else True
