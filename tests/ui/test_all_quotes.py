"""The all-quotes view: filters, service-side sorting, lazy loading, live refresh and delete."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QIcon
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from sqlalchemy import insert

from models.engine import fold_text
from models.tables import Quote, QuoteKind, QuoteTag, Tag
from services.library import Library
from services.quotes import QuoteSort
from services.readmodels import (
    ArticleMeta,
    QuoteDraft,
    QuoteEdit,
    QuoteFilter,
    QuoteInfo,
    SpeakerFields,
)
from ui.all_quotes import AllQuotesView
from ui.bridge import LibraryBridge
from ui.commands import AddQuote, DeleteQuote, EditSpeaker
from ui.quote_table_model import (
    PAGE_SIZE,
    SORT_OF_COLUMN,
    Column,
    QuoteIdRole,
    QuoteTableModel,
)
from ui.settings import ALL_QUOTES_FILTERS, Settings

SPEAKERS = ("Алексей Мартынов", "Ирина Соколова", "Margaret O'Neill", "David Reyes", "山本 武")
TAGS = ("тарифы", "экономика", "harbour", "budget", "Япония")
SENTENCES = (
    "Пошлины вырастут уже в этом году",
    "Мы не будем повышать налоги для малого бизнеса",
    "We were never consulted about the harbour",
    "The expansion creates four hundred jobs 🚢",
    "「日本との協力は新しい段階に入った」",
    "ПОШЛИНЫ — это налог на потребителя",
)
KINDS = (QuoteKind.DIRECT, QuoteKind.INDIRECT, QuoteKind.PARAPHRASE)
DATES = (date(2024, 3, 14), date(2023, 11, 2), None, date(2024, 1, 22))


@dataclass(frozen=True)
class Filled:
    """What :func:`fill` created, to pick filter values from."""

    speaker_ids: tuple[int, ...]
    tag_ids: tuple[int, ...]
    article_ids: tuple[int, ...]


def fill(library: Library, count: int, articles: int = 4) -> Filled:
    """``count`` quotes over a few articles, speakers and tags, inserted in one transaction.

    Speakers and articles go through their services; the quotes (the bulk) are inserted
    directly so a 5,000-quote library takes a fraction of a second to build.
    """
    speaker_ids = tuple(library.speakers.create(SpeakerFields(name=n)).id for n in SPEAKERS)
    per_article: list[list[tuple[int, str]]] = [[] for _ in range(articles)]
    for k in range(count):
        per_article[k % articles].append((k, f"{SENTENCES[k % len(SENTENCES)]} ({k})"))
    stamp = datetime.now(UTC)
    quote_rows: list[dict[str, Any]] = []
    spans: list[tuple[int, int, int, int, str]] = []
    article_ids: list[int] = []
    for a, quotes in enumerate(per_article):
        text = " ".join(sentence for _, sentence in quotes) + "\n"
        meta = ArticleMeta(title=f"Статья {a}: interview", published=DATES[a % len(DATES)])
        article_id = library.articles.add(text, meta).summary.id
        article_ids.append(article_id)
        position = 0
        for k, sentence in quotes:
            spans.append((k, article_id, position, position + len(sentence), sentence))
            position += len(sentence) + 1
    with library.session() as session:
        tags = [Tag(name=name, name_key=fold_text(name)) for name in TAGS]
        session.add_all(tags)
        session.flush()
        tag_ids = tuple(tag.id for tag in tags if tag.id is not None)
        links: list[dict[str, int]] = []
        for k, article_id, start, end, sentence in sorted(spans):
            quote_id = k + 1
            quote_rows.append(
                {
                    "id": quote_id,
                    "article_id": article_id,
                    "speaker_id": speaker_ids[(k * 7) % len(speaker_ids)],
                    "start": start,
                    "end": end,
                    "text": sentence,
                    "context_before": "",
                    "context_after": "",
                    "kind": KINDS[(k // 2) % len(KINDS)].value,
                    "note": "проверить цифры" if k % 10 == 0 else "",
                    "created_at": stamp,
                    "updated_at": stamp,
                }
            )
            links.append({"quote_id": quote_id, "tag_id": tag_ids[k % len(tag_ids)]})
            if k % 3 == 0:
                links.append({"quote_id": quote_id, "tag_id": tag_ids[(k + 2) % len(tag_ids)]})
        session.execute(insert(Quote), quote_rows)
        session.execute(insert(QuoteTag), links)
    return Filled(speaker_ids, tag_ids, tuple(article_ids))


@pytest.fixture
def bridge(library: Library) -> LibraryBridge:
    return LibraryBridge(library)


@pytest.fixture
def filled(library: Library) -> Filled:
    return fill(library, 300)


@pytest.fixture
def make_view(
    qtbot: QtBot, bridge: LibraryBridge, settings: Settings
) -> Iterator[Callable[[], AllQuotesView]]:
    def make() -> AllQuotesView:
        view = AllQuotesView(bridge, settings)
        qtbot.addWidget(view)
        view.resize(1100, 600)
        view.show()
        qtbot.waitExposed(view)
        return view

    yield make


@pytest.fixture
def view(make_view: Callable[[], AllQuotesView], filled: Filled) -> AllQuotesView:
    return make_view()


def expected_ids(library: Library, view: AllQuotesView, quote_filter: QuoteFilter) -> list[int]:
    sort, descending = view.model.sort_order
    return library.quotes.ids(quote_filter, sort, descending)


def shown_ids(view: AllQuotesView) -> list[int]:
    model = view.model
    return [model.data(model.index(row, 0), QuoteIdRole) for row in range(model.rowCount())]


def select_rows(view: AllQuotesView, rows: Sequence[int]) -> None:
    model, selection = view.model, view.table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    selection.clearSelection()
    for row in rows:
        selection.select(model.index(row, 0), flags)
    selection.setCurrentIndex(model.index(rows[0], 0), QItemSelectionModel.SelectionFlag.NoUpdate)


# --------------------------------------------------------------------------- the model


@pytest.mark.parametrize("page_size", [PAGE_SIZE, 37])
def test_model_passes_the_qt_model_tester(
    qtmodeltester: Any, library: Library, filled: Filled, page_size: int
) -> None:
    model = QuoteTableModel(library, page_size=page_size, max_pages=2)
    model.set_query(QuoteFilter(), QuoteSort.DATE, False)
    assert model.rowCount() == 300
    qtmodeltester.check(model)
    for row in range(0, model.rowCount(), 11):  # wander through pages, evicting as we go
        assert model.data(model.index(row, Column.QUOTE))


def test_model_cells_tooltips_and_swatches(qapp: Any, library: Library) -> None:
    words = "He said <b>never</b> again.\nSecond line."
    article = library.articles.add(
        f"Intro. {words}", ArticleMeta(title="Harbour  vote", published=date(2024, 5, 1))
    ).summary
    library.quotes.add(
        QuoteDraft(
            article.id,
            7,
            7 + len(words),
            QuoteEdit("Margaret O'Neill", QuoteKind.PARAPHRASE, ("harbour", "vote"), "check <i>"),
        )
    )
    model = QuoteTableModel(library)
    model.set_query(QuoteFilter(), QuoteSort.DATE, False)
    quote = library.quotes.list()[0]

    def cell(column: Column, role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole) -> Any:
        return model.data(model.index(0, column), role)

    assert cell(Column.QUOTE) == "He said <b>never</b> again. Second line."  # one line
    assert cell(Column.SPEAKER) == "Margaret O'Neill"
    assert cell(Column.ARTICLE) == "Harbour vote"
    assert cell(Column.DATE) == "2024-05-01"
    assert cell(Column.TAGS) == "harbour, vote"
    assert cell(Column.KIND) == "Paraphrase"
    tip = cell(Column.QUOTE, Qt.ItemDataRole.ToolTipRole)
    assert "&lt;b&gt;never&lt;/b&gt;" in tip and "<br>" in tip and "check &lt;i&gt;" in tip
    assert isinstance(cell(Column.SPEAKER, Qt.ItemDataRole.DecorationRole), QIcon)
    assert cell(Column.QUOTE, Qt.ItemDataRole.DecorationRole) is None
    assert all(cell(column, QuoteIdRole) == quote.id for column in Column)
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Quote"
    assert model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsSelectable
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable


# --------------------------------------------------------------------------- filters


def test_text_filter_is_case_insensitive_in_russian(
    qtbot: QtBot, view: AllQuotesView, library: Library
) -> None:
    for letter in "пошлины":  # as typed (QTest's key clicks only know ASCII)
        view.search_box.insert(letter)
    assert view.model.rowCount() == 300  # debounced: nothing filtered before the timer fires
    wanted = QuoteFilter(text="пошлины")
    qtbot.waitUntil(lambda: view.model.quote_filter == wanted)
    ids = shown_ids(view)
    assert ids == expected_ids(library, view, wanted)
    texts = [q.text for q in library.quotes.rows(ids).values()]
    assert any(t.startswith("ПОШЛИНЫ") for t in texts)
    assert any(t.startswith("Пошлины") for t in texts)
    assert all("пошлины" in t.casefold() for t in texts)
    assert view.current_filter() == wanted


@pytest.mark.parametrize("which", ["speaker", "tag", "article", "kind"])
def test_each_combo_filters(
    view: AllQuotesView, library: Library, filled: Filled, which: str
) -> None:
    combo = {
        "speaker": view._speaker,
        "tag": view._tag,
        "article": view._article,
        "kind": view._kind,
    }[which]
    assert combo.itemText(0).startswith("Any ")
    combo.setCurrentIndex(2)  # as a user's pick
    value = combo.itemData(2)[0]
    wanted = {
        "speaker": lambda: QuoteFilter(speaker_ids=(value,)),
        "tag": lambda: QuoteFilter(tag_ids=(value,)),
        "article": lambda: QuoteFilter(article_ids=(value,)),
        "kind": lambda: QuoteFilter(kinds=(QuoteKind(value),)),
    }[which]()
    assert view.current_filter() == wanted
    ids = shown_ids(view)
    assert 0 < len(ids) < 300
    assert ids == expected_ids(library, view, wanted)
    assert view._count.text() == f"{len(ids)} of 300 quotes"
    view._clear.click()
    assert view.current_filter() == QuoteFilter()
    assert view.model.rowCount() == 300
    assert view._count.text() == "300 quotes"


def test_set_filter_from_the_sidebar(view: AllQuotesView, library: Library, filled: Filled) -> None:
    first, second = filled.speaker_ids[:2]
    view.set_filter(QuoteFilter(speaker_ids=(first,)))
    assert view._speaker.currentText() == library.speakers.get(first).name
    assert shown_ids(view) == expected_ids(library, view, QuoteFilter(speaker_ids=(first,)))
    both = QuoteFilter(speaker_ids=(first, second), tag_ids=(filled.tag_ids[0],))
    view.set_filter(both)
    assert view.current_filter() == both
    assert library.speakers.get(second).name in view._speaker.currentText()
    assert shown_ids(view) == expected_ids(library, view, both)


# --------------------------------------------------------------------------- sorting


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("column", list(Column))
def test_sorting_by_each_column_is_the_service_order(
    view: AllQuotesView, library: Library, column: Column, descending: bool
) -> None:
    order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
    view.table.sortByColumn(column, order)
    assert view.model.sort_order == (SORT_OF_COLUMN[column], descending)
    assert shown_ids(view) == library.quotes.ids(QuoteFilter(), SORT_OF_COLUMN[column], descending)


def test_clicking_a_header_sorts(qtbot: QtBot, view: AllQuotesView, library: Library) -> None:
    header = view.table.horizontalHeader()
    x = header.sectionViewportPosition(Column.SPEAKER) + header.sectionSize(Column.SPEAKER) // 2
    position = header.rect().center()
    position.setX(x)
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=position)
    sort, descending = view.model.sort_order
    assert sort == QuoteSort.SPEAKER
    assert shown_ids(view) == library.quotes.ids(QuoteFilter(), QuoteSort.SPEAKER, descending)


# --------------------------------------------------------------------------- lazy loading


def test_only_visible_pages_are_fetched(
    qtbot: QtBot,
    make_view: Callable[[], AllQuotesView],
    library: Library,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fill(library, 5000, articles=20)
    fetched: list[int] = []
    real_rows = library.quotes.rows

    def spy(ids: Sequence[int]) -> dict[int, QuoteInfo]:
        fetched.append(len(ids))
        return real_rows(ids)

    monkeypatch.setattr(library.quotes, "rows", spy)
    view = make_view()
    view.grab()  # paint the visible rows
    assert view.model.rowCount() == 5000
    assert view._count.text() == "5,000 quotes"
    assert 1 <= len(fetched) <= 2
    assert sum(fetched) <= 2 * PAGE_SIZE
    view.table.scrollToBottom()
    view.grab()
    assert len(fetched) <= 4
    assert sum(fetched) <= 4 * PAGE_SIZE


# --------------------------------------------------------------------------- live refresh


def test_delete_undo_and_redo_update_the_table(
    qtbot: QtBot, view: AllQuotesView, bridge: LibraryBridge, library: Library
) -> None:
    victim = shown_ids(view)[5]
    assert bridge.push(DeleteQuote(victim, "victim"))
    qtbot.waitUntil(lambda: view.model.rowCount() == 299)
    assert victim not in shown_ids(view)
    bridge.undo_stack.undo()
    qtbot.waitUntil(lambda: view.model.rowCount() == 300)
    assert shown_ids(view)[5] == victim
    bridge.undo_stack.redo()
    qtbot.waitUntil(lambda: view.model.rowCount() == 299)
    assert view._count.text() == "299 quotes"


def test_refresh_keeps_selection_and_scroll(
    qtbot: QtBot, view: AllQuotesView, bridge: LibraryBridge
) -> None:
    view.table.scrollTo(view.model.index(150, 0), view.table.ScrollHint.PositionAtTop)
    select_rows(view, [155])
    keep = shown_ids(view)[155]
    top_before = view.table.rowAt(0)
    assert bridge.push(DeleteQuote(shown_ids(view)[250], "elsewhere"))
    qtbot.waitUntil(lambda: view.model.rowCount() == 299)
    assert view.selected_quote_ids() == [keep]
    assert view.table.rowAt(0) == top_before


def test_speaker_combo_follows_renames_and_new_speakers(
    qtbot: QtBot, view: AllQuotesView, bridge: LibraryBridge, library: Library, filled: Filled
) -> None:
    speaker = library.speakers.get(filled.speaker_ids[2])
    view.set_filter(QuoteFilter(speaker_ids=(speaker.id,)))
    renamed = replace(speaker.fields, name="Maggie O'Neill")
    assert bridge.push(EditSpeaker(speaker.id, speaker.fields, renamed))
    qtbot.waitUntil(lambda: view._speaker.currentText() == "Maggie O'Neill")
    assert view.current_filter() == QuoteFilter(speaker_ids=(speaker.id,))
    article = filled.article_ids[0]
    assert bridge.push(AddQuote(QuoteDraft(article, 0, 5, QuoteEdit("Новый Спикер"))))
    qtbot.waitUntil(lambda: view._speaker.findText("Новый Спикер") > 0)
    assert view._speaker.currentText() == "Maggie O'Neill"


def test_a_hidden_view_refreshes_when_shown(
    qtbot: QtBot, view: AllQuotesView, bridge: LibraryBridge
) -> None:
    view.hide()
    assert bridge.push(DeleteQuote(shown_ids(view)[0], "first"))
    qtbot.wait(20)  # no assertion on time: only that nothing is reloaded while hidden
    assert view.model.rowCount() == 300
    view.show()
    qtbot.waitUntil(lambda: view.model.rowCount() == 299)


# --------------------------------------------------------------------------- settings


def test_filters_and_sort_are_restored_in_a_new_view(
    make_view: Callable[[], AllQuotesView],
    library: Library,
    filled: Filled,
    settings: Settings,
) -> None:
    first = make_view()
    wanted = QuoteFilter(
        text="пошлины", speaker_ids=(filled.speaker_ids[1],), kinds=(QuoteKind.DIRECT,)
    )
    first.set_filter(wanted)
    first.table.sortByColumn(Column.ARTICLE, Qt.SortOrder.DescendingOrder)
    assert settings.get_json(ALL_QUOTES_FILTERS)["sort"] == "article"
    first.close()

    second = make_view()
    assert second.current_filter() == wanted
    assert second.search_box.text() == "пошлины"
    assert second.model.sort_order == (QuoteSort.ARTICLE, True)
    header = second.table.horizontalHeader()
    assert header.sortIndicatorSection() == Column.ARTICLE
    assert header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
    assert shown_ids(second) == library.quotes.ids(wanted, QuoteSort.ARTICLE, True)


def test_unreadable_saved_filters_fall_back_to_everything(
    make_view: Callable[[], AllQuotesView], settings: Settings, filled: Filled
) -> None:
    settings.set_json(
        ALL_QUOTES_FILTERS,
        {"text": 5, "speaker_ids": ["x", 999], "kinds": ["shouted"], "sort": "nonsense"},
    )
    view = make_view()
    assert view.current_filter() == QuoteFilter()
    assert view.model.rowCount() == 300


# --------------------------------------------------------------------------- keys and mouse


def test_delete_key_removes_the_selection_and_one_undo_restores_it(
    qtbot: QtBot, view: AllQuotesView, bridge: LibraryBridge, library: Library
) -> None:
    select_rows(view, [3, 4, 9])
    chosen = view.selected_quote_ids()
    assert len(chosen) == 3
    view.table.setFocus()
    QTest.keyClick(view.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: view.model.rowCount() == 297)
    assert not library.quotes.rows(chosen)
    assert bridge.undo_stack.count() == 1
    # The row that took the first deleted quote's place is selected, ready for the next Delete.
    assert len(view.selected_quote_ids()) == 1
    bridge.undo_stack.undo()
    qtbot.waitUntil(lambda: view.model.rowCount() == 300)
    assert sorted(library.quotes.rows(chosen)) == sorted(chosen)


def test_double_click_and_enter_activate_a_quote(qtbot: QtBot, view: AllQuotesView) -> None:
    index = view.model.index(7, Column.ARTICLE)
    wanted = shown_ids(view)[7]
    center = view.table.visualRect(index).center()
    with qtbot.waitSignal(view.quoteActivated) as blocker:
        # A real double-click: the first click presses the row, the second is the double one.
        QTest.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=center)
        QTest.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=center)
    assert blocker.args == [wanted]
    select_rows(view, [2])
    view.table.setFocus()
    with qtbot.waitSignal(view.quoteActivated) as blocker:
        QTest.keyClick(view.table, Qt.Key.Key_Return)
    assert blocker.args == [shown_ids(view)[2]]


def test_selected_ids_follow_table_order(view: AllQuotesView) -> None:
    select_rows(view, [10, 2, 5])
    ids = shown_ids(view)
    assert view.selected_quote_ids() == [ids[2], ids[5], ids[10]]
    view.table.clearSelection()
    assert view.selected_quote_ids() == []


def test_set_filter_sees_a_speaker_created_while_hidden(
    qtbot: QtBot, view: AllQuotesView, bridge: LibraryBridge, library: Library, filled: Filled
) -> None:
    view.hide()
    assert bridge.push(AddQuote(QuoteDraft(filled.article_ids[0], 0, 5, QuoteEdit("Новый Спикер"))))
    speaker = library.speakers.resolve("Новый Спикер")
    view.set_filter(QuoteFilter(speaker_ids=(speaker.id,)))
    assert view._speaker.currentText() == "Новый Спикер"
    assert view.model.rowCount() == 1


def test_context_menu_deletes_the_selection(
    qtbot: QtBot, view: AllQuotesView, bridge: LibraryBridge
) -> None:
    assert view.context_menu() is None  # nothing selected, nothing to offer
    select_rows(view, [0, 1])
    menu = view.context_menu()
    assert menu is not None
    actions = {action.text(): action for action in menu.actions() if action.text()}
    assert set(actions) == {"Open in Reader", "Export 2 Citations…", "Delete 2 Quotes"}
    assert not actions["Open in Reader"].isEnabled()
    actions["Delete 2 Quotes"].trigger()
    qtbot.waitUntil(lambda: view.model.rowCount() == 298)
    bridge.undo_stack.undo()
    qtbot.waitUntil(lambda: view.model.rowCount() == 300)
