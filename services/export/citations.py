"""Citation lists: any selection of quotes, who said each, where and when, in any format.

The selection is loaded once (:mod:`.selection`), its sources cited once in the chosen style
(one CSL engine run for the whole list, :mod:`.citeproc`), and the result handed to the
writer of the format (:mod:`.lists`). The source formats (CSL-JSON, BibTeX, RIS) need no
style, so they skip the engine.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from services.errors import InvalidInputError
from services.export.atomic import atomic_path
from services.export.citeproc import render
from services.export.csl_items import csl_item
from services.export.lists import write_list
from services.export.lists.document import CitationList, describe_source
from services.export.lists.html import preview_html
from services.export.options import CitationListOptions
from services.export.richtext import RichText
from services.export.selection import Source, load_selection
from services.export.styles import resolve_style
from services.library import Library
from services.progress import TaskContext


def export_citations(
    library: Library,
    quote_ids: Sequence[int],
    target: Path,
    options: CitationListOptions,
    task: TaskContext | None = None,
) -> Path:
    """Write the citation list of ``quote_ids`` to ``target`` in ``options.format``.

    The file appears whole or not at all. An empty selection (or one whose quotes have all been
    deleted since) is refused rather than written as an empty list.
    """
    task = task or TaskContext()
    document = build_list(library, quote_ids, options, task=task)
    if not document.selection.entries:
        raise InvalidInputError(str(target), "there are no quotes to export")
    with atomic_path(target) as temporary:
        write_list(document, options.format, temporary)
    return target


def preview_citations(
    library: Library,
    quote_ids: Sequence[int],
    options: CitationListOptions,
    *,
    limit: int = 50,
) -> str:
    """An HTML fragment of the list's first ``limit`` quotes, as the HTML export shows them.

    Only the articles of those quotes are read in full, so previewing a selection of 10,000
    quotes costs little more than previewing fifty.
    """
    document = build_list(library, quote_ids, options, limit=limit)
    return preview_html(document)


def build_list(
    library: Library,
    quote_ids: Sequence[int],
    options: CitationListOptions,
    *,
    limit: int | None = None,
    task: TaskContext | None = None,
) -> CitationList:
    """The list as every writer sees it: quotes, their sources' items and citations."""
    task = task or TaskContext()
    cited = not options.format.sources_only
    # Resolved first, so a misspelt style fails before any work is done.
    style = resolve_style(options.style) if cited else None
    selection = load_selection(
        library,
        quote_ids,
        options.group_by,
        options.sort_by,
        reveal_confidential=options.reveal_confidential,
        limit=limit,
        task=task,
    )
    items = {
        source.article_id: csl_item(
            source.summary.meta,
            item_id=source.item_id,
            imported=source.summary.created_at.date(),
        )
        for source in selection.sources
    }
    references: dict[int, RichText] = {}
    bibliography: list[tuple[Source, RichText]] = []
    if style is not None and items:
        rendering = render(list(items.values()), style, task=task)
        by_item = {source.item_id: source for source in selection.sources}
        for key, entry in rendering.bibliography:
            source = by_item[key]
            references[source.article_id] = entry
            bibliography.append((source, entry))
    # Sources the style leaves out of its bibliography still appear in the list's.
    bibliography += [
        (source, describe_source(source))
        for source in selection.sources
        if source.article_id not in references
    ]
    return CitationList(
        selection=selection,
        items=items,
        references=references,
        bibliography=tuple(bibliography),
        style_title=style.title if style is not None else "",
        paper=options.paper,
        exported=date.today(),
    )
