"""A newsroom-sized library, generated: ``build(path, size)``.

Issue 5 measures Quotebook at the size a newsroom's archive reaches: 10,000 articles (English
and Russian news from :mod:`benchmarks.corpus`, about 7 KB each), 100,000 quotes, 3,000 speakers
(some with aliases, some confidential) and 300 tags. Two articles stand out, because two figures
need them: a 500 KB hearing transcript with 1,000 quotes (the reader opens it) and a 4 MB report
(a quote is added to it). :data:`QUICK` is the same library twenty times smaller.

Quotes fall where a journalist would mark them: on the quotations in the text («…», “…”) and on
whole sentences of narrative (indirect speech, paraphrase). They are spread unevenly, as in a
real archive: a fifth of the articles have none, a few speakers and tags account for most of
them (a Zipf-like weighting).

The rows go in through SQLAlchemy core on the library's own engine, in batches, into a library
that :meth:`Library.open` created (so the schema is the migrations' own); nothing here is timed
as Quotebook's work. The search index is then rebuilt through the search service. Everything is
drawn from seeded generators and fixed timestamps: the same size gives the same rows, byte for
byte (:func:`digest` checks that).
"""

from __future__ import annotations

import hashlib
import random
import re
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from itertools import accumulate
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert

from benchmarks import corpus, names
from models.engine import fold_text
from models.tables import Article, Quote, QuoteKind, QuoteTag, Speaker, SpeakerAlias, Tag
from services.library import Library
from services.palette import PALETTE
from services.text import canonicalize, content_hash, context_around

#: Articles generated and stored per transaction (bounds the memory the generator holds).
BATCH = 250
#: Of the ordinary articles, the share with no quote at all.
UNQUOTED_SHARE = 0.2
#: Exponent of the Zipf-like weights that make a few speakers and tags the busy ones.
ZIPF = 0.9

_NOTES = (
    "Check against the recording.",
    "Confirmed by phone; use in the Sunday piece.",
    "Follow up: ask the ministry for the figures behind this.",
    "Contradicts what was said at the March hearing.",
    "Сверить с расшифровкой.",
    "Уточнить цифры в пресс-службе.",
    "Противоречит заявлению от марта.",
)
_SENTENCE = re.compile(r"\S[^.!?]*[.!?]")


@dataclass(frozen=True, slots=True)
class Size:
    """How big a newsroom to generate."""

    articles: int
    quotes: int
    speakers: int
    tags: int
    #: The long article the reader figure opens: its quotes and size.
    long_read_quotes: int
    long_read_kb: int
    #: The article the add-a-quote figure writes into.
    big_article_kb: int

    def divided(self, by: int) -> Size:
        return Size(*(max(1, value // by) for value in _fields(self)))

    def __post_init__(self) -> None:
        if self.articles < 4 or self.quotes < self.long_read_quotes + self.long_read_quotes // 50:
            raise ValueError(f"{self} is too small a newsroom to generate")


def _fields(size: Size) -> tuple[int, ...]:
    return (
        size.articles,
        size.quotes,
        size.speakers,
        size.tags,
        size.long_read_quotes,
        size.long_read_kb,
        size.big_article_kb,
    )


#: The issue's newsroom.
FULL = Size(
    articles=10_000,
    quotes=100_000,
    speakers=3_000,
    tags=300,
    long_read_quotes=1_000,
    long_read_kb=500,
    big_article_kb=4_096,
)
#: ``--quick``: twenty times smaller.
QUICK = FULL.divided(20)


@dataclass(frozen=True, slots=True)
class Newsroom:
    """A generated library and what the measurements need to know about it."""

    path: Path
    size: Size
    long_read_id: int
    big_article_id: int
    #: An ordinary (news-length) article, to compare adding a quote against.
    short_article_id: int
    #: (id, name), the most-quoted first.
    speakers: tuple[tuple[int, str], ...]
    #: (id, name), the most-used first.
    tags: tuple[tuple[int, str], ...]
    outlets: tuple[str, ...]
    generate_s: float = 0.0
    index_s: float = 0.0
    file_mb: float = 0.0
    article_kb: dict[int, float] = field(default_factory=dict)


@dataclass(slots=True)
class _Draw:
    """The seeded choices that run through the whole library."""

    rng: random.Random
    speaker_weights: list[float]
    tag_weights: list[float]

    def speaker(self) -> int:
        return (
            self.rng.choices(range(len(self.speaker_weights)), cum_weights=self.speaker_weights)[0]
            + 1
        )

    def tags(self) -> list[int]:
        wanted = min(self.rng.choice((0, 0, 1, 1, 1, 2, 2, 3)), len(self.tag_weights))
        chosen: set[int] = set()
        while len(chosen) < wanted:
            chosen.add(
                self.rng.choices(range(len(self.tag_weights)), cum_weights=self.tag_weights)[0] + 1
            )
        return sorted(chosen)


def _zipf(count: int) -> list[float]:
    return list(accumulate(1 / (rank + 1) ** ZIPF for rank in range(count)))


# ------------------------------------------------------------------------------ the articles


@dataclass(frozen=True, slots=True)
class _Text:
    index: int
    title: str
    text: str
    language: str
    outlet: str
    author: str
    published: date
    section: str


def _news(index: int) -> _Text:
    item = corpus.article(index)
    return _Text(
        index,
        item.headline,
        canonicalize(item.plain_text()),
        item.language,
        item.outlet,
        item.author,
        item.published,
        item.section,
    )


def _long(index: int, title: str, kilobytes: int, first_source: int) -> _Text:
    """A long document of news paragraphs, English and Russian, about ``kilobytes`` of UTF-8."""
    paragraphs: list[str] = [title]
    size, source = 0, first_source
    while size < kilobytes * 1024:
        for paragraph in corpus.article(source).paragraphs[:-1]:  # not the wire credit line
            paragraphs.append(paragraph)
            size += len(paragraph.encode("utf-8")) + 2
        source += 1
    return _Text(
        index,
        title,
        canonicalize("\n\n".join(paragraphs)),
        "en",
        "Wrayhaven Courier",
        "Elin Trevaskis",
        date(2025, 11, 20),
        "Documents",
    )


def _text(index: int, size: Size) -> _Text:
    if index == size.articles - 2:
        title = "Transcript: a year of council hearings on the pier, in full"
        return _long(index, title, size.long_read_kb, 1_000_000)
    if index == size.articles - 1:
        title = "Annual report of the port authority, with appendices"
        return _long(index, title, size.big_article_kb, 2_000_000)
    return _news(index)


def _slug(text: str) -> str:
    return re.sub(r"\W+", "-", text.casefold()).strip("-")[:60]


def _article_row(item: _Text) -> dict[str, Any]:
    stamp = datetime.combine(item.published, clock(9, 30), UTC) + timedelta(
        minutes=item.index % 600
    )
    return {
        "id": item.index + 1,
        "title": item.title,
        "outlet": item.outlet,
        "authors": [item.author],
        "published": item.published,
        "url": f"https://{_slug(item.outlet)}.example/{item.published:%Y/%m}/"
        f"{_slug(item.title)}-{item.index}",
        "language": item.language,
        "csl_type": "article-newspaper",
        "source_name": f"{_slug(item.title)}-{item.index}.html",
        "source_format": "html",
        "csl_extra": "",
        "text": item.text,
        "content_hash": content_hash(item.text),
        "paragraph_pages": [],
        "created_at": stamp,
        "updated_at": stamp,
    }


# -------------------------------------------------------------------------------- the quotes


def candidates(text: str) -> list[tuple[int, int, bool]]:
    """Spans a journalist would mark in a generated article: the words inside each quotation
    (True) and each whole sentence of narrative (False), in reading order, none overlapping."""
    spans: list[tuple[int, int, bool]] = []
    offset = 0
    for number, paragraph in enumerate(text.split("\n\n")):
        start = offset
        offset += len(paragraph) + 2
        if number == 0 or paragraph.startswith("("):  # the headline, the wire's credit line
            continue
        closing = {"“": "”", "«": "»"}.get(paragraph[:1])
        if closing:
            end = paragraph.find(closing)
            while end > 1 and paragraph[end - 1] in ",.":
                end -= 1
            if end > 1:
                spans.append((start + 1, start + end, True))
            continue
        for sentence in _SENTENCE.finditer(paragraph):
            spans.append((start + sentence.start(), start + sentence.end(), False))
    return spans


def _quote_counts(size: Size, rng: random.Random) -> list[int]:
    """Quotes per article, adding up to ``size.quotes`` exactly: the long read gets its
    ``long_read_quotes``, the big report a handful, the news articles the rest, unevenly."""
    ordinary = size.articles - 2
    big = max(1, size.long_read_quotes // 50)
    rest = size.quotes - size.long_read_quotes - big
    top = max(1, round(2 * rest / ordinary / (1 - UNQUOTED_SHARE)) - 1)
    counts = [0 if rng.random() < UNQUOTED_SHARE else rng.randint(1, top) for _ in range(ordinary)]
    order = list(range(ordinary))
    rng.shuffle(order)
    difference = rest - sum(counts)
    while difference:
        for position in order:
            if difference > 0:
                counts[position] += 1
                difference -= 1
            elif counts[position] > 0 and difference < 0:
                counts[position] -= 1
                difference += 1
            if not difference:
                break
    return [*counts, size.long_read_quotes, big]


def _quote_rows(
    item: _Text, wanted: int, first_id: int, draw: _Draw
) -> tuple[list[dict[str, Any]], list[dict[str, int]]]:
    spans = candidates(item.text)
    if wanted < len(spans):
        spans = sorted(draw.rng.sample(spans, wanted))
    stamp = datetime.combine(item.published, clock(12), UTC)
    quotes, links = [], []
    for number, (start, end, quoted) in enumerate(spans):
        quote_id = first_id + number
        before, after = context_around(item.text, start, end)
        roll = draw.rng.random()
        if quoted:
            kind = QuoteKind.DIRECT if roll < 0.9 else QuoteKind.INDIRECT
        else:
            kind = QuoteKind.PARAPHRASE if roll < 0.6 else QuoteKind.INDIRECT
        quotes.append(
            {
                "id": quote_id,
                "article_id": item.index + 1,
                "speaker_id": draw.speaker(),
                "start": start,
                "end": end,
                "text": item.text[start:end],
                "context_before": before,
                "context_after": after,
                "kind": kind.value,
                "note": draw.rng.choice(_NOTES) if draw.rng.random() < 1 / 3 else "",
                "created_at": stamp + timedelta(seconds=number),
                "updated_at": stamp + timedelta(seconds=number),
            }
        )
        links += [{"quote_id": quote_id, "tag_id": tag} for tag in draw.tags()]
    return quotes, links


# ------------------------------------------------------------------------------ the building


def _store_people(connection: Connection, size: Size) -> list[str]:
    stamp = datetime(2024, 1, 1, tzinfo=UTC)
    speakers, aliases = [], []
    people = names.people(size.speakers)
    for number, person in enumerate(people, start=1):
        speakers.append(
            {
                "id": number,
                "name": person.name,
                "name_key": fold_text(person.name),
                "role": person.role,
                "affiliation": person.affiliation,
                "color": PALETTE[(number - 1) % len(PALETTE)],
                "notes": "",
                "confidential": person.confidential,
                "public_label": person.public_label,
                "created_at": stamp,
                "updated_at": stamp,
            }
        )
        aliases += [
            {"speaker_id": number, "alias": alias, "alias_key": fold_text(alias)}
            for alias in person.aliases
        ]
    connection.execute(insert(Speaker), speakers)
    if aliases:
        connection.execute(insert(SpeakerAlias), aliases)
    tags = names.tags(size.tags)
    connection.execute(
        insert(Tag),
        [{"id": n, "name": tag, "name_key": fold_text(tag)} for n, tag in enumerate(tags, 1)],
    )
    return [person.name for person in people]


def _batches(count: int) -> Iterator[range]:
    for first in range(0, count, BATCH):
        yield range(first, min(count, first + BATCH))


def build(path: Path, size: Size, say: Callable[[str], None] = print) -> Newsroom:
    """Generate the library at ``path`` (which must not exist yet) and index it for search."""
    if path.exists():
        raise FileExistsError(f"{path} exists; the newsroom is generated into a new file")
    started = time.perf_counter()
    rng = random.Random(f"{corpus.SEED}:newsroom")
    draw = _Draw(rng, _zipf(size.speakers), _zipf(size.tags))
    counts = _quote_counts(size, rng)
    library = Library.open(path)
    outlets: set[str] = set()
    kilobytes: dict[int, float] = {}
    try:
        with library.engine.begin() as connection:
            speaker_names = _store_people(connection, size)
        next_quote, carried = 1, 0
        for batch in _batches(size.articles):
            items = [_text(index, size) for index in batch]
            quotes: list[dict[str, Any]] = []
            links: list[dict[str, int]] = []
            for item in items:
                is_long_read = item.index == size.articles - 2
                # What a short article had no room for moves on, to the report in the end.
                wanted = counts[item.index] + (0 if is_long_read else carried)
                rows, tagged = _quote_rows(item, wanted, next_quote, draw)
                if not is_long_read:
                    carried = wanted - len(rows)
                next_quote += len(rows)
                quotes += rows
                links += tagged
                outlets.add(item.outlet)
                kilobytes[item.index + 1] = len(item.text.encode("utf-8")) / 1024
            with library.engine.begin() as connection:
                connection.execute(insert(Article), [_article_row(item) for item in items])
                if quotes:
                    connection.execute(insert(Quote), quotes)
                if links:
                    connection.execute(insert(QuoteTag), links)
            if batch.stop % (BATCH * 8) == 0 or batch.stop == size.articles:
                say(f"  {batch.stop:,} of {size.articles:,} articles, {next_quote - 1:,} quotes")
        generated = time.perf_counter() - started
        say("  rebuilding the search index…")
        started = time.perf_counter()
        library.search.rebuild()
        indexed = time.perf_counter() - started
    finally:
        library.close()
    if next_quote - 1 != size.quotes:
        raise RuntimeError(f"generated {next_quote - 1:,} quotes, not {size.quotes:,}")
    quoted = _quote_totals(path)
    long_read, big = size.articles - 1, size.articles
    return Newsroom(
        path=path,
        size=size,
        long_read_id=long_read,
        big_article_id=big,
        short_article_id=1,
        speakers=_by_use(quoted["speaker"], speaker_names),
        tags=_by_use(quoted["tag"], names.tags(size.tags)),
        outlets=tuple(sorted(outlets)),
        generate_s=generated,
        index_s=indexed,
        file_mb=_file_mb(path),
        article_kb={long_read: kilobytes[long_read], big: kilobytes[big], 1: kilobytes[1]},
    )


def _quote_totals(path: Path) -> dict[str, dict[int, int]]:
    with sqlite3.connect(path) as connection:
        speakers = connection.execute("SELECT speaker_id, count(*) FROM quote GROUP BY 1")
        by_speaker = {int(row[0]): int(row[1]) for row in speakers}
        tags = connection.execute("SELECT tag_id, count(*) FROM quote_tag GROUP BY 1")
        by_tag = {int(row[0]): int(row[1]) for row in tags}
    connection.close()
    return {"speaker": by_speaker, "tag": by_tag}


def _by_use(totals: dict[int, int], labels: Sequence[str]) -> tuple[tuple[int, str], ...]:
    ranked = sorted(range(1, len(labels) + 1), key=lambda n: (-totals.get(n, 0), n))
    return tuple((number, labels[number - 1]) for number in ranked)


def _file_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 1024 / 1024


def digest(path: Path) -> str:
    """A fingerprint of every library row (not the search index, which is derived)."""
    hasher = hashlib.sha256()
    with sqlite3.connect(path) as connection:
        for table in ("article", "speaker", "speaker_alias", "tag", "quote", "quote_tag"):
            for row in connection.execute(f"SELECT * FROM {table} ORDER BY rowid"):
                hasher.update(repr(row).encode("utf-8"))
    connection.close()
    return hasher.hexdigest()


def with_size(size: Size, **changes: int) -> Size:
    """``size`` with some fields changed (tests make tiny newsrooms this way)."""
    return replace(size, **changes)
