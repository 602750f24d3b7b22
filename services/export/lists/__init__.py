"""Writers of citation lists, one module per format, all laying out one :class:`CitationList`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from services.export.lists.document import CitationList
from services.export.options import CitationFormat


def write_list(document: CitationList, fmt: CitationFormat, path: Path) -> None:
    """Write ``document`` to ``path`` (a temporary file the caller renames into place)."""
    _writer(fmt)(document, path)


def _writer(fmt: CitationFormat) -> Callable[[CitationList, Path], None]:
    # Each writer is imported when its format is asked for: a Markdown export should not load
    # reportlab and python-docx.
    # ruff: noqa: PLC0415
    if fmt is CitationFormat.PDF:
        from services.export.lists.pdf import write_pdf

        return write_pdf
    if fmt is CitationFormat.DOCX:
        from services.export.lists.word import write_docx

        return write_docx
    if fmt is CitationFormat.HTML:
        from services.export.lists.html import write_html

        return write_html
    if fmt is CitationFormat.MARKDOWN:
        from services.export.lists.markdown import write_markdown

        return write_markdown
    if fmt is CitationFormat.TEXT:
        from services.export.lists.text import write_text

        return write_text
    if fmt is CitationFormat.CSV:
        from services.export.lists.table import write_csv

        return write_csv
    from services.export.lists.sources import write_sources

    return lambda document, path: write_sources(document, fmt, path)
