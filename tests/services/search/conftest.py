"""A small library in four languages that the search tests look things up in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from models.tables import QuoteKind
from services.library import Library
from services.readmodels import ArticleMeta, QuoteDraft, QuoteEdit, SpeakerFields

ENGLISH = (
    "The ministers met Tomás Herrera at the pier on Monday.\n\n"
    "“We will not raise taxes,” the minister said. Residents were not convinced.\n\n"
    "Analysts called the harbour plan expensive."
)
RUSSIAN = (
    "Президент встретился с Токаевым в Астане.\n\n"
    "«Ёлка будет стоять на площади», — сказал Токаев журналистам.\n\n"
    "Министры обсудили пошлины на сталь."
)
GERMAN = (
    "Die Oberbürgermeisterin eröffnete die neue Brücke.\n\n"
    "„Wir bauen weiter“, sagte sie den Bürgern der Stadt."
)
JAPANESE = (
    "東京都知事は会見で新しい政策を発表した。\n\n「日本との協力は新しい段階に入った」と述べた。"
)


@dataclass(frozen=True)
class Newsroom:
    library: Library
    english: int
    russian: int
    german: int
    japanese: int
    #: Quote ids by a short name.
    quotes: dict[str, int]


def _quote(library: Library, article: int, text: str, words: str, edit: QuoteEdit) -> int:
    start = text.index(words)
    return library.quotes.add(QuoteDraft(article, start, start + len(words), edit)).quote.id


@pytest.fixture
def newsroom(library: Library) -> Newsroom:
    add = library.articles.add
    english = add(
        ENGLISH,
        ArticleMeta(
            title="Pier talks stall",
            outlet="Harbour Daily",
            authors=("Jane Doe",),
            published=date(2024, 3, 14),
            language="en",
        ),
    ).summary.id
    russian = add(
        RUSSIAN,
        ArticleMeta(title="Встреча в Астане", outlet="Вечерние вести", language="ru",
                    published=date(2023, 11, 2)),
    ).summary.id  # fmt: skip
    german = add(
        GERMAN,
        ArticleMeta(title="Neue Brücke", outlet="Stadtblatt", language="de",
                    published=date(2025, 1, 9)),
    ).summary.id  # fmt: skip
    japanese = add(JAPANESE, ArticleMeta(title="知事の会見", language="ja")).summary.id
    library.speakers.create(SpeakerFields(name="Anna Petrova", aliases=("the minister",)))
    quotes = {
        "taxes": _quote(
            library, english, ENGLISH, "We will not raise taxes",
            QuoteEdit("Anna Petrova", tags=("taxes", "on record"), note="first pledge"),
        ),
        "residents": _quote(
            library, english, ENGLISH, "Residents were not convinced",
            QuoteEdit("Tomás Herrera", kind=QuoteKind.PARAPHRASE, note="check with the desk"),
        ),
        "ёлка": _quote(
            library, russian, RUSSIAN, "Ёлка будет стоять на площади",
            QuoteEdit("Касым-Жомарт Токаев", tags=("Астана",)),
        ),
        "пошлины": _quote(
            library, russian, RUSSIAN, "Министры обсудили пошлины на сталь",
            QuoteEdit("Касым-Жомарт Токаев", kind=QuoteKind.INDIRECT, note="уточнить цифры"),
        ),
        "brücke": _quote(
            library, german, GERMAN, "Wir bauen weiter",
            QuoteEdit("Oberbürgermeisterin Müller", tags=("Brückenbau",)),
        ),
        "協力": _quote(
            library, japanese, JAPANESE, "日本との協力は新しい段階に入った",
            QuoteEdit("山本 武", tags=("外交",)),
        ),
    }  # fmt: skip
    return Newsroom(library, english, russian, german, japanese, quotes)
