"""A scripted stand-in for the detection engine, so suggestion tests do not depend on how good
the real one is this week."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from models.engine import fold_text
from models.tables import QuoteKind
from services.detection import KnownSpeaker, Suggestion
from services.library import Library
from services.readmodels import ArticleMeta
from services.suggestions import SuggestionService
from services.text import find_occurrence

#: Russian and English, an emoji (two UTF-16 units, one code point) before every quote, a
#: quote split by its attribution, and indirect speech with no speaker found.
TEXT = (
    "Мэр выступил на сессии 🏛️ городского совета.\n\n"
    "«Мы построим новый мост», — заявил Сергей Волков.\n\n"
    "“The bridge will open in May,” said Anna Reed. “Traffic will halve.”\n\n"
    "According to an engineer, the old pier is unsafe."
)


@dataclass(frozen=True)
class Line:
    words: str
    speaker: str
    kind: QuoteKind = QuoteKind.DIRECT
    confidence: float = 0.9


SCRIPT = (
    Line("Мы построим новый мост", "Сергей Волков", confidence=0.95),
    Line("The bridge will open in May,", "Anna Reed"),
    Line("Traffic will halve.", "Anna Reed", confidence=0.85),
    Line("the old pier is unsafe", "", QuoteKind.INDIRECT, 0.6),
)


@dataclass
class ScriptedDetector:
    """Finds the scripted words in whatever text it is given, with the scripted speakers.

    A speaker is matched to a library speaker by name or alias, as the real engine does.
    """

    script: Sequence[Line] = SCRIPT
    calls: list[str] = field(default_factory=list)

    def __call__(
        self, text: str, *, language: str, known_speakers: Sequence[KnownSpeaker] = ()
    ) -> list[Suggestion]:
        self.calls.append(language)
        found = []
        for line in self.script:
            span = find_occurrence(text, line.words)
            if span is None:
                continue
            match = next(
                (
                    known
                    for known in known_speakers
                    if line.speaker
                    and fold_text(line.speaker)
                    in {fold_text(n) for n in (known.name, *known.aliases)}
                ),
                None,
            )
            found.append(
                Suggestion(
                    start=span[0],
                    end=span[1],
                    text=line.words,
                    speaker=line.speaker,
                    speaker_id=match.id if match else None,
                    kind=line.kind,
                    confidence=line.confidence,
                    cue=None,
                )
            )
        return found


def use_detector(library: Library, detector: ScriptedDetector | None = None) -> ScriptedDetector:
    """Give ``library`` a suggestion service that detects with ``detector``."""
    chosen = detector or ScriptedDetector()
    library.suggestions = SuggestionService(library, chosen)
    return chosen


def add_article(library: Library, text: str = TEXT, language: str = "ru") -> int:
    meta = ArticleMeta(title="Мост через реку", language=language)
    return library.articles.add(text, meta).summary.id
