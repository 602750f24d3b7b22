"""Starting the desktop app."""

from __future__ import annotations

import logging
import os
import sys

from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from services.errors import LibraryUnavailableError
from services.library import Library
from services.paths import APP_NAME, resources_dir
from ui.bridge import LibraryBridge
from ui.main_window import MainWindow
from ui.settings import Settings
from ui.shown import QUIT_WHEN_SHOWN, SHOWN


def stylesheet() -> str:
    path = resources_dir() / "style.qss"
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def application() -> QApplication:
    """The one QApplication, named so QSettings lands in Quotebook's own place."""
    QCoreApplication.setOrganizationName(APP_NAME)
    QCoreApplication.setApplicationName(APP_NAME)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationDisplayName(APP_NAME)
    app.setStyleSheet(stylesheet())
    return app


def run_app(location: str) -> int:
    """Open the library at ``location`` in the main window; returns the exit status."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    app = application()
    try:
        library = Library.open(location)
    except LibraryUnavailableError as error:
        QMessageBox.critical(None, APP_NAME, f"Quotebook cannot open its library.\n\n{error}")
        print(f"quotebook: {error}", file=sys.stderr)
        return 1
    bridge = LibraryBridge(library)
    window = MainWindow(bridge, Settings(QSettings()))
    window.show()
    if os.environ.get(QUIT_WHEN_SHOWN):
        QTimer.singleShot(0, lambda: report_shown(window))
    try:
        return app.exec()
    finally:
        library.close()


def report_shown(window: QWidget) -> None:
    """Draw the window now (not merely schedule it), say so on stdout, and quit."""
    window.repaint()
    print(SHOWN, flush=True)
    QApplication.quit()
