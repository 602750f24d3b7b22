"""The main window: sidebar, reader (or all quotes), the article's quotes, status bar.

The window wires widgets to each other and to the bridge; it holds no library state of its
own beyond which article is open. Every edit becomes an undo command pushed through the bridge,
and every view refreshes from the bridge's one ``changed`` signal.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QDate, QLocale, QRect, Qt, QTimer
from PySide6.QtGui import (
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from services.errors import QuotebookError
from services.readmodels import (
    ArticleInfo,
    Changes,
    QuoteDraft,
    QuoteEdit,
    QuoteFilter,
    SpeakerInfo,
    TagInfo,
)
from services.text import excerpt
from ui import settings as keys
from ui.actions import build_actions
from ui.all_quotes import AllQuotesView
from ui.bridge import LibraryBridge
from ui.commands import (
    AddQuote,
    DeleteArticle,
    DeleteQuote,
    DeleteSpeaker,
    DeleteTag,
    EditArticleMeta,
    EditQuote,
    EditSpeaker,
    MergeSpeakers,
    MergeTags,
    RenameTag,
)
from ui.dialogs.article_dialog import TYPE_LABELS, ArticleDialog
from ui.dialogs.speaker_dialog import SpeakerDialog
from ui.import_flow import ImportFlow, dropped_sources
from ui.quote_editor import QuoteEditor
from ui.quotes_panel import QuotesPanel
from ui.reader import ReaderView
from ui.search_box import SearchBox
from ui.search_results import run_search
from ui.settings import Settings
from ui.sidebar import Sidebar
from ui.style import muted
from ui.suggestion_flow import SuggestionFlow
from ui.suggestion_list import ShownSuggestion
from ui.tasks import TaskProgress, TaskRunner
from ui.welcome import WelcomePanel

if TYPE_CHECKING:
    from ui.export_flow import ExportFlow

log = logging.getLogger(__name__)

Named = TypeVar("Named", SpeakerInfo, TagInfo)


def long_date(day: date) -> str:
    """A date as the user's locale writes it in prose ("19 December 2025", "19 декабря 2025")."""
    return QLocale().toString(QDate(day.year, day.month, day.day), "d MMMM yyyy")


class ArticleHeader(QWidget):
    """Title and citation line above the reader."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(self)
        self.title.setObjectName("articleTitle")
        self.title.setWordWrap(True)
        self.details = QLabel(self)
        self.details.setObjectName("articleDetails")
        self.details.setWordWrap(True)
        muted(self.details)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(24, 18, 24, 4)
        self._layout.setSpacing(2)
        self._layout.addWidget(self.title)
        self._layout.addWidget(self.details)

    def align(self, left: int, right: int) -> None:
        """Line the title up with the reader's text column."""
        margins = self._layout.contentsMargins()
        self._layout.setContentsMargins(left, margins.top(), right, margins.bottom())

    def show_article(self, article: ArticleInfo | None) -> None:
        if article is None:
            self.title.clear()
            self.details.clear()
            return
        meta = article.meta
        self.title.setText(meta.title)
        parts = [
            meta.outlet,
            long_date(meta.published) if meta.published else "",
            ", ".join(meta.authors),
            TYPE_LABELS.get(meta.csl_type, meta.csl_type),
            meta.language.upper(),
        ]
        self.details.setText("  ·  ".join(p for p in parts if p))


class MainWindow(QMainWindow):
    def __init__(
        self,
        bridge: LibraryBridge,
        settings: Settings,
        runner: TaskRunner | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("Quotebook")
        self.setAcceptDrops(True)
        self.bridge = bridge
        self.library = bridge.library
        self.settings = settings
        self.article: ArticleInfo | None = None
        self._editing: tuple[int, int] | int | ShownSuggestion | None = None
        self._focus_after_editor: QWidget | None = None
        self._sized = False

        self.actions_by_id = build_actions(self)
        self.sidebar = Sidebar(self.library, self)
        self.welcome = WelcomePanel(self)
        self.reader_page = QWidget(self)
        self.reader_page.setObjectName("readerPage")
        self.header = ArticleHeader(self.reader_page)
        self.reader = ReaderView(self.reader_page)
        self.reader.quote_action = self.actions_by_id["quote"]
        self.reader.columnChanged.connect(self.header.align)
        self.reader_page.setAutoFillBackground(True)
        self.reader_page.setPalette(self.reader.palette())
        page = QVBoxLayout(self.reader_page)
        page.setContentsMargins(0, 0, 0, 0)
        page.setSpacing(0)
        page.addWidget(self.header)
        page.addWidget(self.reader, 1)
        self.editor = QuoteEditor(self.reader_page)
        self.all_quotes = AllQuotesView(bridge, settings, self)
        self.stack = QStackedWidget(self)
        for widget in (self.welcome, self.reader_page, self.all_quotes):
            self.stack.addWidget(widget)
        self.quotes_panel = QuotesPanel(self)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.stack)
        self.splitter.addWidget(self.quotes_panel)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([250, 760, 330])
        self.setCentralWidget(self.splitter)

        self.counts = QLabel(self)
        self.progress = TaskProgress(self)
        self.statusBar().addWidget(self.counts, 1)
        self.statusBar().addPermanentWidget(self.progress)
        self.runner = runner or TaskRunner(self.progress, self)
        if runner is not None:
            runner.progress = self.progress
        self.importer = ImportFlow(
            bridge,
            self.runner,
            settings,
            self,
            status=lambda text: self.statusBar().showMessage(text, 6000),
            show_error=self.show_error,
        )

        self._exporter: ExportFlow | None = None  # made on first use: see ``exporter``

        self.suggester = SuggestionFlow(
            bridge,
            self.runner,
            settings,
            self,
            status=lambda text: self.statusBar().showMessage(text, 6000),
            show_error=self.show_error,
        )

        library = self.library
        self.search = SearchBox(lambda query: run_search(library, query), self)

        self._build_menus()
        self._connect()
        self.resize(1340, 820)
        self._restore_settings()
        self._update_counts()
        self._reopen_last_article()

    @property
    def exporter(self) -> ExportFlow:
        """The export flow, made (and its dialogs and export options imported) on first use:
        start-up does not pay for what only an export needs."""
        if self._exporter is None:
            from ui.export_flow import ExportFlow  # noqa: PLC0415 - see the docstring

            self._exporter = ExportFlow(
                self.bridge,
                self.runner,
                self.settings,
                self,
                status=lambda text: self.statusBar().showMessage(text, 8000),
                show_error=self.show_error,
            )
        return self._exporter

    # ================================================================= building

    def _build_menus(self) -> None:
        a = self.actions_by_id
        undo = self.bridge.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcuts(QKeySequence.StandardKey.Undo)
        redo = self.bridge.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts(QKeySequence.StandardKey.Redo)
        self.undo_action, self.redo_action = undo, redo
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        for name in (
            "import",
            "import_url",
            "paste",
            "sample",
            None,
            "article_details",
            "delete_article",
            None,
            "export_pdf",
            "export_citations",
            None,
            "quit",
        ):
            file_menu.addSeparator() if name is None else file_menu.addAction(a[name])
        edit_menu = bar.addMenu("&Edit")
        edit_menu.addAction(undo)
        edit_menu.addAction(redo)
        edit_menu.addSeparator()
        for name in ("quote", "edit_quote", "delete_quote", None, "search"):
            edit_menu.addSeparator() if name is None else edit_menu.addAction(a[name])
        view_menu = bar.addMenu("&View")
        for name in (
            "reader",
            "all_quotes",
            None,
            "next_quote",
            "previous_quote",
            "next_suggestion",
            "previous_suggestion",
        ):
            view_menu.addSeparator() if name is None else view_menu.addAction(a[name])

        toolbar = QToolBar("Main", self)
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        toolbar.addAction(a["import"])
        toolbar.addAction(a["paste"])
        toolbar.addSeparator()
        toolbar.addAction(a["quote"])
        toolbar.addSeparator()
        toolbar.addAction(undo)
        toolbar.addAction(redo)
        toolbar.addSeparator()
        toolbar.addAction(a["reader"])
        toolbar.addAction(a["all_quotes"])
        spacer = QWidget(toolbar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        toolbar.addWidget(self.search.field)
        self.addToolBar(toolbar)
        for action in a.values():
            self.addAction(action)  # shortcuts work whatever has focus

    def _connect(self) -> None:
        a = self.actions_by_id
        a["import"].triggered.connect(self.import_dialog)
        a["import_url"].triggered.connect(self.importer.choose_url)
        self.importer.openRequested.connect(self.open_article)
        self.importer.detailsRequested.connect(self.edit_article)
        a["paste"].triggered.connect(self.paste_article)
        a["sample"].triggered.connect(self.open_sample)
        a["article_details"].triggered.connect(lambda: self.edit_article(self._article_id()))
        a["delete_article"].triggered.connect(lambda: self.delete_article(self._article_id()))
        a["export_pdf"].triggered.connect(lambda: self.exporter.export_pdf(self._article_id()))
        a["export_citations"].triggered.connect(self.export_citations)
        self.all_quotes.exportRequested.connect(self.export_citations)
        a["quit"].triggered.connect(self.close)
        a["quote"].triggered.connect(self.quote_selection)
        a["edit_quote"].triggered.connect(lambda: self.edit_quote(self.reader.current_quote_id))
        a["delete_quote"].triggered.connect(lambda: self.delete_quote(self.reader.current_quote_id))
        a["next_quote"].triggered.connect(lambda: self.step_quote(+1))
        a["previous_quote"].triggered.connect(lambda: self.step_quote(-1))
        a["all_quotes"].triggered.connect(self.show_all_quotes)
        a["reader"].triggered.connect(self.show_reader)
        a["next_suggestion"].triggered.connect(lambda: self.step_suggestion(+1))
        a["previous_suggestion"].triggered.connect(lambda: self.step_suggestion(-1))
        self.suggester.suggestionsChanged.connect(self._show_suggestions)
        self.reader.suggestionClicked.connect(self.quotes_panel.suggestions.select)
        self.reader.suggestionAcceptRequested.connect(self.accept_suggestion)
        self.reader.suggestionRejectRequested.connect(self.suggester.reject)
        section = self.quotes_panel.suggestions
        section.suggestionSelected.connect(self._panel_suggestion)
        section.acceptRequested.connect(self.accept_suggestion)
        section.rejectRequested.connect(self.suggester.reject)
        section.acceptAllRequested.connect(self.suggester.accept_all)
        a["search"].triggered.connect(self.search.focus)
        self.search.quoteChosen.connect(self.open_quote)
        self.search.matchChosen.connect(self.open_match)
        self.search.dismissed.connect(self._search_dismissed)

        self.bridge.changed.connect(self.on_changed)
        self.bridge.failed.connect(self.show_error)
        self.sidebar.articleSelected.connect(self.open_article)
        self.sidebar.allQuotesRequested.connect(self.show_all_quotes)
        self.sidebar.speakerAction.connect(self.speaker_action)
        self.sidebar.tagAction.connect(self.tag_action)
        self.sidebar.articleAction.connect(self.article_action)
        self.welcome.importRequested.connect(self.import_dialog)
        self.welcome.pasteRequested.connect(self.paste_article)
        self.welcome.sampleRequested.connect(self.open_sample)
        self.reader.quoteClicked.connect(self._reader_clicked)
        self.reader.quoteRequested.connect(self.quote_selection)
        self.reader.editRequested.connect(self.edit_quote)
        self.reader.deleteRequested.connect(self.delete_quote)
        self.quotes_panel.quoteSelected.connect(self._panel_selected)
        self.quotes_panel.editRequested.connect(self.edit_quote)
        self.quotes_panel.deleteRequested.connect(self.delete_quote)
        self.editor.accepted.connect(self._editor_accepted)
        self.editor.cancelled.connect(self._editor_cancelled)
        self.all_quotes.quoteActivated.connect(self.open_quote)

    # ================================================================= settings

    def _restore_settings(self) -> None:
        geometry = self.settings.get(keys.WINDOW_GEOMETRY)
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
        state = self.settings.get(keys.WINDOW_STATE)
        if not state.isEmpty():
            self.restoreState(state)
        splitter = self.settings.get(keys.MAIN_SPLITTER)
        if not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        sidebar = self.settings.get(keys.SIDEBAR_SPLITTER)
        if not sidebar.isEmpty():
            self.sidebar.splitter.restoreState(sidebar)

    def save_settings(self) -> None:
        self.settings.set(keys.WINDOW_GEOMETRY, self.saveGeometry())
        self.settings.set(keys.WINDOW_STATE, self.saveState())
        self.settings.set(keys.MAIN_SPLITTER, self.splitter.saveState())
        self.settings.set(keys.SIDEBAR_SPLITTER, self.sidebar.splitter.saveState())
        self.settings.set(keys.LAST_ARTICLE, self._article_id())
        self.settings.store.sync()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.settings.get(keys.MAIN_SPLITTER).isEmpty() and not self._sized:
            self._sized = True
            # After the first layout pass, or the splitter spreads its own size over these.
            QTimer.singleShot(0, self._initial_sizes)

    def _initial_sizes(self) -> None:
        self.splitter.setSizes([270, max(400, self.width() - 620), 350])

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        self.runner.cancel()
        self.runner.wait(5000)
        self.search.shutdown()
        # Undo commands refer back to the bridge that owns their stack; emptying it now breaks
        # that cycle while everything is alive, instead of whenever the collector gets to it
        # (which can tear Qt objects down in an order Qt does not expect).
        self.bridge.undo_stack.clear()
        super().closeEvent(event)

    def _reopen_last_article(self) -> None:
        last = self.settings.get(keys.LAST_ARTICLE)
        if last and self.sidebar.articles.row_of(last) >= 0:
            self.open_article(last)
        else:
            self._show_home()

    # ================================================================= navigation

    def _article_id(self) -> int:
        return self.article.id if self.article else 0

    def _show_home(self) -> None:
        """The welcome panel on an empty library, else the first article."""
        if self.sidebar.articles.rowCount() == 0:
            self._close_article()
            self.stack.setCurrentWidget(self.welcome)
            self.quotes_panel.hide()
        else:
            self.open_article(self.sidebar.articles.item_id(0))

    def _close_article(self) -> None:
        self.article = None
        self.editor.hide()
        self.reader.show_article(None, [])
        self.suggester.show_article(None)
        self.header.show_article(None)
        self.quotes_panel.set_quotes([], None)

    def open_article(self, article_id: int, quote_id: int = 0) -> None:
        try:
            article = self.library.articles.get(article_id)
            quotes = self.library.quotes.for_article(article_id)
        except QuotebookError as error:
            self.show_error(str(error))
            return
        self.editor.hide()
        self.article = article
        self.header.show_article(article)
        self.reader.show_article(article, quotes)
        self.quotes_panel.set_quotes(quotes, article.meta.title)
        self.suggester.show_article(article)
        self.sidebar.select_article(article_id)
        self.settings.set(keys.LAST_ARTICLE, article_id)
        self.show_reader()
        if quote_id:
            self._select_quote(quote_id, scroll=True)

    def open_quote(self, quote_id: int) -> None:
        """Open the article a quote is in, at the quote (from All quotes)."""
        try:
            quote = self.library.quotes.get(quote_id)
        except QuotebookError as error:
            self.show_error(str(error))
            return
        self.open_article(quote.article_id, quote_id)

    def open_match(self, article_id: int, start: int, end: int) -> None:
        """Open an article with a search match selected and scrolled into view."""
        self.open_article(article_id)
        if self.article is None or self.article.id != article_id:
            return
        length = len(self.article.text)
        start, end = max(0, min(start, length)), max(0, min(end, length))
        self.reader.scroll_to(start)
        self.reader.select_span(start, max(start, end))
        self.reader.setFocus()

    def _search_dismissed(self) -> None:
        """Esc in an empty search box: back to the reader or the table."""
        current = self.stack.currentWidget()
        target = self.reader if current is self.reader_page else current
        if target is not None:
            target.setFocus()

    def show_reader(self) -> None:
        if self.article is None:
            self._show_home()
            if self.article is None:
                return
        self.stack.setCurrentWidget(self.reader_page)
        self.sidebar.all_quotes.setChecked(False)
        self.quotes_panel.show()
        self.reader.setFocus()

    def show_all_quotes(self, filters: QuoteFilter | None = None) -> None:
        self.editor.hide()
        if filters is not None:
            self.all_quotes.set_filter(filters)
        self.stack.setCurrentWidget(self.all_quotes)
        self.sidebar.all_quotes.setChecked(True)
        self.quotes_panel.hide()

    # ================================================================= quotes

    def _select_quote(self, quote_id: int, *, scroll: bool) -> None:
        self.reader.set_current_quote(quote_id, scroll=scroll)
        self.quotes_panel.select_quote(quote_id)

    def _reader_clicked(self, quote_id: int) -> None:
        self._select_quote(quote_id, scroll=False)

    def _panel_selected(self, quote_id: int) -> None:
        self.reader.set_current_quote(quote_id, scroll=True)

    def step_quote(self, step: int) -> None:
        """Move to the next (+1) or previous (-1) quote in reading order."""
        quotes = self.reader.quotes
        if not quotes:
            return
        current = self.reader.current_quote_id
        order = [q.id for q in quotes]
        if current in order:
            index = (order.index(current) + step) % len(order)
        else:
            position = self.reader.offsets.from_qt(self.reader.textCursor().position())
            later = [i for i, q in enumerate(quotes) if q.start >= position]
            index = (later[0] if later else 0) if step > 0 else (later[0] - 1 if later else -1)
        self._select_quote(order[index], scroll=True)

    def _anchor(self, start: int, end: int) -> QRect:
        rect = self.reader.span_rect(start, end)
        top_left = self.reader.viewport().mapTo(self.reader_page, rect.topLeft())
        return QRect(top_left, rect.size())

    def quote_selection(self) -> None:
        if self.article is None or self.stack.currentWidget() is not self.reader_page:
            self.statusBar().showMessage("Open an article and select the words to quote.", 4000)
            return
        span = self.reader.selection_span()
        if span is None:
            self.statusBar().showMessage("Select the words to quote first.", 4000)
            return
        suggested = self.reader.selected_suggestion()
        if suggested is not None:
            self.accept_suggestion(suggested)  # its words, chosen as a suggestion: prefilled
            return
        self._editing = span
        self.editor.open_for(
            words=self.article.text[span[0] : span[1]],
            speakers=self.library.speakers.list(),
            tag_names=self.library.tags.names(),
            anchor=self._anchor(*span),
        )

    def edit_quote(self, quote_id: int) -> None:
        quote = self.reader.quote(quote_id)
        if quote is None:
            return
        self._editing = quote_id
        self._select_quote(quote_id, scroll=True)
        self.editor.open_for(
            words=quote.text,
            speakers=self.library.speakers.list(),
            tag_names=self.library.tags.names(),
            anchor=self._anchor(quote.start, quote.end),
            existing=QuoteEdit(quote.speaker_name, quote.kind, quote.tags, quote.note),
        )

    def _editor_accepted(self, edit: QuoteEdit) -> None:
        editing, self._editing = self._editing, None
        if self.article is None or editing is None:
            return
        if isinstance(editing, ShownSuggestion):
            self.suggester.accept(editing, edit)
            self._after_suggestion_editor()
            return
        if isinstance(editing, tuple):
            command = AddQuote(QuoteDraft(self.article.id, editing[0], editing[1], edit))
            if self.bridge.push(command) and command.quote_id:
                self._clear_selection()
                self._select_quote(command.quote_id, scroll=False)
        else:
            quote = self.reader.quote(editing)
            if quote is not None:
                before = QuoteEdit(quote.speaker_name, quote.kind, quote.tags, quote.note)
                if before != edit:
                    self.bridge.push(EditQuote(editing, before, edit))
        self.reader.setFocus()

    def _editor_cancelled(self) -> None:
        editing, self._editing = self._editing, None
        if isinstance(editing, ShownSuggestion):
            self._after_suggestion_editor()
            return
        self.reader.setFocus()

    # ================================================================= suggestions

    def _show_suggestions(self, items: list[ShownSuggestion]) -> None:
        """New suggestions for the open article; if one was being worked through, the next
        one (in the row the decided one left) becomes current, so Delete, Delete, Enter… walks
        down the list."""
        section = self.quotes_panel.suggestions
        following = self.reader.current_suggestion is not None or section.view.hasFocus()
        self.reader.set_suggestions(items)
        self.quotes_panel.set_suggestions(items)
        if following and self.reader.current_suggestion is None:
            upcoming = section.current()
            if upcoming is not None and not self.editor.isVisible():
                self.reader.set_current_suggestion(upcoming)

    def _panel_suggestion(self, item: ShownSuggestion) -> None:
        self.reader.set_current_suggestion(item)
        self.quotes_panel.select_quote(0)

    def step_suggestion(self, step: int) -> None:
        """Move to the next (+1) or previous (-1) suggestion in reading order."""
        items = self.reader.suggestions
        if not items or self.article is None:
            return
        current = self.reader.current_suggestion
        if current in items:
            index = (items.index(current) + step) % len(items)
        else:
            position = self.reader.offsets.from_qt(self.reader.textCursor().position())
            later = [i for i, item in enumerate(items) if item.start >= position]
            index = (later[0] if later else 0) if step > 0 else (later[0] - 1 if later else -1)
        self.show_reader()
        self.reader.set_current_suggestion(items[index])
        self.quotes_panel.suggestions.select(items[index])
        self.reader.setFocus()

    def accept_suggestion(self, item: ShownSuggestion) -> None:
        """Open the quote editor on a suggestion, filled with its speaker and kind: Enter
        saves it as proposed, or the speaker is changed first."""
        if self.article is None:
            return
        self._focus_after_editor = QApplication.focusWidget()
        self.reader.set_current_suggestion(item)
        self.quotes_panel.suggestions.select(item)
        self._editing = item
        self.editor.open_for(
            words=item.suggestion.text,
            speakers=self.library.speakers.list(),
            tag_names=self.library.tags.names(),
            anchor=self._anchor(item.start, item.end),
            existing=QuoteEdit(item.speaker, item.suggestion.kind),
            heading=f"Accept suggestion ({item.details})",
        )

    def _after_suggestion_editor(self) -> None:
        """Back where the journalist was (the reader or the list), on the next suggestion."""
        target, self._focus_after_editor = self._focus_after_editor, None
        upcoming = self.quotes_panel.suggestions.current()
        if upcoming is not None:
            self.reader.set_current_suggestion(upcoming)
        (target if target is not None and target.isVisible() else self.reader).setFocus()

    def _clear_selection(self) -> None:
        cursor = self.reader.textCursor()
        cursor.clearSelection()
        self.reader.setTextCursor(cursor)

    def delete_quote(self, quote_id: int) -> None:
        quote = self.reader.quote(quote_id)
        if quote is not None:
            self.bridge.push(DeleteQuote(quote_id, quote.text))
            self.statusBar().showMessage("Quote deleted — Undo brings it back.", 4000)

    # ================================================================= library changes

    def on_changed(self, changes: Changes) -> None:
        self.sidebar.refresh(changes)
        self._update_counts()
        if self.article is None:
            if (
                self.sidebar.articles.rowCount() and self.stack.currentWidget() is self.welcome
            ) or not self.sidebar.articles.rowCount():
                self._show_home()
            return
        article_id = self.article.id
        if self.sidebar.articles.row_of(article_id) < 0:  # the open article was deleted
            self._close_article()
            if self.stack.currentWidget() is self.reader_page:
                self._show_home()
            return
        if article_id in changes.articles:
            self.article = self.library.articles.get(article_id)
            self.header.show_article(self.article)
        if changes.quotes or changes.speakers or changes.tags or article_id in changes.articles:
            quotes = self.library.quotes.for_article(article_id)
            self.reader.set_quotes(quotes)
            self.quotes_panel.set_quotes(quotes, self.article.meta.title)
            self.quotes_panel.select_quote(self.reader.current_quote_id)

    def _update_counts(self) -> None:
        counts = self.library.counts()

        def n(count: int, word: str) -> str:
            return f"{count:,} {word}{'' if count == 1 else 's'}"

        self.counts.setText(
            "   ·   ".join(
                [
                    n(counts.articles, "article"),
                    n(counts.quotes, "quote"),
                    n(counts.speakers, "speaker"),
                    n(counts.tags, "tag"),
                ]
            )
        )

    def show_error(self, text: str) -> None:
        QMessageBox.warning(self, "Quotebook", text)

    # ================================================================= sidebar actions

    def speaker_action(self, action: str, speaker_id: int) -> None:
        try:
            info = self.library.speakers.get(speaker_id)
        except QuotebookError as error:
            self.show_error(str(error))
            return
        if action == "quotes":
            self.show_all_quotes(QuoteFilter(speaker_ids=(speaker_id,)))
        elif action == "export":
            self._export_filtered(QuoteFilter(speaker_ids=(speaker_id,)), f"by {info.name}")
        elif action == "edit":
            dialog = SpeakerDialog(info.fields, self)
            if dialog.exec() and (fields := dialog.value()) is not None and fields != info.fields:
                self.bridge.push(EditSpeaker(speaker_id, info.fields, fields))
        elif action == "merge":
            others = [s for s in self.library.speakers.list() if s.id != speaker_id]
            prompt = (
                f"Merge “{info.name}” into — its quotes move there and its name becomes an alias:"
            )
            chosen = self._choose(f"speaker {info.name!r}", "Merge Speaker", prompt, others)
            if chosen is not None:
                self.bridge.push(MergeSpeakers(speaker_id, chosen.id, info.name, chosen.name))
        elif action == "delete":
            self.bridge.push(DeleteSpeaker(speaker_id, info.name))

    def tag_action(self, action: str, tag_id: int) -> None:
        try:
            info = self.library.tags.get(tag_id)
        except QuotebookError as error:
            self.show_error(str(error))
            return
        if action == "quotes":
            self.show_all_quotes(QuoteFilter(tag_ids=(tag_id,)))
        elif action == "export":
            self._export_filtered(QuoteFilter(tag_ids=(tag_id,)), f"tagged “{info.name}”")
        elif action == "edit":
            name, ok = QInputDialog.getText(self, "Rename Tag", "New name:", text=info.name)
            if ok and name.strip() and name.strip() != info.name:
                self.bridge.push(RenameTag(tag_id, info.name, name.strip()))
        elif action == "merge":
            others = [t for t in self.library.tags.list() if t.id != tag_id]
            prompt = f"Merge “{info.name}” into:"
            chosen_tag = self._choose(f"tag {info.name!r}", "Merge Tag", prompt, others)
            if chosen_tag is not None:
                self.bridge.push(MergeTags(tag_id, chosen_tag.id, info.name, chosen_tag.name))
        elif action == "delete":
            self.bridge.push(DeleteTag(tag_id, info.name))
            self.statusBar().showMessage(f"Tag “{info.name}” deleted — Undo brings it back.", 4000)

    def _choose(self, item: str, title: str, prompt: str, others: list[Named]) -> Named | None:
        """Ask which of ``others`` to merge into; None if there is none or the user cancels."""
        if not others:
            self.show_error(f"{item}: there is nothing else to merge it into")
            return None
        names = [other.name for other in others]
        chosen, ok = QInputDialog.getItem(self, title, prompt, names, 0, False)
        return others[names.index(chosen)] if ok and chosen in names else None

    def article_action(self, action: str, article_id: int) -> None:
        if action == "edit":
            self.edit_article(article_id)
        elif action == "delete":
            self.delete_article(article_id)
        elif action == "export":
            self.exporter.export_pdf(article_id)

    def edit_article(self, article_id: int) -> None:
        if not article_id:
            return
        try:
            before = self.library.articles.summary(article_id).meta
        except QuotebookError as error:
            self.show_error(str(error))
            return
        dialog = ArticleDialog(before, self)
        if dialog.exec() and (after := dialog.value()) is not None and after != before:
            self.bridge.push(EditArticleMeta(article_id, before, after))

    def delete_article(self, article_id: int) -> None:
        if not article_id:
            return
        summary = self.library.articles.summary(article_id)
        if self.bridge.push(DeleteArticle(article_id, summary.title)):
            self.statusBar().showMessage(
                f"“{excerpt(summary.title, 50)}” deleted — Undo brings it back.", 5000
            )

    # ================================================================= export

    def export_citations(self) -> None:
        """Export the quotes in view: All Quotes' selection or filter, else the open article's,
        else every quote in the library."""
        if self.stack.currentWidget() is self.all_quotes:
            self.exporter.export_citations(*self.all_quotes.export_scope())
        elif self.article is not None:
            title = self.article.meta.title
            ids = [quote.id for quote in self.reader.quotes]
            scope = f"The {_quotes(len(ids))} of “{excerpt(title, 60)}”."
            self.exporter.export_citations(ids, scope, f"Quotes – {title}")
        else:
            self._export_filtered(QuoteFilter(), "in the library")

    def _export_filtered(self, quote_filter: QuoteFilter, what: str) -> None:
        ids = self.library.quotes.ids(quote_filter)
        scope = f"All {_quotes(len(ids))} {what}."
        name = "Quotes" if quote_filter == QuoteFilter() else f"Quotes {what}"
        self.exporter.export_citations(ids, scope, name)

    # ================================================================= import

    def import_dialog(self) -> None:
        self.importer.choose_files()

    def import_paths(self, paths: list[Path]) -> None:
        """Import files in the background; a single new article opens with its details."""
        self.importer.start(paths)

    def paste_article(self) -> None:
        self.importer.paste()

    def open_sample(self) -> None:
        self.importer.add_sample()

    # ================================================================= drag and drop

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if dropped_sources(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        sources = dropped_sources(event.mimeData())
        if sources:
            event.acceptProposedAction()
            self.importer.start(sources)


def _quotes(count: int) -> str:
    return "1 quote" if count == 1 else f"{count:,} quotes"
