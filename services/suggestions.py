"""Quote suggestions as the journalist sees them: detected, minus what was rejected or quoted.

Detection (:mod:`services.detection`) stores nothing: it reruns in milliseconds and improves
between versions. What is kept is the journalist's "no" — a :class:`RejectedSuggestion` row per
article — so a rejected suggestion never comes back for that article, even when a newer
detector draws its boundaries a little differently. Accepting a suggestion is simply adding a
quote through :class:`~services.quotes.QuoteService`; undo is that quote's deletion.

The raw detection of an article is cached in memory, keyed by everything it depends on (the
text's hash, the language and the library's speakers), so refreshing the list after every
accept or reject costs two small queries; rejections and quotes are subtracted at read time,
which makes undoing either one show the suggestion again at once.
"""

from __future__ import annotations

import builtins
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Protocol

from sqlalchemy import delete, select
from sqlmodel import Session, col

from models.engine import fold_text
from models.tables import Article, QuoteKind, RejectedSuggestion, utc_now
from services.errors import InvalidInputError, NotFoundError, QuotebookError
from services.progress import TaskContext
from services.quotes import QuoteChange
from services.readmodels import QuoteDraft, QuoteEdit
from services.text import excerpt

if TYPE_CHECKING:
    from services.detection import KnownSpeaker, Suggestion
    from services.library import Library
    from services.speakers import SpeakerEntry

#: A known speaker as a cache key holds it: id, name, aliases.
_Known = tuple[int, str, tuple[str, ...]]
#: What a cached detection depends on: the text's hash, the language, the known speakers.
#: Plain tuples, so that checking the cache imports nothing of the detection engine.
_CacheKey = tuple[str, str, tuple[_Known, ...]]

#: Articles whose detection is kept in memory; older ones are detected again when reopened.
CACHE_SIZE = 64
#: Texts longer than this (code points) are detected a piece at a time. Detection holds
#: about forty bytes per character while it works (160 MB, and ten seconds, for the 4 MB report
#: the window may reopen at start); a piece at a time it holds a piece's worth, reports
#: progress and can be cancelled between pieces. The spans found are the same; what can differ
#: is the speaker of a role-only attribution ("a spokesperson said") when nobody with that role
#: is mentioned within reach before it: in one pass the engine then takes whoever holds the
#: role anywhere in the document, a piece at a time anywhere in the piece and its context.
PIECES_FROM = 1_000_000
#: The size of a piece (code points), cut between paragraphs.
PIECE = 500_000
#: Each piece is detected with this much text either side (whole paragraphs), so a quotation
#: crossing its edge, or attributed by a sentence just beyond it, is found as in one pass;
#: only suggestions starting inside the piece itself are kept from it.
PIECE_CONTEXT = 20_000
#: A rejected suggestion still counts as rejected when a new detection's span shares at least
#: this share of the two spans' union with it (a word more or less at either end).
SAME_SPAN_OVERLAP = 0.8
#: A suggestion is already quoted when a quote covers this share of it, or it of the quote.
QUOTED_OVERLAP = 0.5


class Detector(Protocol):
    """What :func:`services.detection.detect` looks like; tests pass a fake of their own."""

    def __call__(
        self, text: str, *, language: str, known_speakers: Sequence[KnownSpeaker] = ()
    ) -> list[Suggestion]: ...


@dataclass(frozen=True, slots=True)
class Rejection:
    """A suggestion the journalist turned down for one article."""

    start: int
    end: int
    text: str


class SuggestionService:
    """Suggestions per article, and the journalist's accepts and rejects.

    The detection engine (with its language models) is imported on first use, not when a
    library opens: most commands never detect anything.
    """

    def __init__(self, library: Library, detector: Detector | None = None) -> None:
        self._library = library
        self.detector = detector
        self._cache: OrderedDict[int, tuple[_CacheKey, list[Suggestion]]] = OrderedDict()
        self._lock = threading.Lock()

    # ----------------------------------------------------------------- reading

    def for_article(
        self, article_id: int, *, context: TaskContext | None = None
    ) -> builtins.list[Suggestion]:
        """The article's suggestions in reading order: detected, minus rejected, minus quoted.

        Safe to call on a worker thread (each read is its own session); ``context`` lets the
        app cancel a long detection.
        """
        found = self._detected(article_id, context)
        rejections = self.rejected(article_id)
        quoted = [(q.start, q.end) for q in self._library.quotes.for_article(article_id)]
        return [
            item
            for item in found
            if not any(_same_suggestion(item, r) for r in rejections)
            and not any(_covers(span, item) for span in quoted)
        ]

    def ready(self, article_id: int) -> bool:
        """Whether the article's detection is cached, so :meth:`for_article` returns at once."""
        key = self._key(article_id)
        with self._lock:
            cached = self._cache.get(article_id)
        return cached is not None and cached[0] == key

    def rejected(self, article_id: int) -> builtins.list[Rejection]:
        """What the journalist rejected in this article, in reading order."""
        with self._library.session() as session:
            rows = session.scalars(
                select(RejectedSuggestion)
                .where(col(RejectedSuggestion.article_id) == article_id)
                .order_by(col(RejectedSuggestion.start), col(RejectedSuggestion.end))
            ).all()
            return [Rejection(row.start, row.end, row.text) for row in rows]

    def speaker_name(self, suggestion: Suggestion) -> str:
        """The name a quote from this suggestion is saved under: the library speaker's current
        name when the detector matched one, or when its name is a speaker's name or alias;
        else the detector's own guess ("" when it found none)."""
        if suggestion.speaker_id is not None:
            try:
                return self._library.speakers.get(suggestion.speaker_id).name
            except NotFoundError:
                pass  # deleted since detection: the detector's own name still stands
        if suggestion.speaker.strip():
            found = self._library.speakers.find(suggestion.speaker)
            if found is not None:
                return found.name
        return suggestion.speaker

    def speaker_names(self, suggestions: Sequence[Suggestion]) -> builtins.list[str]:
        """:meth:`speaker_name` for many suggestions at once, from one speaker directory
        query (a list of suggestions refreshes on the UI thread after every decision)."""
        return self.names_from(self._library.speakers.directory(), suggestions)

    @staticmethod
    def names_from(
        directory: Sequence[SpeakerEntry], suggestions: Sequence[Suggestion]
    ) -> builtins.list[str]:
        """:meth:`speaker_names` against a directory the caller already has."""
        by_id = {entry.id: entry.name for entry in directory}
        by_key: dict[str, str] = {}
        for entry in directory:  # a name wins over another speaker's alias, as in ``find``
            for alias in entry.aliases:
                by_key.setdefault(fold_text(alias), entry.name)
        by_key.update((fold_text(entry.name), entry.name) for entry in directory)
        names = []
        for item in suggestions:
            if item.speaker_id is not None and item.speaker_id in by_id:
                names.append(by_id[item.speaker_id])
            else:
                names.append(by_key.get(fold_text(item.speaker), item.speaker))
        return names

    # ----------------------------------------------------------------- deciding

    def accept(
        self,
        article_id: int,
        suggestion: Suggestion,
        speaker: str | None = None,
        *,
        kind: QuoteKind | None = None,
        tags: Sequence[str] = (),
        note: str = "",
    ) -> QuoteChange:
        """Save a suggestion as a quote, under ``speaker`` if given (else the proposed one).

        A speaker named for the first time is created, as when a quote is marked by hand.
        """
        name = " ".join((self.speaker_name(suggestion) if speaker is None else speaker).split())
        if not name:
            raise InvalidInputError(
                _item(suggestion), "no speaker was found for it; say who said it"
            )
        self._check_still_there(article_id, suggestion)
        edit = QuoteEdit(name, kind or suggestion.kind, tuple(tags), note)
        return self._library.quotes.add(
            QuoteDraft(article_id, suggestion.start, suggestion.end, edit)
        )

    def accept_all(self, article_id: int, speaker: str) -> builtins.list[QuoteChange]:
        """Accept every current suggestion proposed for ``speaker`` (by name, any case).

        All or nothing: if one cannot be saved, those saved before it are removed again (with a
        speaker or tags they created) and the error is raised.
        """
        wanted = fold_text(speaker)
        if not wanted:
            raise InvalidInputError("accept all", "name the speaker whose suggestions to accept")
        chosen = [
            item
            for item in self.for_article(article_id)
            if wanted in (fold_text(self.speaker_name(item)), fold_text(item.speaker))
        ]
        changes: list[QuoteChange] = []
        try:
            for item in chosen:
                changes.append(self.accept(article_id, item))
        except QuotebookError:
            self.undo_accepts(changes)
            raise
        return changes

    def undo_accepts(self, changes: Iterable[QuoteChange]) -> None:
        """Remove quotes made by accepting, newest first, and whatever they created."""
        for change in reversed(list(changes)):
            self._library.quotes.delete(change.quote.id)
            if change.new_speaker_id is not None:
                self._library.speakers.delete_if_unused(change.new_speaker_id)
            for tag_id in change.new_tag_ids:
                self._library.tags.delete_if_unused(tag_id)

    def reject(self, article_id: int, suggestion: Suggestion) -> bool:
        """Never offer this suggestion for this article again; False if it already was."""
        with self._library.session(write=True) as session:
            if session.get(Article, article_id) is None:
                raise NotFoundError(f"article {article_id}", "no such article in the library")
            return _store_rejection(session, article_id, suggestion)

    def unreject(self, article_id: int, suggestion: Suggestion | Rejection) -> bool:
        """Offer a rejected suggestion again (undo of :meth:`reject`); False if it was not."""
        with self._library.session(write=True) as session:
            result = session.execute(
                delete(RejectedSuggestion)
                .where(col(RejectedSuggestion.article_id) == article_id)
                .where(col(RejectedSuggestion.start) == suggestion.start)
                .where(col(RejectedSuggestion.end) == suggestion.end)
            )
            return bool(getattr(result, "rowcount", 0))

    def restore_rejections(self, article_id: int, rejections: Iterable[Rejection]) -> None:
        """Put back rejections that went with their article (undoing the article's deletion)."""
        with self._library.session(write=True) as session:
            for rejection in rejections:
                _store_rejection(session, article_id, rejection)

    # ----------------------------------------------------------------- detection

    def _key(self, article_id: int) -> _CacheKey:
        """The cache key of an article's detection as things stand.

        The stored hash stands for the text, which is not read: checking whether a 4 MB
        article's detection is cached must not load (or hash) 4 MB.
        """
        with self._library.session() as session:
            row = session.execute(
                select(col(Article.content_hash), col(Article.language)).where(
                    col(Article.id) == article_id
                )
            ).first()
        if row is None:
            raise NotFoundError(f"article {article_id}", "no such article in the library")
        digest, language = row
        speakers = tuple(
            (entry.id, entry.name, entry.aliases) for entry in self._library.speakers.directory()
        )
        return (digest, language, speakers)

    def _detected(self, article_id: int, context: TaskContext | None) -> list[Suggestion]:
        key = self._key(article_id)
        with self._lock:
            cached = self._cache.get(article_id)
            if cached is not None and cached[0] == key:
                self._cache.move_to_end(article_id)
                return cached[1]
        if context is not None:
            context.check()
        from services.detection import KnownSpeaker  # noqa: PLC0415 - see the class docstring

        if self.detector is None:
            from services.detection import detect  # noqa: PLC0415 - see the class docstring

            self.detector = detect
        with self._library.session() as session:
            text = session.scalar(select(col(Article.text)).where(col(Article.id) == article_id))
        if text is None:
            raise NotFoundError(f"article {article_id}", "no such article in the library")
        known = [KnownSpeaker(*speaker) for speaker in key[2]]
        found: list[Suggestion] = []
        pieces = _pieces(text)
        for done, (start, end) in enumerate(pieces):
            if context is not None:
                context.check()
                context.report(done, len(pieces))
            found.extend(self._detect_piece(text, start, end, key[1], known))
        if context is not None:
            context.check()
        found.sort(key=lambda item: (item.start, item.end))
        with self._lock:
            self._cache[article_id] = (key, found)
            self._cache.move_to_end(article_id)
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return found

    def _detect_piece(
        self, text: str, start: int, end: int, language: str, known: Sequence[KnownSpeaker]
    ) -> list[Suggestion]:
        """Suggestions starting in ``text[start:end]``, detected with context either side."""
        assert self.detector is not None
        if start == 0 and end == len(text):
            return self.detector(text, language=language, known_speakers=known)
        before = _paragraph_start(text, max(0, start - PIECE_CONTEXT))
        after = _paragraph_end(text, min(len(text), end + PIECE_CONTEXT))
        found = self.detector(text[before:after], language=language, known_speakers=known)
        return [_shifted(item, before) for item in found if start <= item.start + before < end]

    def _check_still_there(self, article_id: int, suggestion: Suggestion) -> None:
        text = self._library.articles.get(article_id).text
        if text[suggestion.start : suggestion.end] != suggestion.text:
            raise InvalidInputError(
                _item(suggestion), "the article's text there has changed; detect again"
            )


# ----------------------------------------------------------------------------- pieces


def _pieces(text: str) -> builtins.list[tuple[int, int]]:
    """Spans of about :data:`PIECE` code points that cover a long text, cut between
    paragraphs; a text up to :data:`PIECES_FROM` is one span."""
    if len(text) <= PIECES_FROM:
        return [(0, len(text))]
    spans: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > PIECE:
        end = _paragraph_start(text, start + PIECE)
        if end <= start:  # one paragraph longer than a piece: cut after it instead
            end = _paragraph_end(text, start + PIECE)
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    return spans


def _shifted(item: Suggestion, by: int) -> Suggestion:
    """A suggestion found in a piece, in the whole text's offsets."""
    cue = None if item.cue is None else (item.cue[0] + by, item.cue[1] + by)
    return replace(item, start=item.start + by, end=item.end + by, cue=cue)


def _paragraph_start(text: str, position: int) -> int:
    """The start of the paragraph ``position`` is in (0 if it is in the first)."""
    found = text.rfind("\n\n", 0, position + 1)
    return 0 if found < 0 else found + 2


def _paragraph_end(text: str, position: int) -> int:
    """The end of the paragraph ``position`` is in, blank line included (or the text's end)."""
    found = text.find("\n\n", position)
    return len(text) if found < 0 else found + 2


# ----------------------------------------------------------------------------- matching


def _same_suggestion(item: Suggestion, rejection: Rejection) -> bool:
    """Whether a detected suggestion is one the journalist rejected.

    The same span; or the same words (a detector that now starts a quote a character earlier
    finds the same sentence); or spans that are nearly the same.
    """
    if (item.start, item.end) == (rejection.start, rejection.end):
        return True
    if fold_text(item.text) == fold_text(rejection.text):
        return True
    shared = min(item.end, rejection.end) - max(item.start, rejection.start)
    union = max(item.end, rejection.end) - min(item.start, rejection.start)
    return union > 0 and shared / union >= SAME_SPAN_OVERLAP


def _covers(span: tuple[int, int], item: Suggestion) -> bool:
    """Whether an existing quote already takes in a suggestion (or most of it, or it the quote).

    A journalist who quoted a sentence with its quotation marks, or one clause of a long quote,
    has dealt with that quotation; offering it again would be noise.
    """
    start, end = span
    shared = min(end, item.end) - max(start, item.start)
    if shared <= 0:
        return False
    return shared >= QUOTED_OVERLAP * min(end - start, item.end - item.start)


def _item(suggestion: Suggestion) -> str:
    return f"suggestion “{excerpt(suggestion.text, 40)}”"


def _store_rejection(session: Session, article_id: int, span: Suggestion | Rejection) -> bool:
    """Record a rejected span of an article; False if it was recorded already."""
    if session.get(RejectedSuggestion, (article_id, span.start, span.end)) is not None:
        return False
    session.add(
        RejectedSuggestion(
            article_id=article_id,
            start=span.start,
            end=span.end,
            text=span.text,
            created_at=utc_now(),
        )
    )
    return True
