"""The shape every Quotebook form dialog shares: fields, a line for what is wrong, Save/Cancel.

Save only closes the dialog when :meth:`FormDialog.value` can build a value; otherwise the
reason is shown under the fields and the dialog stays open with the user's typing intact.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

Value = TypeVar("Value")


class FormDialog(QDialog, Generic[Value]):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.error = QLabel(self)
        self.error.setObjectName("formError")
        self.error.setStyleSheet("color: #C0392B")
        self.error.setWordWrap(True)
        self.error.hide()

    def lay_out(self, form: QFormLayout) -> None:
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def value(self) -> Value | None:
        """The edited value, or None after :meth:`complain`-ing about a field."""
        raise NotImplementedError

    def accept(self) -> None:
        if self.value() is not None:
            super().accept()

    def complain(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()
