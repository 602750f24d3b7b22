"""The reader on a long article: overlays only near the view, following it as it moves.

Qt lays text out lazily; an overlay far down a long article would make it lay out everything
above, so the reader hands Qt only the quotes in and near the view.
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextFormat
from pytestqt.qtbot import QtBot

from services.library import Library
from services.readmodels import QuoteDraft, QuoteEdit, QuoteInfo
from tests.services.factories import add_article
from ui.reader import HIGHLIGHT_MARGIN, ReaderView

PARAGRAPH = "The council met again on the pier 😀 and nobody agreed on anything at all."
PARAGRAPHS = 600


@pytest.fixture
def long_read(library: Library) -> tuple[int, list[QuoteInfo]]:
    text = "\n\n".join(f"{n}. {PARAGRAPH}" for n in range(PARAGRAPHS))
    article_id = add_article(library, text, "A long hearing")
    stored = library.articles.get(article_id).text
    for n in range(0, PARAGRAPHS, 3):
        start = stored.index(f"{n}. The council") + len(f"{n}. ")
        draft = QuoteDraft(article_id, start, start + len("The council met"), QuoteEdit("Ruth"))
        library.quotes.add(draft)
    return article_id, library.quotes.for_article(article_id)


@pytest.fixture
def reader(qtbot: QtBot) -> ReaderView:
    view = ReaderView()
    qtbot.addWidget(view)
    view.resize(700, 500)
    view.show()
    qtbot.waitExposed(view)
    return view


def _highlighted(view: ReaderView) -> list[str]:
    return [selection.cursor.selectedText() for selection in view.extraSelections()]


def test_only_quotes_near_the_view_get_overlays(
    library: Library, long_read: tuple[int, list[QuoteInfo]], reader: ReaderView
) -> None:
    article_id, quotes = long_read
    reader.show_article(library.articles.get(article_id), quotes)
    drawn = _highlighted(reader)
    assert drawn and all(text == "The council met" for text in drawn)
    assert len(drawn) < len(quotes) // 2, "the far end of the article has none yet"
    first, last = reader.visible_span()
    margin = max(HIGHLIGHT_MARGIN, last - first)
    low, high = first - margin, last + margin
    near = [q for q in quotes if q.start < high and q.end > low]
    assert len(drawn) == len(near)


def test_overlays_follow_the_view_to_the_last_quote(
    library: Library, long_read: tuple[int, list[QuoteInfo]], reader: ReaderView
) -> None:
    article_id, quotes = long_read
    reader.show_article(library.articles.get(article_id), quotes)
    last = quotes[-1]
    reader.set_current_quote(last.id)
    first_seen, last_seen = reader.visible_span()
    assert first_seen <= last.start <= last_seen, "scrolled to it, though Qt had not laid it out"
    selections = reader.extraSelections()
    assert selections[-1].cursor.selectedText() == "The council met"
    assert selections[-1].format.hasProperty(QTextFormat.Property.OutlinePen), "current"
    covered = {reader.offsets.from_qt(s.cursor.selectionStart()) for s in selections}
    assert last.start in covered
    assert quotes[0].start not in covered, "nor is the top of the article kept highlighted"

    reader.verticalScrollBar().setValue(0)  # the user scrolls back up
    covered = {reader.offsets.from_qt(s.cursor.selectionStart()) for s in reader.extraSelections()}
    assert quotes[0].start in covered
