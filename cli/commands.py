"""One function per command: check the arguments, call the services once, print the result.

Handlers return the exit status. A :class:`QuotebookError` raised by a service is left to
:mod:`cli.main`, which prints it as one line; since every service call is one transaction and
each command that writes makes exactly one such call (one per file for ``import``), a failed
command leaves the library as it was.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import replace
from pathlib import Path

from cli.library import LazyLibrary
from cli.records import (
    article_record,
    article_with_text,
    failure_record,
    imported_record,
    print_json,
    speaker_record,
)
from cli.render import (
    article_card,
    article_table,
    plural,
    quote_block,
    quote_list,
    speaker_card,
    speaker_table,
)
from models.tables import QuoteKind
from services.articles import AddedArticle
from services.errors import ImportFailedError, LibraryUnavailableError, QuotebookError
from services.importers import supported
from services.importers.document import Attachment
from services.importing import (
    MetaOverrides,
    import_file,
    overrides_from_csl,
    parse_iso_date,
    read_attachment,
    store_source,
)
from services.library import Library
from services.readmodels import QuoteDraft, QuoteEdit, QuoteFilter
from services.text import count_occurrences

#: A web address rather than a file name: a scheme, then "://".
_URL = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*)://")


def say(lines: list[str]) -> None:
    sys.stdout.write("".join(line + "\n" for line in lines))


def report_error(item: str, reason: str) -> None:
    """The one-line error format of every command: ``quotebook: ITEM: REASON``."""
    message = " ".join(f"{item}: {reason}".splitlines())
    sys.stderr.write(f"quotebook: {message}\n")
    sys.stderr.flush()


# -------------------------------------------------------------------------------------- import


def import_files(args: argparse.Namespace, opened: LazyLibrary) -> int:
    """Import each file or web address in turn, one transaction each.

    A failure is one line naming the file or address; the others still import, and the exit
    status is 1 if any failed. Text already in the library is reported with its article's id.
    """
    overrides = _overrides(args)
    library = opened.library  # a library that cannot be opened is one error, not one per file
    sources: list[Queued] = list(args.files)
    imported, duplicates, records, failures = 0, 0, [], []
    for item in sources:
        name = _queued_name(item)
        try:
            added = _import_one(library, item, overrides)
        except LibraryUnavailableError:
            raise  # the library, not this file, is the problem: stop with one line about it
        except QuotebookError as error:
            report_error(name, error.reason)
            failures.append(failure_record(name, error.reason))
            continue
        records.append(imported_record(name, added))
        if args.attachments:
            sources.extend(_readable_attachments(name, added))
        summary = added.summary
        if added.created:
            imported += 1
            message = f"{name}: imported as article {summary.id}, {summary.title}"
        else:
            duplicates += 1
            message = (
                f"{name}: already in the library as article {summary.id}, {summary.title} "
                "(same text; nothing changed)"
            )
        if added.attachments:
            listed = ", ".join(attachment.name for attachment in added.attachments)
            hint = "" if args.attachments else " (add --attachments to import them)"
            message += f"\n  attached: {listed}{hint}"
        if not args.json:
            say([message])
            sys.stdout.flush()
    if args.json:
        print_json({"articles": records, "failures": failures})
    elif len(sources) > 1:
        parts = [f"{imported:,} imported"]
        if duplicates:
            parts.append(f"{duplicates:,} already in the library")
        if failures:
            parts.append(f"{len(failures):,} failed")
        say([", ".join(parts) + "."])
    return 1 if failures else 0


#: What ``import`` works through: a file path or web address as typed, or an e-mail's
#: attachment queued by ``--attachments`` (with the message it came in).
Queued = str | tuple[str, Attachment]


def _queued_name(item: Queued) -> str:
    return item if isinstance(item, str) else f"{item[0]}: {item[1].name}"


def _readable_attachments(parent: str, added: AddedArticle) -> list[Queued]:
    return [(parent, a) for a in added.attachments if supported(Path(a.name))]


def _import_one(library: Library, item: Queued, overrides: MetaOverrides) -> AddedArticle:
    """A web address is downloaded; an e-mail's attachment is read from memory; anything else
    is a file path."""
    if not isinstance(item, str):
        return store_source(library, read_attachment(*item), overrides)
    name = item
    scheme = _URL.match(name)
    if scheme is None:
        return import_file(library, Path(name), overrides)
    if scheme.group(1).lower() not in {"http", "https"}:
        raise ImportFailedError(name, "only http:// and https:// addresses can be imported")
    from services.importing import import_url  # noqa: PLC0415 - the web path loads on use

    return import_url(library, name, overrides)


def _overrides(args: argparse.Namespace) -> MetaOverrides:
    """``--metadata`` under the flags given one by one (which win)."""
    base = overrides_from_csl(Path(args.metadata)) if args.metadata else MetaOverrides()
    authors: list[str] | None = args.authors
    flags = MetaOverrides(
        title=args.title,
        outlet=args.outlet,
        authors=tuple(authors) if authors else None,
        published=parse_iso_date(args.date, "--date") if args.date is not None else None,
        url=args.url,
        language=args.language,
        csl_type=args.type,
    )
    return base.under(flags)


# ------------------------------------------------------------------------------------ articles


def list_articles(args: argparse.Namespace, opened: LazyLibrary) -> int:
    articles = opened.library.articles.list()
    if args.json:
        print_json([article_record(article) for article in articles])
    else:
        say(article_table(articles))
    return 0


def show_article(args: argparse.Namespace, opened: LazyLibrary) -> int:
    library = opened.library
    article = library.articles.get(library.articles.resolve(args.article))
    if args.json:
        print_json(article_with_text(article))
    else:
        say(article_card(article))
    return 0


# -------------------------------------------------------------------------------------- quotes


def add_quote(args: argparse.Namespace, opened: LazyLibrary) -> int:
    library = opened.library
    article_id = library.articles.resolve(args.article)
    tags: list[str] = args.tags
    edit = QuoteEdit(
        speaker=args.speaker, kind=QuoteKind(args.kind), tags=tuple(tags), note=args.note
    )
    words: str | None = args.text
    if words is not None:
        occurrence: int = args.occurrence or 1
        change = library.quotes.add_text(article_id, words, occurrence, edit)
    else:
        change = library.quotes.add(QuoteDraft(article_id, args.start, args.end, edit))
    quote = change.quote
    if args.json:
        print_json(quote.to_json())
        return 0
    lines = [f"Added quote {quote.id} to article {quote.article_id}:", "", *quote_block(quote)]
    if change.new_speaker_id is not None:
        lines += ["", f"New speaker: {quote.speaker_name} (colour {quote.speaker_color})."]
    if words is not None and args.occurrence is None:
        text = library.articles.get(article_id).text
        times = count_occurrences(text, words)
        if times > 1:
            lines += [
                "",
                f"These words appear {plural(times, 'time')} in the article; this is the "
                "first. Use --occurrence N for another.",
            ]
    say(lines)
    return 0


def quote_filter(args: argparse.Namespace, library: Library) -> QuoteFilter:
    """The filter of :func:`cli.parser.add_quote_filters`' arguments (``quotes`` and
    ``export citations``); an unknown article, speaker or tag is a :class:`NotFoundError`."""
    tags: list[str] = args.tags
    kinds: list[str] = args.kinds
    return QuoteFilter(
        text=args.search or "",
        article_ids=(library.articles.resolve(args.article),) if args.article else (),
        speaker_ids=(library.speakers.resolve(args.speaker).id,) if args.speaker else (),
        tag_ids=tuple(library.tags.resolve(tag).id for tag in tags),
        kinds=tuple(QuoteKind(kind) for kind in dict.fromkeys(kinds)),
    )


def list_quotes(args: argparse.Namespace, opened: LazyLibrary) -> int:
    library = opened.library
    filters = quote_filter(args, library)
    quotes = library.quotes.list(filters)
    if args.json:
        print_json([quote.to_json() for quote in quotes])
    else:
        say(quote_list(quotes, filtered=filters != QuoteFilter()))
    return 0


# ------------------------------------------------------------------------------------ speakers


def list_speakers(args: argparse.Namespace, opened: LazyLibrary) -> int:
    speakers = opened.library.speakers.list()
    if args.json:
        print_json([speaker_record(speaker) for speaker in speakers])
    else:
        say(speaker_table(speakers))
    return 0


def edit_speaker(args: argparse.Namespace, opened: LazyLibrary) -> int:
    """Build the speaker's complete new fields, then save them in one update."""
    library = opened.library
    speaker = library.speakers.resolve(args.speaker)
    fields = speaker.fields
    given = {
        "name": args.name,
        "role": args.role,
        "affiliation": args.affiliation,
        "color": args.color,
        "notes": args.notes,
        "confidential": args.confidential,
        "public_label": args.public_label,
    }
    aliases: list[str] = args.aliases
    fields = replace(
        fields,
        **{key: value for key, value in given.items() if value is not None},
        aliases=(*fields.aliases, *aliases),
    )
    if fields != speaker.fields:
        speaker = library.speakers.update(speaker.id, fields)
    if args.json:
        print_json(speaker_record(speaker))
    else:
        say(speaker_card(speaker))
    return 0
