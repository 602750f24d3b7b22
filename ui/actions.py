"""Every menu and toolbar action, declared once: id, label, shortcut, tip.

The main window builds its menus and toolbar from these and connects each action by id, so a
shortcut or label is changed in exactly one place.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


@dataclass(frozen=True, slots=True)
class ActionSpec:
    id: str
    label: str
    #: A standard key, a key sequence, or several sequences (the first is the one menus show).
    shortcut: QKeySequence.StandardKey | str | tuple[str, ...] | None = None
    tip: str = ""


SPECS: tuple[ActionSpec, ...] = (
    ActionSpec(
        "import",
        "&Import Articles…",
        QKeySequence.StandardKey.Open,
        "Import Word, PDF, web pages, e-books, e-mail or text (or drop files on the window)",
    ),
    ActionSpec(
        "import_url",
        "Import from the &Web…",
        "Ctrl+L",
        "Import an article from its web address (you can also drop a link on the window)",
    ),
    ActionSpec(
        "paste",
        "&Paste as New Article",
        "Ctrl+Shift+V",
        "Make a new article from the text on the clipboard",
    ),
    ActionSpec(
        "sample",
        "Open the &Sample Article",
        None,
        "Add a short sample article with a few quotes to try Quotebook on",
    ),
    ActionSpec(
        "article_details",
        "Article &Details…",
        "Ctrl+I",
        "Edit the current article's title, outlet, authors, date and link",
    ),
    ActionSpec(
        "delete_article", "&Delete Article", None, "Delete the current article and its quotes"
    ),
    ActionSpec(
        "export_pdf",
        "&Export Annotated PDF…",
        "Ctrl+Shift+E",
        "Save the current article as a PDF with every quote highlighted and annotated",
    ),
    ActionSpec(
        "export_citations",
        "Export &Citations…",
        None,
        "Save quotes as a citation list (PDF, Word, Markdown, CSV…) or their sources for Zotero: "
        "the selected quotes in All Quotes, or those matching its filters",
    ),
    ActionSpec("quit", "&Quit", QKeySequence.StandardKey.Quit),
    ActionSpec(
        "quote",
        "&Quote Selection…",
        "Ctrl+Return",
        "Mark the selected words as a quote (Enter in the reader does the same)",
    ),
    ActionSpec(
        "edit_quote", "&Edit Quote…", None, "Change the current quote's speaker, tags or note"
    ),
    ActionSpec("delete_quote", "Delete &Quote", None, "Delete the current quote"),
    ActionSpec("next_quote", "&Next Quote", "Alt+Down", "Go to the next quote in the article"),
    ActionSpec("previous_quote", "P&revious Quote", "Alt+Up", "Go to the previous quote"),
    ActionSpec(
        "all_quotes", "&All Quotes", "Ctrl+Shift+A", "Every quote in the library, with filters"
    ),
    ActionSpec("reader", "&Reader", "Ctrl+Shift+R", "Back to the article"),
    ActionSpec(
        "next_suggestion",
        "Next &Suggestion",
        "F8",
        "Go to the next suggested quotation (Enter accepts it, Delete rejects it)",
    ),
    ActionSpec(
        "previous_suggestion", "Previous Su&ggestion", "Shift+F8", "Go to the previous suggestion"
    ),
    ActionSpec(
        "search",
        "&Find…",
        ("Ctrl+K", "Ctrl+F"),
        "Search every quote and article as you type",
    ),
)


def build_actions(parent: QWidget) -> dict[str, QAction]:
    actions: dict[str, QAction] = {}
    for spec in SPECS:
        action = QAction(spec.label, parent)
        action.setObjectName(f"action_{spec.id}")
        if isinstance(spec.shortcut, QKeySequence.StandardKey):
            action.setShortcuts(spec.shortcut)
        elif isinstance(spec.shortcut, tuple):
            action.setShortcuts([QKeySequence(sequence) for sequence in spec.shortcut])
        elif spec.shortcut:
            action.setShortcut(QKeySequence(spec.shortcut))
        if spec.tip:
            action.setToolTip(spec.tip)
            action.setStatusTip(spec.tip)
        actions[spec.id] = action
    return actions
