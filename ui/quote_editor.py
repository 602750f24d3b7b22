"""The inline quote editor that opens beside the selected words.

Speaker (completing over names and aliases; Enter on a new name creates the speaker), tags
(completing, comma-separated), note and kind. Enter saves and Esc cancels from any field, so
marking a quote never needs the mouse.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from models.engine import fold_text
from models.tables import QuoteKind
from services.readmodels import QuoteEdit, SpeakerInfo
from services.text import excerpt
from ui.completion import TagListCompleter, name_completer, split_tags
from ui.style import muted

KIND_LABELS: dict[QuoteKind, str] = {
    QuoteKind.DIRECT: "Direct quote",
    QuoteKind.INDIRECT: "Indirect speech",
    QuoteKind.PARAPHRASE: "Paraphrase",
}

EDITOR_WIDTH = 420


class QuoteEditor(QFrame):
    """A compact panel floating over the reader. Emits :attr:`accepted` or :attr:`cancelled`."""

    accepted = Signal(object)  # QuoteEdit
    cancelled = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("quoteEditor")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setFixedWidth(EDITOR_WIDTH)
        self._speakers: dict[str, SpeakerInfo] = {}

        self.heading = QLabel(self)
        self.heading.setObjectName("quoteEditorHeading")
        self.excerpt = QLabel(self)
        self.excerpt.setWordWrap(True)
        self.excerpt.setObjectName("quoteEditorExcerpt")

        self.speaker = QLineEdit(self)
        self.speaker.setPlaceholderText("Who said it?")
        self.speaker_hint = QLabel(self)
        self.speaker_hint.setObjectName("quoteEditorHint")
        muted(self.speaker_hint)
        self.tags = QLineEdit(self)
        self.tags.setPlaceholderText("tariffs, on record, check …")
        self.note = QLineEdit(self)
        self.note.setPlaceholderText("Why it matters (optional)")
        self.kind = QComboBox(self)
        for kind, label in KIND_LABELS.items():
            self.kind.addItem(label, kind.value)

        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("&Speaker", self.speaker)
        form.addRow("", self.speaker_hint)
        form.addRow("&Tags", self.tags)
        form.addRow("&Note", self.note)
        form.addRow("&Kind", self.kind)

        self.save_button = QPushButton("Save", self)
        self.save_button.setDefault(True)
        cancel = QPushButton("Cancel", self)
        buttons = QHBoxLayout()
        keys = QLabel("Enter saves · Esc cancels", self)
        keys.setObjectName("quoteEditorHint")
        muted(keys)
        buttons.addWidget(keys)
        buttons.addStretch(1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(6)
        layout.addWidget(self.heading)
        layout.addWidget(self.excerpt)
        layout.addLayout(form)
        layout.addLayout(buttons)

        self.save_button.clicked.connect(self.accept)
        cancel.clicked.connect(self.cancel)
        self.speaker.textChanged.connect(self._update_hint)
        for field in (self.speaker, self.tags, self.note, self.kind):
            field.installEventFilter(self)
        self.hide()

    # ----------------------------------------------------------------- opening

    def open_for(
        self,
        *,
        words: str,
        speakers: list[SpeakerInfo],
        tag_names: list[str],
        anchor: QRect,
        existing: QuoteEdit | None = None,
        heading: str = "",
    ) -> None:
        """Show the editor under ``anchor`` (a rectangle in the parent's coordinates).

        ``existing`` fills the fields (an edit, or a suggestion's proposed speaker and kind);
        ``heading`` says which, when it is not plainly "New quote" or "Edit quote".
        """
        self._speakers = {}
        names: list[str] = []
        for info in speakers:
            for name in (info.name, *info.fields.aliases):
                self._speakers[fold_text(name)] = info
                names.append(name)
        self.speaker.setCompleter(name_completer(sorted(names, key=fold_text), self))
        self.tags.setCompleter(TagListCompleter(tag_names, self))
        for field in (self.speaker, self.tags):
            popup = field.completer().popup()
            if popup is not None:
                popup.installEventFilter(self)
        title = heading or ("Edit quote" if existing else "New quote")
        self.heading.setText(f"<b>{_escape(title)}</b>")
        self.excerpt.setText(f"“{excerpt(words, 160)}”")
        edit = existing or QuoteEdit(speaker="")
        self.speaker.setText(edit.speaker)
        self.tags.setText(", ".join(edit.tags) + (", " if edit.tags else ""))
        self.note.setText(edit.note)
        self.kind.setCurrentIndex(max(0, self.kind.findData(edit.kind.value)))
        self._update_hint()
        self.adjustSize()
        self._place(anchor)
        self.show()
        self.raise_()
        self.speaker.setFocus(Qt.FocusReason.PopupFocusReason)
        self.speaker.selectAll()

    def _place(self, anchor: QRect) -> None:
        """Below the selection if it fits, else above it; always inside the parent."""
        parent = self.parentWidget()
        assert parent is not None
        height = self.sizeHint().height()
        x = min(max(8, anchor.left()), max(8, parent.width() - self.width() - 8))
        y = anchor.bottom() + 8
        if y + height > parent.height() - 8:
            y = max(8, anchor.top() - height - 8)
        self.setGeometry(x, y, self.width(), height)

    # ----------------------------------------------------------------- result

    def value(self) -> QuoteEdit:
        return QuoteEdit(
            speaker=" ".join(self.speaker.text().split()),
            kind=QuoteKind(self.kind.currentData()),
            tags=split_tags(self.tags.text()),
            note=self.note.text().strip(),
        )

    def accept(self) -> None:
        edit = self.value()
        if not edit.speaker:
            self.speaker_hint.setText("<span style='color:#C0392B'>Say who said it.</span>")
            self.speaker.setFocus()
            return
        self.hide()
        self.accepted.emit(edit)

    def cancel(self) -> None:
        self.hide()
        self.cancelled.emit()

    def _update_hint(self) -> None:
        typed = " ".join(self.speaker.text().split())
        if not typed:
            self.speaker_hint.setText("Type a name; Enter on a new name adds the speaker.")
            return
        info = self._speakers.get(fold_text(typed))
        if info is None:
            self.speaker_hint.setText(f"New speaker: <b>{_escape(typed)}</b>")
        elif fold_text(info.name) != fold_text(typed):
            self.speaker_hint.setText(f"Alias of <b>{_escape(info.name)}</b>")
        else:
            details = ", ".join(p for p in (info.fields.role, info.fields.affiliation) if p)
            swatch = f"<span style='color:{info.color}'>■</span>"
            self.speaker_hint.setText(f"{swatch} {_escape(details or info.name)}")

    # ----------------------------------------------------------------- keys

    def _take_first_completion(self, popup: QObject) -> bool:
        """Enter on a completion list with nothing highlighted takes the first suggestion.

        Without this, Enter would close the list and keep the half-typed name ("Ruth Pen"),
        creating a new speaker by accident. Esc closes the list and keeps what was typed.
        """
        for field in (self.speaker, self.tags):
            completer = field.completer()
            shown = completer.popup() if completer is not None else None
            if completer is None or shown is None or shown is not popup:
                continue
            if shown.currentIndex().isValid() or completer.completionCount() == 0:
                return False
            completer.setCurrentRow(0)
            chosen = completer.currentCompletion()
            if field is self.speaker and fold_text(chosen) == fold_text(field.text()):
                shown.hide()  # the name typed is already a speaker's: Enter saves
                self.accept()
                return True
            if field is self.tags:
                kept = [t.strip() for t in field.text().split(",")[:-1] if t.strip()]
                field.setText(", ".join([*kept, chosen]) + ", ")
            else:
                field.setText(chosen)
            shown.hide()
            return True
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter saves and Esc cancels from every field — unless a completion list is open."""
        is_key = event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
        if is_key and not isinstance(watched, (QLineEdit, QComboBox)):
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                return self._take_first_completion(watched)
            return super().eventFilter(watched, event)
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            completer = watched.completer() if isinstance(watched, QLineEdit) else None
            popup = completer.popup() if completer is not None else None
            popup_open = popup is not None and popup.isVisible()
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not popup_open:
                self.accept()
                return True
            if event.key() == Qt.Key.Key_Escape and not popup_open:
                self.cancel()
                return True
        return super().eventFilter(watched, event)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
