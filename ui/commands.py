"""Undo commands: each calls a service to do, undo and redo one edit.

A command does its work once in :meth:`ServiceCommand.first_run` (which may refuse with a
:class:`QuotebookError`), then Qt's stack calls :meth:`undo` and :meth:`redo` as the user moves
through history. Deleted rows come back under their old ids, so later commands in the stack
still point at the right things.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from services.articles import ArticleSnapshot
from services.errors import QuotebookError
from services.library import Library
from services.quotes import QuoteChange, QuoteSnapshot
from services.readmodels import (
    ArticleMeta,
    Changes,
    QuoteDraft,
    QuoteEdit,
    QuoteFilter,
    SpeakerFields,
)
from services.speakers import SpeakerMerge, SpeakerSnapshot
from services.suggestions import Rejection
from services.tags import TagMerge, TagSnapshot
from services.text import excerpt

if TYPE_CHECKING:
    from services.detection import Suggestion
    from ui.bridge import LibraryBridge


class ServiceCommand(QUndoCommand):
    """Base: subclasses implement ``do`` (first time), ``revert`` and ``again``."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.bridge: LibraryBridge | None = None
        self._already_done = False

    def first_run(self, library: Library) -> Changes:
        """Do the edit before the command is pushed (the push's own ``redo`` then skips)."""
        changes = self.do(library)
        self._already_done = True
        return changes

    def do(self, library: Library) -> Changes:
        raise NotImplementedError

    def revert(self, library: Library) -> Changes:
        raise NotImplementedError

    def again(self, library: Library) -> Changes:
        """Redo after an undo; by default the same as the first time."""
        return self.do(library)

    def redo(self) -> None:
        if self._already_done:
            self._already_done = False  # the push right after first_run: already done
            return
        if self.bridge is not None:
            self._run(self.again)

    def undo(self) -> None:
        if self.bridge is not None:
            self._run(self.revert)

    def _run(self, step: object) -> None:
        assert self.bridge is not None
        try:
            changes = step(self.bridge.library)  # type: ignore[operator]
        except QuotebookError as error:
            # The library refused (locked by another program, say): say so, and drop the
            # history, which no longer describes the library.
            self.setObsolete(True)
            self.bridge.report(error)
            return
        self.bridge.notify(changes)


# ------------------------------------------------------------------------------ quotes


class _QuoteCreationUndo:
    """Undoing a quote's creation also removes a speaker or tags it created on the way."""

    def __init__(self) -> None:
        self.removed_speaker: SpeakerSnapshot | None = None
        self.removed_tags: list[TagSnapshot] = []

    def prune(self, library: Library, change: QuoteChange) -> Changes:
        self.removed_speaker = None
        self.removed_tags = []
        speakers: set[int] = set()
        if change.new_speaker_id is not None:
            self.removed_speaker = library.speakers.delete_if_unused(change.new_speaker_id)
            speakers.add(change.new_speaker_id)
        for tag_id in change.new_tag_ids:
            removed = library.tags.delete_if_unused(tag_id)
            if removed is not None:
                self.removed_tags.append(removed)
        return Changes(speakers=frozenset(speakers), tags=frozenset(change.new_tag_ids))

    def unprune(self, library: Library) -> Changes:
        changes = Changes()
        if self.removed_speaker is not None:
            library.speakers.restore(self.removed_speaker)
            changes |= Changes(speakers=frozenset({self.removed_speaker.id}))
        for tag in self.removed_tags:
            library.tags.restore(tag)
            changes |= Changes(tags=frozenset({tag.id}))
        return changes


def _quote_changes(change: QuoteChange) -> Changes:
    quote = change.quote
    return Changes(
        articles=frozenset({quote.article_id}),
        quotes=frozenset({quote.id}),
        speakers=frozenset({quote.speaker_id}),
        tags=frozenset(change.new_tag_ids),
    )


class AddQuote(ServiceCommand):
    def __init__(self, draft: QuoteDraft) -> None:
        super().__init__(f"Add quote by {draft.edit.speaker}")
        self.draft = draft
        self.change: QuoteChange | None = None
        self.snapshot: QuoteSnapshot | None = None
        self._created = _QuoteCreationUndo()

    @property
    def quote_id(self) -> int | None:
        return self.change.quote.id if self.change else None

    def do(self, library: Library) -> Changes:
        self.change = library.quotes.add(self.draft)
        return _quote_changes(self.change)

    def revert(self, library: Library) -> Changes:
        assert self.change is not None
        self.snapshot = library.quotes.delete(self.change.quote.id)
        return _quote_changes(self.change) | self._created.prune(library, self.change)

    def again(self, library: Library) -> Changes:
        assert self.change is not None and self.snapshot is not None
        changes = self._created.unprune(library)
        library.quotes.restore(self.snapshot)
        return changes | _quote_changes(self.change)


class EditQuote(ServiceCommand):
    def __init__(self, quote_id: int, before: QuoteEdit, after: QuoteEdit) -> None:
        super().__init__(f"Edit quote ({after.speaker})")
        self.quote_id = quote_id
        self.before = before
        self.after = after
        self.change: QuoteChange | None = None
        self._created = _QuoteCreationUndo()

    def do(self, library: Library) -> Changes:
        old_speaker = library.quotes.get(self.quote_id).speaker_id
        self.change = library.quotes.update(self.quote_id, self.after)
        return _quote_changes(self.change) | Changes(speakers=frozenset({old_speaker}))

    def revert(self, library: Library) -> Changes:
        assert self.change is not None
        restored = library.quotes.update(self.quote_id, self.before)
        pruned = self._created.prune(library, self.change)
        return _quote_changes(self.change) | _quote_changes(restored) | pruned

    def again(self, library: Library) -> Changes:
        changes = self._created.unprune(library)
        return changes | self.do(library)


class DeleteQuote(ServiceCommand):
    def __init__(self, quote_id: int, label: str) -> None:
        super().__init__(f"Delete quote “{excerpt(label, 40)}”")
        self.quote_id = quote_id
        self.snapshot: QuoteSnapshot | None = None

    def _changes(self) -> Changes:
        assert self.snapshot is not None
        return Changes(
            articles=frozenset({self.snapshot.article_id}),
            quotes=frozenset({self.quote_id}),
            speakers=frozenset({self.snapshot.speaker_id}),
            tags=frozenset(self.snapshot.tag_ids),
        )

    def do(self, library: Library) -> Changes:
        self.snapshot = library.quotes.delete(self.quote_id)
        return self._changes()

    def revert(self, library: Library) -> Changes:
        assert self.snapshot is not None
        library.quotes.restore(self.snapshot)
        return self._changes()


# ------------------------------------------------------------------------------ speakers


class EditSpeaker(ServiceCommand):
    """Rename, recolour, re-alias or change the confidentiality of a speaker."""

    def __init__(self, speaker_id: int, before: SpeakerFields, after: SpeakerFields) -> None:
        label = f"Rename speaker to {after.name}" if before.name != after.name else "Edit speaker"
        super().__init__(f"{label} ({after.name})" if label == "Edit speaker" else label)
        self.speaker_id = speaker_id
        self.before = before
        self.after = after

    def _changes(self) -> Changes:
        return Changes(speakers=frozenset({self.speaker_id}))

    def do(self, library: Library) -> Changes:
        library.speakers.update(self.speaker_id, self.after)
        return self._changes()

    def revert(self, library: Library) -> Changes:
        library.speakers.update(self.speaker_id, self.before)
        return self._changes()


class MergeSpeakers(ServiceCommand):
    def __init__(self, source_id: int, target_id: int, source_name: str, target_name: str) -> None:
        super().__init__(f"Merge {source_name} into {target_name}")
        self.source_id = source_id
        self.target_id = target_id
        self.record: SpeakerMerge | None = None

    def _changes(self) -> Changes:
        moved = self.record.moved_quote_ids if self.record else ()
        return Changes(
            speakers=frozenset({self.source_id, self.target_id}), quotes=frozenset(moved)
        )

    def do(self, library: Library) -> Changes:
        self.record = library.speakers.merge(self.source_id, self.target_id)
        return self._changes()

    def revert(self, library: Library) -> Changes:
        assert self.record is not None
        library.speakers.unmerge(self.record)
        return self._changes()


class DeleteSpeaker(ServiceCommand):
    def __init__(self, speaker_id: int, name: str) -> None:
        super().__init__(f"Delete speaker {name}")
        self.speaker_id = speaker_id
        self.snapshot: SpeakerSnapshot | None = None

    def do(self, library: Library) -> Changes:
        self.snapshot = library.speakers.delete(self.speaker_id)
        return Changes(speakers=frozenset({self.speaker_id}))

    def revert(self, library: Library) -> Changes:
        assert self.snapshot is not None
        library.speakers.restore(self.snapshot)
        return Changes(speakers=frozenset({self.speaker_id}))


# ------------------------------------------------------------------------------ tags


def _tag_changes(*tag_ids: int) -> Changes:
    return Changes(tags=frozenset(tag_ids))


class RenameTag(ServiceCommand):
    def __init__(self, tag_id: int, before: str, after: str) -> None:
        super().__init__(f"Rename tag {before} to {after}")
        self.tag_id = tag_id
        self.before = before
        self.after = after

    def do(self, library: Library) -> Changes:
        library.tags.rename(self.tag_id, self.after)
        return _tag_changes(self.tag_id)

    def revert(self, library: Library) -> Changes:
        library.tags.rename(self.tag_id, self.before)
        return _tag_changes(self.tag_id)


class MergeTags(ServiceCommand):
    def __init__(self, source_id: int, target_id: int, source_name: str, target_name: str) -> None:
        super().__init__(f"Merge tag {source_name} into {target_name}")
        self.source_id = source_id
        self.target_id = target_id
        self.record: TagMerge | None = None

    def do(self, library: Library) -> Changes:
        self.record = library.tags.merge(self.source_id, self.target_id)
        return _tag_changes(self.source_id, self.target_id)

    def revert(self, library: Library) -> Changes:
        assert self.record is not None
        library.tags.unmerge(self.record)
        return _tag_changes(self.source_id, self.target_id)


class DeleteTag(ServiceCommand):
    def __init__(self, tag_id: int, name: str) -> None:
        super().__init__(f"Delete tag {name}")
        self.tag_id = tag_id
        self.snapshot: TagSnapshot | None = None

    def do(self, library: Library) -> Changes:
        self.snapshot = library.tags.delete(self.tag_id)
        return _tag_changes(self.tag_id)

    def revert(self, library: Library) -> Changes:
        assert self.snapshot is not None
        library.tags.restore(self.snapshot)
        return _tag_changes(self.tag_id)


# ------------------------------------------------------------------------------ articles


class EditArticleMeta(ServiceCommand):
    def __init__(self, article_id: int, before: ArticleMeta, after: ArticleMeta) -> None:
        super().__init__(f"Edit details of “{excerpt(after.title, 40)}”")
        self.article_id = article_id
        self.before = before
        self.after = after

    def _changes(self) -> Changes:
        return Changes(articles=frozenset({self.article_id}))

    def do(self, library: Library) -> Changes:
        library.articles.update_meta(self.article_id, self.after)
        return self._changes()

    def revert(self, library: Library) -> Changes:
        library.articles.update_meta(self.article_id, self.before)
        return self._changes()


class DeleteArticle(ServiceCommand):
    def __init__(self, article_id: int, title: str) -> None:
        super().__init__(f"Delete article “{excerpt(title, 40)}”")
        self.article_id = article_id
        self.snapshot: ArticleSnapshot | None = None
        self.rejections: list[Rejection] = []

    def _changes(self) -> Changes:
        assert self.snapshot is not None
        return Changes(
            articles=frozenset({self.article_id}),
            quotes=frozenset(q.id for q in self.snapshot.quotes),
            speakers=frozenset(q.speaker_id for q in self.snapshot.quotes),
            tags=frozenset(t for q in self.snapshot.quotes for t in q.tag_ids),
        )

    def do(self, library: Library) -> Changes:
        # The journalist's rejected suggestions go with the article; undo brings them back.
        self.rejections = library.suggestions.rejected(self.article_id)
        self.snapshot = library.articles.delete(self.article_id)
        return self._changes()

    def revert(self, library: Library) -> Changes:
        assert self.snapshot is not None
        library.articles.restore(self.snapshot)
        library.suggestions.restore_rejections(self.article_id, self.rejections)
        return self._changes()


class AddArticles(ServiceCommand):
    """Undo for an import or paste that already happened (in a background task).

    Undoing it also removes the speakers and tags that only its articles' quotes used (the
    sample article brings its own), so the library is as it was before the import.
    """

    def __init__(self, article_ids: list[int], label: str) -> None:
        super().__init__(label)
        self.article_ids = article_ids
        self.snapshots: list[ArticleSnapshot] = []
        self.speakers: list[SpeakerSnapshot] = []
        self.tags: list[TagSnapshot] = []

    def do(self, library: Library) -> Changes:
        quotes = library.quotes.ids(QuoteFilter(article_ids=tuple(self.article_ids)))
        return Changes(articles=frozenset(self.article_ids), quotes=frozenset(quotes))

    def _changes(self) -> Changes:
        quotes = [q for s in self.snapshots for q in s.quotes]
        return Changes(
            articles=frozenset(self.article_ids),
            quotes=frozenset(q.id for q in quotes),
            speakers=frozenset(q.speaker_id for q in quotes),
            tags=frozenset(t for q in quotes for t in q.tag_ids),
        )

    def revert(self, library: Library) -> Changes:
        self.snapshots = [library.articles.delete(i) for i in self.article_ids]
        changes = self._changes()
        self.speakers = [
            s for i in sorted(changes.speakers) if (s := library.speakers.delete_if_unused(i))
        ]
        self.tags = [t for i in sorted(changes.tags) if (t := library.tags.delete_if_unused(i))]
        return changes

    def again(self, library: Library) -> Changes:
        for speaker in self.speakers:
            library.speakers.restore(speaker)
        for tag in self.tags:
            library.tags.restore(tag)
        for snapshot in self.snapshots:
            library.articles.restore(snapshot)
        return self._changes()


# ------------------------------------------------------------------------------ suggestions


class AcceptSuggestion(AddQuote):
    """A suggestion saved as a quote (speaker, kind, tags and note as the editor left them).

    Undo and redo are those of any new quote: the quote goes, with a speaker it created.
    """

    def __init__(self, article_id: int, suggestion: Suggestion, edit: QuoteEdit) -> None:
        super().__init__(QuoteDraft(article_id, suggestion.start, suggestion.end, edit))
        self.setText(f"Accept suggestion by {edit.speaker}")
        self.suggestion = suggestion

    def do(self, library: Library) -> Changes:
        edit = self.draft.edit
        self.change = library.suggestions.accept(
            self.draft.article_id,
            self.suggestion,
            edit.speaker,
            kind=edit.kind,
            tags=edit.tags,
            note=edit.note,
        )
        return _quote_changes(self.change)


class AcceptSuggestions(ServiceCommand):
    """Every current suggestion of one speaker saved at once ("Accept all from …")."""

    def __init__(self, article_id: int, speaker: str, count: int) -> None:
        super().__init__(f"Accept {count} suggestion{'s' if count != 1 else ''} by {speaker}")
        self.article_id = article_id
        self.speaker = speaker
        self.changes: list[QuoteChange] = []
        self.snapshots: list[QuoteSnapshot] = []
        self._created: list[_QuoteCreationUndo] = []

    @property
    def quote_ids(self) -> list[int]:
        return [change.quote.id for change in self.changes]

    def _all(self) -> Changes:
        changes = Changes(articles=frozenset({self.article_id}))
        for change in self.changes:
            changes |= _quote_changes(change)
        return changes

    def do(self, library: Library) -> Changes:
        self.changes = library.suggestions.accept_all(self.article_id, self.speaker)
        self._created = [_QuoteCreationUndo() for _ in self.changes]
        return self._all()

    def revert(self, library: Library) -> Changes:
        changes = self._all()
        self.snapshots = [library.quotes.delete(quote_id) for quote_id in self.quote_ids]
        # The first quote created the speaker; it can go only once all its quotes have.
        for created, change in reversed(list(zip(self._created, self.changes, strict=True))):
            changes |= created.prune(library, change)
        return changes

    def again(self, library: Library) -> Changes:
        changes = Changes()
        for created in self._created:
            changes |= created.unprune(library)
        for snapshot in self.snapshots:
            library.quotes.restore(snapshot)
        return changes | self._all()


class RejectSuggestion(ServiceCommand):
    """A suggestion turned down; it stays down for this article until undone."""

    def __init__(self, article_id: int, suggestion: Suggestion) -> None:
        super().__init__(f"Reject suggestion “{excerpt(suggestion.text, 40)}”")
        self.article_id = article_id
        self.suggestion = suggestion
        self._inserted = False

    def _changes(self) -> Changes:
        return Changes(suggestions=frozenset({self.article_id}))

    def do(self, library: Library) -> Changes:
        self._inserted = library.suggestions.reject(self.article_id, self.suggestion)
        return self._changes()

    def revert(self, library: Library) -> Changes:
        if self._inserted:
            library.suggestions.unreject(self.article_id, self.suggestion)
        return self._changes()
