"""The sources of a citation list for a reference manager: CSL-JSON, BibTeX or RIS.

Each source carries its quotes as notes (``«words» — Speaker, role (¶ 4)``), so a fact-checker
who imports the file into Zotero finds, under every source, exactly what was quoted from it.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from services.export.lists.document import CitationList, source_note
from services.export.options import CitationFormat
from services.export.sources import SourceEntry, sources_text


def write_sources(document: CitationList, fmt: CitationFormat, path: Path) -> None:
    path.write_text(sources_file(document, fmt), encoding="utf-8")


def sources_file(document: CitationList, fmt: CitationFormat) -> str:
    notes: dict[int, list[str]] = defaultdict(list)
    for entry in document.selection.entries:
        notes[entry.source.article_id].append(source_note(entry))
    entries = [
        SourceEntry(document.items[source.article_id], tuple(notes[source.article_id]))
        for source in document.selection.sources
    ]
    return sources_text(entries, fmt)
