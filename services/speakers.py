"""Speakers: who said it. Names and aliases are matched case- and space-insensitively."""

from __future__ import annotations

import builtins
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select, update
from sqlmodel import Session, col

from models.engine import fold_text
from models.tables import Quote, Speaker, SpeakerAlias, utc_now
from services.errors import InvalidInputError, NotFoundError
from services.keys import stored_ids
from services.palette import is_color, next_color, normalize_color
from services.readmodels import SpeakerFields, SpeakerInfo
from services.text import clean_name

if TYPE_CHECKING:
    from services.library import Library

#: Ids per ``IN (…)`` query: well under every database's limit on bound parameters.
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class SpeakerSnapshot:
    """A deleted speaker, enough to bring it back under the same id."""

    id: int
    fields: SpeakerFields
    created_at: datetime


@dataclass(frozen=True, slots=True)
class SpeakerMerge:
    """What a merge did, so it can be undone exactly."""

    source: SpeakerSnapshot
    target_id: int
    target_before: SpeakerFields
    moved_quote_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class SpeakerEntry:
    """A speaker as name matching and colouring need it: no counts, no editable details."""

    id: int
    name: str
    aliases: tuple[str, ...]
    color: str


class SpeakerService:
    def __init__(self, library: Library) -> None:
        self._library = library

    # ----------------------------------------------------------------- reading

    def directory(self) -> builtins.list[SpeakerEntry]:
        """Every speaker's id, name, aliases and colour, by name (two plain queries).

        What quote detection and suggestion lists need, without :meth:`list`'s quote counts
        (a ``GROUP BY`` over every quote) or ORM objects: it runs whenever an article opens.
        """
        aliases: dict[int, list[str]] = defaultdict(list)
        with self._library.session() as session:
            for speaker_id, alias in session.execute(
                select(col(SpeakerAlias.speaker_id), col(SpeakerAlias.alias)).order_by(
                    col(SpeakerAlias.id)
                )
            ):
                aliases[speaker_id].append(alias)
            rows = session.execute(
                select(col(Speaker.id), col(Speaker.name), col(Speaker.color)).order_by(
                    col(Speaker.name_key), col(Speaker.id)
                )
            ).all()
        return [
            SpeakerEntry(speaker_id, name, tuple(aliases.get(speaker_id, ())), color)
            for speaker_id, name, color in rows
        ]

    def list(self) -> builtins.list[SpeakerInfo]:
        """Every speaker, by name, with aliases and quote counts (three queries in all)."""
        with self._library.session() as session:
            speakers = session.scalars(select(Speaker).order_by(col(Speaker.name_key))).all()
            return _infos(session, list(speakers))

    def ids(self) -> builtins.list[int]:
        """Every speaker's id in :meth:`list`'s order (by name), for lists that page rows in."""
        with self._library.session() as session:
            return stored_ids(
                session.scalars(
                    select(col(Speaker.id)).order_by(col(Speaker.name_key), col(Speaker.id))
                ).all()
            )

    def rows(self, ids: Sequence[int]) -> dict[int, SpeakerInfo]:
        """Full rows for some speaker ids (missing ids are simply absent)."""
        result: dict[int, SpeakerInfo] = {}
        with self._library.session() as session:
            for chunk_start in range(0, len(ids), _CHUNK):
                chunk = builtins.list(ids[chunk_start : chunk_start + _CHUNK])
                rows = session.scalars(select(Speaker).where(col(Speaker.id).in_(chunk))).all()
                result.update((info.id, info) for info in _infos(session, builtins.list(rows)))
        return result

    def get(self, speaker_id: int) -> SpeakerInfo:
        with self._library.session() as session:
            return _infos(session, [_row(session, speaker_id)])[0]

    def find(self, name: str) -> SpeakerInfo | None:
        """The speaker whose name or alias is ``name``, ignoring case and spacing."""
        with self._library.session() as session:
            row = find_row(session, name)
            return _infos(session, [row])[0] if row else None

    def resolve(self, name: str) -> SpeakerInfo:
        found = self.find(name)
        if found is None:
            raise NotFoundError(f"speaker {name!r}", "no speaker has that name or alias")
        return found

    def completion_names(self) -> builtins.list[str]:
        """Names and aliases, for the quote editor's completer."""
        with self._library.session() as session:
            names = session.scalars(select(col(Speaker.name))).all()
            aliases = session.scalars(select(col(SpeakerAlias.alias))).all()
        return sorted({*names, *aliases}, key=fold_text)

    # ----------------------------------------------------------------- writing

    def create(self, fields: SpeakerFields) -> SpeakerInfo:
        with self._library.session(write=True) as session:
            row = create_row(session, fields)
            return _infos(session, [row])[0]

    def update(self, speaker_id: int, fields: SpeakerFields) -> SpeakerInfo:
        """Replace a speaker's editable fields (rename, recolour, aliases, confidentiality)."""
        with self._library.session(write=True) as session:
            row = _row(session, speaker_id)
            fields = _validated(session, fields, speaker_id)
            _apply(session, row, fields)
            return _infos(session, [row])[0]

    def merge(self, source_id: int, target_id: int) -> SpeakerMerge:
        """Fold ``source`` into ``target``: its quotes move and its name becomes an alias."""
        if source_id == target_id:
            raise InvalidInputError(f"speaker {source_id}", "cannot be merged into itself")
        with self._library.session(write=True) as session:
            source = _row(session, source_id)
            target = _row(session, target_id)
            source_info = _infos(session, [source])[0]
            target_before = _infos(session, [target])[0].fields
            moved = tuple(
                stored_ids(
                    session.scalars(
                        select(col(Quote.id))
                        .where(col(Quote.speaker_id) == source_id)
                        .order_by(col(Quote.id))
                    ).all()
                )
            )
            snapshot = SpeakerSnapshot(source_id, source_info.fields, source.created_at)
            session.execute(
                update(Quote).where(col(Quote.speaker_id) == source_id).values(speaker_id=target_id)
            )
            session.delete(source)
            session.flush()
            aliases = (*target_before.aliases, source_info.name, *source_info.fields.aliases)
            merged = _validated(session, replace(target_before, aliases=aliases), target_id)
            _apply(session, target, merged)
            return SpeakerMerge(snapshot, target_id, target_before, moved)

    def unmerge(self, merge: SpeakerMerge) -> None:
        """Undo :meth:`merge`: the source returns with its id, quotes and aliases."""
        with self._library.session(write=True) as session:
            target = _row(session, merge.target_id)
            _apply(session, target, merge.target_before)
            session.flush()
            _restore_row(session, merge.source)
            if merge.moved_quote_ids:
                session.execute(
                    update(Quote)
                    .where(col(Quote.id).in_(merge.moved_quote_ids))
                    .values(speaker_id=merge.source.id)
                )

    def delete(self, speaker_id: int) -> SpeakerSnapshot:
        """Remove a speaker nobody is quoted as (merge a speaker who has quotes instead)."""
        with self._library.session(write=True) as session:
            row = _row(session, speaker_id)
            info = _infos(session, [row])[0]
            if info.quote_count:
                raise InvalidInputError(
                    f"speaker {info.name!r}",
                    f"has {info.quote_count} quote(s); merge it into another speaker instead",
                )
            snapshot = SpeakerSnapshot(speaker_id, info.fields, row.created_at)
            session.delete(row)
            return snapshot

    def delete_if_unused(self, speaker_id: int) -> SpeakerSnapshot | None:
        """Delete a speaker only if no quote names them; used when undoing a quote's creation."""
        with self._library.session(write=True) as session:
            row = session.get(Speaker, speaker_id)
            if row is None:
                return None
            in_use = session.scalar(
                select(col(Quote.id)).where(col(Quote.speaker_id) == speaker_id).limit(1)
            )
            if in_use is not None:
                return None
            snapshot = SpeakerSnapshot(speaker_id, _infos(session, [row])[0].fields, row.created_at)
            session.delete(row)
            return snapshot

    def restore(self, snapshot: SpeakerSnapshot) -> SpeakerInfo:
        with self._library.session(write=True) as session:
            row = _restore_row(session, snapshot)
            return _infos(session, [row])[0]


# --------------------------------------------------------------------- helpers shared with quotes


def find_row(session: Session, name: str) -> Speaker | None:
    key = fold_text(name)
    if not key:
        return None
    row = session.scalar(select(Speaker).where(col(Speaker.name_key) == key))
    if row is not None:
        return row
    alias = session.scalar(select(SpeakerAlias).where(col(SpeakerAlias.alias_key) == key))
    return session.get(Speaker, alias.speaker_id) if alias else None


def create_row(session: Session, fields: SpeakerFields) -> Speaker:
    """Insert a speaker, giving it the least-used palette colour unless one was chosen."""
    if not fields.color:
        in_use = session.scalars(select(col(Speaker.color))).all()
        fields = replace(fields, color=next_color(in_use))
    fields = _validated(session, fields, None)
    stamp = utc_now()
    row = Speaker(
        name=fields.name,
        name_key=fold_text(fields.name),
        color=fields.color,
        created_at=stamp,
        updated_at=stamp,
    )
    session.add(row)
    session.flush()
    _apply(session, row, fields)
    return row


def ensure_row(session: Session, name: str) -> tuple[Speaker, bool]:
    """The speaker called ``name`` (or with that alias), created if there is none."""
    row = find_row(session, name)
    if row is not None:
        return row, False
    return create_row(session, SpeakerFields(name=name)), True


def _restore_row(session: Session, snapshot: SpeakerSnapshot) -> Speaker:
    fields = _validated(session, snapshot.fields, None)
    row = Speaker(
        id=snapshot.id,
        name=fields.name,
        name_key=fold_text(fields.name),
        color=fields.color,
        created_at=snapshot.created_at,
        updated_at=utc_now(),
    )
    session.add(row)
    session.flush()
    _apply(session, row, fields)
    return row


def _row(session: Session, speaker_id: int) -> Speaker:
    row = session.get(Speaker, speaker_id)
    if row is None:
        raise NotFoundError(f"speaker {speaker_id}", "no such speaker in the library")
    return row


def _validated(session: Session, fields: SpeakerFields, speaker_id: int | None) -> SpeakerFields:
    """Clean the fields and check names against every other speaker's names and aliases."""
    name = clean_name(fields.name)
    if not name:
        raise InvalidInputError("speaker", "the name is empty")
    label = clean_name(fields.public_label)
    if fields.confidential and not label:
        raise InvalidInputError(
            f"speaker {name!r}",
            "a confidential speaker needs a public label, e.g. 'a senior official'",
        )
    if not is_color(fields.color):
        raise InvalidInputError(f"speaker {name!r}", f"{fields.color!r} is not a #RRGGBB colour")
    aliases: list[str] = []
    seen = {fold_text(name)}
    for alias in fields.aliases:
        cleaned = clean_name(alias)
        if cleaned and fold_text(cleaned) not in seen:
            seen.add(fold_text(cleaned))
            aliases.append(cleaned)
    for candidate in (name, *aliases):
        owner = find_row(session, candidate)
        if owner is not None and owner.id != speaker_id:
            raise InvalidInputError(
                f"speaker {name!r}",
                f"{candidate!r} already names speaker {owner.name!r}; merge the two instead",
            )
    return SpeakerFields(
        name=name,
        role=fields.role.strip(),
        affiliation=fields.affiliation.strip(),
        color=normalize_color(fields.color),
        notes=fields.notes.strip(),
        confidential=fields.confidential,
        public_label=label,
        aliases=tuple(aliases),
    )


def _apply(session: Session, row: Speaker, fields: SpeakerFields) -> None:
    """Write validated fields onto a row and replace its aliases."""
    row.name = fields.name
    row.name_key = fold_text(fields.name)
    row.role = fields.role
    row.affiliation = fields.affiliation
    row.color = fields.color
    row.notes = fields.notes
    row.confidential = fields.confidential
    row.public_label = fields.public_label
    row.updated_at = utc_now()
    session.add(row)
    session.execute(delete(SpeakerAlias).where(col(SpeakerAlias.speaker_id) == row.id))
    session.flush()
    assert row.id is not None
    for alias in fields.aliases:
        session.add(SpeakerAlias(speaker_id=row.id, alias=alias, alias_key=fold_text(alias)))
    session.flush()


def _infos(session: Session, rows: list[Speaker]) -> list[SpeakerInfo]:
    ids = [row.id for row in rows if row.id is not None]
    aliases: dict[int, list[str]] = defaultdict(list)
    counts: dict[int, int] = {}
    if ids:
        for speaker_id, alias in session.execute(
            select(col(SpeakerAlias.speaker_id), col(SpeakerAlias.alias))
            .where(col(SpeakerAlias.speaker_id).in_(ids))
            .order_by(col(SpeakerAlias.id))
        ):
            aliases[speaker_id].append(alias)
        counts = dict(
            session.execute(
                select(col(Quote.speaker_id), func.count())
                .where(col(Quote.speaker_id).in_(ids))
                .group_by(col(Quote.speaker_id))
            ).all()
        )
    infos = []
    for row in rows:
        assert row.id is not None
        fields = SpeakerFields(
            name=row.name,
            role=row.role,
            affiliation=row.affiliation,
            color=row.color,
            notes=row.notes,
            confidential=row.confidential,
            public_label=row.public_label,
            aliases=tuple(aliases[row.id]),
        )
        infos.append(SpeakerInfo(row.id, fields, counts.get(row.id, 0)))
    return infos
