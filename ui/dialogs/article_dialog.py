"""Article details: everything a citation needs, editable at any time."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QWidget

from services.articles import COMMON_CSL_TYPES
from services.readmodels import ArticleMeta
from ui.dialogs.form import FormDialog

TYPE_LABELS: dict[str, str] = {
    "article-newspaper": "Newspaper article",
    "article-magazine": "Magazine article",
    "article-journal": "Journal article",
    "webpage": "Web page",
    "post-weblog": "Blog post",
    "interview": "Interview",
    "broadcast": "Broadcast",
    "report": "Report",
    "speech": "Speech",
    "personal_communication": "E-mail or letter",
    "document": "Document",
    "book": "Book",
    "chapter": "Book chapter",
    "legal_case": "Court case",
    "legislation": "Legislation",
}


class ArticleDialog(FormDialog[ArticleMeta]):
    def __init__(self, meta: ArticleMeta, parent: QWidget | None = None) -> None:
        super().__init__("Article Details", parent)
        self.setMinimumWidth(520)
        self.title = QLineEdit(meta.title, self)
        self.title.setCursorPosition(0)
        self.outlet = QLineEdit(meta.outlet, self)
        self.outlet.setPlaceholderText("e.g. The Harbour Gazette")
        self.authors = QLineEdit("; ".join(meta.authors), self)
        self.authors.setPlaceholderText("Separate several authors with semicolons")
        self.published = QLineEdit(meta.published.isoformat() if meta.published else "", self)
        self.published.setPlaceholderText("YYYY-MM-DD")
        self.published.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"\d{0,4}(-\d{0,2}){0,2}"), self)
        )
        self.url = QLineEdit(meta.url, self)
        self.url.setPlaceholderText("https://…")
        self.language = QLineEdit(meta.language, self)
        self.language.setPlaceholderText("en, ru, de, ja …")
        self.language.setMaxLength(16)
        self.csl_type = QComboBox(self)
        for value in COMMON_CSL_TYPES:
            self.csl_type.addItem(TYPE_LABELS.get(value, value), value)
        if self.csl_type.findData(meta.csl_type) < 0:
            self.csl_type.addItem(meta.csl_type, meta.csl_type)
        self.csl_type.setCurrentIndex(self.csl_type.findData(meta.csl_type))

        form = QFormLayout()
        form.addRow("&Title", self.title)
        form.addRow("&Outlet", self.outlet)
        form.addRow("&Authors", self.authors)
        form.addRow("&Published", self.published)
        form.addRow("&URL", self.url)
        form.addRow("&Language", self.language)
        form.addRow("T&ype", self.csl_type)
        self.lay_out(form)

    def value(self) -> ArticleMeta | None:
        """The edited metadata, or None (with the reason shown) if a field is not valid."""
        published: date | None = None
        if self.published.text().strip():
            try:
                published = date.fromisoformat(self.published.text().strip())
            except ValueError:
                self.complain("The date must be a real date in the form YYYY-MM-DD.")
                return None
        if not self.title.text().strip():
            self.complain("Every article needs a title.")
            return None
        authors = tuple(a.strip() for a in self.authors.text().split(";") if a.strip())
        return ArticleMeta(
            title=self.title.text(),
            outlet=self.outlet.text(),
            authors=authors,
            published=published,
            url=self.url.text().strip(),
            language=self.language.text().strip(),
            csl_type=str(self.csl_type.currentData()),
        )
