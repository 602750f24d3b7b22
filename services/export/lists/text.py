"""Citation lists as plain text: for an e-mail body, a terminal, or a fact-checker's notes.

Nothing is escaped because nothing is interpreted; lines are never re-wrapped, so a quote copied
out of the file is the quote.
"""

from __future__ import annotations

from pathlib import Path

from services.export.lists.document import BIBLIOGRAPHY, CitationList, attribution, details
from services.export.options import GroupBy
from services.export.richtext import plain
from services.export.selection import Entry

_INDENT = "    "


def write_text(document: CitationList, path: Path) -> None:
    path.write_text(plain_text(document), encoding="utf-8")


def plain_text(document: CitationList) -> str:
    blocks = [_heading(document.title, "="), "\n".join(document.facts())]
    blocks += [line.upper() for line in document.notices()]
    for group in document.selection.groups:
        blocks.append(_heading(group.heading, "-"))
        if document.selection.group_by is GroupBy.ARTICLE:
            blocks.append(plain(document.group_reference(group.entries)))
        blocks += [_entry(document, entry) for entry in group.entries]
    if document.hidden:
        blocks.append(f"… and {document.hidden} more quotes.")
    blocks.append(_heading(BIBLIOGRAPHY, "-"))
    blocks += [plain(reference) for _source, reference in document.bibliography]
    return "\n\n".join(blocks) + "\n"


def _heading(text: str, rule: str) -> str:
    return f"{text}\n{rule * max(3, min(len(text), 78))}"


def _entry(document: CitationList, entry: Entry) -> str:
    lines = [entry.quoted]
    if document.shows_speaker():
        lines.append(_INDENT + attribution(entry))
    lines.append(_INDENT + details(entry))
    if entry.note:
        lines.append(_INDENT + "Note: " + entry.note.replace("\n", "\n" + _INDENT))
    if document.shows_source():
        lines.append(_INDENT + plain(document.reference(entry.source)))
    return "\n".join(lines)
