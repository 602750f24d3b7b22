"""Plain, immutable records that services hand out instead of live ORM objects.

A widget can keep one as long as it likes, and pass it across threads, without a session.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from models.tables import QuoteKind


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    """The citation metadata of an article: what an import fills and the metadata dialog edits."""

    title: str
    outlet: str = ""
    authors: tuple[str, ...] = ()
    published: date | None = None
    url: str = ""
    language: str = ""
    csl_type: str = "article-newspaper"
    #: The source's CSL-JSON item as imported (``import --metadata``, a web page's accessed
    #: date…), as compact JSON text ("" for none): what citations need beyond the fields above,
    #: such as structured or institutional names, a year-only date, the page or the genre. Text
    #: keeps this record immutable and hashable; :attr:`csl_fields` reads it.
    csl_extra: str = ""

    @property
    def csl_fields(self) -> dict[str, Any]:
        """The stored CSL-JSON fields (a fresh dict; empty when there are none)."""
        return csl_fields(self.csl_extra)


def csl_text(fields: Mapping[str, Any]) -> str:
    """CSL-JSON fields as :attr:`ArticleMeta.csl_extra` keeps them: compact, keys sorted."""
    if not fields:
        return ""
    return json.dumps(dict(fields), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def csl_fields(text: str) -> dict[str, Any]:
    """The fields of a ``csl_extra`` text; anything but a JSON object reads as none."""
    if not text:
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """An article as lists show it: metadata and a quote count, no text."""

    id: int
    meta: ArticleMeta
    source_name: str
    source_format: str
    quote_count: int
    created_at: datetime

    @property
    def title(self) -> str:
        return self.meta.title


@dataclass(frozen=True, slots=True)
class ArticleInfo:
    """An article with its canonical text."""

    summary: ArticleSummary
    text: str
    content_hash: str
    #: The source page each paragraph starts on (paged sources only; else empty).
    paragraph_pages: tuple[int, ...] = ()

    def page_at(self, position: int) -> int | None:
        """The source page of a code-point position, for citing a quote; None if not paged."""
        if not self.paragraph_pages:
            return None
        paragraph = self.text.count("\n\n", 0, position)
        return self.paragraph_pages[min(paragraph, len(self.paragraph_pages) - 1)]

    @property
    def id(self) -> int:
        return self.summary.id

    @property
    def meta(self) -> ArticleMeta:
        return self.summary.meta


@dataclass(frozen=True, slots=True)
class SpeakerFields:
    """Everything about a speaker a user can edit; the unit of a speaker edit and its undo."""

    name: str
    role: str = ""
    affiliation: str = ""
    color: str = ""
    notes: str = ""
    confidential: bool = False
    public_label: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SpeakerInfo:
    """A speaker with aliases and the number of quotes attributed to them."""

    id: int
    fields: SpeakerFields
    quote_count: int

    @property
    def name(self) -> str:
        return self.fields.name

    @property
    def color(self) -> str:
        return self.fields.color

    @property
    def public_name(self) -> str:
        """The name exports may print: the public label when the source is confidential."""
        if self.fields.confidential:
            return self.fields.public_label or "a confidential source"
        return self.fields.name


@dataclass(frozen=True, slots=True)
class TagInfo:
    id: int
    name: str
    quote_count: int


@dataclass(frozen=True, slots=True)
class QuoteInfo:
    """A quote with everything a list row or an export needs, already joined."""

    id: int
    article_id: int
    article_title: str
    article_published: date | None
    speaker_id: int
    speaker_name: str
    speaker_color: str
    start: int
    end: int
    text: str
    context_before: str
    context_after: str
    kind: QuoteKind
    note: str
    tags: tuple[str, ...]
    created_at: datetime
    updated_at: datetime

    def to_json(self) -> dict[str, Any]:
        """The quote as ``quotes --json`` prints it."""
        return {
            "id": self.id,
            "article_id": self.article_id,
            "article_title": self.article_title,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "speaker": self.speaker_name,
            "speaker_id": self.speaker_id,
            "tags": list(self.tags),
            "note": self.note,
            "kind": self.kind.value,
            "context_before": self.context_before,
            "context_after": self.context_after,
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
        }


@dataclass(frozen=True, slots=True)
class QuoteEdit:
    """What the quote editor can change on an existing quote."""

    speaker: str
    kind: QuoteKind = QuoteKind.DIRECT
    tags: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True, slots=True)
class QuoteDraft:
    """A new quote: a span of an article and what the journalist said about it."""

    article_id: int
    start: int
    end: int
    edit: QuoteEdit


@dataclass(frozen=True, slots=True)
class QuoteFilter:
    """The filters of the all-quotes view and of ``quotebook quotes``. Empty means "any"."""

    text: str = ""
    speaker_ids: tuple[int, ...] = ()
    tag_ids: tuple[int, ...] = ()
    article_ids: tuple[int, ...] = ()
    kinds: tuple[QuoteKind, ...] = ()
    published_from: date | None = None
    published_to: date | None = None


@dataclass(frozen=True, slots=True)
class LibraryCounts:
    articles: int
    quotes: int
    speakers: int
    tags: int


@dataclass(frozen=True, slots=True)
class Changes:
    """What an operation changed, so each view decides for itself whether to refresh.

    Ids name the rows touched (created, edited or removed); an empty set means "none of that
    kind". Views compare against what they show rather than being told what to do.
    """

    articles: frozenset[int] = field(default_factory=frozenset)
    quotes: frozenset[int] = field(default_factory=frozenset)
    speakers: frozenset[int] = field(default_factory=frozenset)
    tags: frozenset[int] = field(default_factory=frozenset)
    #: Articles whose quote suggestions were rejected or offered again (quotes are above).
    suggestions: frozenset[int] = field(default_factory=frozenset)

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.articles | other.articles,
            self.quotes | other.quotes,
            self.speakers | other.speakers,
            self.tags | other.tags,
            self.suggestions | other.suggestions,
        )

    def __bool__(self) -> bool:
        return bool(self.articles or self.quotes or self.speakers or self.tags or self.suggestions)
