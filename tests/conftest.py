"""Fixtures every test package shares: a fresh library per test and the shared samples."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from services.library import Library
from ui.settings import Settings

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
REFERENCE_ARTICLE = SHARED / "samples" / "kz-japan-interview.ru.txt"


@pytest.fixture
def library_path(tmp_path: Path) -> Path:
    return tmp_path / "library.sqlite"


@pytest.fixture
def library(library_path: Path) -> Iterator[Library]:
    """A new, empty library file for this test alone."""
    opened = Library.open(library_path)
    yield opened
    opened.close()


@pytest.fixture
def reference_article() -> Path:
    """The Russian reference interview; tests that need it skip where ``../shared`` is absent."""
    if not REFERENCE_ARTICLE.is_file():
        pytest.skip("../shared/samples is not beside this checkout")
    return REFERENCE_ARTICLE


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """App settings in an ini file of this test's own (never the user's real settings)."""
    from PySide6.QtCore import QSettings

    return Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
