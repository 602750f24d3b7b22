"""The export dialogs on their own: choices in, options out, the style picker, the preview."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from models.tables import QuoteKind
from services.errors import InvalidInputError
from services.export.options import (
    AnnotatedPdfOptions,
    CitationFormat,
    CitationListOptions,
    GroupBy,
    NotePlacement,
    Paper,
    QuoteChoice,
    SortBy,
)
from services.export.styles import StyleInfo
from ui.dialogs.citations_dialog import CitationsDialog
from ui.dialogs.export_parts import LOAD_STYLE, CheckList, safe_file_name
from ui.dialogs.export_pdf_dialog import AnnotatedPdfDialog, Count

STYLES = [
    StyleInfo("apa", "American Psychological Association 7th edition", Path("apa.csl"), False),
    StyleInfo("chicago-notes-bibliography", "Chicago (notes)", Path("c.csl"), True),
]

#: Three quotes: speaker 1 (direct, tag 10), speaker 1 (indirect), speaker 2 (direct, tag 11).
QUOTES = [(1, QuoteKind.DIRECT, {10}), (1, QuoteKind.INDIRECT, set()), (2, QuoteKind.DIRECT, {11})]


def count(choice: QuoteChoice) -> int:
    return sum(
        1
        for speaker, kind, tags in QUOTES
        if (not choice.speaker_ids or speaker in choice.speaker_ids)
        and (not choice.kinds or kind in choice.kinds)
        and (not choice.tag_ids or tags & set(choice.tag_ids))
    )


def no_install(path: Path) -> StyleInfo:
    raise InvalidInputError(str(path), "not a CSL style")


def pdf_dialog(qtbot: QtBot, **overrides: Any) -> AnnotatedPdfDialog:
    arguments: dict[str, Any] = {
        "styles": STYLES,
        "install_style": no_install,
        "speakers": [Count(1, "Анна Петрова", 2, "#E69F00"), Count(2, "a source", 1, "#0072B2")],
        "tags": [Count(10, "бюджет", 1), Count(11, "tariffs", 1)],
        "kinds": [Count("direct", "Direct", 2), Count("indirect", "Indirect", 1)],
        "count": count,
        "has_confidential": True,
        **overrides,
    }
    dialog = AnnotatedPdfDialog("Интервью <b>министра</b>", **arguments)
    qtbot.addWidget(dialog)
    return dialog


def uncheck(widget: CheckList, row: int) -> None:
    widget.item(row).setCheckState(Qt.CheckState.Unchecked)


def test_pdf_dialog_defaults_to_everything(qtbot: QtBot) -> None:
    dialog = pdf_dialog(qtbot)
    assert dialog.value() == AnnotatedPdfOptions(style="apa")
    assert dialog.summary.text() == "All 3 quotes of the article will be exported."
    assert not dialog.reveal.isChecked()
    assert dialog.export_button.text() == "Export…"


def test_pdf_dialog_narrows_the_quotes(qtbot: QtBot) -> None:
    dialog = pdf_dialog(qtbot)
    uncheck(dialog.speakers, 1)
    assert dialog.summary.text() == "2 of 3 quotes will be exported."
    uncheck(dialog.kinds, 1)
    dialog.reveal.setChecked(True)
    dialog.notes.set_value(NotePlacement.ENDNOTES)
    dialog.paper.set_value("letter")
    dialog.style_choice.set_key("chicago-notes-bibliography")
    assert dialog.value() == AnnotatedPdfOptions(
        style="chicago-notes-bibliography",
        paper=Paper.LETTER,
        notes=NotePlacement.ENDNOTES,
        choice=QuoteChoice(speaker_ids=(1,), kinds=(QuoteKind.DIRECT,)),
        reveal_confidential=True,
    )
    assert dialog.summary.text() == "1 of 3 quotes will be exported."
    assert dialog.remembered() == {
        "style": "chicago-notes-bibliography",
        "paper": "letter",
        "notes": "endnotes",
    }


def test_pdf_dialog_refuses_an_empty_choice(qtbot: QtBot) -> None:
    dialog = pdf_dialog(qtbot)
    uncheck(dialog.speakers, 0)
    uncheck(dialog.speakers, 1)
    assert dialog.value() is None
    assert "at least one speaker" in dialog.error.text()
    assert not dialog.export_button.isEnabled()
    dialog.speakers.set_checked([2])
    uncheck(dialog.tags, 1)  # speaker 2's only quote has tag 11: nothing is left
    assert dialog.value() is None
    assert "No quote is left" in dialog.error.text()
    dialog.tags.set_checked([11])
    value = dialog.value()
    assert value is not None and value.choice == QuoteChoice(speaker_ids=(2,), tag_ids=(11,))


def test_pdf_dialog_restores_its_last_choices(qtbot: QtBot) -> None:
    saved = {"style": "chicago-notes-bibliography", "paper": "letter", "notes": "none"}
    dialog = pdf_dialog(qtbot, saved=saved, has_confidential=False)
    assert dialog.remembered() == saved
    assert not dialog.reveal.isEnabled()
    value = dialog.value()
    assert value is not None and not value.reveal_confidential
    stale = pdf_dialog(qtbot, saved={"style": "gone", "paper": 3, "notes": "sideways"})
    assert stale.remembered() == {"style": "apa", "paper": "a4", "notes": "margin"}


def test_an_article_without_quotes_still_exports(qtbot: QtBot) -> None:
    dialog = pdf_dialog(qtbot, speakers=[], tags=[], kinds=[], count=lambda _choice: 0)
    assert "no quotes yet" in dialog.summary.text()
    assert dialog.export_button.isEnabled()
    assert dialog.value() == AnnotatedPdfOptions()


def test_style_choice_loads_a_file(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    installed: list[Path] = []
    house = tmp_path / "house.csl"

    def install(path: Path) -> StyleInfo:
        if path.name != "house.csl":
            raise InvalidInputError(str(path), "not a CSL style")
        installed.append(path)
        return StyleInfo("house", "The Courier House Style", path, False)

    dialog = pdf_dialog(qtbot, install_style=install)
    choice = dialog.style_choice
    chosen = {"name": str(house)}
    monkeypatch.setattr(
        "ui.dialogs.export_parts.QFileDialog.getOpenFileName",
        lambda *_args, **_kw: (chosen["name"], ""),
    )
    choice.activated.emit(choice.findText(LOAD_STYLE))
    assert installed == [house]
    assert (choice.key(), choice.currentText()) == ("house", "The Courier House Style")
    chosen["name"] = str(tmp_path / "bogus.csl")
    choice.activated.emit(choice.findText(LOAD_STYLE))
    assert choice.key() == "house"  # the previous choice comes back
    assert "bogus.csl: not a CSL style" in dialog.error.text()
    chosen["name"] = ""  # the file dialog was cancelled
    choice.activated.emit(choice.findText(LOAD_STYLE))
    assert choice.key() == "house"


# ------------------------------------------------------------------------- citations dialog


class Previews(list[CitationListOptions]):
    def __call__(self, options: CitationListOptions) -> str:
        self.append(options)
        if options.style == "broken":
            raise InvalidInputError("broken.csl", "not a CSL style")
        return f"<p>«Мы не будем» — <i>{options.format.value}</i>, {options.style}</p>"


def citations_dialog(qtbot: QtBot, previews: Previews, **overrides: Any) -> CitationsDialog:
    arguments: dict[str, Any] = {
        "styles": STYLES,
        "install_style": no_install,
        "preview": previews,
        "has_confidential": True,
        "background": False,
        **overrides,
    }
    dialog = CitationsDialog("The 120 quotes matching the filters.", 120, **arguments)
    qtbot.addWidget(dialog)
    return dialog


def test_citations_dialog_options_and_fields(qtbot: QtBot) -> None:
    previews = Previews()
    dialog = citations_dialog(qtbot, previews)
    assert dialog.value() == CitationListOptions(format=CitationFormat.PDF)  # for an editor
    assert dialog.preview_title.text() == "Preview — the first 50 of 120"
    assert "«Мы не будем»" in dialog.preview_pane.toPlainText()
    assert dialog.paper.isEnabled()
    dialog.format.set_value(CitationFormat.MARKDOWN)
    assert not dialog.paper.isEnabled()  # Markdown has no pages
    dialog.format.set_value(CitationFormat.BIBTEX)
    assert not dialog.style_choice.isEnabled() and not dialog.group_by.isEnabled()
    assert "reference manager" in dialog.hint.text()
    dialog.format.set_value(CitationFormat.DOCX)
    dialog.group_by.set_value(GroupBy.TAG)
    dialog.sort_by.set_value(SortBy.POSITION)
    dialog.reveal.setChecked(True)
    assert dialog.value() == CitationListOptions(
        format=CitationFormat.DOCX,
        group_by=GroupBy.TAG,
        sort_by=SortBy.POSITION,
        reveal_confidential=True,
    )
    assert dialog.remembered() == {
        "format": "docx",
        "style": "apa",
        "group_by": "tag",
        "sort_by": "position",
        "paper": "a4",
    }


def test_citations_preview_follows_the_choices(qtbot: QtBot) -> None:
    previews = Previews()
    dialog = citations_dialog(qtbot, previews)
    assert len(previews) == 1
    dialog.style_choice.set_key("chicago-notes-bibliography")
    dialog.group_by.set_value(GroupBy.ARTICLE)  # two changes in a row: one preview
    qtbot.waitUntil(lambda: len(previews) == 2)
    assert "chicago-notes-bibliography" in dialog.preview_pane.toPlainText()
    qtbot.wait(350)
    assert len(previews) == 2
    assert previews[-1].group_by is GroupBy.ARTICLE


def test_citations_preview_in_the_background(qtbot: QtBot) -> None:
    previews = Previews()
    dialog = citations_dialog(qtbot, previews, background=True, saved={"format": "html"})
    dialog.show()
    qtbot.waitUntil(lambda: "html, apa" in dialog.preview_pane.toPlainText())
    dialog.format.set_value(CitationFormat.TEXT)
    qtbot.waitUntil(lambda: "txt, apa" in dialog.preview_pane.toPlainText())
    dialog.close()
    assert not dialog.preview_pending()


def test_citations_preview_shows_what_went_wrong(qtbot: QtBot) -> None:
    broken = [*STYLES, StyleInfo("broken", "Broken", Path("broken.csl"), False)]
    previews = Previews()
    dialog = citations_dialog(qtbot, previews, styles=broken, saved={"style": "broken"})
    assert dialog.preview_pane.toPlainText() == "broken.csl: not a CSL style"


def test_safe_file_name() -> None:
    assert safe_file_name("Интервью: «Мы/вы»?") == "Интервью «Мы вы»"
    assert safe_file_name("  ...  ") == "export"
    assert safe_file_name("a" * 200) == "a" * 80
