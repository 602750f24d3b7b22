"""``quotebook detect ARTICLE [--accept] [--json]``: the quotations Quotebook proposes.

Without ``--accept`` nothing is written. With it, every suggestion that has a speaker is saved
as a quote (a speaker named for the first time is created). A suggestion whose speaker the
engine could not tell is *skipped*, never saved under a placeholder: attribution is the one
thing a journalist must never find silently invented. Skipped ones are listed with the command
that marks them by hand. If saving fails part-way, what was saved is removed again, so a failed
command leaves the library as it was.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from cli.commands import say
from cli.library import LazyLibrary
from cli.records import print_json
from cli.render import plural, quote_block
from cli.terminal import prose_width, wrap
from services.errors import QuotebookError
from services.library import Library
from services.quotes import QuoteChange
from services.text import excerpt

if TYPE_CHECKING:
    from services.detection import Suggestion

_INDENT = 6


def detect(args: argparse.Namespace, opened: LazyLibrary) -> int:
    library = opened.library
    article_id = library.articles.resolve(args.article)
    title = library.articles.summary(article_id).title
    found = library.suggestions.for_article(article_id)
    names = [library.suggestions.speaker_name(item) for item in found]
    if not args.accept:
        if args.json:
            print_json([suggestion_record(s, n) for s, n in zip(found, names, strict=True)])
        else:
            say(_listing(article_id, title, found, names))
        return 0
    saved = _accept(library, article_id, found, names)
    if args.json:
        print_json(
            [
                {**suggestion_record(s, n), "quote_id": change.quote.id if change else None}
                for s, n, change in zip(found, names, saved, strict=True)
            ]
        )
    else:
        say(_accepted(article_id, title, found, saved))
    return 0


def suggestion_record(item: Suggestion, speaker: str) -> dict[str, Any]:
    """A suggestion as ``detect --json`` prints it; ``speaker`` is the name it would be saved
    under ("" when none was found)."""
    return {
        "start": item.start,
        "end": item.end,
        "text": item.text,
        "speaker": speaker,
        "speaker_id": item.speaker_id,
        "kind": item.kind.value,
        "confidence": round(item.confidence, 3),
        "cue": list(item.cue) if item.cue else None,
    }


def _accept(
    library: Library, article_id: int, found: list[Suggestion], names: list[str]
) -> list[QuoteChange | None]:
    """Save each suggestion that has a speaker; all of them or, on failure, none."""
    saved: list[QuoteChange | None] = []
    try:
        for item, name in zip(found, names, strict=True):
            saved.append(library.suggestions.accept(article_id, item, name) if name else None)
    except QuotebookError:
        library.suggestions.undo_accepts(change for change in saved if change is not None)
        raise
    return saved


def _block(number: int, item: Suggestion, name: str) -> list[str]:
    """A suggestion as a reader scans it: who and how sure, the words, where they are."""
    indent = " " * _INDENT
    who = name or "(speaker not found)"
    lines = [f"{number:>4}  {who}  ({item.kind.value}, {item.confidence:.0%} sure)"]
    lines += [indent + line for line in wrap(excerpt(item.text, 400), prose_width(_INDENT))]
    lines.append(f"{indent}— characters {item.start}–{item.end}")
    return lines


def _listing(article_id: int, title: str, found: list[Suggestion], names: list[str]) -> list[str]:
    heading = f"article {article_id}, {excerpt(title, 60)}"
    if not found:
        return [f"No suggestions in {heading}."]
    lines = [f"{plural(len(found), 'suggestion')} in {heading}:", ""]
    for number, (item, name) in enumerate(zip(found, names, strict=True), 1):
        lines += [*_block(number, item, name), ""]
    unnamed = names.count("")
    hint = f"Save them as quotes with: quotebook detect {article_id} --accept"
    if unnamed:
        hint += f" (the {plural(unnamed, 'one')} without a speaker will be skipped)"
    return [*lines, hint]


def _accepted(
    article_id: int, title: str, found: list[Suggestion], saved: list[QuoteChange | None]
) -> list[str]:
    changes = [change for change in saved if change is not None]
    skipped = [item for item, change in zip(found, saved, strict=True) if change is None]
    heading = f"article {article_id}, {excerpt(title, 60)}"
    if not found:
        return [f"No suggestions in {heading}; nothing saved."]
    lines = [f"Saved {plural(len(changes), 'quote')} in {heading}:", ""]
    for change in changes:
        lines += [*quote_block(change.quote), ""]
    created = sorted({c.quote.speaker_name for c in changes if c.new_speaker_id is not None})
    if created:
        lines += [f"New speakers: {', '.join(created)}.", ""]
    if skipped:
        lines += [
            f"Skipped {plural(len(skipped), 'suggestion')} with no speaker found; "
            "mark them by hand:",
            "",
        ]
        for number, item in enumerate(skipped, 1):
            lines += [
                *_block(number, item, ""),
                f"{' ' * _INDENT}quotebook quote add {article_id} --start {item.start} "
                f"--end {item.end} --kind {item.kind.value} --speaker NAME",
                "",
            ]
    return lines[:-1] if lines[-1] == "" else lines
