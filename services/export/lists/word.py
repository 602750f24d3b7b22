"""Citation lists as Word documents, built from named styles an editor can restyle at once.

Nothing is formatted by hand paragraph by paragraph: the title is *Title*, groups are
*Heading 1*, quotes are *Quote*, details are *Quote Details* and the sources *Bibliography*
(a hanging indent), so changing a style in Word changes every entry, and the navigation pane
lists the groups. Each quote is marked with its language (spell-checking, and right-to-left
paragraphs for Arabic and Hebrew).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from services.export.lists.document import (
    BIBLIOGRAPHY,
    CitationList,
    attribution,
    details,
)
from services.export.options import GroupBy, Paper
from services.export.richtext import RichText
from services.export.selection import Entry

DETAILS_STYLE = "Quote Details"
BIBLIOGRAPHY_STYLE = "Bibliography"

_PAPER = {Paper.A4: (Mm(210), Mm(297)), Paper.LETTER: (Mm(215.9), Mm(279.4))}

#: Languages written right to left, whose quote paragraphs Word must lay out that way.
_RTL = frozenset({"ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv"})

#: Characters XML 1.0 cannot hold; python-docx would refuse the whole document for one of them
#: in a note. Quote texts never contain them (canonical texts have no control characters).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def write_docx(document: CitationList, path: Path) -> None:
    word = Document()
    _page(word, document.paper)
    _styles(word)
    word.core_properties.title = document.title
    word.core_properties.comments = " ".join(document.facts())
    out = _Body(word)

    out.add(_clean(document.title), "Title")
    for line in document.facts():
        out.add(_clean(line), "Normal")
    for line in document.notices():
        out.add("", "Normal").add_run(_clean(line)).bold = True
    for group in document.selection.groups:
        out.add(_clean(group.heading), "Heading 1")
        if document.selection.group_by is GroupBy.ARTICLE:
            _rich(out.add("", BIBLIOGRAPHY_STYLE), document.group_reference(group.entries))
        for entry in group.entries:
            _entry(out, document, entry)
    if document.hidden:
        out.add(f"… and {document.hidden} more quotes.", "Normal")
    out.add(BIBLIOGRAPHY, "Heading 1")
    for _source, reference in document.bibliography:
        _rich(out.add("", BIBLIOGRAPHY_STYLE), reference)
    out.close()
    word.save(str(path))


class _Body:
    """Appends paragraphs in constant time.

    For every paragraph, ``Document.add_paragraph`` searches the body for the section
    properties at its end, and setting a style searches all styles twice (by name, then for
    the default): fine for a letter, minutes for a list of 10,000 quotes. Inserting before a
    placeholder paragraph and writing the style id looked up once does the same work.
    """

    def __init__(self, word: Any) -> None:
        self._styles = word.styles
        self._ids: dict[str, str] = {}
        self._end = word.add_paragraph()

    def add(self, text: str, style: str) -> Any:
        if style not in self._ids:
            self._ids[style] = self._styles[style].style_id
        paragraph = self._end.insert_paragraph_before(text)
        paragraph._p.style = self._ids[style]
        return paragraph

    def close(self) -> None:
        """Remove the placeholder."""
        element = self._end._p
        element.getparent().remove(element)


def _entry(out: _Body, document: CitationList, entry: Entry) -> None:
    quote = out.add("", "Quote")
    run = quote.add_run(entry.quoted)
    _language(quote, run, entry.source.language)
    lines = []
    if document.shows_speaker():
        lines.append(attribution(entry))
    lines.append(details(entry))
    if entry.note:
        lines.append("Note: " + entry.note)
    for line in lines:
        out.add(_clean(line), DETAILS_STYLE)
    if document.shows_source():
        _rich(out.add("", DETAILS_STYLE), document.reference(entry.source))


def _rich(paragraph: Any, text: RichText) -> None:
    for span in text:
        run = paragraph.add_run(_clean(span.text))
        run.italic = span.italic or None
        run.bold = span.bold or None
        run.font.small_caps = span.small_caps or None
        run.font.superscript = span.superscript or None
        run.font.subscript = span.subscript or None


def _language(paragraph: Any, run: Any, language: str) -> None:
    """Tag a quote with its language; right-to-left ones get Word's bidi paragraph and run."""
    if not language:
        return
    properties = run._r.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), language)
    lang.set(qn("w:bidi"), language)
    lang.set(qn("w:eastAsia"), language)
    properties.append(lang)
    if language.split("-", maxsplit=1)[0] in _RTL:
        properties.insert(0, OxmlElement("w:rtl"))
        # pPr's children have a fixed order in the schema: bidi comes after the style.
        paragraph_properties = paragraph._p.get_or_add_pPr()
        style = paragraph_properties.find(qn("w:pStyle"))
        if style is not None:
            style.addnext(OxmlElement("w:bidi"))
        else:
            paragraph_properties.insert(0, OxmlElement("w:bidi"))


def _page(word: Any, paper: Paper) -> None:
    section = word.sections[0]
    section.page_width, section.page_height = _PAPER[paper]
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(22))
    # "n / N" in the footer, as Word fields so they stay right after any edit.
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(footer, "PAGE")
    footer.add_run(" / ")
    _field(footer, "NUMPAGES")


def _field(paragraph: Any, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _styles(word: Any) -> None:
    styles = word.styles
    quote = styles["Quote"]
    quote.font.size = Pt(12)
    quote.paragraph_format.space_before = Pt(10)
    quote.paragraph_format.space_after = Pt(2)
    quote.paragraph_format.keep_with_next = True

    details_style = styles.add_style(DETAILS_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    details_style.base_style = styles["Normal"]
    details_style.font.size = Pt(9.5)
    details_style.font.color.rgb = RGBColor(0x44, 0x44, 0x44)
    details_style.paragraph_format.left_indent = Mm(10)
    details_style.paragraph_format.space_after = Pt(0)
    details_style.paragraph_format.keep_with_next = False
    details_style.quick_style = True

    bibliography = styles.add_style(BIBLIOGRAPHY_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    bibliography.base_style = styles["Normal"]
    bibliography.paragraph_format.left_indent = Mm(12.7)
    bibliography.paragraph_format.first_line_indent = Mm(-12.7)
    bibliography.paragraph_format.space_after = Pt(6)
    bibliography.quick_style = True


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)
