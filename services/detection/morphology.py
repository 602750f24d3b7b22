"""Russian word forms through pymorphy3, whose dictionaries ship inside the package.

Only what attribution needs: a word's dictionary form (to match заявила to заявить), the gender
a past-tense verb carries, and a name put back into the nominative (Токаева → Токаев,
Касым-Жомартом → Касым-Жомарт). Every lookup is cached: an article repeats its names and verbs.
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import Any

from services.detection.lexicon import Gender

_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
_NAME_TAGS = ("Name", "Surn", "Patr")


@cache
def _analyzer() -> Any:
    import pymorphy3  # noqa: PLC0415 - its dictionaries load on first use, not at import

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=65536)
def _parses(word: str) -> tuple[Any, ...]:
    return tuple(_analyzer().parse(word))


def lemma(word: str) -> str:
    """The dictionary form of a word, lower case, ё kept as the dictionary has it."""
    parses = _parses(word.lower())
    return str(parses[0].normal_form) if parses else word.lower()


def lemmas(word: str) -> frozenset[str]:
    """Every dictionary form a word may come from (homonyms included)."""
    return frozenset(str(parse.normal_form) for parse in _parses(word.lower()))


def verb_gender(word: str) -> Gender | None:
    """The gender a past-tense verb form marks (заявил → male, заявила → female)."""
    for parse in _parses(word.lower()):
        if parse.tag.POS == "VERB" and parse.tag.number == "sing":
            if parse.tag.gender == "masc":
                return Gender.MALE
            if parse.tag.gender == "femn":
                return Gender.FEMALE
    return None


def is_verb(word: str) -> bool:
    parses = _parses(word.lower())
    return bool(parses) and parses[0].tag.POS in {"VERB", "INFN"}


@lru_cache(maxsize=16384)
def word_kind(word: str) -> str:
    """What a capitalised word is: name, surname, patronymic, place, org, noun or other."""
    parses = _parses(word.lower())
    if not parses:
        return "other"
    best = parses[0]
    if "Geox" in best.tag and best.score >= 0.5:
        return "place"
    # A dictionary word with any name reading is a name (Роман, Вера); a guessed word only when
    # the guess is a fair one (Валмарии, a genitive place, is guessed a name at 8 %).
    threshold = 0.0 if _analyzer().word_is_known(word.lower()) else 0.1
    for parse in parses:
        for tag, kind in (("Name", "name"), ("Surn", "surname"), ("Patr", "patronymic")):
            if tag in parse.tag and parse.score >= threshold:
                return kind
    if "Geox" in best.tag:
        return "place"
    if "Orgn" in best.tag:
        return "org"
    if best.tag.POS == "NOUN":
        return "noun"
    return "other"


def name_gender(word: str) -> Gender | None:
    """The gender of a first name or surname, when its forms tell (Марина, Петровой)."""
    genders: set[str] = set()
    for parse in _parses(word.lower()):
        if any(tag in parse.tag for tag in ("Name", "Patr")) and parse.score >= 0.1:
            genders.add(str(parse.tag.gender))
    if genders == {"masc"}:
        return Gender.MALE
    if genders == {"femn"}:
        return Gender.FEMALE
    return None


@lru_cache(maxsize=8192)
def nominative(
    tokens: tuple[str, ...], gender: Gender | None = None
) -> tuple[tuple[str, ...], Gender | None]:
    """A Russian personal name put into the nominative, and the gender that fit it.

    The tokens of a name agree in case and gender, so the reading chosen is the one case and
    gender under which every token has a name-like analysis; ``gender`` (from the verb, say)
    breaks ties. Words pymorphy does not know as names (a foreign name, an unknown surname) are
    guessed by its suffix rules, and left as written when even that fails.
    """
    best: tuple[float, str, str] | None = None
    for case in _CASES:
        for sex in ("masc", "femn"):
            score = 1.0
            for token in tokens:
                score *= _fit(_last_part(token), case, sex)
            if gender is not None and sex != ("masc" if gender is Gender.MALE else "femn"):
                score *= 0.3
            if case == "nomn":
                score *= 1.2
            if best is None or score > best[0]:
                best = (score, case, sex)
    if best is None or best[0] <= 0:
        return tokens, gender
    _, case, sex = best
    found = tuple(_inflected(token, case, sex) for token in tokens)
    return found, Gender.MALE if sex == "masc" else Gender.FEMALE


def _last_part(token: str) -> str:
    return token.rsplit("-", 1)[-1]


def _fit(word: str, case: str, sex: str) -> float:
    best = 0.0
    for parse in _parses(word.lower()):
        tag = parse.tag
        if tag.POS != "NOUN" or tag.number == "plur" or tag.case != case:
            continue
        if tag.gender not in {sex, "ms-f", None} and "Fixd" not in tag:
            continue
        weight = parse.score + (1.0 if any(name in tag for name in _NAME_TAGS) else 0.0)
        best = max(best, weight)
    if best == 0.0 and case == "nomn":
        best = 0.05  # a word with no analysis at all is most likely a foreign name, as written
    return best


def _inflected(token: str, case: str, sex: str) -> str:
    if case == "nomn":
        return token
    head, _, last = token.rpartition("-")
    for parse in _parses(last.lower()):
        tag = parse.tag
        if tag.POS != "NOUN" or tag.case != case or tag.number == "plur":
            continue
        if tag.gender not in {sex, "ms-f", None} and "Fixd" not in tag:
            continue
        form = parse.inflect({"nomn", "sing"})
        if form is None:
            continue
        word = _cased_like(str(form.word), last)
        return f"{head}-{word}" if head else word
    return token


def _cased_like(word: str, model: str) -> str:
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word
