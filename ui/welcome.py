"""The first-run panel: what Quotebook does in three steps, and a way to start."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.style import muted

STEPS = (
    (
        "Bring in an article",
        "Import Word, PDF, web pages, e-books, e-mails or text; drop files or links on this "
        "window; or paste with Ctrl+Shift+V.",
    ),
    (
        "Mark a quote",
        "Select the words, press Enter, type who said it — Quotebook remembers every name — "
        "add tags and a note, and press Enter again.",
    ),
    (
        "Find it again",
        "All Quotes lists everything you have marked, filtered by speaker, tag, article, kind "
        "or words.",
    ),
)


class WelcomePanel(QWidget):
    importRequested = Signal()
    pasteRequested = Signal()
    sampleRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcome")
        card = QFrame(self)
        card.setObjectName("welcomeCard")
        card.setMaximumWidth(620)
        title = QLabel("Welcome to Quotebook", card)
        title.setObjectName("welcomeTitle")
        lead = QLabel("Who said what, where and when — kept with the source, never lost.", card)
        lead.setObjectName("welcomeLead")
        lead.setWordWrap(True)
        muted(lead)
        column = QVBoxLayout(card)
        column.setContentsMargins(32, 28, 32, 28)
        column.setSpacing(14)
        column.addWidget(title)
        column.addWidget(lead)
        for number, (heading, text) in enumerate(STEPS, start=1):
            step = QLabel(f"<b>{number}. {heading}</b><br>{text}", card)
            step.setWordWrap(True)
            step.setTextFormat(Qt.TextFormat.RichText)
            step.setObjectName("welcomeStep")
            column.addWidget(step)
        buttons = QHBoxLayout()
        self.import_button = QPushButton("Import Articles…", card)
        self.import_button.setDefault(True)
        self.paste_button = QPushButton("Paste as Article", card)
        self.sample_button = QPushButton("Open the Sample Article", card)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.paste_button)
        buttons.addStretch(1)
        buttons.addWidget(self.sample_button)
        column.addSpacing(6)
        column.addLayout(buttons)
        self.import_button.clicked.connect(self.importRequested)
        self.paste_button.clicked.connect(self.pasteRequested)
        self.sample_button.clicked.connect(self.sampleRequested)

        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 10)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
