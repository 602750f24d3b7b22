"""The installed Qt binding keeps Python's reference counts right.

PySide6 6.12.0 took a reference away from ``None`` on each call of a Qt method that returns
nothing; on Python 3.11, where ``None`` is not immortal, opening a long article then aborted the
app ("deallocating None"). pyproject.toml excludes that release; this test fails on any binding
that brings the defect back.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

CALLS = 200


def test_calls_returning_nothing_keep_none_alive(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for number in range(CALLS):
        label.setText(str(number))
    # Other threads may move the count a little; the defect moved it by one per call.
    assert sys.getrefcount(None) > before - CALLS // 2
