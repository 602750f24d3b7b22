"""The reference interview, quoted in the window and on the command line, gives the same quotes.

Three quotes from two speakers are marked twice — once by selecting the words in the reader and
typing into the quote editor, once with ``quotebook quote add`` — in two separate libraries, and
``quotebook quotes --json`` must print the same quotes for both.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cli.main import run
from tests.ui.conftest import type_text
from ui.main_window import MainWindow

QUOTES = [
    (
        "Мы часто говорим, что Япония – наш далёкий сосед, "
        "но в то же время близкий и надёжный друг",
        "Касым-Жомарт Токаев",
        ["Япония", "дипломатия"],
    ),
    ("Безусловно, положительно.", "Бакыт Бакетаев", ["оценка"]),
    (
        "Сегодня мир устал от войн, и именно дипломатия должна стать главным инструментом "
        "решения международных противоречий.",
        "Бакыт Бакетаев",
        ["дипломатия"],
    ),
]
VOLATILE = {"id", "article_id", "speaker_id", "created_at", "updated_at"}


def quotes_json(library: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    capsys.readouterr()
    assert run(["--library", str(library), "quotes", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    return [{k: v for k, v in q.items() if k not in VOLATILE} for q in printed]


def test_window_and_command_line_make_the_same_quotes(
    qtbot: QtBot,
    window: MainWindow,
    library_path: Path,
    reference_article: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    window.import_paths([reference_article])
    for words, speaker, tags in QUOTES:
        found = window.reader.document().find(words)
        assert not found.isNull(), words
        window.reader.setTextCursor(found)
        qtbot.keyClick(window.reader, Qt.Key.Key_Return)
        type_text(window.editor.speaker, speaker)
        type_text(window.editor.tags, ", ".join(tags))
        qtbot.keyClick(window.editor.note, Qt.Key.Key_Return)
    assert window.quotes_panel.model.rowCount() == 3
    window.close()

    by_cli = tmp_path / "cli.sqlite"
    assert run(["--library", str(by_cli), "import", str(reference_article)]) == 0
    for words, speaker, tags in QUOTES:
        tag_args = [arg for tag in tags for arg in ("--tag", tag)]
        status = run(
            [
                "--library",
                str(by_cli),
                "quote",
                "add",
                "1",
                "--text",
                words,
                "--speaker",
                speaker,
                *tag_args,
            ]
        )
        assert status == 0

    from_window = quotes_json(library_path, capsys)
    from_cli = quotes_json(by_cli, capsys)
    assert from_window == from_cli
    assert [q["text"] for q in from_window] == sorted(
        (q[0] for q in QUOTES), key=lambda w: reference_article.read_text("utf-8").index(w)
    )
