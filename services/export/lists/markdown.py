"""Citation lists as Markdown (CommonMark), for a newsroom wiki or a draft in a Markdown editor.

All user text is backslash-escaped (:func:`~services.export.richtext.markdown_escape`), so a
note with ``*``, ``#``, ``|`` or ``<b>`` reads literally in any CommonMark renderer.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from services.export.lists.document import BIBLIOGRAPHY, CitationList, attribution, details
from services.export.options import GroupBy
from services.export.richtext import markdown_escape, to_markdown
from services.export.selection import Entry


def write_markdown(document: CitationList, path: Path) -> None:
    path.write_text(markdown_text(document), encoding="utf-8")


def markdown_text(document: CitationList) -> str:
    blocks = [f"# {markdown_escape(document.title)}"]
    blocks.append(_lines(markdown_escape(line) for line in document.facts()))
    blocks += [f"**{markdown_escape(line)}**" for line in document.notices()]
    for group in document.selection.groups:
        blocks.append(f"## {markdown_escape(group.heading)}")
        if document.selection.group_by is GroupBy.ARTICLE:
            blocks.append(to_markdown(document.group_reference(group.entries)))
        for entry in group.entries:
            blocks += _entry(document, entry)
    if document.hidden:
        blocks.append(f"*… and {document.hidden} more quotes.*")
    blocks.append(f"## {markdown_escape(BIBLIOGRAPHY)}")
    blocks += [to_markdown(reference) for _source, reference in document.bibliography]
    return "\n\n".join(blocks) + "\n"


def _entry(document: CitationList, entry: Entry) -> list[str]:
    quote = "\n".join(
        f"> {markdown_escape(line)}" if line else ">" for line in entry.quoted.split("\n")
    )
    lines = []
    if document.shows_speaker():
        lines.append(markdown_escape(attribution(entry)))
    lines.append(markdown_escape(details(entry)))
    if entry.note:
        lines.append("Note: " + " ".join(markdown_escape(part) for part in entry.note.split("\n")))
    if document.shows_source():
        lines.append(to_markdown(document.reference(entry.source)))
    return [quote, _lines(lines)]


def _lines(lines: Iterable[str]) -> str:
    """Lines kept apart by hard line breaks (a trailing backslash) within one paragraph."""
    return "\\\n".join(lines)
