"""Killing the running app loses nothing it had committed.

A child process opens the real window on a library file, marks a quote through the reader and
the quote editor, says so, and keeps running; the test kills it with SIGKILL (no clean-up, no
atexit, no close of the database) and reopens the library.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from services.library import Library

ROOT = Path(__file__).resolve().parent.parent.parent

CHILD = r"""
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest

from services.library import Library
from services.importing import import_text
from ui.app import application
from ui.bridge import LibraryBridge
from ui.main_window import MainWindow
from ui.settings import Settings

library_path, settings_path = sys.argv[1], sys.argv[2]
app = application()
library = Library.open(library_path)
import_text(library, "Pier news\n\n“We will rebuild it,” said the mayor. 🎉")
settings = Settings(QSettings(settings_path, QSettings.Format.IniFormat))
window = MainWindow(LibraryBridge(library), settings)
window.show()
window.open_article(library.articles.list()[0].id)
window.reader.setTextCursor(window.reader.document().find("We will rebuild it"))
QTest.keyClick(window.reader, Qt.Key.Key_Return)
QTest.keyClicks(window.editor.speaker, "Anna Petrova")
QTest.keyClick(window.editor.speaker, Qt.Key.Key_Return)
print("quoted", flush=True)
app.exec()
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is a POSIX signal")
def test_a_killed_app_keeps_every_committed_quote(tmp_path: Path) -> None:
    library_path = tmp_path / "library.sqlite"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(library_path), str(tmp_path / "settings.ini")],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line.strip() == "quoted", child.stderr.read() if child.stderr else ""
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
        child.communicate()
    assert child.returncode == -signal.SIGKILL

    library = Library.open(library_path)
    try:
        [quote] = library.quotes.list()
        assert (quote.text, quote.speaker_name) == ("We will rebuild it", "Anna Petrova")
    finally:
        library.close()
