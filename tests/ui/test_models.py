"""Every Qt item model of the reader and sidebar passes pytest-qt's model tester."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester

from services.library import Library
from services.readmodels import ArticleMeta, QuoteDraft, QuoteEdit, SpeakerFields
from ui.quotes_panel import ID_ROLE, QUOTE_ROLE, ArticleQuotesModel
from ui.sidebar_models import SECONDARY_ROLE, ArticleListModel, SpeakerListModel, TagListModel


def fill(library: Library) -> int:
    text = "Первый абзац 🎉.\n\n«Мы справимся», — сказала мэр.\n\n“We will,” he said."
    article = library.articles.add(text, ArticleMeta("Статья", outlet="Газета")).summary.id
    library.speakers.create(
        SpeakerFields("Анна Петрова", role="мэр", confidential=True, public_label="a source")
    )
    for words, speaker, tags in (
        ("Мы справимся", "Анна Петрова", ("город",)),
        ("We will", "John Smith", ("pier", "city")),
    ):
        start = text.index(words)
        library.quotes.add(
            QuoteDraft(article, start, start + len(words), QuoteEdit(speaker, tags=tags))
        )
    return article


def test_article_quotes_model(
    qtmodeltester: ModelTester, qapp: QApplication, library: Library
) -> None:
    article = fill(library)
    model = ArticleQuotesModel()
    model.set_quotes(library.quotes.for_article(article))
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    index = model.index(0)
    assert index.data(Qt.ItemDataRole.DisplayRole) == "Мы справимся"
    assert index.data(QUOTE_ROLE).speaker_name == "Анна Петрова"
    assert model.row_of(index.data(ID_ROLE)) == 0
    assert "город" in index.data(Qt.ItemDataRole.ToolTipRole)


def test_sidebar_models(qtmodeltester: ModelTester, qapp: QApplication, library: Library) -> None:
    fill(library)
    articles = ArticleListModel(library)
    speakers = SpeakerListModel(library)
    tags = TagListModel(library)
    for model in (articles, speakers, tags):
        model.reload()
    for model in (articles, speakers, tags):
        qtmodeltester.check(model)
    assert articles.index(0).data(SECONDARY_ROLE) == "Газета · 2 quotes"
    names = [speakers.index(r).data(Qt.ItemDataRole.DisplayRole) for r in range(2)]
    assert names == ["John Smith", "Анна Петрова"]
    assert "confidential" in speakers.index(1).data(SECONDARY_ROLE)
    assert speakers.index(1).data(Qt.ItemDataRole.DecorationRole) is not None
    assert [tags.index(r).data(Qt.ItemDataRole.DisplayRole) for r in range(3)] == [
        "city",
        "pier",
        "город",
    ]
