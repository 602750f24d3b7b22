"""Exporting from the window: menus, the sidebar and All Quotes, save, settings, open, failures.

Dialogs are answered by patching their ``exec``; the save dialog, the "open it now?" question
and the desktop's URL opener are patched too. The files are written by the real services.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, QUrl
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox, QPushButton

from models.tables import QuoteKind
from services.export.options import CitationFormat, GroupBy, QuoteChoice
from services.library import Library
from services.progress import CancelledError, TaskContext
from services.readmodels import ArticleMeta, QuoteEdit, QuoteFilter, SpeakerFields
from tests.ui.conftest import Errors
from ui import settings as keys
from ui.dialogs.citations_dialog import CitationsDialog
from ui.dialogs.export_pdf_dialog import AnnotatedPdfDialog
from ui.main_window import MainWindow
from ui.settings import Settings

TEXT = (
    "Совет одобрил план пирса\n\n"
    "«Пирс — это парадный вход города», — сказала мэр Рут Пенхаллоу.\n\n"
    "Engineer Tomás Ibarra said the columns had lost a third of their thickness.\n\n"
    "“We designed it for the sea of 1885,” Ibarra added. <b>Not bold.</b>"
)


@pytest.fixture(autouse=True)
def own_styles_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr("services.export.styles.user_styles_dir", lambda: tmp_path / "styles")


@pytest.fixture
def article_id(library: Library) -> int:
    """The pier article with three quotes by two speakers, one confidential; made before the
    window opens, so the window starts on it."""
    added = library.articles.add(TEXT, ArticleMeta("Совет одобрил план пирса", language="ru"))
    article = added.summary.id
    for words, speaker, tags, kind in (
        ("Пирс — это парадный вход города", "Рут Пенхаллоу", ("пирс",), QuoteKind.DIRECT),
        ("the columns had lost a third", "Tomás Ibarra", ("engineering",), QuoteKind.INDIRECT),
        ("We designed it for the sea of 1885", "Tomás Ibarra", (), QuoteKind.DIRECT),
    ):
        library.quotes.add_text(article, words, 1, QuoteEdit(speaker, kind, tags))
    ibarra = library.speakers.resolve("Tomás Ibarra")
    library.speakers.update(
        ibarra.id,
        SpeakerFields(
            "Tomás Ibarra", color=ibarra.color, confidential=True, public_label="an engineer"
        ),
    )
    return article


class Desktop:
    """What the window asked the desktop and the user after an export."""

    def __init__(self) -> None:
        self.opened: list[Path] = []
        self.questions: list[str] = []
        self.answer = QMessageBox.StandardButton.Open
        self.saves: list[str] = []
        self.save_as: Callable[[str], str] = lambda offered: offered


@pytest.fixture
def desktop(monkeypatch: pytest.MonkeyPatch) -> Desktop:
    seen = Desktop()

    def save(_parent: object, _title: str, offered: str, _filter: str) -> tuple[str, str]:
        seen.saves.append(offered)
        return seen.save_as(offered), ""

    def question(_parent: object, _title: str, text: str, *_args: Any) -> Any:
        seen.questions.append(text)
        return seen.answer

    def open_url(url: QUrl) -> bool:
        seen.opened.append(Path(url.toLocalFile()))
        return True

    monkeypatch.setattr("ui.export_flow.QFileDialog.getSaveFileName", save)
    monkeypatch.setattr("ui.export_flow.QMessageBox.question", question)
    monkeypatch.setattr("ui.export_flow.QDesktopServices.openUrl", open_url)
    return seen


def answer_dialog(
    monkeypatch: pytest.MonkeyPatch, dialog: type, change: Callable[[Any], None] = lambda _d: None
) -> list[Any]:
    """Make ``dialog`` accept at once after ``change``; returns the dialogs shown."""
    shown: list[Any] = []

    def run(self: Any) -> int:
        shown.append(self)
        change(self)
        return 1

    monkeypatch.setattr(dialog, "exec", run)
    return shown


@pytest.fixture
def exporting(
    article_id: int, window: MainWindow, tmp_path: Path, settings: Settings
) -> MainWindow:
    window.exporter.preview_in_background = False
    settings.set(keys.LAST_EXPORT_FOLDER, str(tmp_path))
    assert window.article is not None and window.article.id == article_id
    return window


def is_pdf(path: Path) -> bool:
    from pypdf import PdfReader

    return path.read_bytes().startswith(b"%PDF-") and len(PdfReader(path).pages) >= 1


def test_export_actions_are_in_the_file_menu(window: MainWindow) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    assert isinstance(file_menu, QMenu)
    names = [action.objectName() for action in file_menu.actions()]
    assert "action_export_pdf" in names and "action_export_citations" in names
    shortcut = window.actions_by_id["export_pdf"].shortcut()
    assert shortcut == QKeySequence("Ctrl+Shift+E")


def test_export_pdf_of_the_open_article(
    exporting: MainWindow,
    desktop: Desktop,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    settings: Settings,
    errors: Errors,
) -> None:
    shown = answer_dialog(monkeypatch, AnnotatedPdfDialog)
    exporting.actions_by_id["export_pdf"].trigger()
    [dialog] = shown
    assert dialog.summary.text() == "All 3 quotes of the article will be exported."
    assert dialog.reveal.isEnabled() and not dialog.reveal.isChecked()
    target = tmp_path / "Совет одобрил план пирса.pdf"
    assert desktop.saves == [str(target)]
    assert is_pdf(target)
    assert desktop.opened == [target]
    assert "Open it now?" in desktop.questions[0]
    assert str(target) in exporting.statusBar().currentMessage()
    assert settings.get(keys.LAST_EXPORT_FOLDER) == str(tmp_path)
    assert settings.get_json(keys.EXPORT_PDF_CHOICES)["paper"] == "a4"
    assert errors == []


def test_export_pdf_from_the_sidebar_with_choices(
    exporting: MainWindow,
    desktop: Desktop,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    settings: Settings,
    article_id: int,
) -> None:
    folder = tmp_path / "desk"
    folder.mkdir()
    desktop.save_as = lambda _offered: str(folder / "pier for the editor")  # no extension typed
    desktop.answer = QMessageBox.StandardButton.Close

    def choose(dialog: AnnotatedPdfDialog) -> None:
        dialog.paper.set_value("letter")
        dialog.kinds.set_checked(["direct"])

    shown = answer_dialog(monkeypatch, AnnotatedPdfDialog, choose)
    exporting.sidebar.articleAction.emit("export", article_id)
    assert shown[0].choice() == QuoteChoice(kinds=(QuoteKind.DIRECT,))
    assert shown[0].summary.text() == "2 of 3 quotes will be exported."
    assert is_pdf(folder / "pier for the editor.pdf")
    assert desktop.opened == []
    assert settings.get(keys.LAST_EXPORT_FOLDER) == str(folder)
    # The next export starts where this one left off.
    again = answer_dialog(monkeypatch, AnnotatedPdfDialog)
    exporting.actions_by_id["export_pdf"].trigger()
    assert again[0].paper.value().value == "letter"
    assert desktop.saves[-1].startswith(str(folder))


def test_cancelling_the_dialog_or_the_save_writes_nothing(
    exporting: MainWindow, desktop: Desktop, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(AnnotatedPdfDialog, "exec", lambda _self: 0)
    exporting.actions_by_id["export_pdf"].trigger()
    assert desktop.saves == []
    answer_dialog(monkeypatch, AnnotatedPdfDialog)
    desktop.save_as = lambda _offered: ""
    exporting.actions_by_id["export_pdf"].trigger()
    assert len(desktop.saves) == 1
    assert not list(tmp_path.glob("*.pdf"))
    assert desktop.questions == []


def test_a_failed_export_is_reported(
    exporting: MainWindow, desktop: Desktop, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
    errors: Errors,
) -> None:  # fmt: skip
    answer_dialog(monkeypatch, AnnotatedPdfDialog)
    missing = tmp_path / "gone" / "pier.pdf"
    desktop.save_as = lambda _offered: str(missing)
    exporting.actions_by_id["export_pdf"].trigger()
    assert len(errors) == 1 and str(missing) in errors[0]
    assert desktop.questions == []
    assert not missing.parent.exists()


def test_a_cancelled_export_says_so(exporting: MainWindow, errors: Errors) -> None:
    def work(context: TaskContext) -> Path:
        raise CancelledError

    exporting.exporter._run("Exporting the PDF", work)
    assert "cancelled" in exporting.statusBar().currentMessage()
    assert errors == []


# ------------------------------------------------------------------------------- citations


def select_rows(window: MainWindow, *rows: int) -> None:
    table = window.all_quotes.table
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in rows:
        table.selectionModel().select(window.all_quotes.model.index(row, 0), flags)


def test_all_quotes_exports_its_selection_or_its_filter(
    exporting: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[tuple[list[int], str, str]] = []
    monkeypatch.setattr(
        exporting.exporter, "export_citations", lambda ids, scope, name: asked.append(
            (list(ids), scope, name)
        )
    )  # fmt: skip
    ibarra = exporting.library.speakers.resolve("Tomás Ibarra").id
    exporting.show_all_quotes(QuoteFilter(speaker_ids=(ibarra,)))
    exporting.actions_by_id["export_citations"].trigger()
    ids = exporting.library.quotes.ids(QuoteFilter(speaker_ids=(ibarra,)))
    assert asked[-1][0] == exporting.all_quotes.model.quote_ids
    assert sorted(asked[-1][0]) == sorted(ids)
    assert asked[-1][1].startswith("All 2 quotes matching the filters")
    select_rows(exporting, 1)
    button = exporting.all_quotes.findChild(QPushButton, "exportQuotesButton")
    assert button is not None
    button.click()
    assert asked[-1][:2] == (
        [exporting.all_quotes.model.quote_ids[1]],
        "The quote selected in All Quotes.",
    )
    menu = exporting.all_quotes.context_menu()
    assert menu is not None
    [export] = [a for a in menu.actions() if a.text().startswith("Export")]
    export.trigger()
    assert len(asked) == 3
    exporting.show_all_quotes(QuoteFilter())
    exporting.all_quotes.table.clearSelection()
    exporting.actions_by_id["export_citations"].trigger()
    assert asked[-1][1] == "All 3 quotes in the library."


def test_speaker_tag_and_article_scopes(
    exporting: MainWindow, monkeypatch: pytest.MonkeyPatch, article_id: int
) -> None:
    asked: list[tuple[list[int], str]] = []
    monkeypatch.setattr(
        exporting.exporter,
        "export_citations",
        lambda ids, scope, _name: asked.append((sorted(ids), scope)),
    )
    library = exporting.library
    ibarra = library.speakers.resolve("Tomás Ibarra")
    exporting.sidebar.speakerAction.emit("export", ibarra.id)
    assert asked[-1] == (
        sorted(library.quotes.ids(QuoteFilter(speaker_ids=(ibarra.id,)))),
        "All 2 quotes by Tomás Ibarra.",
    )
    tag = library.tags.resolve("пирс")
    exporting.sidebar.tagAction.emit("export", tag.id)
    assert asked[-1][1] == "All 1 quote tagged “пирс”."
    exporting.show_reader()
    exporting.actions_by_id["export_citations"].trigger()
    assert asked[-1] == (
        sorted(q.id for q in library.quotes.for_article(article_id)),
        "The 3 quotes of “Совет одобрил план пирса”.",
    )


def test_export_citations_writes_the_chosen_format(
    exporting: MainWindow,
    desktop: Desktop,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    settings: Settings,
) -> None:
    def choose(dialog: CitationsDialog) -> None:
        assert "«Пирс — это парадный вход города»" in dialog.preview_pane.toPlainText()
        assert "Tomás Ibarra" not in dialog.preview_pane.toPlainText()
        dialog.format.set_value(CitationFormat.CSV)
        dialog.group_by.set_value(GroupBy.ARTICLE)

    shown = answer_dialog(monkeypatch, CitationsDialog, choose)
    exporting.show_all_quotes(QuoteFilter())
    select_rows(exporting, 0, 2)
    exporting.all_quotes.exportRequested.emit()
    assert shown[0].scope.text() == "The 2 quotes selected in All Quotes."
    target = tmp_path / "Selected quotes.csv"
    assert desktop.saves == [str(target)]
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 2
    assert desktop.opened == [target]
    saved = settings.get_json(keys.EXPORT_CITATIONS_CHOICES)
    assert (saved["format"], saved["group_by"]) == ("csv", "article")
    again = answer_dialog(monkeypatch, CitationsDialog)
    exporting.all_quotes.exportRequested.emit()
    assert again[0].format.value() is CitationFormat.CSV
    assert not again[0].reveal.isChecked()  # never remembered
