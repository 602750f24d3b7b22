"""Editing a speaker: name, role, affiliation, colour, aliases, notes and confidentiality."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from services.palette import PALETTE, is_color
from services.readmodels import SpeakerFields
from ui.dialogs.form import FormDialog


class SpeakerDialog(FormDialog[SpeakerFields]):
    def __init__(self, fields: SpeakerFields, parent: QWidget | None = None) -> None:
        super().__init__(f"Speaker — {fields.name}", parent)
        self.setMinimumWidth(480)
        self._color = fields.color
        self.name = QLineEdit(fields.name, self)
        self.role = QLineEdit(fields.role, self)
        self.role.setPlaceholderText("e.g. Minister of Trade")
        self.affiliation = QLineEdit(fields.affiliation, self)
        self.affiliation.setPlaceholderText("e.g. Ministry of Trade")
        self.aliases = QLineEdit("; ".join(fields.aliases), self)
        self.aliases.setPlaceholderText("Other names, separated by semicolons")
        self.notes = QPlainTextEdit(fields.notes, self)
        self.notes.setFixedHeight(70)
        self.confidential = QCheckBox("Confidential source — exports use the public label", self)
        self.confidential.setChecked(fields.confidential)
        self.public_label = QLineEdit(fields.public_label, self)
        self.public_label.setPlaceholderText("e.g. a senior official")
        self.public_label.setEnabled(fields.confidential)
        self.confidential.toggled.connect(self.public_label.setEnabled)

        colours = QHBoxLayout()
        colours.setSpacing(4)
        self.swatches: list[QPushButton] = []
        for value in PALETTE:
            button = QPushButton(self)
            button.setFixedSize(22, 22)
            button.setToolTip(value)
            button.setCheckable(True)
            button.clicked.connect(lambda _c=False, v=value: self.set_color(v))
            self.swatches.append(button)
            colours.addWidget(button)
        more = QPushButton("Other…", self)
        more.clicked.connect(self._pick_color)
        colours.addWidget(more)
        colours.addStretch(1)

        form = QFormLayout()
        form.addRow("&Name", self.name)
        form.addRow("&Role", self.role)
        form.addRow("&Affiliation", self.affiliation)
        form.addRow("Colour", colours)
        form.addRow("A&liases", self.aliases)
        form.addRow("N&otes", self.notes)
        form.addRow("", self.confidential)
        form.addRow("&Public label", self.public_label)
        self.lay_out(form)
        self.set_color(fields.color)

    def set_color(self, value: str) -> None:
        self._color = value.upper()
        for button, swatch in zip(self.swatches, PALETTE, strict=True):
            chosen = swatch.upper() == self._color
            button.setChecked(chosen)
            border = "2px solid palette(text)" if chosen else "1px solid rgba(0,0,0,60)"
            button.setStyleSheet(f"background:{swatch}; border:{border}; border-radius:4px;")

    def _pick_color(self) -> None:
        chosen = QColorDialog.getColor(QColor(self._color), self, "Speaker Colour")
        if chosen.isValid():
            self.set_color(chosen.name())

    def value(self) -> SpeakerFields | None:
        if not self.name.text().strip():
            self.complain("Every speaker needs a name.")
            return None
        if self.confidential.isChecked() and not self.public_label.text().strip():
            self.complain("Give a public label for exports, such as “a senior official”.")
            return None
        if not is_color(self._color):
            self.complain("Choose a colour.")
            return None
        return SpeakerFields(
            name=self.name.text(),
            role=self.role.text(),
            affiliation=self.affiliation.text(),
            color=self._color,
            notes=self.notes.toPlainText(),
            confidential=self.confidential.isChecked(),
            public_label=self.public_label.text(),
            aliases=tuple(a.strip() for a in self.aliases.text().split(";") if a.strip()),
        )
