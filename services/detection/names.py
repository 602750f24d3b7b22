"""Words, personal names and the noun phrase that names a speaker.

A name here is a run of capitalised words (with initials and particles such as "van" or "bin")
that is not a sentence-opening function word, a weekday or a role. Whether a run is a *person*
is decided in :mod:`services.detection.people`, which sees the whole article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from services.detection import morphology
from services.detection.lexicon import Cues, Gender

_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d+|[^\w\s]")
_POSSESSIVE = re.compile(r"['’]s$")


@dataclass(frozen=True, slots=True)
class Token:
    start: int
    end: int
    text: str

    @property
    def is_word(self) -> bool:
        return self.text[:1].isalpha()

    @property
    def lower(self) -> str:
        return self.text.lower()


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The words, numbers and punctuation of ``text[start:end]``, with absolute offsets."""
    stop = len(text) if end is None else end
    return [Token(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, start, stop)]


class MentionKind(StrEnum):
    NAME = "name"
    PRONOUN = "pronoun"
    ROLE = "role"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Mention:
    """How an attribution names its speaker: a name, a pronoun, a role or some other phrase."""

    kind: MentionKind
    start: int
    end: int
    #: The name's words (for NAME), the canonical role (for ROLE), the phrase (for OTHER).
    words: tuple[str, ...]
    gender: Gender | None = None
    #: Role words written next to a name ("Mayor", "министр энергетики").
    roles: tuple[str, ...] = ()


def is_role(word: str, cues: Cues) -> str | None:
    """The role a word names ("mayor"; "министра" → "министр"), or None."""
    lower = word.lower()
    if lower in cues.roles:
        return lower
    if cues.lemmatize:
        for candidate in morphology.lemmas(lower):
            if candidate in cues.roles:
                return candidate
    return None


def _is_name_word(token: Token, cues: Cues) -> bool:
    text = token.text
    if not text[:1].isupper() or not text[:1].isalpha():
        return False
    if len(text) > 1 and text.isupper():
        return False  # an acronym: NATO, МИД
    if text in cues.not_names or _POSSESSIVE.sub("", text) in cues.not_names:
        return False
    if text.lower() in cues.titles:
        return False
    return is_role(text, cues) is None


def name_runs(text: str, tokens: list[Token], cues: Cues) -> list[list[Token]]:
    """Runs of capitalised words that may be a name, in order.

    Words join a run across one space, a hyphen, or an initial's full stop; a lower-case
    particle joins only between two capitalised words.
    """
    runs: list[list[Token]] = []
    current: list[Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if current:
            gap = text[current[-1].end : token.start]
            initial = len(current[-1].text) == 1 and gap.startswith(".")
            joined = gap in {" ", "\u00a0"} or (initial and gap.strip(" .") == "")
            if not joined:
                runs.append(current)
                current = []
        if _is_name_word(token, cues):
            current.append(token)
        elif token.lower in cues.name_particles and current and index + 1 < len(tokens):
            following = tokens[index + 1]
            if _is_name_word(following, cues) and text[token.end : following.start] == " ":
                current.append(token)
            else:
                runs.append(current)
                current = []
        elif token.text == "." and current and len(current[-1].text) == 1:
            pass  # the full stop of an initial
        elif current:
            runs.append(current)
            current = []
        index += 1
    if current:
        runs.append(current)
    return [_trimmed(run, cues) for run in runs if _trimmed(run, cues)]


def _trimmed(run: list[Token], cues: Cues) -> list[Token]:
    while run and run[-1].lower in cues.name_particles:
        run = run[:-1]
    return run


def clean_name(word: str) -> str:
    """A name word without a possessive ending (Holloway's → Holloway)."""
    return _POSSESSIVE.sub("", word)
