"""Where the library lives when the user has not said."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

APP_NAME = "Quotebook"
LIBRARY_ENV = "QUOTEBOOK_LIBRARY"
LIBRARY_FILE = "library.sqlite"


def default_library_location() -> str:
    """``QUOTEBOOK_LIBRARY`` if set, else ``library.sqlite`` in the platform's user data folder."""
    from_env = os.environ.get(LIBRARY_ENV, "").strip()
    if from_env:
        return from_env
    return str(user_data_path(APP_NAME, appauthor=False) / LIBRARY_FILE)


def resources_dir() -> Path:
    """The ``resources/`` folder shipped beside the packages."""
    return Path(__file__).resolve().parent.parent / "resources"
