"""Human-readable output: what a reporter sees in a terminal.

Lists are aligned tables; a single thing is a card of labelled fields; a quote is a block with
its speaker, its words (wrapped, excerpted when very long) and where it comes from.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from cli.terminal import prose_width, table, wrap
from models.tables import QuoteKind
from services.readmodels import ArticleInfo, ArticleSummary, QuoteInfo, SpeakerInfo
from services.text import excerpt

#: A quote longer than this is shortened in lists; ``--json`` always has every word.
QUOTE_EXCERPT = 400

#: What an empty field shows, so a reporter sees what a citation still lacks.
MISSING = "—"

_QUOTE_INDENT = 6


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def card(heading: str, fields: Iterable[tuple[str, str]]) -> list[str]:
    """A heading, then ``Label:  value`` lines with the values lined up."""
    pairs = list(fields)
    width = max((len(label) for label, _ in pairs), default=0) + 1
    lines = [heading]
    for label, value in pairs:
        lines.append(f"  {label + ':':<{width}}  {value or MISSING}")
    return lines


# ------------------------------------------------------------------------------------ articles


def article_table(articles: Sequence[ArticleSummary]) -> list[str]:
    if not articles:
        return ["The library has no articles yet. Add one with: quotebook import FILE"]
    rows = [
        [
            str(article.id),
            article.meta.published.isoformat() if article.meta.published else "",
            str(article.quote_count),
            article.meta.outlet,
            article.title,
        ]
        for article in articles
    ]
    lines = table(
        ["ID", "Published", "Quotes", "Outlet", "Title"], rows, right=(0, 2), flexible=(3, 4)
    )
    return [*lines, "", plural(len(articles), "article") + "."]


def article_card(article: ArticleInfo) -> list[str]:
    meta, summary = article.meta, article.summary
    source = summary.source_name
    if source and summary.source_format:
        source = f"{source} ({summary.source_format})"
    lines = card(
        f"Article {article.id}: {meta.title}",
        [
            ("Outlet", meta.outlet),
            ("Authors", ", ".join(meta.authors)),
            ("Published", meta.published.isoformat() if meta.published else ""),
            ("URL", meta.url),
            ("Language", meta.language),
            ("Type", meta.csl_type),
            ("Source", source),
            ("Imported", summary.created_at.strftime("%Y-%m-%d %H:%M UTC")),
            ("Quotes", str(summary.quote_count)),
            ("Length", plural(len(article.text), "character")),
        ],
    )
    rule = "─" * min(prose_width(0), 72)
    return [*lines, rule, article.text, rule]


# ------------------------------------------------------------------------------------- quotes


def quote_block(quote: QuoteInfo) -> list[str]:
    """A quote as a reader scans it: who, the words, where from, then tags and note."""
    indent = " " * _QUOTE_INDENT
    kind = "" if quote.kind == QuoteKind.DIRECT else f"  ({quote.kind.value})"
    lines = [f"{quote.id:>4}  {quote.speaker_name}{kind}"]
    words = excerpt(quote.text, QUOTE_EXCERPT)
    lines += [indent + line for line in wrap(words, prose_width(_QUOTE_INDENT))]
    where = excerpt(quote.article_title, 60)
    lines.append(f"{indent}— article {quote.article_id}, {where}, characters {_span(quote)}")
    details = []
    if quote.tags:
        details.append("tags: " + ", ".join(quote.tags))
    if quote.note:
        details.append("note: " + excerpt(quote.note, 200))
    if details:
        lines.append(indent + "   ".join(details))
    return lines


def quote_list(quotes: Sequence[QuoteInfo], filtered: bool) -> list[str]:
    if not quotes:
        if filtered:
            return ["No quotes match."]
        return [
            "No quotes yet. Mark one with: quotebook quote add ARTICLE --text WORDS --speaker NAME"
        ]
    lines: list[str] = []
    for quote in quotes:
        lines += [*quote_block(quote), ""]
    return [*lines, plural(len(quotes), "quote") + "."]


def _span(quote: QuoteInfo) -> str:
    return f"{quote.start}–{quote.end}"


# ----------------------------------------------------------------------------------- speakers


def speaker_table(speakers: Sequence[SpeakerInfo]) -> list[str]:
    if not speakers:
        return ["No speakers yet: a speaker is created with their first quote."]
    secret = any(speaker.fields.confidential for speaker in speakers)
    headers = ["ID", "Colour", "Quotes", "Name", "Role", "Affiliation", "Aliases"]
    if secret:
        headers.append("Exports say")
    rows = []
    for speaker in speakers:
        fields = speaker.fields
        row = [
            str(speaker.id),
            fields.color,
            str(speaker.quote_count),
            fields.name,
            fields.role,
            fields.affiliation,
            ", ".join(fields.aliases),
        ]
        if secret:
            row.append(speaker.public_name if fields.confidential else "")
        rows.append(row)
    lines = table(headers, rows, right=(0, 2), flexible=range(4, len(headers)))
    return [*lines, "", plural(len(speakers), "speaker") + "."]


def speaker_card(speaker: SpeakerInfo) -> list[str]:
    fields = speaker.fields
    secrecy = f"yes, exports say “{speaker.public_name}”" if fields.confidential else "no"
    return card(
        f"Speaker {speaker.id}: {fields.name}",
        [
            ("Role", fields.role),
            ("Affiliation", fields.affiliation),
            ("Colour", fields.color),
            ("Aliases", ", ".join(fields.aliases)),
            ("Notes", fields.notes),
            ("Confidential", secrecy),
            ("Quotes", str(speaker.quote_count)),
        ],
    )
