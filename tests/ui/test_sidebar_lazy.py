"""The sidebar's lists load lazily and follow every edit and undo without a reset."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from services.articles import NewArticle
from services.library import Library
from services.readmodels import (
    ArticleMeta,
    ArticleSummary,
    Changes,
    QuoteDraft,
    QuoteEdit,
    SpeakerFields,
)
from tests.ui.conftest import write
from ui.bridge import LibraryBridge
from ui.commands import AddQuote, DeleteArticle, EditArticleMeta, EditSpeaker
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.sidebar_models import ID_ROLE, PAGE_SIZE, SECONDARY_ROLE, LazyListModel, runs
from ui.tasks import SynchronousTaskRunner, TaskProgress


class Source:
    """Ids and rows (strings) as a service would give them, counting what is asked."""

    def __init__(self, count: int) -> None:
        self.items = {n: f"item {n}" for n in range(1, count + 1)}
        self.order = list(self.items)
        self.id_calls = 0
        self.row_calls: list[list[int]] = []

    def ids(self) -> list[int]:
        self.id_calls += 1
        return list(self.order)

    def rows(self, ids: Sequence[int]) -> dict[int, str]:
        self.row_calls.append(list(ids))
        return {i: self.items[i] for i in ids if i in self.items}


class Model(LazyListModel[str]):  # type: ignore[type-var]  # any row type will do here
    def item_data(self, item: str, role: int) -> object:
        return item if role == Qt.ItemDataRole.DisplayRole else None


def make(source: Source, **paging: int) -> Model:
    model = Model(source.ids, source.rows, **paging)  # type: ignore[arg-type]
    model.reload()
    return model


def shown(model: Model) -> list[str]:
    return [model.index(row).data() for row in range(model.rowCount())]


def test_rows_are_fetched_a_page_at_a_time(qapp: QApplication) -> None:
    source = Source(1_000)
    model = make(source, page_size=50, cache_limit=100)
    assert model.rowCount() == 1_000
    assert source.row_calls == []  # counting rows reads ids only
    assert model.index(7).data(ID_ROLE) == 8
    assert source.row_calls == []  # so does asking for an id
    assert model.index(7).data() == "item 8"
    assert source.row_calls == [list(range(1, 51))]
    assert model.index(49).data() == "item 50"
    assert len(source.row_calls) == 1
    assert model.index(520).data() == "item 521"
    assert source.row_calls[-1] == list(range(501, 551))
    model.index(999).data()
    # Three pages were fetched but only a hundred rows are kept: the first page went first.
    assert len(source.row_calls) == 3
    model.index(0).data()
    assert len(source.row_calls) == 4
    assert model.row_of(521) == 520
    assert model.row_of(5_000) == -1


def test_a_vanished_row_is_asked_for_once(qapp: QApplication) -> None:
    source = Source(10)
    model = make(source)
    del source.items[3]
    assert model.index(2).data() is None
    assert model.index(2).data(ID_ROLE) == 3
    assert model.row_info(2) is None
    assert len(source.row_calls) == 1


def test_changes_become_insertions_removals_and_moves(
    qtmodeltester: ModelTester, qapp: QApplication
) -> None:
    source = Source(30)
    model = make(source, page_size=10)
    qtmodeltester.check(model)
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    kept = QPersistentModelIndex(model.index(20))

    # Rows 3–5 and 25 go; 100 and 101 arrive at the top.
    source.order = [100, 101, *(n for n in source.order if n not in {3, 4, 5, 25})]
    source.items.update({100: "item 100", 101: "item 101"})
    with_signals: list[str] = []
    model.rowsRemoved.connect(lambda *_: with_signals.append("removed"))
    model.rowsInserted.connect(lambda *_: with_signals.append("inserted"))
    model.update()
    assert with_signals == ["removed", "removed", "inserted"]
    assert shown(model)[:4] == ["item 100", "item 101", "item 1", "item 2"]
    assert kept.row() == model.row_of(21) and kept.data() == "item 21"

    # A rename: the same ids in another order is a move, and the renamed row is fetched again.
    source.items[1] = "item 1, renamed"
    source.order.remove(1)
    source.order.append(1)
    moved: list[bool] = []
    model.layoutChanged.connect(lambda *_: moved.append(True))
    model.update([1])
    assert moved == [True]
    assert shown(model)[-1] == "item 1, renamed"
    assert kept.data() == "item 21"
    assert resets == []

    # Everything stale (a quote moved counts): no reset, just fresh rows on the next paint.
    source.items[2] = "item 2, recounted"
    model.update(all_rows=True)
    assert model.index(model.row_of(2)).data() == "item 2, recounted"
    assert resets == []
    qtmodeltester.check(model)


def test_runs() -> None:
    assert runs([]) == []
    assert runs([1, 2, 3, 7, 9, 10]) == [(1, 3), (7, 7), (9, 10)]


# ------------------------------------------------------------------------ in the window


@pytest.fixture
def many(library: Library) -> list[int]:
    """Five hundred articles: more than a few pages of the sidebar's list."""
    stored = library.articles.add_many(
        [NewArticle(f"Text {n} 🎉", ArticleMeta(f"Article {n:03}")) for n in range(500)]
    )
    return [r.summary.id for r in stored if not isinstance(r, Exception)]


def test_the_window_opens_a_big_library_reading_one_page(
    qtbot: QtBot,
    library: Library,
    settings: Settings,
    many: list[int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[int] = []
    original = library.articles.rows

    def rows(ids: Sequence[int]) -> dict[int, ArticleSummary]:
        asked.extend(ids)
        return original(ids)

    def whole_list() -> list[ArticleSummary]:
        raise AssertionError("the window read every article")

    monkeypatch.setattr(library.articles, "rows", rows)
    monkeypatch.setattr(library.articles, "list", whole_list)
    window = MainWindow(LibraryBridge(library), settings, SynchronousTaskRunner(TaskProgress()))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.sidebar.articles.rowCount() == 500
    assert window.sidebar.article_section.label.text() == "ARTICLES  500"
    qtbot.waitUntil(lambda: len(asked) > 0)  # the list paints its first screenful
    window.sidebar.article_view.grab()
    assert len(asked) <= 2 * PAGE_SIZE < 500
    assert window.article is not None and window.article.id == many[-1]
    window.close()


def names(model: LazyListModel) -> list[str]:  # type: ignore[type-arg]
    return [model.index(r).data() for r in range(model.rowCount())]


def test_the_lists_follow_edits_and_undo(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    sidebar = window.sidebar
    text = "Council meets 🎉\n\n“The pier is the town's front door,” said the mayor."
    window.import_paths([write(tmp_path / "council.txt", text)])
    window.import_paths([write(tmp_path / "other.txt", "Another story entirely.")])
    assert window.article is not None
    other = window.article.id
    council = sidebar.articles.item_id(1)
    titles = [window.library.articles.summary(i).title for i in (other, council)]
    assert names(sidebar.articles) == titles
    resets: list[bool] = []
    for model in (sidebar.articles, sidebar.speakers, sidebar.tags):
        model.modelReset.connect(lambda: resets.append(True))

    # A quote with a new speaker and a new tag: both lists gain a row, counts move.
    start = text.index("The pier")
    command = AddQuote(
        QuoteDraft(council, start, start + 33, QuoteEdit("Ruth Penhallow", tags=("pier",)))
    )
    assert window.bridge.push(command)
    assert names(sidebar.speakers) == ["Ruth Penhallow"]
    assert names(sidebar.tags) == ["pier"]
    assert sidebar.articles.index(1).data(SECONDARY_ROLE) == "1 quote"
    assert sidebar.speakers.index(0).data(SECONDARY_ROLE) == "1 quote"
    assert sidebar.tags.index(0).data(SECONDARY_ROLE) == "1"
    assert sidebar.speaker_section.label.text() == "SPEAKERS  1"

    # Renaming a speaker sorts it elsewhere; undo puts it back.
    mark = window.library.speakers.create(SpeakerFields("Mark Ode"))
    window.bridge.notify(Changes(speakers=frozenset({mark.id})))
    ruth = window.library.speakers.resolve("Ruth Penhallow")
    assert window.bridge.push(
        EditSpeaker(ruth.id, ruth.fields, SpeakerFields("Anna Penhallow", color=ruth.color))
    )
    assert names(sidebar.speakers) == ["Anna Penhallow", "Mark Ode"]
    window.undo_action.trigger()
    assert names(sidebar.speakers) == ["Mark Ode", "Ruth Penhallow"]

    # A title edit is seen in place; the open article stays selected.
    before = window.library.articles.summary(council).meta
    assert window.bridge.push(EditArticleMeta(council, before, replace(before, title="Pier")))
    assert names(sidebar.articles) == [titles[0], "Pier"]
    assert sidebar.current_article_id() == other

    # Deleting the quote's article removes its row and the counts; undo brings all back.
    assert window.bridge.push(DeleteArticle(council, "Pier"))
    assert names(sidebar.articles) == [titles[0]]
    assert sidebar.speakers.index(1).data(SECONDARY_ROLE) == "0 quotes"
    assert sidebar.tags.index(0).data(SECONDARY_ROLE) == "0"
    window.undo_action.trigger()
    assert names(sidebar.articles) == [titles[0], "Pier"]
    assert sidebar.speakers.index(1).data(SECONDARY_ROLE) == "1 quote"
    assert sidebar.current_article_id() == other

    # Undoing the quote takes away the speaker and the tag it created.
    for _ in range(2):
        window.undo_action.trigger()  # the title, then the quote
    assert names(sidebar.speakers) == ["Mark Ode"]
    assert names(sidebar.tags) == []
    assert sidebar.articles.index(1).data(SECONDARY_ROLE) == "0 quotes"
    assert resets == []
