"""``export pdf``, ``export citations``, ``styles`` and ``style add``.

Everything a user can get wrong is checked before any work starts: the style first (a typo
there should not even open the library), then the output file's folder, then the article,
speakers and tags. The exporters write through :func:`services.export.atomic.atomic_path`, so a
failure at any point leaves no file behind. The export modules load reportlab, python-docx and
the CSL engine, so they are imported only by the commands that use them: ``quotebook quotes``
should not pay for them.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cli.commands import quote_filter, say
from cli.library import LazyLibrary
from cli.records import print_json
from cli.render import plural
from cli.terminal import table
from models.tables import QuoteKind
from services.errors import InvalidInputError
from services.export.options import (
    AnnotatedPdfOptions,
    CitationFormat,
    CitationListOptions,
    GroupBy,
    NotePlacement,
    Paper,
    QuoteChoice,
    SortBy,
)
from services.readmodels import QuoteFilter

if TYPE_CHECKING:
    from services.export.styles import StyleInfo

_NOTES = {
    NotePlacement.MARGIN: "notes in the margin",
    NotePlacement.ENDNOTES: "notes at the end",
    NotePlacement.NONE: "no notes",
}


def check_target(target: Path) -> Path:
    """Refuse an output path that cannot be written, before any work is done.

    The exporter would refuse it too, but only after rendering the whole document; this
    answers at once, naming the file. Returns the absolute path (what ``--json`` reports).
    """
    target = target.expanduser().absolute()
    if target.is_dir():
        raise InvalidInputError(str(target), "is a folder; give a file name")
    folder = target.parent
    if not folder.is_dir():
        raise InvalidInputError(str(target), "the folder does not exist")
    if not os.access(folder, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise InvalidInputError(str(target), "permission denied: cannot write here")
    return target


def _style(name: str) -> StyleInfo:
    from services.export.styles import resolve_style  # noqa: PLC0415 - loads the CSL engine

    return resolve_style(name)


# ------------------------------------------------------------------------------ export pdf


def export_pdf(args: argparse.Namespace, opened: LazyLibrary) -> int:
    style = _style(args.style)
    target = check_target(Path(args.output))
    library = opened.library
    article_id = library.articles.resolve(args.article)
    speakers: list[str] = args.speakers
    tags: list[str] = args.tags
    kinds: list[str] = args.kinds
    choice = QuoteChoice(
        speaker_ids=tuple(dict.fromkeys(library.speakers.resolve(name).id for name in speakers)),
        tag_ids=tuple(dict.fromkeys(library.tags.resolve(tag).id for tag in tags)),
        kinds=tuple(QuoteKind(kind) for kind in dict.fromkeys(kinds)),
    )
    options = AnnotatedPdfOptions(
        style=args.style,
        paper=Paper(args.paper),
        notes=NotePlacement(args.notes),
        choice=choice,
        reveal_confidential=args.reveal_confidential,
    )
    from services.export.annotated import export_annotated_pdf, gather  # noqa: PLC0415

    written = export_annotated_pdf(library, article_id, target, options)
    kept = gather(library, article_id, options)  # what the PDF shows, for the report
    title = kept.article.meta.title
    if args.json:
        print_json(
            {
                "path": str(written),
                "article": article_id,
                "title": title,
                "quotes": len(kept.quotes),
                "speakers": len(kept.speakers),
                "style": style.key,
                "paper": options.paper.value,
                "notes": options.notes.value,
                "reveal_confidential": options.reveal_confidential,
            }
        )
        return 0
    lines = [
        f"Wrote {written}: article {article_id}, {title}; "
        f"{plural(len(kept.quotes), 'quote')}, {style.title}, {options.paper.value.upper()}, "
        f"{_NOTES[options.notes]}."
    ]
    if options.reveal_confidential:
        lines.append("Confidential speakers appear under their real names.")
    say(lines)
    return 0


# ------------------------------------------------------------------------ export citations


def export_citations(args: argparse.Namespace, opened: LazyLibrary) -> int:
    style = _style(args.style)
    target = check_target(Path(args.output))
    fmt: CitationFormat = args.format  # made a CitationFormat by the parser's check
    library = opened.library
    filters = quote_filter(args, library)
    quote_ids = library.quotes.ids(filters)
    if not quote_ids:
        filtered = filters != QuoteFilter()
        what = "no quotes match these filters" if filtered else "the library has no quotes"
        raise InvalidInputError(str(target), f"{what}; nothing was written")
    options = CitationListOptions(
        format=fmt,
        style=args.style,
        group_by=GroupBy(args.group_by),
        sort_by=SortBy(args.sort),
        paper=Paper(args.paper),
        reveal_confidential=args.reveal_confidential,
    )
    from services.export.citations import export_citations as write  # noqa: PLC0415

    written = write(library, quote_ids, target, options)
    if args.json:
        print_json(
            {
                "path": str(written),
                "format": fmt.value,
                "quotes": len(quote_ids),
                "style": style.key,
                "group_by": options.group_by.value,
                "sort": options.sort_by.value,
                "paper": options.paper.value,
                "reveal_confidential": options.reveal_confidential,
            }
        )
        return 0
    what = "their sources" if fmt.sources_only else style.title
    say([f"Wrote {written}: {plural(len(quote_ids), 'quote')} ({fmt.value}, {what})."])
    return 0


# ---------------------------------------------------------------------------------- styles


def style_record(style: StyleInfo, builtin: bool) -> dict[str, Any]:
    return {
        "key": style.key,
        "title": style.title,
        "builtin": builtin,
        "path": str(style.path),
        "notes": style.notes,
    }


def list_styles(args: argparse.Namespace, _opened: LazyLibrary) -> int:
    from services.export.styles import builtin_styles, installed_styles  # noqa: PLC0415

    styles = [(style, True) for style in builtin_styles()]
    styles += [(style, False) for style in installed_styles()]
    if args.json:
        print_json([style_record(style, builtin) for style, builtin in styles])
        return 0
    rows = [
        [style.key, style.title, "built in" if builtin else "added", _citations(style)]
        for style, builtin in styles
    ]
    lines = table(["Style", "Title", "From", "Cites"], rows, flexible=(0, 1))
    say(
        [
            *lines,
            "",
            f"{plural(len(styles), 'style')}. Use one with --style STYLE; "
            "add another with: quotebook style add FILE.csl",
        ]
    )
    return 0


def _citations(style: StyleInfo) -> str:
    return "in footnotes" if style.notes else "in the text"


def add_style(args: argparse.Namespace, _opened: LazyLibrary) -> int:
    from services.export.styles import install_style  # noqa: PLC0415

    style = install_style(Path(args.file))
    if args.json:
        print_json(style_record(style, builtin=False))
    else:
        say([f"Added style {style.key}: {style.title}. Use it with --style {style.key}."])
    return 0
