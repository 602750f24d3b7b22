"""The quotes of a citation list, loaded, labelled, located, grouped and sorted.

Every format of a citation list (PDF, DOCX, Markdown, HTML, text, CSV and the source files)
shows the same selection, so it is built once here, with no formatting in it. Loading is
batched so that 10,000 quotes cost a few queries per few hundred quotes plus a query or two per
*article*, never one per quote; each article's text is read once, only to turn quote offsets
into paragraph numbers, and dropped straight after.

Confidential speakers are resolved here, once, to the label an export may print, so no writer
can print a real name by mistake.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from models.tables import QuoteKind
from services.export.options import GroupBy, SortBy
from services.export.quotemarks import quoted
from services.library import Library
from services.progress import TaskContext
from services.readmodels import ArticleInfo, ArticleSummary, QuoteInfo, SpeakerInfo

#: The heading of the group of quotes that carry no tag when a list is grouped by tag.
NO_TAG = "No tag"


@dataclass(frozen=True, slots=True)
class Source:
    """An article as a citation list cites it."""

    article_id: int
    #: The id of its CSL item in a rendering (stable within one export).
    item_id: str
    summary: ArticleSummary
    #: True when the article came from a paged source (a PDF): quotes are cited by page.
    paged: bool

    @property
    def language(self) -> str:
        return self.summary.meta.language


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who said a quote, as an export may print it."""

    speaker_id: int
    #: The name, or the public label of a confidential source (unless names are revealed).
    label: str
    #: Role and affiliation; empty for a confidential source shown by its label, because a
    #: role ("finance minister") would name the source as surely as the name itself.
    role: str
    affiliation: str
    confidential: bool

    def describe(self) -> str:
        """``Name, role, affiliation`` with the empty parts left out."""
        return ", ".join(part for part in (self.label, self.role, self.affiliation) if part)


@dataclass(frozen=True, slots=True)
class Locator:
    """Where a quote is in its source: a 1-based paragraph, and the page of a paged source."""

    paragraph: int
    page: int | None

    def label(self) -> str:
        """``p. 3`` for a paged source (its reader has pages, not our paragraphs), else ``¶ 4``."""
        return f"p. {self.page}" if self.page is not None else f"¶ {self.paragraph}"


@dataclass(frozen=True, slots=True)
class Entry:
    """One quote of the list, with everything a writer prints about it."""

    quote_id: int
    #: The quote's words, verbatim.
    text: str
    #: The words between the quotation marks of the source's language.
    quoted: str
    attribution: Attribution
    source: Source
    locator: Locator
    kind: QuoteKind
    tags: tuple[str, ...]
    note: str


@dataclass(frozen=True, slots=True)
class Group:
    """A heading and its quotes; the key is the speaker id, article id or tag name."""

    key: int | str
    heading: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True, slots=True)
class Selection:
    group_by: GroupBy
    sort_by: SortBy
    groups: tuple[Group, ...]
    #: Every quote once, in list order (a quote with two tags is in two groups but here once).
    entries: tuple[Entry, ...]
    #: Every cited source once, in order of first appearance.
    sources: tuple[Source, ...]
    #: How many quotes the selection holds (more than ``entries`` when a preview was cut short).
    total: int
    #: How many sources those quotes come from.
    source_count: int
    #: True when confidential sources in the list are shown by their real names.
    reveals_confidential: bool
    #: True when the list has confidential sources shown by their public labels.
    has_labelled_sources: bool


def item_id(article_id: int) -> str:
    """The CSL item id of an article: stable, and safe as a BibTeX key or HTML anchor."""
    return f"article-{article_id}"


def load_selection(
    library: Library,
    quote_ids: Sequence[int],
    group_by: GroupBy,
    sort_by: SortBy,
    *,
    reveal_confidential: bool = False,
    limit: int | None = None,
    task: TaskContext | None = None,
) -> Selection:
    """The quotes ``quote_ids`` names (ids no longer in the library are left out), ready to print.

    With ``limit`` only the first ``limit`` quotes of the list are located, which keeps a preview
    of a 10,000-quote selection from reading every article's text.
    """
    task = task or TaskContext()
    wanted = list(dict.fromkeys(quote_ids))
    rows = library.quotes.rows(wanted)
    quotes = [rows[quote_id] for quote_id in wanted if quote_id in rows]
    article_ids = list(dict.fromkeys(quote.article_id for quote in quotes))
    steps = len(article_ids) * (1 if limit is None else 2) + 1
    task.report(1, steps)

    speakers = {speaker.id: speaker for speaker in library.speakers.list()}
    attributions = {
        speaker_id: _attribution(speakers[speaker_id], reveal_confidential)
        for speaker_id in {quote.speaker_id for quote in quotes}
    }

    summaries: dict[int, ArticleSummary] = {}
    locators: dict[int, Locator] = {}
    paged: dict[int, bool] = {}
    by_article: dict[int, list[QuoteInfo]] = defaultdict(list)
    for quote in quotes:
        by_article[quote.article_id].append(quote)

    def locate(article: ArticleInfo) -> None:
        summaries[article.id] = article.summary
        paged[article.id] = bool(article.paragraph_pages)
        locators.update(_locators(article, by_article[article.id]))

    done = 1
    if limit is None:
        for article_id in article_ids:
            locate(library.articles.get(article_id))
            done += 1
            task.report(done, steps)
    else:
        for article_id in article_ids:
            summaries[article_id] = library.articles.summary(article_id)
            done += 1
            task.report(done, steps)

    ordered = sorted(quotes, key=_sort_key(sort_by, summaries))
    groups = _grouped(ordered, group_by, attributions, summaries)
    if limit is not None:
        groups = _cut(groups, limit)
        shown = {quote.article_id for _key, _heading, members in groups for quote in members}
        for article_id in article_ids:
            if article_id in shown:
                locate(library.articles.get(article_id))
            done += 1
            task.report(done, steps)

    sources: dict[int, Source] = {}

    def entry(quote: QuoteInfo) -> Entry:
        if quote.article_id not in sources:
            sources[quote.article_id] = Source(
                quote.article_id,
                item_id(quote.article_id),
                summaries[quote.article_id],
                paged.get(quote.article_id, False),
            )
        source = sources[quote.article_id]
        return Entry(
            quote_id=quote.id,
            text=quote.text,
            quoted=quoted(quote.text, source.language),
            attribution=attributions[quote.speaker_id],
            source=source,
            locator=locators[quote.id],
            kind=quote.kind,
            tags=quote.tags,
            note=quote.note,
        )

    entries: dict[int, Entry] = {}
    built: list[Group] = []
    for key, heading, members in groups:
        group_entries = []
        for quote in members:
            if quote.id not in entries:
                entries[quote.id] = entry(quote)
            group_entries.append(entries[quote.id])
        built.append(Group(key, heading, tuple(group_entries)))

    # Said of the whole selection, so a preview's header matches the exported file's.
    everyone = attributions.values()
    return Selection(
        group_by=group_by,
        sort_by=sort_by,
        groups=tuple(built),
        entries=tuple(entries.values()),
        sources=tuple(sources.values()),
        total=len(quotes),
        source_count=len(article_ids),
        reveals_confidential=any(a.confidential and reveal_confidential for a in everyone),
        has_labelled_sources=any(a.confidential and not reveal_confidential for a in everyone),
    )


def _attribution(speaker: SpeakerInfo, reveal: bool) -> Attribution:
    fields = speaker.fields
    if fields.confidential and not reveal:
        return Attribution(speaker.id, speaker.public_name, "", "", confidential=True)
    return Attribution(
        speaker.id, fields.name, fields.role, fields.affiliation, confidential=fields.confidential
    )


def _locators(article: ArticleInfo, quotes: list[QuoteInfo]) -> dict[int, Locator]:
    """Each quote's paragraph (blank-line-separated blocks, as ``ArticleInfo.page_at`` counts
    them) and page, from one pass over the text however many quotes the article has."""
    text = article.text
    # A separator counts for a position once it lies wholly before it, as str.count would have
    # it; bisecting on the separators' ends gives the count in O(log n) per quote.
    ends: list[int] = []
    found = text.find("\n\n")
    while found != -1:
        ends.append(found + 2)
        found = text.find("\n\n", found + 2)
    pages = article.paragraph_pages
    result = {}
    for quote in quotes:
        index = bisect_right(ends, quote.start)
        page = pages[min(index, len(pages) - 1)] if pages else None
        result[quote.id] = Locator(index + 1, page)
    return result


def _sort_key(
    sort_by: SortBy, summaries: dict[int, ArticleSummary]
) -> Callable[[QuoteInfo], tuple[object, ...]]:
    def by_date(quote: QuoteInfo) -> tuple[object, ...]:
        published = summaries[quote.article_id].meta.published
        # Undated sources go last, in article order among themselves.
        return (published is None, published or date.min, quote.article_id, quote.start, quote.id)

    def by_position(quote: QuoteInfo) -> tuple[object, ...]:
        title = summaries[quote.article_id].meta.title.casefold()
        return (title, quote.article_id, quote.start, quote.id)

    return by_date if sort_by is SortBy.DATE else by_position


_RawGroup = tuple[int | str, str, list[QuoteInfo]]


def _grouped(
    ordered: list[QuoteInfo],
    group_by: GroupBy,
    attributions: dict[int, Attribution],
    summaries: dict[int, ArticleSummary],
) -> list[_RawGroup]:
    """Quotes into groups, each keeping the sort order; groups in a reader's order."""
    members: dict[int | str, list[QuoteInfo]] = defaultdict(list)
    for quote in ordered:
        if group_by is GroupBy.SPEAKER:
            members[quote.speaker_id].append(quote)
        elif group_by is GroupBy.ARTICLE:
            members[quote.article_id].append(quote)
        else:
            for tag in quote.tags or (NO_TAG,):
                members[tag if quote.tags else _NO_TAG_KEY].append(quote)

    def heading(key: int | str) -> str:
        if group_by is GroupBy.SPEAKER:
            assert isinstance(key, int)
            return attributions[key].describe()
        if group_by is GroupBy.ARTICLE:
            assert isinstance(key, int)
            return summaries[key].meta.title
        return NO_TAG if key == _NO_TAG_KEY else str(key)

    def order(key: int | str) -> tuple[object, ...]:
        if group_by is GroupBy.ARTICLE:
            # Articles in the list's own order: the first quote of each decides.
            return (0,)
        if group_by is GroupBy.TAG and key == _NO_TAG_KEY:
            return (1, "", "")
        return (0, heading(key).casefold(), str(key))

    keys = sorted(members, key=order)  # stable: article groups keep first-appearance order
    return [(key, heading(key), members[key]) for key in keys]


#: Stands for "untagged" among tag names; no tag can be named with a NUL character.
_NO_TAG_KEY = "\0"


def _cut(groups: list[_RawGroup], limit: int) -> list[_RawGroup]:
    """The first ``limit`` quote appearances of the list, in their groups."""
    result: list[_RawGroup] = []
    left = limit
    for key, heading, members in groups:
        if left <= 0:
            break
        result.append((key, heading, members[:left]))
        left -= len(members[:left])
    return result
