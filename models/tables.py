"""The library's tables.

Offsets (`Quote.start`, `Quote.end`) are Unicode code points into `Article.text`, the canonical
text fixed at import. Each quote also keeps a verbatim snapshot of its words and a little context
on either side, so a quote can be re-anchored if an article's text is ever re-derived.

Every foreign key declares its ``ON DELETE`` rule in the database *and* the matching cascade on
the ORM side, so deleting through either path leaves no orphans. Tables use
``sqlite_autoincrement`` so an id is never handed out twice: undo re-creates rows under their old
ids, and a reused id could make an undo resurrect the wrong thing.
"""

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlmodel import Field, Relationship, SQLModel

AUTOINCREMENT: dict[str, Any] = {"sqlite_autoincrement": True}


def utc_now() -> datetime:
    """The time every ``created_at``/``updated_at`` is written in: timezone-aware UTC."""
    return datetime.now(UTC)


def _timestamp() -> Any:
    """A UTC timestamp column, declared here rather than left to sqlmodel's default mapping."""
    return Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class QuoteKind(StrEnum):
    """How close a quote is to the speaker's own words."""

    DIRECT = "direct"
    INDIRECT = "indirect"
    PARAPHRASE = "paraphrase"


class Article(SQLModel, table=True):
    """A source document: its citation metadata and its canonical text."""

    __tablename__ = "article"
    __table_args__ = (Index("ix_article_content_hash", "content_hash"), AUTOINCREMENT)

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(sa_column=Column(String, nullable=False))
    outlet: str = Field(default="", sa_column=Column(String, nullable=False, server_default=""))
    authors: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    published: date | None = Field(default=None)
    url: str = Field(default="", sa_column=Column(String, nullable=False, server_default=""))
    language: str = Field(default="", sa_column=Column(String, nullable=False, server_default=""))
    csl_type: str = Field(
        default="article-newspaper",
        sa_column=Column(String, nullable=False, server_default="article-newspaper"),
    )
    source_name: str = Field(
        default="", sa_column=Column(String, nullable=False, server_default="")
    )
    source_format: str = Field(
        default="", sa_column=Column(String, nullable=False, server_default="")
    )
    #: The rest of the source's CSL-JSON item (structured names, partial dates, accessed date,
    #: page, genre…) as JSON text, "" when there is none. The fields above are what the user
    #: edits and win over it when a citation is made.
    csl_extra: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    text: str = Field(sa_column=Column(Text, nullable=False))
    content_hash: str = Field(sa_column=Column(String(64), nullable=False))
    #: For paged sources (PDF): the page each paragraph of ``text`` starts on, in order.
    paragraph_pages: list[int] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]")
    )
    created_at: datetime = _timestamp()
    updated_at: datetime = _timestamp()

    quotes: list["Quote"] = Relationship(cascade_delete=True, passive_deletes=True)
    rejected_suggestions: list["RejectedSuggestion"] = Relationship(
        cascade_delete=True, passive_deletes=True
    )


class Speaker(SQLModel, table=True):
    """A person (or body) quotes are attributed to.

    ``name_key`` is the case-folded name; it is unique so that "Anna Petrova" and "anna petrova"
    can never become two speakers.
    """

    __tablename__ = "speaker"
    __table_args__ = (UniqueConstraint("name_key", name="uq_speaker_name_key"), AUTOINCREMENT)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=Column(String, nullable=False))
    name_key: str = Field(sa_column=Column(String, nullable=False))
    role: str = Field(default="", sa_column=Column(String, nullable=False, server_default=""))
    affiliation: str = Field(
        default="", sa_column=Column(String, nullable=False, server_default="")
    )
    color: str = Field(sa_column=Column(String(7), nullable=False))
    notes: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    confidential: bool = Field(default=False)
    public_label: str = Field(
        default="", sa_column=Column(String, nullable=False, server_default="")
    )
    created_at: datetime = _timestamp()
    updated_at: datetime = _timestamp()

    aliases: list["SpeakerAlias"] = Relationship(cascade_delete=True, passive_deletes=True)


class SpeakerAlias(SQLModel, table=True):
    """Another name a speaker goes by ("the minister", a transliteration, a maiden name)."""

    __tablename__ = "speaker_alias"
    __table_args__ = (
        UniqueConstraint("alias_key", name="uq_speaker_alias_key"),
        Index("ix_speaker_alias_speaker_id", "speaker_id"),
        AUTOINCREMENT,
    )

    id: int | None = Field(default=None, primary_key=True)
    speaker_id: int = Field(
        sa_column=Column(Integer, ForeignKey("speaker.id", ondelete="CASCADE"), nullable=False)
    )
    alias: str = Field(sa_column=Column(String, nullable=False))
    alias_key: str = Field(sa_column=Column(String, nullable=False))


class Tag(SQLModel, table=True):
    """A label a journalist puts on quotes ("tariffs", "on record", "check")."""

    __tablename__ = "tag"
    __table_args__ = (UniqueConstraint("name_key", name="uq_tag_name_key"), AUTOINCREMENT)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(sa_column=Column(String, nullable=False))
    name_key: str = Field(sa_column=Column(String, nullable=False))

    quote_links: list["QuoteTag"] = Relationship(cascade_delete=True, passive_deletes=True)


class Quote(SQLModel, table=True):
    """A marked span of an article, attributed to a speaker."""

    __tablename__ = "quote"
    __table_args__ = (
        Index("ix_quote_article_start", "article_id", "start"),
        Index("ix_quote_speaker_id", "speaker_id"),
        AUTOINCREMENT,
    )

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(
        sa_column=Column(Integer, ForeignKey("article.id", ondelete="CASCADE"), nullable=False)
    )
    speaker_id: int = Field(
        sa_column=Column(Integer, ForeignKey("speaker.id", ondelete="RESTRICT"), nullable=False)
    )
    start: int
    end: int
    text: str = Field(sa_column=Column(Text, nullable=False))
    context_before: str = Field(
        default="", sa_column=Column(Text, nullable=False, server_default="")
    )
    context_after: str = Field(
        default="", sa_column=Column(Text, nullable=False, server_default="")
    )
    kind: str = Field(
        default=QuoteKind.DIRECT.value,
        sa_column=Column(String(16), nullable=False, server_default=QuoteKind.DIRECT.value),
    )
    note: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    created_at: datetime = _timestamp()
    updated_at: datetime = _timestamp()

    tag_links: list["QuoteTag"] = Relationship(cascade_delete=True, passive_deletes=True)


class QuoteTag(SQLModel, table=True):
    """Which tags a quote carries."""

    __tablename__ = "quote_tag"
    __table_args__ = (Index("ix_quote_tag_tag_id", "tag_id"),)

    quote_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("quote.id", ondelete="CASCADE"), primary_key=True, nullable=False
        )
    )
    tag_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("tag.id", ondelete="CASCADE"), primary_key=True, nullable=False
        )
    )


class RejectedSuggestion(SQLModel, table=True):
    """A suggested quotation the journalist turned down, so it is never offered again there.

    Keyed by its span; the verbatim words are kept too, so that the same suggestion is still
    recognised when a newer detector draws its boundaries a little differently.
    """

    __tablename__ = "rejected_suggestion"

    article_id: int = Field(
        sa_column=Column(
            Integer,
            ForeignKey("article.id", ondelete="CASCADE"),
            primary_key=True,
            nullable=False,
        )
    )
    start: int = Field(primary_key=True)
    end: int = Field(primary_key=True)
    text: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = _timestamp()


METADATA = SQLModel.metadata
