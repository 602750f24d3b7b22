"""The argument grammar of ``quotebook``, declared in one place.

Each command's parser carries its handler (``handler``) as a default, so :mod:`cli.main` can
dispatch without a table of names. Checks that argparse cannot express (``--text`` versus
``--start/--end``) are made in :func:`check_arguments`, so they too are usage errors (exit 2).
"""

from __future__ import annotations

import argparse
from functools import partial
from importlib.metadata import PackageNotFoundError, version
from pathlib import PurePath

from cli import commands, detect, export, search
from models.tables import QuoteKind
from services.export.options import (
    DEFAULT_STYLE,
    CitationFormat,
    GroupBy,
    NotePlacement,
    Paper,
    SortBy,
)
from services.importers import FORMATS
from services.paths import LIBRARY_ENV

KINDS = [kind.value for kind in QuoteKind]


def _location(value: str) -> str:
    if not value.strip():
        raise argparse.ArgumentTypeError("the library path is empty")
    return value


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r} must be 1 or more")
    return number


def _offset(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None


def format_list() -> str:
    """The file extensions ``import`` reads, as the importers register them."""
    return ", ".join(FORMATS)


def _version() -> str:
    try:
        return version("quotebook")
    except PackageNotFoundError:
        return "(not installed)"


def _add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--json", action="store_true", help="print machine-readable JSON instead of text"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="quotebook",
        description="Quotebook: who said what, where and when. With no command, opens the window.",
        epilog=f"The library is --library PATH if given, else ${LIBRARY_ENV}, "
        "else library.sqlite in your user data folder.",
        allow_abbrev=False,
    )
    parser.add_argument(
        "--library",
        metavar="PATH",
        type=_location,
        help=f"the library file to use (default: ${LIBRARY_ENV} or the user data folder)",
    )
    parser.add_argument("--version", action="version", version=f"quotebook {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")

    # import ---------------------------------------------------------------------------------
    imp = sub.add_parser(
        "import",
        help="import documents or web pages as articles",
        description=f"Import files ({format_list()}) or web pages (http:// and https:// "
        "addresses) one by one. Metadata given here wins over --metadata, which wins over "
        "what the document says about itself. A document whose text is already in the "
        "library is reported, not imported twice.",
        allow_abbrev=False,
    )
    imp.add_argument(
        "files",
        nargs="+",
        metavar="FILE_OR_URL",
        help="a document file or an http(s) address; repeat for several",
    )
    imp.add_argument("--title", metavar="T")
    imp.add_argument("--outlet", metavar="O", help="the newspaper, site or broadcaster")
    imp.add_argument(
        "--author", metavar="A", action="append", dest="authors", help="repeat for several"
    )
    imp.add_argument("--date", metavar="YYYY-MM-DD", help="date of publication")
    imp.add_argument("--url", metavar="U")
    imp.add_argument("--language", metavar="xx", help="language code, e.g. ru, en, pt-BR")
    imp.add_argument("--type", metavar="CSL_TYPE", help="e.g. article-newspaper, interview")
    imp.add_argument(
        "--metadata", metavar="ITEM.json", help="one CSL-JSON item, as Zotero exports it"
    )
    imp.add_argument(
        "--attachments",
        action="store_true",
        help="also import the readable files attached to an e-mail (listed either way)",
    )
    _add_json(imp)
    imp.set_defaults(handler=commands.import_files)

    # articles -------------------------------------------------------------------------------
    arts = sub.add_parser("articles", help="list the articles in the library", allow_abbrev=False)
    _add_json(arts)
    arts.set_defaults(handler=commands.list_articles)

    # article show ---------------------------------------------------------------------------
    article = sub.add_parser("article", help="show an article", allow_abbrev=False)
    article_sub = article.add_subparsers(dest="action", metavar="ACTION", required=True)
    show = article_sub.add_parser(
        "show",
        help="an article's metadata and its text",
        description="Print an article's metadata and its canonical text, the text that "
        "quote offsets count into (Unicode code points).",
        allow_abbrev=False,
    )
    show.add_argument("article", metavar="ARTICLE", help="an article id or title")
    _add_json(show)
    show.set_defaults(handler=commands.show_article)

    # quote add ------------------------------------------------------------------------------
    quote = sub.add_parser("quote", help="mark a quote in an article", allow_abbrev=False)
    quote_sub = quote.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = quote_sub.add_parser(
        "add",
        help="mark words of an article as a quote",
        description="Mark a quote by its exact words (--text) or by code-point offsets into "
        "the article's text (--start/--end, as 'article show --json' counts them).",
        allow_abbrev=False,
    )
    add.add_argument("article", metavar="ARTICLE", help="an article id or title")
    add.add_argument("--text", metavar="WORDS", help="the exact words of the quote")
    add.add_argument(
        "--occurrence",
        metavar="N",
        type=_positive,
        help="with --text: which appearance of the words (default 1)",
    )
    add.add_argument("--start", metavar="S", type=_offset, help="first character (from 0)")
    add.add_argument("--end", metavar="E", type=_offset, help="one past the last character")
    add.add_argument("--speaker", metavar="NAME", required=True, help="name or alias")
    add.add_argument(
        "--tag", metavar="TAG", action="append", dest="tags", default=[], help="repeat for several"
    )
    add.add_argument("--note", metavar="TEXT", default="", help="why the quote matters")
    add.add_argument(
        "--kind", choices=KINDS, default=QuoteKind.DIRECT.value, help="default: direct"
    )
    _add_json(add)
    add.set_defaults(handler=commands.add_quote, check=partial(_check_quote_add, add))

    # quotes ---------------------------------------------------------------------------------
    quotes = sub.add_parser(
        "quotes",
        help="list quotes, filtered",
        description="List quotes. Every filter given must match; --tag may be repeated and "
        "then every tag must be on the quote.",
        allow_abbrev=False,
    )
    add_quote_filters(quotes)
    _add_json(quotes)
    quotes.set_defaults(handler=commands.list_quotes)

    # speakers -------------------------------------------------------------------------------
    speakers = sub.add_parser("speakers", help="list the speakers", allow_abbrev=False)
    _add_json(speakers)
    speakers.set_defaults(handler=commands.list_speakers)

    # speaker edit ---------------------------------------------------------------------------
    speaker = sub.add_parser("speaker", help="change a speaker", allow_abbrev=False)
    speaker_sub = speaker.add_subparsers(dest="action", metavar="ACTION", required=True)
    edit = speaker_sub.add_parser(
        "edit",
        help="change a speaker's details",
        description="Change a speaker; fields not given keep their values, and --alias adds "
        "to the aliases already there.",
        allow_abbrev=False,
    )
    edit.add_argument("speaker", metavar="NAME", help="the speaker's name or an alias")
    edit.add_argument("--name", metavar="NEW", help="rename the speaker")
    edit.add_argument("--role", metavar="R", help="role or title, e.g. 'foreign minister'")
    edit.add_argument("--affiliation", metavar="A", help="ministry, company, party…")
    edit.add_argument("--color", metavar="#RRGGBB", help="highlight colour")
    edit.add_argument(
        "--alias",
        metavar="A",
        action="append",
        dest="aliases",
        default=[],
        help="another name quotes may use; adds to the aliases, repeat for several",
    )
    edit.add_argument("--notes", metavar="N", help="private notes (replace the old ones)")
    secrecy = edit.add_mutually_exclusive_group()
    secrecy.add_argument(
        "--confidential",
        action="store_true",
        default=None,
        help="exports show the public label instead of the name",
    )
    secrecy.add_argument(
        "--not-confidential",
        action="store_false",
        dest="confidential",
        help="exports show the name again",
    )
    edit.add_argument("--public-label", metavar="LABEL", help="e.g. 'a senior official'")
    _add_json(edit)
    edit.set_defaults(handler=commands.edit_speaker)

    # search ---------------------------------------------------------------------------------
    found_text = sub.add_parser(
        "search",
        help="search quotes and articles",
        description="Search the quotes (words, notes, speakers, tags) and the articles (title, "
        'text, outlet, authors). All words must match; "a phrase" (any quotation marks), '
        "prefix*, -excluded, and the filters speaker:, tag:, outlet:, kind:, before: and after: "
        "(YYYY, YYYY-MM or YYYY-MM-DD). Quotes are listed first, then articles.",
        allow_abbrev=False,
    )
    found_text.add_argument("query", metavar="QUERY", help="what to look for (quote it)")
    found_text.add_argument(
        "--limit", type=_positive, default=50, metavar="N", help="at most N of each (50)"
    )
    _add_json(found_text)
    found_text.set_defaults(handler=search.search)

    index = sub.add_parser("index", help="look after the search index", allow_abbrev=False)
    index_sub = index.add_subparsers(dest="action", metavar="ACTION", required=True)
    rebuild = index_sub.add_parser(
        "rebuild",
        help="build the search index again from the library",
        description="Rebuild the search index from the library's articles and quotes. Needed "
        "only if something outside Quotebook damaged it; Quotebook keeps it up to date itself.",
        allow_abbrev=False,
    )
    rebuild.set_defaults(handler=search.rebuild_index)

    # detect ---------------------------------------------------------------------------------
    found = sub.add_parser(
        "detect",
        help="list the quotations Quotebook finds in an article, with their speakers",
        description="List the direct and indirect quotations found in ARTICLE that are not "
        "quotes yet and were not rejected in the app, each with its proposed speaker, kind and "
        "confidence. --accept saves them as quotes, creating speakers as needed; one whose "
        "speaker was not found is skipped and listed, never saved under a made-up name.",
        allow_abbrev=False,
    )
    found.add_argument("article", metavar="ARTICLE", help="an article id or title")
    found.add_argument(
        "--accept", action="store_true", help="save every suggestion that has a speaker"
    )
    _add_json(found)
    found.set_defaults(handler=detect.detect)

    add_export_commands(sub)
    return parser


def add_quote_filters(parser: argparse.ArgumentParser) -> None:
    """The filters of ``quotes``, shared with ``export citations`` so the two cannot drift;
    :func:`cli.commands.quote_filter` reads them back."""
    parser.add_argument("--article", metavar="A", help="an article id or title")
    parser.add_argument("--speaker", metavar="NAME", help="a speaker's name or alias")
    parser.add_argument(
        "--tag", metavar="TAG", action="append", dest="tags", default=[], help="repeatable"
    )
    parser.add_argument(
        "--search",
        metavar="QUERY",
        help='a search query, as for the search command (words, "phrases", prefix*, '
        "-word, speaker:, tag:…)",
    )
    parser.add_argument(
        "--kind", choices=KINDS, action="append", dest="kinds", default=[], help="repeatable"
    )


def add_export_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``export pdf``, ``export citations``, ``styles`` and ``style add``."""
    export_parser = sub.add_parser(
        "export", help="write an annotated PDF or a citation list", allow_abbrev=False
    )
    export_sub = export_parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    pdf = export_sub.add_parser(
        "pdf",
        help="an article as a PDF with every quote highlighted and annotated",
        description="Write ARTICLE as a PDF: its citation and a legend of speakers first, then "
        "the text with each quote highlighted in its speaker's colour and its note beside it. "
        "--speaker, --tag and --kind keep only the quotes they name (each repeatable); "
        "confidential speakers appear under their public label unless --reveal-confidential.",
        allow_abbrev=False,
    )
    pdf.add_argument("article", metavar="ARTICLE", help="an article id or title")
    _add_output(pdf, "OUT.pdf")
    _add_style_and_paper(pdf)
    pdf.add_argument(
        "--notes",
        choices=[placement.value for placement in NotePlacement],
        default=NotePlacement.MARGIN.value,
        help="where each quote's note goes (default: margin)",
    )
    pdf.add_argument(
        "--speaker",
        metavar="NAME",
        action="append",
        dest="speakers",
        default=[],
        help="only this speaker's quotes; repeat for several",
    )
    pdf.add_argument(
        "--tag",
        metavar="TAG",
        action="append",
        dest="tags",
        default=[],
        help="only quotes with this tag; repeat for several",
    )
    pdf.add_argument(
        "--kind",
        choices=KINDS,
        action="append",
        dest="kinds",
        default=[],
        help="only quotes of this kind; repeat for several",
    )
    _add_reveal(pdf)
    _add_json(pdf)
    pdf.set_defaults(handler=export.export_pdf)

    citations = export_sub.add_parser(
        "citations",
        help="a list of quotes with who said them, where and when",
        description="Write the quotes that pass the filters (all quotes without any) as a "
        "citation list, or their sources as CSL-JSON, BibTeX or RIS with the quotes as notes. "
        f"Without --format the format follows OUT's extension ({_suffix_list()}).",
        allow_abbrev=False,
    )
    _add_output(citations, "OUT")
    citations.add_argument(
        "--format",
        choices=[fmt.value for fmt in CitationFormat],
        help="default: from OUT's extension",
    )
    _add_style_and_paper(citations)
    citations.add_argument(
        "--group-by",
        choices=[group.value for group in GroupBy],
        default=GroupBy.SPEAKER.value,
        help="default: speaker",
    )
    citations.add_argument(
        "--sort",
        choices=[order.value for order in SortBy],
        default=SortBy.DATE.value,
        help="within a group: the source's date or the position in it (default: date)",
    )
    _add_reveal(citations)
    add_quote_filters(citations)
    _add_json(citations)
    citations.set_defaults(
        handler=export.export_citations, check=partial(_check_citations, citations)
    )

    styles = sub.add_parser(
        "styles", help="list the citation styles, built in and added", allow_abbrev=False
    )
    _add_json(styles)
    styles.set_defaults(handler=export.list_styles)

    style = sub.add_parser("style", help="add a citation style", allow_abbrev=False)
    style_sub = style.add_subparsers(dest="action", metavar="ACTION", required=True)
    style_add = style_sub.add_parser(
        "add",
        help="add a CSL style file",
        description="Copy a CSL style (a .csl file, e.g. from the Zotero style repository) "
        "into Quotebook, so --style can name it.",
        allow_abbrev=False,
    )
    style_add.add_argument("file", metavar="FILE.csl")
    _add_json(style_add)
    style_add.set_defaults(handler=export.add_style)


def _add_output(parser: argparse.ArgumentParser, metavar: str) -> None:
    parser.add_argument(
        "-o", "--output", metavar=metavar, required=True, help="the file to write (replaced)"
    )


def _add_style_and_paper(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--style",
        metavar="STYLE",
        default=DEFAULT_STYLE,
        help=f"a citation style ('quotebook styles' lists them) or a .csl file "
        f"(default: {DEFAULT_STYLE})",
    )
    parser.add_argument(
        "--paper",
        choices=[paper.value for paper in Paper],
        default=Paper.A4.value,
        help="PDF page size (default: a4)",
    )


def _add_reveal(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--reveal-confidential",
        action="store_true",
        help="print confidential speakers' real names instead of their public labels",
    )


#: ``export citations`` without ``--format``: the format each file name extension stands for.
FORMAT_OF_SUFFIX: dict[str, CitationFormat] = {fmt.suffix: fmt for fmt in CitationFormat}


def _suffix_list() -> str:
    return ", ".join(f"{suffix} {fmt.value}" for suffix, fmt in FORMAT_OF_SUFFIX.items())


def _check_citations(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Settle the format now, so an unknown extension is a usage error (exit 2)."""
    if args.format is not None:
        args.format = CitationFormat(args.format)
        return
    suffix = PurePath(args.output).suffix.lower()
    found = FORMAT_OF_SUFFIX.get(suffix)
    if found is None:
        shown = f"extension {suffix!r}" if suffix else "no extension"
        parser.error(f"{args.output}: {shown} names no format; give --format")
    args.format = found


def _check_quote_add(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    by_text = args.text is not None
    by_span = args.start is not None or args.end is not None
    if by_text and by_span:
        parser.error("give either --text or --start/--end, not both")
    if not by_text and not by_span:
        parser.error("give the quote's words with --text, or its span with --start and --end")
    if by_span and (args.start is None or args.end is None):
        parser.error("--start and --end go together")
    if by_span and args.occurrence is not None:
        parser.error("--occurrence goes with --text")


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    """Parse ``argv``; usage errors raise ``SystemExit(2)`` after argparse prints them."""
    parser = build_parser()
    args = parser.parse_args(argv)
    check = getattr(args, "check", None)
    if check is not None:
        check(args)
    return args
