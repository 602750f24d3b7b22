"""What each language says around a quotation: reporting verbs, pronouns, roles, titles.

One :class:`Cues` per language, defined in ``cues_<language>.py``. Languages without one get
the empty set, which leaves detection to quotation marks alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Gender(StrEnum):
    MALE = "m"
    FEMALE = "f"


@dataclass(frozen=True)
class Cues:
    """The words that mark speech and speakers in one language (all lower case)."""

    language: str
    #: Reporting verbs as they appear in text (or, with ``lemmatize``, as dictionary forms).
    verbs: frozenset[str] = frozenset()
    #: Reporting expressions of several words ("pointed out", "выразил уверенность").
    phrases: tuple[str, ...] = ()
    #: Reporting verbs that also take a clause without a complementizer ("said the plan…").
    bare_clause_verbs: frozenset[str] = frozenset()
    #: Words that open a reported clause ("that", "что", "dass", "que").
    complementizers: frozenset[str] = frozenset()
    #: Patterns whose group "who" names the source of the rest of the sentence.
    according: tuple[re.Pattern[str], ...] = ()
    #: Personal pronouns that can be a speaker, with their gender (None: either).
    pronouns: Mapping[str, Gender | None] = field(default_factory=dict)
    #: Titles written before a name ("mr", "dr"), with the gender they imply.
    titles: Mapping[str, Gender | None] = field(default_factory=dict)
    #: Role nouns ("mayor", "министр"); a role mention resolves to the person holding it.
    roles: frozenset[str] = frozenset()
    #: Role phrases that stand for another role ("head of state" → "president").
    role_synonyms: Mapping[str, str] = field(default_factory=dict)
    #: Capitalised words that start sentences or name things, never people.
    not_names: frozenset[str] = frozenset()
    #: Lower-case particles inside names ("van", "de", "bin").
    name_particles: frozenset[str] = frozenset()
    #: Words a clause may not start with for "said the …" to be speech ("in", "on", "goodbye").
    not_clause_openers: frozenset[str] = frozenset()
    #: Match verbs by dictionary form through the morphology module (Russian).
    lemmatize: bool = False


def words(text: str) -> frozenset[str]:
    """A word set from a whitespace-separated list, so the lexicons read like prose."""
    return frozenset(text.split())
