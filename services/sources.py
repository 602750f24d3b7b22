"""Importing a mixed batch: files on disk and web addresses, as a journalist drops them.

Each source is imported in its own transaction, so one bad file or dead link costs only
itself: the batch collects its reason and goes on, and Cancel stops before the next source,
keeping what already arrived.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from services.articles import AddedArticle
from services.errors import QuotebookError
from services.importing import (
    BatchResult,
    ImportFailure,
    MetaOverrides,
    import_file,
    import_text,
)
from services.library import Library
from services.progress import CancelledError, TaskContext

#: A file, or the address of a web page.
Source = Path | str


def label(source: Source) -> str:
    return source.name if isinstance(source, Path) else source


def import_source(
    library: Library, source: Source, overrides: MetaOverrides = MetaOverrides()
) -> AddedArticle:
    if isinstance(source, Path):
        return import_file(library, source, overrides)
    from services.importing import import_url  # noqa: PLC0415 - the web path loads on use

    return import_url(library, source, overrides)


def import_sources(
    library: Library,
    sources: Sequence[Source],
    overrides: MetaOverrides = MetaOverrides(),
    context: TaskContext | None = None,
) -> BatchResult:
    """Import files and web addresses one by one, collecting failures with their reasons."""
    context = context or TaskContext()
    result = BatchResult()
    total = len(sources)
    for done, source in enumerate(sources):
        try:
            context.report(done, total, label(source))
        except CancelledError:
            result.cancelled = True
            break
        try:
            result.added.append(import_source(library, source, overrides))
        except QuotebookError as error:
            result.failures.append(ImportFailure(str(source), error.reason))
    return result


def import_clipboard(library: Library, *, html: str, text: str) -> AddedArticle:
    """A new article from what was copied: its HTML when it has some (the plain text stands in
    if the HTML turns out to hold no text), else the plain text."""
    if html.strip():
        from services.importing import import_html  # noqa: PLC0415 - the HTML path loads on use

        return import_html(library, html, text=text)
    return import_text(library, text, source="clipboard")
