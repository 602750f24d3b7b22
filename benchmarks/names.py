"""Who speaks and what it is filed under in the generated newsroom: speakers and tags.

A newsroom's people are many and unevenly quoted: a few officials appear in story after story,
most people once or twice. The names mix English, Russian (surnames agreeing with the first
name's gender) and a few with accents, so folding and case rules are exercised the way a real
archive exercises them. Every list is built from fixed vocabularies and a seeded generator, so
speaker ``n`` and tag ``n`` are the same on every run.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from benchmarks import corpus
from models.engine import fold_text

_ENGLISH_FIRST = (
    "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David",
    "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas",
    "Sarah", "Charles", "Karen", "Daniel", "Nancy", "Matthew", "Lisa", "Anthony", "Betty",
    "Mark", "Helen", "Tomás", "Zoë", "José", "Renée", "Siobhán", "Aoife", "Bjørn", "Priya",
    "Kwame", "Amara", "Hiroshi", "Mei",
)  # fmt: skip
_ENGLISH_LAST = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
    "Martinez", "Hernández", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor",
    "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez",
    "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright",
    "Scott", "Torres", "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall",
    "Rivera", "Campbell", "Mitchell", "Carter", "Müller",
)  # fmt: skip
_RUSSIAN_MALE_FIRST = (
    "Александр", "Сергей", "Дмитрий", "Андрей", "Алексей", "Максим", "Евгений", "Иван",
    "Михаил", "Артём", "Николай", "Павел", "Фёдор", "Тимур", "Бакыт", "Ерлан",
)  # fmt: skip
_RUSSIAN_FEMALE_FIRST = (
    "Анна", "Мария", "Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Светлана", "Юлия",
    "Алёна", "Айгерим", "Дарья", "Ксения", "Галина",
)  # fmt: skip
_RUSSIAN_LAST_STEMS = (
    "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов",
    "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров",
    "Павлов", "Козлов", "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин",
    "Захаров", "Зайцев", "Соловьёв", "Борисов", "Яковлев", "Григорьев", "Романов", "Воробьёв",
    "Токаев", "Ахметов", "Сапаров", "Назаров",
)  # fmt: skip
_ROLES = (
    "finance minister", "mayor", "city councillor", "chief executive", "union spokesperson",
    "police commissioner", "health secretary", "port director", "professor of economics",
    "resident", "shop owner", "министр финансов", "депутат городского совета", "аналитик",
    "пресс-секретарь", "директор порта", "житель района",
)  # fmt: skip
_AFFILIATIONS = (
    "City Council", "Ministry of Finance", "Port Authority", "Teachers' Union",
    "Energy Regulator", "Harbour Residents' Association", "Министерство финансов",
    "Городской совет", "Портовое управление", "Профсоюз учителей", "",
)  # fmt: skip
_PUBLIC_LABELS = (
    "a senior official", "a source close to the ministry", "a council employee",
    "a person familiar with the talks", "источник в министерстве", "собеседник в мэрии",
)  # fmt: skip

_TAG_WORDS = (
    "tariffs", "pier", "budget", "fuel tax", "transport", "hospital", "schools", "flood defences",
    "rent", "airport", "steel", "elections", "on record", "needs check", "follow up",
    "courts", "police", "energy", "housing", "climate", "health", "unions", "protest",
    "harbour", "council", "corruption", "pensions", "trade", "Japan", "China",
    "тарифы", "причал", "бюджет", "налоги", "транспорт", "больница", "школы", "дамба",
    "аренда", "аэропорт", "сталь", "выборы", "проверить", "под запись", "суды", "энергетика",
    "жильё", "профсоюзы", "протесты", "коррупция", "пенсии", "торговля", "Казахстан", "Япония",
)  # fmt: skip
_TAG_QUALIFIERS = (
    "2023", "2024", "2025", "interview", "investigation", "explainer", "region",
    "расследование", "интервью",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Person:
    """One generated speaker, ready to be stored."""

    name: str
    role: str
    affiliation: str
    aliases: tuple[str, ...]
    confidential: bool
    public_label: str


def _all_names() -> list[str]:
    """Every name the vocabularies make, the corpus's own people first (articles name them)."""
    names = [*corpus.LEXICONS["en"].people, *corpus.LEXICONS["ru"].people]
    names += [f"{first} {last}" for first in _ENGLISH_FIRST for last in _ENGLISH_LAST]
    for stem in _RUSSIAN_LAST_STEMS:
        names += [f"{first} {stem}" for first in _RUSSIAN_MALE_FIRST]
        names += [f"{first} {stem}а" for first in _RUSSIAN_FEMALE_FIRST]
    unique = list(dict.fromkeys(names))
    head = len(corpus.LEXICONS["en"].people) + len(corpus.LEXICONS["ru"].people)
    tail = unique[head:]
    random.Random(f"{corpus.SEED}:names").shuffle(tail)
    return unique[:head] + tail


def people(count: int) -> list[Person]:
    """``count`` distinct speakers; about one in four has aliases, one in thirty is
    confidential. No alias repeats a name or another alias (the library refuses that)."""
    names = _all_names()
    if count > len(names):
        raise ValueError(f"at most {len(names):,} speakers can be generated, not {count:,}")
    rng = random.Random(f"{corpus.SEED}:people")
    taken = {fold_text(name) for name in names[:count]}
    result = []
    for name in names[:count]:
        aliases: list[str] = []
        if rng.random() < 0.25:
            first, _, last = name.partition(" ")
            for alias in (f"{first[0]}. {last}", f"{last} {first}"):
                if fold_text(alias) not in taken and rng.random() < 0.7:
                    taken.add(fold_text(alias))
                    aliases.append(alias)
        confidential = rng.random() < 1 / 30
        result.append(
            Person(
                name=name,
                role=rng.choice(_ROLES),
                affiliation=rng.choice(_AFFILIATIONS),
                aliases=tuple(aliases),
                confidential=confidential,
                public_label=rng.choice(_PUBLIC_LABELS) if confidential else "",
            )
        )
    return result


def tags(count: int) -> list[str]:
    """``count`` distinct tags: plain topics first, then topics with a year or a story type."""
    names = list(_TAG_WORDS)
    names += [f"{word} {qualifier}" for qualifier in _TAG_QUALIFIERS for word in _TAG_WORDS]
    if count > len(names):
        raise ValueError(f"at most {len(names):,} tags can be generated, not {count:,}")
    return names[:count]
