"""Quotes: spans of an article attributed to a speaker, with tags, kind and note."""

from __future__ import annotations

import builtins
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import ColumnElement, Select, delete, func, insert, select
from sqlmodel import Session, col

from models.engine import fold
from models.tables import Article, Quote, QuoteKind, QuoteTag, Speaker, Tag, utc_now
from services.errors import InvalidInputError, NotFoundError
from services.keys import stored_ids
from services.readmodels import QuoteDraft, QuoteEdit, QuoteFilter, QuoteInfo
from services.speakers import ensure_row
from services.tags import ensure_rows
from services.text import CONTEXT_WIDTH, excerpt, find_occurrence

if TYPE_CHECKING:
    from services.library import Library

#: SQLite accepts at most 32,766 bound parameters; chunks stay far below any backend's limit.
_CHUNK = 500

#: The default filter: every quote.
NO_FILTER = QuoteFilter()

#: A query :func:`_filtered` adds conditions to, keeping its exact type.
_Query = TypeVar("_Query", bound="Select[*tuple[Any, ...]]")


class QuoteSort(StrEnum):
    """Orders the all-quotes view can sort by; each is a column there."""

    TEXT = "text"
    SPEAKER = "speaker"
    ARTICLE = "article"
    DATE = "date"
    TAGS = "tags"
    KIND = "kind"
    CREATED = "created"


@dataclass(frozen=True, slots=True)
class QuoteSnapshot:
    """A quote exactly as stored, to re-create it under the same id."""

    id: int
    article_id: int
    speaker_id: int
    start: int
    end: int
    text: str
    context_before: str
    context_after: str
    kind: QuoteKind
    note: str
    tag_ids: tuple[int, ...]
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class QuoteChange:
    """The result of creating or editing a quote.

    ``new_speaker_id`` and ``new_tag_ids`` name what the operation created on the way (a speaker
    typed for the first time, new tags), so that undo can remove them again.
    """

    quote: QuoteInfo
    new_speaker_id: int | None
    new_tag_ids: tuple[int, ...]


class QuoteService:
    def __init__(self, library: Library) -> None:
        self._library = library

    # ----------------------------------------------------------------- reading

    def get(self, quote_id: int) -> QuoteInfo:
        rows = self.rows([quote_id])
        if quote_id not in rows:
            raise NotFoundError(f"quote {quote_id}", "no such quote in the library")
        return rows[quote_id]

    def for_article(self, article_id: int) -> builtins.list[QuoteInfo]:
        """An article's quotes in reading order.

        Two statements, read straight into :class:`QuoteInfo` (no ORM objects, no sort by
        article title): the reader calls this whenever an article opens, and a transcript can
        hold a thousand quotes.
        """
        with self._library.session() as session:
            rows = _load_where(
                session,
                col(Quote.article_id) == article_id,
                select(col(Quote.id)).where(col(Quote.article_id) == article_id),
            )
        return sorted(rows.values(), key=lambda quote: (quote.start, quote.id))

    def ids(
        self,
        filters: QuoteFilter = NO_FILTER,
        sort: QuoteSort = QuoteSort.DATE,
        descending: bool = False,
    ) -> builtins.list[int]:
        """Ids of the quotes that pass ``filters``, in order; rows are fetched with :meth:`rows`.

        Views hold these ids and fetch rows a screenful at a time, so the all-quotes view never
        holds 100,000 quote objects. ``filters.text`` is a search query (words, phrases,
        prefixes, ``speaker:``…; see :mod:`services.search.query`), matched by the search index.
        """
        query = _filtered(select(col(Quote.id)).select_from(Quote), filters)
        query = query.order_by(*_ordering(sort, descending))
        with self._library.session() as session:
            ids = stored_ids(session.scalars(query).all())
        if filters.text.strip():
            matched = set(self._library.search.quote_ids(filters.text))
            ids = [quote_id for quote_id in ids if quote_id in matched]
        return ids

    def rows(self, ids: Sequence[int]) -> dict[int, QuoteInfo]:
        """Full rows for some quote ids (missing ids are simply absent)."""
        result: dict[int, QuoteInfo] = {}
        with self._library.session() as session:
            for chunk_start in range(0, len(ids), _CHUNK):
                chunk = list(ids[chunk_start : chunk_start + _CHUNK])
                result.update(_load(session, chunk))
        return result

    def list(
        self, filters: QuoteFilter = NO_FILTER, sort: QuoteSort = QuoteSort.DATE
    ) -> builtins.list[QuoteInfo]:
        ids = self.ids(filters, sort)
        rows = self.rows(ids)
        return [rows[quote_id] for quote_id in ids if quote_id in rows]

    def at(self, article_id: int, position: int) -> builtins.list[QuoteInfo]:
        """Quotes of an article covering a code-point position, innermost (shortest) first."""
        with self._library.session() as session:
            ids = stored_ids(
                session.scalars(
                    select(col(Quote.id))
                    .where(col(Quote.article_id) == article_id)
                    .where(col(Quote.start) <= position)
                    .where(col(Quote.end) > position)
                    .order_by(col(Quote.end) - col(Quote.start))
                ).all()
            )
        rows = self.rows(ids)
        return [rows[i] for i in ids if i in rows]

    # ----------------------------------------------------------------- writing

    def add(self, draft: QuoteDraft) -> QuoteChange:
        """Mark a span of an article as a quote; a speaker or tags named for the first time are
        created on the way."""
        start, end = draft.start, draft.end
        with self._library.session(write=True) as session:
            # Only the span and its context are read, and the article row is not written (SQLite
            # rewrites a whole row, its 4 MB text included, on any update): adding a quote to a
            # long report must cost what it costs on a short news story. SQLite's length() and
            # substr() count characters, as our offsets do.
            low, high = max(0, start - CONTEXT_WIDTH), max(start, end + CONTEXT_WIDTH)
            found = session.execute(
                select(func.substr(col(Article.text), low + 1, high - low)).where(
                    col(Article.id) == draft.article_id
                )
            ).one_or_none()
            if found is None:
                raise NotFoundError(f"article {draft.article_id}", "no such article in the library")
            window = str(found[0])
            # A window cut short by the end of the text shows a span running past it; only then
            # is the whole text's length worth counting, for the message.
            if not 0 <= start < end <= low + len(window):
                length = session.scalar(
                    select(func.length(col(Article.text))).where(
                        col(Article.id) == draft.article_id
                    )
                )
                raise InvalidInputError(
                    f"article {draft.article_id}",
                    f"span {start}–{end} is outside its text (0–{length})",
                )
            words = window[start - low : end - low]
            if not words.strip():
                raise InvalidInputError(
                    f"article {draft.article_id}", "the span is only white space"
                )
            speaker, speaker_created = _speaker_for(session, draft.edit.speaker)
            tags, new_tags = ensure_rows(session, draft.edit.tags)
            before, after = window[: start - low], window[end - low :]
            stamp = utc_now()
            row = Quote(
                article_id=draft.article_id,
                speaker_id=speaker,
                start=start,
                end=end,
                text=words,
                context_before=before,
                context_after=after,
                kind=QuoteKind(draft.edit.kind).value,
                note=draft.edit.note.strip(),
                created_at=stamp,
                updated_at=stamp,
            )
            session.add(row)
            session.flush()
            quote_id = _id(row)
            _set_tags(session, quote_id, [_tag_id(tag) for tag in tags])
            info = _load(session, [quote_id])[quote_id]
            return QuoteChange(info, speaker if speaker_created else None, tuple(new_tags))

    def add_text(
        self, article_id: int, words: str, occurrence: int, edit: QuoteEdit
    ) -> QuoteChange:
        """Mark the ``occurrence``-th (1-based) appearance of ``words`` as a quote."""
        with self._library.session() as session:
            article = session.get(Article, article_id)
            if article is None:
                raise NotFoundError(f"article {article_id}", "no such article in the library")
            span = find_occurrence(article.text, words, occurrence)
        if span is None:
            which = "" if occurrence == 1 else f" (occurrence {occurrence})"
            raise NotFoundError(
                f"article {article_id}", f"the text {excerpt(words, 60)!r}{which} is not in it"
            )
        return self.add(QuoteDraft(article_id, span[0], span[1], edit))

    def update(self, quote_id: int, edit: QuoteEdit) -> QuoteChange:
        """Change a quote's speaker, kind, tags and note (its words never change)."""
        with self._library.session(write=True) as session:
            row = session.get(Quote, quote_id)
            if row is None:
                raise NotFoundError(f"quote {quote_id}", "no such quote in the library")
            speaker, speaker_created = _speaker_for(session, edit.speaker)
            tags, new_tags = ensure_rows(session, edit.tags)
            row.speaker_id = speaker
            row.kind = QuoteKind(edit.kind).value
            row.note = edit.note.strip()
            row.updated_at = utc_now()
            session.add(row)
            session.execute(delete(QuoteTag).where(col(QuoteTag.quote_id) == quote_id))
            _set_tags(session, quote_id, [_tag_id(tag) for tag in tags])
            info = _load(session, [quote_id])[quote_id]
            return QuoteChange(info, speaker if speaker_created else None, tuple(new_tags))

    def delete(self, quote_id: int) -> QuoteSnapshot:
        with self._library.session(write=True) as session:
            snapshots = snapshot_rows(session, [quote_id])
            if not snapshots:
                raise NotFoundError(f"quote {quote_id}", "no such quote in the library")
            session.execute(delete(Quote).where(col(Quote.id) == quote_id))
            return snapshots[0]

    def restore(self, snapshot: QuoteSnapshot) -> QuoteInfo:
        with self._library.session(write=True) as session:
            restore_rows(session, [snapshot])
            return _load(session, [snapshot.id])[snapshot.id]


# --------------------------------------------------------------------- helpers shared with articles


def snapshot_rows(session: Session, quote_ids: Iterable[int]) -> list[QuoteSnapshot]:
    ids = list(quote_ids)
    tags: dict[int, list[int]] = defaultdict(list)
    rows: list[Quote] = []
    for chunk_start in range(0, len(ids), _CHUNK):
        chunk = ids[chunk_start : chunk_start + _CHUNK]
        rows.extend(session.scalars(select(Quote).where(col(Quote.id).in_(chunk))).all())
        for quote_id, tag_id in session.execute(
            select(col(QuoteTag.quote_id), col(QuoteTag.tag_id)).where(
                col(QuoteTag.quote_id).in_(chunk)
            )
        ):
            tags[quote_id].append(tag_id)
    return [
        QuoteSnapshot(
            id=_id(row),
            article_id=row.article_id,
            speaker_id=row.speaker_id,
            start=row.start,
            end=row.end,
            text=row.text,
            context_before=row.context_before,
            context_after=row.context_after,
            kind=QuoteKind(row.kind),
            note=row.note,
            tag_ids=tuple(sorted(tags[_id(row)])),
            created_at=row.created_at,
            updated_at=row.updated_at,
        )
        for row in sorted(rows, key=_id)
    ]


def restore_rows(session: Session, snapshots: Iterable[QuoteSnapshot]) -> None:
    for snap in snapshots:
        session.add(
            Quote(
                id=snap.id,
                article_id=snap.article_id,
                speaker_id=snap.speaker_id,
                start=snap.start,
                end=snap.end,
                text=snap.text,
                context_before=snap.context_before,
                context_after=snap.context_after,
                kind=snap.kind.value,
                note=snap.note,
                created_at=snap.created_at,
                updated_at=snap.updated_at,
            )
        )
        session.flush()
        _set_tags(session, snap.id, snap.tag_ids)


def _speaker_for(session: Session, name: str) -> tuple[int, bool]:
    if not name.strip():
        raise InvalidInputError("quote", "every quote needs a speaker")
    row, created = ensure_row(session, name)
    assert row.id is not None
    return row.id, created


def _set_tags(session: Session, quote_id: int, tag_ids: Iterable[int]) -> None:
    rows = [{"quote_id": quote_id, "tag_id": tag_id} for tag_id in dict.fromkeys(tag_ids)]
    if rows:
        session.execute(insert(QuoteTag), rows)


def _filtered(query: _Query, filters: QuoteFilter) -> _Query:
    conditions: list[ColumnElement[bool]] = []
    if filters.speaker_ids:
        conditions.append(col(Quote.speaker_id).in_(filters.speaker_ids))
    if filters.article_ids:
        conditions.append(col(Quote.article_id).in_(filters.article_ids))
    if filters.kinds:
        conditions.append(col(Quote.kind).in_([kind.value for kind in filters.kinds]))
    for tag_id in filters.tag_ids:  # every chosen tag must be present
        tagged = select(col(QuoteTag.quote_id)).where(col(QuoteTag.tag_id) == tag_id)
        conditions.append(col(Quote.id).in_(tagged))
    if filters.published_from or filters.published_to:
        dated = select(col(Article.id))
        if filters.published_from:
            dated = dated.where(col(Article.published) >= filters.published_from)
        if filters.published_to:
            dated = dated.where(col(Article.published) <= filters.published_to)
        conditions.append(col(Quote.article_id).in_(dated))
    return query.where(*conditions) if conditions else query


def _ordering(sort: QuoteSort, descending: bool) -> list[Any]:
    """ORDER BY terms for a sort; ties always fall back to reading order, then id."""

    def directed(column: Any) -> Any:
        return column.desc() if descending else column.asc()

    article_published = (
        select(col(Article.published)).where(col(Article.id) == Quote.article_id).scalar_subquery()
    )
    article_title = select(fold(Article.title)).where(col(Article.id) == Quote.article_id)
    speaker_name = select(col(Speaker.name_key)).where(col(Speaker.id) == Quote.speaker_id)
    first_tag = (
        select(func.min(col(Tag.name_key)))
        .join(QuoteTag, col(QuoteTag.tag_id) == Tag.id)
        .where(col(QuoteTag.quote_id) == Quote.id)
    )
    primary: dict[QuoteSort, list[Any]] = {
        QuoteSort.TEXT: [fold(Quote.text)],
        QuoteSort.SPEAKER: [speaker_name.scalar_subquery()],
        QuoteSort.ARTICLE: [article_title.scalar_subquery(), Quote.article_id],
        QuoteSort.DATE: [article_published, Quote.article_id],
        QuoteSort.TAGS: [first_tag.scalar_subquery()],
        QuoteSort.KIND: [Quote.kind],
        QuoteSort.CREATED: [Quote.created_at],
    }
    terms = [directed(term) for term in primary[sort]]
    if sort is QuoteSort.DATE:
        # Quotes from undated articles come last whichever way dates run: never reversed.
        terms.insert(0, article_published.is_(None).asc())
    return [*terms, Quote.article_id, Quote.start, Quote.id]


def _load(session: Session, ids: Sequence[int]) -> dict[int, QuoteInfo]:
    if not ids:
        return {}
    return _load_where(session, col(Quote.id).in_(ids), ids)


#: What a :class:`QuoteInfo` is read from, in its fields' order (tags come separately).
_INFO_COLUMNS = (
    col(Quote.id),
    col(Quote.article_id),
    col(Article.title),
    col(Article.published),
    col(Quote.speaker_id),
    col(Speaker.name),
    col(Speaker.color),
    col(Quote.start),
    col(Quote.end),
    col(Quote.text),
    col(Quote.context_before),
    col(Quote.context_after),
    col(Quote.kind),
    col(Quote.note),
    col(Quote.created_at),
    col(Quote.updated_at),
)


def _load_where(
    session: Session,
    condition: ColumnElement[bool],
    quote_ids: Sequence[int] | Select[Any],
) -> dict[int, QuoteInfo]:
    """The quotes matching ``condition`` as :class:`QuoteInfo`, by id.

    Plain column rows, not ORM objects: building a mapped ``Quote`` per row cost more than the
    query itself. ``quote_ids`` (ids, or a select of them) picks the same quotes for the tag
    query.
    """
    tags: dict[int, list[str]] = defaultdict(list)
    for quote_id, name in session.execute(
        select(col(QuoteTag.quote_id), col(Tag.name))
        .join(Tag, col(Tag.id) == QuoteTag.tag_id)
        .where(col(QuoteTag.quote_id).in_(quote_ids))
        .order_by(col(Tag.name_key))
    ):
        tags[quote_id].append(name)
    query = (
        select(*_INFO_COLUMNS)
        .select_from(Quote)
        .join(Speaker, col(Speaker.id) == Quote.speaker_id)
        .join(Article, col(Article.id) == Quote.article_id)
        .where(condition)
    )
    result: dict[int, QuoteInfo] = {}
    for row in session.execute(query):
        (quote_id, article_id, title, published, speaker_id, speaker_name, color) = row[:7]
        (start, end, text, before, after, kind, note, created, updated) = row[7:]
        result[quote_id] = QuoteInfo(
            id=quote_id,
            article_id=article_id,
            article_title=title,
            article_published=published,
            speaker_id=speaker_id,
            speaker_name=speaker_name,
            speaker_color=color,
            start=start,
            end=end,
            text=text,
            context_before=before,
            context_after=after,
            kind=QuoteKind(kind),
            note=note,
            tags=tuple(tags[quote_id]),
            created_at=_aware(created),
            updated_at=_aware(updated),
        )
    return result


def _aware(value: datetime) -> datetime:
    """SQLite hands timestamps back without a zone; they were written in UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _id(row: Quote) -> int:
    assert row.id is not None
    return row.id


def _tag_id(row: Tag) -> int:
    assert row.id is not None
    return row.id
