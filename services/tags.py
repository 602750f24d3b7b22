"""Tags: many per quote; renamed, merged and deleted with undo records."""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, insert, select
from sqlmodel import Session, col

from models.engine import fold_text
from models.tables import QuoteTag, Tag
from services.errors import InvalidInputError, NotFoundError
from services.keys import stored_ids
from services.readmodels import TagInfo
from services.text import clean_name

if TYPE_CHECKING:
    from services.library import Library

#: Ids per ``IN (…)`` query: well under every database's limit on bound parameters.
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class TagSnapshot:
    """A deleted tag and the quotes that carried it."""

    id: int
    name: str
    quote_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class TagMerge:
    """A merged-away tag; ``added_to`` are the quotes that gained the target through the merge."""

    source: TagSnapshot
    target_id: int
    added_to: tuple[int, ...]


class TagService:
    def __init__(self, library: Library) -> None:
        self._library = library

    def list(self) -> builtins.list[TagInfo]:
        with self._library.session() as session:
            counts: dict[int, int] = dict(
                session.execute(
                    select(col(QuoteTag.tag_id), func.count()).group_by(col(QuoteTag.tag_id))
                ).all()
            )
            rows = session.scalars(select(Tag).order_by(col(Tag.name_key))).all()
            return [TagInfo(_id(row), row.name, counts.get(_id(row), 0)) for row in rows]

    def ids(self) -> builtins.list[int]:
        """Every tag's id in :meth:`list`'s order (by name), for lists that page rows in."""
        with self._library.session() as session:
            return stored_ids(
                session.scalars(select(col(Tag.id)).order_by(col(Tag.name_key), col(Tag.id))).all()
            )

    def rows(self, ids: Sequence[int]) -> dict[int, TagInfo]:
        """Tags with their quote counts for some tag ids (missing ids are simply absent)."""
        result: dict[int, TagInfo] = {}
        with self._library.session() as session:
            for chunk_start in range(0, len(ids), _CHUNK):
                chunk = builtins.list(ids[chunk_start : chunk_start + _CHUNK])
                counts: dict[int, int] = dict(
                    session.execute(
                        select(col(QuoteTag.tag_id), func.count())
                        .where(col(QuoteTag.tag_id).in_(chunk))
                        .group_by(col(QuoteTag.tag_id))
                    ).all()
                )
                for row in session.scalars(select(Tag).where(col(Tag.id).in_(chunk))).all():
                    result[_id(row)] = TagInfo(_id(row), row.name, counts.get(_id(row), 0))
        return result

    def get(self, tag_id: int) -> TagInfo:
        with self._library.session() as session:
            row = _row(session, tag_id)
            count = session.scalar(
                select(func.count()).select_from(QuoteTag).where(col(QuoteTag.tag_id) == tag_id)
            )
            return TagInfo(tag_id, row.name, count or 0)

    def find(self, name: str) -> TagInfo | None:
        with self._library.session() as session:
            row = session.scalar(select(Tag).where(col(Tag.name_key) == fold_text(name)))
        return self.get(_id(row)) if row else None

    def resolve(self, name: str) -> TagInfo:
        found = self.find(name)
        if found is None:
            raise NotFoundError(f"tag {name!r}", "no such tag in the library")
        return found

    def names(self) -> builtins.list[str]:
        with self._library.session() as session:
            return list(session.scalars(select(col(Tag.name)).order_by(col(Tag.name_key))).all())

    def rename(self, tag_id: int, name: str) -> TagInfo:
        cleaned = clean_name(name)
        if not cleaned:
            raise InvalidInputError(f"tag {tag_id}", "the new name is empty")
        with self._library.session(write=True) as session:
            row = _row(session, tag_id)
            other = session.scalar(select(Tag).where(col(Tag.name_key) == fold_text(cleaned)))
            if other is not None and other.id != tag_id:
                raise InvalidInputError(
                    f"tag {row.name!r}", f"{cleaned!r} is already a tag; merge the two instead"
                )
            row.name, row.name_key = cleaned, fold_text(cleaned)
            session.add(row)
        return self.get(tag_id)

    def merge(self, source_id: int, target_id: int) -> TagMerge:
        """Every quote tagged ``source`` becomes tagged ``target``; ``source`` goes away."""
        if source_id == target_id:
            raise InvalidInputError(f"tag {source_id}", "cannot be merged into itself")
        with self._library.session(write=True) as session:
            source = _row(session, source_id)
            _row(session, target_id)
            source_quotes = set(_quote_ids(session, source_id))
            target_quotes = set(_quote_ids(session, target_id))
            added = tuple(sorted(source_quotes - target_quotes))
            snapshot = TagSnapshot(source_id, source.name, tuple(sorted(source_quotes)))
            _link(session, target_id, added)
            session.delete(source)
            return TagMerge(snapshot, target_id, added)

    def unmerge(self, merge: TagMerge) -> None:
        with self._library.session(write=True) as session:
            if merge.added_to:
                session.execute(
                    delete(QuoteTag).where(
                        col(QuoteTag.tag_id) == merge.target_id,
                        col(QuoteTag.quote_id).in_(merge.added_to),
                    )
                )
            _restore(session, merge.source)

    def delete(self, tag_id: int) -> TagSnapshot:
        """Remove a tag from every quote and from the library."""
        with self._library.session(write=True) as session:
            row = _row(session, tag_id)
            snapshot = TagSnapshot(tag_id, row.name, tuple(_quote_ids(session, tag_id)))
            session.delete(row)
            return snapshot

    def delete_if_unused(self, tag_id: int) -> TagSnapshot | None:
        with self._library.session(write=True) as session:
            row = session.get(Tag, tag_id)
            if row is None or _quote_ids(session, tag_id):
                return None
            session.delete(row)
            return TagSnapshot(tag_id, row.name, ())

    def restore(self, snapshot: TagSnapshot) -> None:
        with self._library.session(write=True) as session:
            _restore(session, snapshot)


def ensure_rows(session: Session, names: Iterable[str]) -> tuple[list[Tag], list[int]]:
    """Tags by name, creating missing ones; returns the rows and the ids that are new."""
    rows: list[Tag] = []
    created: list[int] = []
    seen: set[str] = set()
    for name in names:
        cleaned = clean_name(name)
        key = fold_text(cleaned)
        if not key or key in seen:
            continue
        seen.add(key)
        row = session.scalar(select(Tag).where(col(Tag.name_key) == key))
        if row is None:
            row = Tag(name=cleaned, name_key=key)
            session.add(row)
            session.flush()
            created.append(_id(row))
        rows.append(row)
    return rows, created


def _restore(session: Session, snapshot: TagSnapshot) -> None:
    session.add(Tag(id=snapshot.id, name=snapshot.name, name_key=fold_text(snapshot.name)))
    session.flush()
    _link(session, snapshot.id, snapshot.quote_ids)


def _link(session: Session, tag_id: int, quote_ids: Iterable[int]) -> None:
    rows = [{"quote_id": quote_id, "tag_id": tag_id} for quote_id in quote_ids]
    if rows:
        session.execute(insert(QuoteTag), rows)


def _quote_ids(session: Session, tag_id: int) -> list[int]:
    return list(
        session.scalars(
            select(col(QuoteTag.quote_id))
            .where(col(QuoteTag.tag_id) == tag_id)
            .order_by(col(QuoteTag.quote_id))
        ).all()
    )


def _row(session: Session, tag_id: int) -> Tag:
    row = session.get(Tag, tag_id)
    if row is None:
        raise NotFoundError(f"tag {tag_id}", "no such tag in the library")
    return row


def _id(row: Tag) -> int:
    assert row.id is not None
    return row.id
