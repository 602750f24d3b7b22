"""``quotebook search QUERY`` and ``quotebook index rebuild``.

Search prints quotes first, then articles, as the app's search box groups them; on a terminal
the matching words are shown in bold. ``--json`` gives every hit with its ids, its snippet and
the snippet's highlighted ranges, and for articles the code-point offsets of the first match in
the article's canonical text (as ``article show --json`` prints it).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from cli.commands import say
from cli.library import LazyLibrary
from cli.records import print_json
from cli.render import plural
from cli.terminal import prose_width, wrap
from services.search import ArticleHit, QuoteHit, RichSnippet, SearchResults
from services.text import excerpt

_INDENT = 6
_BOLD, _PLAIN = "\033[1m", "\033[0m"


def search(args: argparse.Namespace, opened: LazyLibrary) -> int:
    results = opened.library.search.search(args.query, limit=args.limit)
    if args.json:
        print_json(results_record(results))
    else:
        say(_listing(results, bold=sys.stdout.isatty()))
    return 0


def rebuild_index(args: argparse.Namespace, opened: LazyLibrary) -> int:
    library = opened.library
    library.search.rebuild()
    counts = library.counts()
    say(
        [
            f"Search index rebuilt: {plural(counts.articles, 'article')}, "
            f"{plural(counts.quotes, 'quote')}."
        ]
    )
    return 0


def snippet_record(snippet: RichSnippet) -> dict[str, Any]:
    return {"text": snippet.text, "highlights": [list(span) for span in snippet.highlights]}


def results_record(results: SearchResults) -> dict[str, Any]:
    """``search --json``: offsets are code points (into the snippet, or the article's text)."""
    return {
        "quotes": [
            {
                "id": hit.quote_id,
                "article_id": hit.article_id,
                "speaker": hit.speaker,
                "text": hit.text,
                "snippet": snippet_record(hit.snippet),
            }
            for hit in results.quotes
        ],
        "articles": [
            {
                "id": hit.article_id,
                "title": hit.title,
                "match_start": hit.match_start,
                "match_end": hit.match_end,
                "snippet": snippet_record(hit.snippet),
            }
            for hit in results.articles
        ],
    }


def _marked(snippet: RichSnippet, bold: bool) -> str:
    if not bold:
        return snippet.text
    out, at = [], 0
    for start, end in snippet.highlights:
        out += [snippet.text[at:start], _BOLD, snippet.text[start:end], _PLAIN]
        at = end
    out.append(snippet.text[at:])
    return "".join(out)


def _quote_lines(hit: QuoteHit, bold: bool) -> list[str]:
    indent = " " * _INDENT
    lines = [f"{hit.quote_id:>4}  {hit.speaker}  — article {hit.article_id}"]
    return lines + [indent + line for line in _wrapped(hit.snippet, bold)]


def _article_lines(hit: ArticleHit, bold: bool) -> list[str]:
    indent = " " * _INDENT
    where = f", characters {hit.match_start}–{hit.match_end}" if hit.match_end else ""
    lines = [f"{hit.article_id:>4}  {excerpt(hit.title, 70)}{where}"]
    return lines + [indent + line for line in _wrapped(hit.snippet, bold)]


def _wrapped(snippet: RichSnippet, bold: bool) -> list[str]:
    """Wrap the plain snippet, then put the bold marks back line by line."""
    lines = wrap(snippet.text, prose_width(_INDENT))
    if not bold or not snippet.highlights:
        return lines
    marked, position = [], 0
    for line in lines:
        start = snippet.text.find(line, position)
        if start < 0:
            return lines
        end = start + len(line)
        spans = tuple(
            (max(s, start) - start, min(e, end) - start)
            for s, e in snippet.highlights
            if s < end and e > start
        )
        marked.append(_marked(RichSnippet(line, spans), bold))
        position = end
    return marked


def _listing(results: SearchResults, bold: bool) -> list[str]:
    if not results.quotes and not results.articles:
        return ["Nothing matches."]
    lines: list[str] = []
    if results.quotes:
        lines += [f"Quotes ({len(results.quotes)})", ""]
        for quote in results.quotes:
            lines += [*_quote_lines(quote, bold), ""]
    if results.articles:
        lines += [f"Articles ({len(results.articles)})", ""]
        for article in results.articles:
            lines += [*_article_lines(article, bold), ""]
    return lines[:-1]
