"""The people of an article, and who a name, a pronoun or a role in an attribution refers to.

The registry is built once per article from every run of capitalised words that looks like a
person's name (a known first name, a Russian name or surname analysis, a title or a role next to
it). Later mentions by surname, by case form, by pronoun or by role are resolved against it, so
"Токаева", "he" and "the president" all come out as the full name introduced earlier.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from services.detection import morphology
from services.detection.lexicon import Cues, Gender, words
from services.detection.model import KnownSpeaker
from services.detection.names import (
    Mention,
    MentionKind,
    Token,
    clean_name,
    is_role,
    name_runs,
    tokenize,
)
from services.detection.segment import Document, Span

_NAME_KINDS = frozenset({"name", "surname", "patronymic"})
_FEMININE_SURNAME = ("овой", "евой", "ёвой", "иной", "ыной", "ская", "ской", "цкая", "цкой")
_MASCULINE_SURNAME = (
    "ов",
    "ев",
    "ёв",
    "ин",
    "ын",
    "овым",
    "евым",
    "иным",
    "ский",
    "ским",
    "ского",
    "ове",
    "еве",
)


def surname_gender(word: str) -> Gender | None:
    """The gender a Russian surname's form gives away, when only one gender has that form."""
    lower = word.lower()
    if lower.endswith(_FEMININE_SURNAME):
        return Gender.FEMALE
    if lower.endswith(_MASCULINE_SURNAME):
        return Gender.MALE
    return None


#: Words between a role and a name that mean the role belongs to something else
#: ("chairman of the Lune Valley Flood Authority").
_ROLE_BREAKS = frozenset(
    {"of", "at", "for", "from", "in", "with", "by", "and", "the", "von", "der"}
)
#: Last words of names of things, not people (English).
_NOT_PERSON_TAILS = words(
    """authority board council committee party union securities bank group company corporation
    inc ltd llc plc freight museum university college school primary academy hospital clinic
    street lane road avenue river valley bridge court centre center institute agency ministry
    department office police service services trust foundation association federation club fc
    city county square park airport station times post news herald gazette tribune journal
    league cup stadium hall house church cathedral port harbour harbor island islands bay
    government parliament assembly senate congress commission fund partners holdings energy
    airlines railways motors systems technologies"""
)
_NOT_PERSON_HEADS = words("river lake mount saint st port fort cape new north south east west")

#: How far back (code points) a pronoun or a role may reach for its person.
_REACH = 4000


@dataclass
class Person:
    tokens: tuple[str, ...]
    keys: set[str]
    gender: Gender | None = None
    roles: set[str] = field(default_factory=set)
    mentions: list[int] = field(default_factory=list)
    #: True when a name analysis, a first name, a title or a role says this is a person.
    certain: bool = False

    @property
    def name(self) -> str:
        return " ".join(self.tokens)


@cache
def _gender_detector() -> Any:
    import gender_guesser.detector  # noqa: PLC0415 - its name list loads on first use

    return gender_guesser.detector.Detector(case_sensitive=False)


def first_name_gender(word: str) -> Gender | None:
    """The gender a Latin-script first name usually has, from gender-guesser's name list."""
    if not word.isascii():
        return None
    found = _gender_detector().get_gender(word)
    if found in {"male", "mostly_male"}:
        return Gender.MALE
    if found in {"female", "mostly_female"}:
        return Gender.FEMALE
    return None


def _is_first_name(word: str) -> bool:
    return word.isascii() and _gender_detector().get_gender(word) != "unknown"


class People:
    """The persons named in one article."""

    def __init__(
        self,
        doc: Document,
        cues: Cues,
        quoted: Sequence[Span],
        known: Sequence[KnownSpeaker] = (),
    ) -> None:
        self.doc = doc
        self.cues = cues
        self.russian = cues.lemmatize
        self.persons: list[Person] = []
        self._quoted = sorted(quoted)
        self._known = known
        self.tokens = tokenize(doc.text)
        self._collect()

    # -- building ----------------------------------------------------------------------------

    def _collect(self) -> None:
        text = self.doc.text
        runs = [self._trim(run) for run in name_runs(text, self.tokens, self.cues)]
        runs = [run for run in runs if run]
        index_of = {token.start: number for number, token in enumerate(self.tokens)}
        self._genders = self._gender_votes(runs, index_of) if self.russian else {}
        singles: list[list[Token]] = []
        for run in runs:
            first = index_of[run[0].start]
            roles, title_gender = self._context_roles(first, index_of[run[-1].start])
            words = tuple(clean_name(token.text) for token in run)
            if len(words) == 1 and not roles and title_gender is None:
                singles.append(run)
                continue
            if len(words) == 1 and not self._plausible_single(
                Mention(MentionKind.NAME, run[0].start, run[0].end, words)
            ):
                continue
            personal = self._looks_personal(words, roles, title_gender)
            if not personal and (self.russian or len(words) < 2):
                continue
            gender = title_gender or self._genders.get(self._group_key(words[-1]))
            person = self.add(words, run[0].start, case_hint=None, gender=gender)
            person.roles |= roles
            # A run of capitalised words is kept even when nothing says it is a person
            # ("Filipo Tauvale" has an unknown first name): a later "Tauvale said" needs the
            # full name. Only pronouns and roles keep to the runs known to be people.
            person.certain = person.certain or personal
        for run in singles:
            word = clean_name(run[0].text)
            found = self.find((word,), run[0].start)
            if found is not None and not self._inside_quote(run[0].start):
                insort(found.mentions, run[0].start)
        for person in self.persons:
            person.mentions.sort()
            if person.gender is None:
                person.gender = self._pronoun_gender(person)

    def _trim(self, run: list[Token]) -> list[Token]:
        """A run without the words before the name proper: a Russian genitive ("Президент
        Валмарии Оскар Линдгрен"), a German capitalised role ("Vorstandschef Martin
        Hollerbach"): the name starts at the first known first name."""
        if not self.russian:
            for index, token in enumerate(run[:-1]):
                if _is_first_name(token.text):
                    return run[index:]
            return run
        kinds = [morphology.word_kind(token.text.rsplit("-", 1)[-1]) for token in run]
        while len(run) > 1 and (
            kinds[0] in {"place", "org"}
            or (kinds[0] not in _NAME_KINDS and any(kind in _NAME_KINDS for kind in kinds[1:]))
        ):
            run, kinds = run[1:], kinds[1:]
        return run

    def _trim_words(self, mention: Mention) -> Mention:
        words = mention.words
        if not self.russian:
            for index, word in enumerate(words[:-1]):
                if _is_first_name(word):
                    return replace(mention, words=words[index:])
            return mention
        kinds = [morphology.word_kind(word.rsplit("-", 1)[-1]) for word in words]
        while (
            len(words) > 1
            and kinds[0] not in _NAME_KINDS
            and any(kind in _NAME_KINDS for kind in kinds[1:])
        ):
            words, kinds = words[1:], kinds[1:]
        return replace(mention, words=words)

    def _group_key(self, word: str) -> str:
        keys = self._keys(word)
        return min(keys, key=len)

    def _gender_votes(self, runs: list[list[Token]], index_of: dict[int, int]) -> dict[str, Gender]:
        """Each Russian surname's gender, from the forms and verbs that say it unambiguously.

        "Сабитова" alone may be a man in the genitive; "Сабитовой" or "заявила Сабитова" may
        not. The votes of every mention decide the nominative all of them are shown in.
        """
        votes: dict[str, dict[Gender, int]] = {}
        for run in runs:
            word = clean_name(run[-1].text)
            key = self._group_key(word)
            tally = votes.setdefault(key, {Gender.MALE: 0, Gender.FEMALE: 0})
            evidence = surname_gender(word)
            if evidence is not None:
                tally[evidence] += 1
            if len(run) > 1:
                first = morphology.name_gender(run[0].text)
                if first is not None:
                    tally[first] += 1
            index = index_of[run[-1].start]
            for near in (index + 1, index_of[run[0].start] - 1):
                if 0 <= near < len(self.tokens) and self.tokens[near].is_word:
                    verb = morphology.verb_gender(self.tokens[near].text)
                    if verb is not None and morphology.is_verb(self.tokens[near].text):
                        tally[verb] += 2
        return {
            key: Gender.MALE if tally[Gender.MALE] > tally[Gender.FEMALE] else Gender.FEMALE
            for key, tally in votes.items()
            if tally[Gender.MALE] != tally[Gender.FEMALE]
        }

    def _looks_personal(
        self, words: tuple[str, ...], roles: set[str], title_gender: Gender | None
    ) -> bool:
        if roles or title_gender is not None:
            return True
        if self.russian:
            kinds = [morphology.word_kind(word.rsplit("-", 1)[-1]) for word in words]
            if any(kind in {"place", "org"} for kind in kinds[:1]):
                return False
            return any(kind in {"name", "surname", "patronymic"} for kind in kinds)
        if words[-1].lower() in _NOT_PERSON_TAILS or words[0].lower() in _NOT_PERSON_HEADS:
            return False
        return len(words) >= 2 and _is_first_name(words[0])

    def _context_roles(self, first: int, last: int) -> tuple[set[str], Gender | None]:
        """Roles and titles written just before a name or in an apposition after it."""
        roles: set[str] = set()
        gender: Gender | None = None
        tokens = self.tokens
        commas = 0
        for index in range(first - 1, max(-1, first - 5), -1):
            token = tokens[index]
            if token.text == ",":
                commas += 1
                if commas > 1:
                    break
                continue
            if token.text == "." and index > 0 and len(tokens[index - 1].text) <= 3:
                continue  # the full stop of a title or an initial (Dr., J.)
            if not token.is_word or token.lower in _ROLE_BREAKS:
                break
            title = self.cues.titles.get(token.lower, "none")
            if title != "none":
                gender = gender or (title if isinstance(title, Gender) else None)
                continue
            role = is_role(token.text, self.cues)
            if role is not None:
                roles.add(role)
        if last + 1 < len(tokens) and tokens[last + 1].text == ",":
            for token in tokens[last + 2 : last + 10]:
                if token.text in {",", ".", ";", ":", "—", "–", "(", ")"}:
                    break
                role = is_role(token.text, self.cues) if token.is_word else None
                if role is not None:
                    roles.add(role)
        return roles, gender

    def _pronoun_gender(self, person: Person) -> Gender | None:
        """A person's gender from the pronouns that follow their mentions in English."""
        if self.russian or not self.cues.pronouns:
            return None
        votes = {Gender.MALE: 0, Gender.FEMALE: 0}
        text = self.doc.text
        for position in person.mentions[:6]:
            window = text[position : position + 160].lower()
            for word, gender in (
                (" he ", Gender.MALE),
                (" his ", Gender.MALE),
                (" him ", Gender.MALE),
                (" she ", Gender.FEMALE),
                (" her ", Gender.FEMALE),
            ):
                votes[gender] += window.count(word)
        if votes[Gender.MALE] > votes[Gender.FEMALE]:
            return Gender.MALE
        if votes[Gender.FEMALE] > votes[Gender.MALE]:
            return Gender.FEMALE
        return None

    def _inside_quote(self, position: int) -> bool:
        index = bisect_left(self._quoted, (position + 1, 0)) - 1
        return index >= 0 and self._quoted[index][0] <= position < self._quoted[index][1]

    def _keys(self, word: str) -> set[str]:
        lower = word.lower().replace("ё", "е")
        keys = {lower}
        if self.russian:
            keys |= {key.replace("ё", "е") for key in morphology.lemmas(lower.rsplit("-", 1)[-1])}
            if "-" in lower:
                head = lower.rsplit("-", 1)[0]
                keys |= {f"{head}-{key}" for key in list(keys) if "-" not in key}
        return keys

    def add(
        self,
        words: tuple[str, ...],
        position: int,
        *,
        case_hint: str | None,
        gender: Gender | None,
    ) -> Person:
        """The person a full name refers to, created when new; a mention recorded either way."""
        if gender is None and self.russian:
            gender = self._genders.get(self._group_key(words[-1]))
        display, found_gender = self._display(words, gender)
        existing = self.find(display, position)
        if (
            existing is not None
            and len(display) > len(existing.tokens)
            and _compatible(existing.tokens, display)
            and not (self.russian and morphology.word_kind(display[-1]) == "patronymic")
        ):
            existing.tokens = display
        person = existing
        if person is None:
            person = Person(display, self._keys(display[-1]))
            self.persons.append(person)
        if person.gender is None:
            person.gender = gender or found_gender
        if not self._inside_quote(position) and position not in person.mentions:
            insort(person.mentions, position)
        return person

    def _display(
        self, words: tuple[str, ...], gender: Gender | None
    ) -> tuple[tuple[str, ...], Gender | None]:
        if self.russian:
            found, sex = morphology.nominative(words, gender)
            if len(words) == 1 and morphology.word_kind(words[0]) != "name":
                sex = gender  # a lone surname's case form says little about gender (Петрова)
            else:
                sex = gender or morphology.name_gender(found[0]) or sex
            return found, sex
        return words, gender or (first_name_gender(words[0]) if len(words) > 1 else None)

    def find(self, words: tuple[str, ...], position: int) -> Person | None:
        """The registered person a name refers to, by surname (any case form)."""
        keys = self._keys(words[-1])
        matches = [person for person in self.persons if person.keys & keys]
        if not matches and len(words) >= 2 and self.russian:
            # "Бакыт Кушбекович": a first name with a patronymic.
            first = self._keys(words[0])
            matches = [
                p for p in self.persons if len(p.tokens) > 1 and self._keys(p.tokens[0]) & first
            ]
        if len(matches) > 1 and len(words) > 1:
            first = self._keys(words[0])
            narrowed = [p for p in matches if self._keys(p.tokens[0]) & first]
            matches = narrowed or matches
        if not matches:
            return None
        return max(
            matches, key=lambda person: (_last_before(person.mentions, position), person.certain)
        )

    # -- resolving ---------------------------------------------------------------------------

    def resolve(
        self, mention: Mention, position: int, *, case_hint: str | None = None
    ) -> Person | None:
        """The person an attribution's speaker mention refers to, if it can be told."""
        if mention.kind is MentionKind.NAME:
            mention = self._trim_words(mention)
            if (
                len(mention.words) == 1
                and self.find(mention.words, position) is None
                and not self._plausible_single(mention)
            ):
                return None
            person = self.add(
                mention.words, mention.start, case_hint=case_hint, gender=mention.gender
            )
            person.roles |= set(mention.roles)
            person.certain = True
            return person
        if mention.kind is MentionKind.PRONOUN:
            return self._nearest(position, mention.gender, None)
        if mention.kind is MentionKind.ROLE:
            return self._nearest(position, mention.gender, mention.words[0])
        return None

    def _plausible_single(self, mention: Mention) -> bool:
        """Whether a lone capitalised word no one else mentions can be a speaker's name."""
        word = mention.words[0]
        before = self.doc.text[: mention.start].rstrip(" \t\"“«„'‘—–")
        opening = not before or before[-1] in ".!?\n:"
        if self.russian:
            kind = morphology.word_kind(word)
            return kind in _NAME_KINDS or (kind == "other" and not opening)
        if self.cues.language == "de":
            return False  # every German noun is capitalised: a lone one is no evidence
        return not opening

    def _nearest(self, position: int, gender: Gender | None, role: str | None) -> Person | None:
        best: tuple[int, int, Person] | None = None
        for person in self.persons:
            if not person.certain:
                continue
            if role is not None and role not in person.roles:
                continue
            if gender is not None and person.gender not in {gender, None}:
                continue
            last = _last_before(person.mentions, position)
            if last < 0 or position - last > _REACH:
                if role is None or not person.mentions:
                    continue
                last = -_REACH  # a role may name someone introduced later, at lower priority
            exact = 1 if gender is not None and person.gender == gender else 0
            if best is None or (exact, last) > (best[1], best[0]):
                best = (last, exact, person)
        return best[2] if best else None

    def known_id(self, name: str) -> tuple[str, int | None]:
        """A detected name matched to a library speaker (by name, alias or surname)."""
        if not self._known or not name:
            return name, None
        target = _normal(name)
        for speaker in self._known:
            if target in {_normal(speaker.name), *(_normal(alias) for alias in speaker.aliases)}:
                return speaker.name, speaker.id
        keys = self._keys(name.rsplit(maxsplit=1)[-1])
        matches = []
        for speaker in self._known:
            for candidate in (speaker.name, *speaker.aliases):
                parts = candidate.split()
                if parts and self._keys(parts[-1]) & keys:
                    first_ok = (
                        len(name.split()) == 1
                        or len(parts) == 1
                        or _normal(parts[0]) == _normal(name.split(maxsplit=1)[0])
                    )
                    if first_ok:
                        matches.append(speaker)
                        break
        if len(matches) == 1:
            return matches[0].name, matches[0].id
        return name, None


def _compatible(old: tuple[str, ...], new: tuple[str, ...]) -> bool:
    return len(old) == 1 or _normal(old[0]) == _normal(new[0]) or len(new) > len(old)


def _normal(name: str) -> str:
    return " ".join(name.casefold().replace("ё", "е").split())


def _last_before(mentions: list[int], position: int) -> int:
    index = bisect_left(mentions, position + 1) - 1
    return mentions[index] if index >= 0 else -1
