"""The search box in the main window: typing, waiting, grouped results, keys, opening a match.

The search itself is the service's (tested in tests/services/search); here a small stand-in
finds plain substrings, so these tests pin down the box: when it searches, what it shows, and
where choosing a result takes the reader.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from services.library import Library
from services.readmodels import QuoteDraft, QuoteEdit
from tests.ui.conftest import type_text, write
from ui.commands import AddQuote
from ui.main_window import MainWindow
from ui.search_box import KIND_ROLE, RowKind, SearchBox, snippet_html
from ui.search_results import (
    ArticleResult,
    Highlighted,
    QuoteResult,
    SearchOutcome,
)

TEXT = (
    "Council approves pier plan 🎉\n\n"
    "“The pier is the town's front door,” said Mayor Ruth Penhallow.\n\n"
    "Engineer Tomás Ibarra said the columns had lost a third of their thickness.\n\n"
    "“We designed it for the sea of 1885,” Ibarra added. The pier <b>closes</b> in May."
)


class FakeSearch:
    """Plain case-insensitive substrings over the library's quotes and articles.

    Records every query; ``gate`` (when set) holds a search until the test releases it.
    """

    def __init__(self, library: Library) -> None:
        self.library = library
        self.queries: list[str] = []
        self.gate: threading.Event | None = None

    def __call__(self, query: str) -> SearchOutcome:
        self.queries.append(query)
        if self.gate is not None:
            self.gate.wait(10)
        needle = query.casefold()
        quotes = []
        for quote_id in self.library.quotes.ids():
            quote = self.library.quotes.get(quote_id)
            at = quote.text.casefold().find(needle)
            if at >= 0:
                snippet = Highlighted(quote.text, ((at, at + len(needle)),))
                quotes.append(
                    QuoteResult(
                        quote.id,
                        quote.article_id,
                        quote.speaker_name,
                        quote.speaker_color,
                        quote.article_title,
                        snippet,
                    )
                )
        articles = []
        for article_id in self.library.articles.ids():
            article = self.library.articles.get(article_id)
            at = article.text.casefold().find(needle)
            if at >= 0:
                begin = max(0, at - 30)
                snippet = Highlighted(
                    article.text[begin : at + 60], ((at - begin, at - begin + len(needle)),)
                )
                articles.append(
                    ArticleResult(article_id, article.meta.title, "", snippet, at, at + len(needle))
                )
        return SearchOutcome(query, tuple(quotes), tuple(articles))


@pytest.fixture
def fake(window: MainWindow) -> Iterator[FakeSearch]:
    search = FakeSearch(window.library)
    window.search._search = search
    yield search
    if search.gate is not None:
        search.gate.set()


def add_article(window: MainWindow, tmp_path: Path) -> int:
    window.import_paths([write(tmp_path / "council.txt", TEXT)])
    assert window.article is not None
    return window.article.id


def add_quote(window: MainWindow, article_id: int, words: str, speaker: str) -> int:
    start = TEXT.index(words)
    command = AddQuote(QuoteDraft(article_id, start, start + len(words), QuoteEdit(speaker)))
    assert window.bridge.push(command)
    assert command.quote_id is not None
    return command.quote_id


def settle(qtbot: QtBot, box: SearchBox) -> None:
    """Wait for the search the typing started to come back and show."""
    qtbot.waitUntil(lambda: not box.pending())
    assert box.popup.isVisible()


def kinds(box: SearchBox) -> list[RowKind]:
    model = box.popup.model
    return [RowKind(model.index(row).data(KIND_ROLE)) for row in range(model.rowCount())]


def test_typing_searches_once_the_typing_stops(
    qtbot: QtBot, window: MainWindow, fake: FakeSearch, tmp_path: Path
) -> None:
    article = add_article(window, tmp_path)
    add_quote(window, article, "The pier is the town's front door", "Ruth Penhallow")
    box = window.search
    window.actions_by_id["search"].trigger()
    qtbot.waitUntil(box.field.hasFocus)
    qtbot.keyClicks(box.field, "pier")
    # Four keys, and no search yet: the box waits for the typing to stop.
    assert fake.queries == []
    assert box.timer.isActive()
    settle(qtbot, box)
    assert fake.queries == ["pier"]
    # Quotes first, then articles, each under its header.
    assert kinds(box) == [RowKind.HEADER, RowKind.QUOTE, RowKind.HEADER, RowKind.ARTICLE]
    assert box.popup.model.index(0).data() == "QUOTES  1"
    assert box.popup.model.index(2).data() == "ARTICLES  1"
    assert not box.popup.status.isVisible()
    assert box.popup.hint.isVisible()


def test_keys_move_through_results_and_enter_opens_the_quote(
    qtbot: QtBot, window: MainWindow, fake: FakeSearch, tmp_path: Path
) -> None:
    article = add_article(window, tmp_path)
    first = add_quote(window, article, "The pier is the town's front door", "Ruth Penhallow")
    second = add_quote(window, article, "We designed it for the sea of 1885", "Tomás Ibarra")
    window.show_all_quotes()
    box = window.search
    box.focus()
    type_text(box.field, "the")
    settle(qtbot, box)
    rows = box.popup.model.selectable_rows()
    assert len(rows) == 3  # two quotes and the article
    assert box.popup.view.currentIndex().row() == rows[0]
    qtbot.keyClick(box.field, Qt.Key.Key_Down)
    assert box.popup.view.currentIndex().row() == rows[1]
    qtbot.keyClick(box.field, Qt.Key.Key_Down)
    qtbot.keyClick(box.field, Qt.Key.Key_Down)  # stays on the last
    assert box.popup.view.currentIndex().row() == rows[2]
    qtbot.keyClick(box.field, Qt.Key.Key_Up)
    chosen = box.popup.model.result(box.popup.view.currentIndex().row())
    assert isinstance(chosen, QuoteResult)
    assert chosen.quote_id in {first, second}
    qtbot.keyClick(box.field, Qt.Key.Key_Return)
    assert not box.popup.isVisible()
    assert window.stack.currentWidget() is window.reader_page
    assert window.reader.current_quote_id == chosen.quote_id


def test_an_article_result_opens_with_the_match_selected(
    qtbot: QtBot, window: MainWindow, fake: FakeSearch, tmp_path: Path
) -> None:
    article = add_article(window, tmp_path)
    box = window.search
    box.focus()
    type_text(box.field, "thickness")
    settle(qtbot, box)
    assert kinds(box) == [RowKind.HEADER, RowKind.ARTICLE]
    window.reader.select_span(0, 0)
    qtbot.keyClick(box.field, Qt.Key.Key_Enter)
    assert window.article is not None and window.article.id == article
    start = TEXT.index("thickness")
    # Code points, after an emoji that Qt counts twice.
    assert window.reader.selection_span() == (start, start + len("thickness"))
    assert window.reader.textCursor().selectedText() == "thickness"
    assert window.reader.hasFocus()


def test_no_matches_says_so_and_shows_the_syntax(
    qtbot: QtBot, window: MainWindow, fake: FakeSearch, tmp_path: Path
) -> None:
    add_article(window, tmp_path)
    box = window.search
    box.focus()
    type_text(box.field, "Токаев")
    settle(qtbot, box)
    assert box.popup.model.rowCount() == 0
    assert box.popup.status.text() == "No matches for “Токаев”."
    assert "speaker:" in box.popup.hint.text()
    assert "-word" in box.popup.hint.text()
    # Enter with nothing to open does nothing.
    qtbot.keyClick(box.field, Qt.Key.Key_Return)
    assert box.field.text() == "Токаев"


def test_escape_closes_then_clears_then_returns_to_reading(
    qtbot: QtBot, window: MainWindow, fake: FakeSearch, tmp_path: Path
) -> None:
    add_article(window, tmp_path)
    box = window.search
    box.focus()
    type_text(box.field, "pier")
    settle(qtbot, box)
    qtbot.keyClick(box.field, Qt.Key.Key_Escape)
    assert not box.popup.isVisible()
    assert box.field.text() == "pier"
    qtbot.keyClick(box.field, Qt.Key.Key_Escape)
    assert box.field.text() == ""
    with qtbot.waitSignal(box.dismissed):
        qtbot.keyClick(box.field, Qt.Key.Key_Escape)
    qtbot.waitUntil(window.reader.hasFocus)


def test_enter_before_the_results_opens_the_first_when_they_come(
    qtbot: QtBot, window: MainWindow, fake: FakeSearch, tmp_path: Path
) -> None:
    article = add_article(window, tmp_path)
    quote_id = add_quote(window, article, "We designed it for the sea of 1885", "Tomás Ibarra")
    window.show_all_quotes()
    box = window.search
    box.focus()
    type_text(box.field, "1885")
    qtbot.keyClick(box.field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.reader_page)
    assert fake.queries == ["1885"]
    assert window.reader.current_quote_id == quote_id


def test_a_late_result_for_an_older_query_is_dropped(
    qtbot: QtBot, window: MainWindow, fake: FakeSearch, tmp_path: Path
) -> None:
    add_article(window, tmp_path)
    box = window.search
    shown: list[str] = []
    box.popup.model.modelReset.connect(lambda: shown.append(box.popup.model.outcome.query))
    box.focus()
    fake.gate = threading.Event()
    type_text(box.field, "pi")
    box.start_search()  # held at the gate on the worker
    qtbot.waitUntil(lambda: fake.queries == ["pi"])
    type_text(box.field, "er")
    box.start_search()  # queued behind it
    fake.gate.set()
    qtbot.waitUntil(lambda: shown == ["pier"])
    box.pool.waitForDone(5000)
    qtbot.wait(20)  # let any late delivery arrive; it must not replace the newer results
    assert shown == ["pier"]
    assert fake.queries == ["pi", "pier"]


def test_clearing_the_box_hides_the_results(
    qtbot: QtBot, window: MainWindow, fake: FakeSearch, tmp_path: Path
) -> None:
    add_article(window, tmp_path)
    box = window.search
    box.focus()
    type_text(box.field, "pier")
    settle(qtbot, box)
    box.field.clear()
    assert not box.popup.isVisible()
    assert not box.pending()


def test_snippets_are_escaped_and_marked() -> None:
    ranges = [(18, 22), (5, 9), (6, 7), (20, 40)]  # unordered, overlapping, past the end
    snippet = Highlighted.of(_Snippet("a <b>pier</b> & 🎉 pier", ranges))
    assert snippet.ranges == ((5, 9), (18, 22))
    markup = snippet_html(snippet)
    assert "&lt;b&gt;" in markup
    assert markup.count("background-color") == 2
    assert "<b>" not in markup
    assert [piece for piece, matched in snippet.segments() if matched] == ["pier", "pier"]


class _Snippet:
    def __init__(self, text: str, highlights: list[tuple[int, int]]) -> None:
        self.text = text
        self.highlights = highlights


def test_the_real_search_finds_and_opens_in_the_reader(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """The box over the library's own search service, on its worker thread."""
    article = add_article(window, tmp_path)
    quote_id = add_quote(window, article, "We designed it for the sea of 1885", "Tomás Ibarra")
    box = window.search
    box.focus()
    type_text(box.field, "thickness")
    settle(qtbot, box)
    hits = [box.popup.model.result(row) for row in box.popup.model.selectable_rows()]
    assert len(hits) == 1
    assert isinstance(hits[0], ArticleResult)
    assert hits[0].detail == ""
    assert [piece for piece, matched in hits[0].snippet.segments() if matched] == ["thickness"]
    qtbot.keyClick(box.field, Qt.Key.Key_Return)
    start = TEXT.index("thickness")
    assert window.reader.selection_span() == (start, start + len("thickness"))

    box.focus()
    type_text(box.field, "speaker:ibarra sea")
    settle(qtbot, box)
    first = box.popup.model.result(box.popup.model.selectable_rows()[0])
    assert isinstance(first, QuoteResult)
    assert (first.quote_id, first.speaker) == (quote_id, "Tomás Ibarra")
    assert first.speaker_color
    qtbot.keyClick(box.field, Qt.Key.Key_Return)
    assert window.reader.current_quote_id == quote_id
