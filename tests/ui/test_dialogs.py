"""The article-details and speaker dialogs: values out, and refusals that keep the dialog open."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from services.readmodels import ArticleMeta, SpeakerFields
from ui.dialogs.article_dialog import ArticleDialog
from ui.dialogs.speaker_dialog import SpeakerDialog


def test_article_dialog_round_trips_and_refuses_a_bad_date(qtbot: QtBot) -> None:
    meta = ArticleMeta(
        "Интервью",
        outlet="Kazinform",
        authors=("А. Автор", "B. Writer"),
        published=date(2025, 12, 19),
        language="ru",
        csl_type="interview",
    )
    dialog = ArticleDialog(meta)
    qtbot.addWidget(dialog)
    assert dialog.value() == meta
    dialog.published.setText("2025-02-30")
    assert dialog.value() is None
    assert "YYYY-MM-DD" in dialog.error.text()
    dialog.published.setText("")
    dialog.title.setText("  ")
    assert dialog.value() is None
    dialog.title.setText("Новый заголовок")
    assert dialog.value() == ArticleMeta(
        "Новый заголовок",
        outlet="Kazinform",
        authors=("А. Автор", "B. Writer"),
        language="ru",
        csl_type="interview",
    )


def test_speaker_dialog_colours_aliases_and_confidentiality(qtbot: QtBot) -> None:
    fields = SpeakerFields("Анна Петрова", role="мэр", color="#E69F00", aliases=("мэр",))
    dialog = SpeakerDialog(fields)
    qtbot.addWidget(dialog)
    assert dialog.value() == fields
    assert not dialog.public_label.isEnabled()
    qtbot.mouseClick(dialog.swatches[4], Qt.MouseButton.LeftButton)
    dialog.confidential.setChecked(True)
    assert dialog.public_label.isEnabled()
    assert dialog.value() is None  # confidential needs a public label
    dialog.public_label.setText("a city official")
    dialog.aliases.setText("мэр; глава города")
    value = dialog.value()
    assert value is not None
    assert (value.color, value.confidential, value.public_label, value.aliases) == (
        "#0072B2",
        True,
        "a city official",
        ("мэр", "глава города"),
    )
