"""The records the detection engine hands out: plain, immutable, safe to pass across threads."""

from __future__ import annotations

from dataclasses import dataclass

from models.tables import QuoteKind


@dataclass(frozen=True, slots=True)
class KnownSpeaker:
    """A speaker already in the library, so a detected name can be matched to it."""

    id: int
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A proposed quotation: a span of the article's canonical text and who said it.

    ``start``/``end`` are code points. ``speaker`` is the display name in the nominative, full
    form ("Касым-Жомарт Токаев", not "Токаева"); "" when the engine could not tell. ``cue`` is the
    span of the attribution (the reporting verb, "according to"…), when there is one, so the
    reader can show why the engine thinks so.
    """

    start: int
    end: int
    text: str
    speaker: str
    speaker_id: int | None
    kind: QuoteKind
    confidence: float
    cue: tuple[int, int] | None = None
