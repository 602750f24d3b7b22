"""Every setting the app keeps, declared once with its key, type and default.

Values live in ``QSettings``; tests hand in an ini-file ``QSettings`` in a temporary folder so
they never touch the user's real settings.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T", str, int, bool, QByteArray)


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    default: T


WINDOW_GEOMETRY = Setting("window/geometry", QByteArray())
WINDOW_STATE = Setting("window/state", QByteArray())
MAIN_SPLITTER = Setting("window/mainSplitter", QByteArray())
SIDEBAR_SPLITTER = Setting("window/sidebarSplitter", QByteArray())
LAST_ARTICLE = Setting("reader/lastArticle", 0)
READER_FONT_SIZE = Setting("reader/fontSize", 0)
LAST_IMPORT_FOLDER = Setting("import/lastFolder", "")
ALL_QUOTES_FILTERS = Setting("allQuotes/filters", "")
ALL_QUOTES_HEADER = Setting("allQuotes/header", QByteArray())
LAST_EXPORT_FOLDER = Setting("export/lastFolder", "")
#: The annotated-PDF dialog's last style, paper and notes (JSON). Which speakers or tags were
#: chosen is not kept (each article has its own), nor is showing confidential names: that is
#: decided afresh every time.
EXPORT_PDF_CHOICES = Setting("export/pdfChoices", "")
#: The citation dialog's last format, style, grouping, sort and paper (JSON).
EXPORT_CITATIONS_CHOICES = Setting("export/citationChoices", "")


class Settings:
    """Typed access to a ``QSettings`` store."""

    def __init__(self, store: QSettings) -> None:
        self.store = store

    def get(self, setting: Setting[T]) -> T:
        value = self.store.value(setting.key, setting.default, type=type(setting.default))
        return value if isinstance(value, type(setting.default)) else setting.default

    def set(self, setting: Setting[T], value: T) -> None:
        self.store.setValue(setting.key, value)

    def get_json(self, setting: Setting[str]) -> dict[str, Any]:
        """A setting stored as a JSON object (e.g. the last filters); ``{}`` if unreadable."""
        try:
            data = json.loads(self.get(setting) or "{}")
        except json.JSONDecodeError:
            return {}
        return data if isinstance(data, dict) else {}

    def set_json(self, setting: Setting[str], value: dict[str, Any]) -> None:
        self.set(setting, json.dumps(value, ensure_ascii=False, sort_keys=True))
