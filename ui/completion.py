"""Completers for the quote editor: speaker names and aliases, and comma-separated tags."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QWidget


def name_completer(names: list[str], parent: QWidget) -> QCompleter:
    """Matches anywhere in a name, ignoring case: "petro" finds "Anna Petrova"."""
    completer = QCompleter(QStringListModel(names, parent), parent)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    return completer


class TagListCompleter(QCompleter):
    """Completes the tag being typed after the last comma, keeping the ones before it."""

    def __init__(self, names: list[str], parent: QWidget) -> None:
        super().__init__(QStringListModel(names, parent), parent)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)

    def splitPath(self, path: str) -> list[str]:
        return [path.rsplit(",", 1)[-1].strip()]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        chosen = str(index.data(Qt.ItemDataRole.DisplayRole))
        widget = self.widget()
        typed = str(widget.property("text")) if widget is not None else ""
        kept = [part.strip() for part in typed.split(",")[:-1] if part.strip()]
        return ", ".join([*kept, chosen]) + ", "


def split_tags(text: str) -> tuple[str, ...]:
    """Tags typed as "a, b, c" (also accepting semicolons), without blanks or repeats."""
    seen: dict[str, str] = {}
    for part in text.replace(";", ",").split(","):
        name = " ".join(part.split())
        if name and name.casefold() not in seen:
            seen[name.casefold()] = name
    return tuple(seen.values())
