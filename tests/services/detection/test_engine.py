"""The detection engine end to end: quotes, speakers, reported speech, interviews."""

from __future__ import annotations

from pathlib import Path

from models.tables import QuoteKind
from services.detection import KnownSpeaker, Suggestion, detect

ENGLISH = (
    "Council backs bridge repair\n\n"
    "Mayor Margaret Hale defended the plan on Tuesday. “We cannot keep patching it,” she said. "
    "“Every winter we find a new crack.”\n\n"
    "Councillor Daniel Okafor, who voted against it, said the city had not looked hard enough "
    "at a footbridge. He warned that the cost could climb past the estimate.\n\n"
    "“Forty-eight million is the number tonight.”\n\n"
    "According to the chief engineer, Rosa Pennington, the steel supports have lost a third of "
    "their thickness.\n\n"
    "“Nobody likes a toll,” the mayor said. The so-called “green corridor” was not discussed."
)

RUSSIAN = (
    "Министр здравоохранения Анна Петрова провела брифинг. Петрова сообщила, что больницы "
    "готовы к зиме.\n\n"
    "«Запасов лекарств хватит до весны», — заявила она.\n\n"
    "Встреча Петровой с президентом Касым-Жомартом Токаевым прошла в Астане. По словам Токаева, "
    "переговоры были конструктивными.\n\n"
    "«Мы будем работать вместе, — подчеркнул глава государства. — Это наш общий долг».\n\n"
    "Завод «Меридиан» выпустил новый автобус."
)


def _by_text(found: list[Suggestion]) -> dict[str, Suggestion]:
    return {item.text: item for item in found}


def test_english_quotes_and_speakers() -> None:
    found = _by_text(detect(ENGLISH, language="en"))
    assert found["We cannot keep patching it"].speaker == "Margaret Hale"
    # A quote split by its attribution: the second part has the same speaker.
    assert found["Every winter we find a new crack."].speaker == "Margaret Hale"
    # A quote standing alone continues the speaker of the paragraph before.
    assert found["Forty-eight million is the number tonight."].speaker == "Daniel Okafor"
    # "the mayor" is the role introduced with the name.
    assert found["Nobody likes a toll"].speaker == "Margaret Hale"
    assert found["Nobody likes a toll"].kind is QuoteKind.DIRECT
    assert found["Nobody likes a toll"].cue is not None
    # A scare quote nobody said is not a suggestion.
    assert "green corridor" not in found


def test_english_reported_speech() -> None:
    found = _by_text(detect(ENGLISH, language="en"))
    clause = found["the city had not looked hard enough at a footbridge"]
    assert (clause.kind, clause.speaker) == (QuoteKind.INDIRECT, "Daniel Okafor")
    assert found["the cost could climb past the estimate"].speaker == "Daniel Okafor"
    according = found["the steel supports have lost a third of their thickness"]
    assert according.speaker == "Rosa Pennington"


def test_russian_case_forms_gender_and_roles() -> None:
    found = _by_text(detect(RUSSIAN, language="ru"))
    assert found["больницы готовы к зиме"].speaker == "Анна Петрова"
    assert found["больницы готовы к зиме"].kind is QuoteKind.INDIRECT
    # заявила: the feminine verb picks the woman, not Токаев named later.
    assert found["Запасов лекарств хватит до весны"].speaker == "Анна Петрова"
    # По словам Токаева → the nominative, full name.
    assert found["переговоры были конструктивными"].speaker == "Касым-Жомарт Токаев"
    # «глава государства» inside the guillemets: both parts, one speaker.
    assert found["Мы будем работать вместе"].speaker == "Касым-Жомарт Токаев"
    assert found["Это наш общий долг"].speaker == "Касым-Жомарт Токаев"
    assert "Меридиан" not in found


def test_known_speakers_are_matched_by_alias_and_surname() -> None:
    known = [
        KnownSpeaker(7, "Margaret Hale", ("Mayor Hale",)),
        KnownSpeaker(9, "Касым-Жомарт Токаев", ("Президент Казахстана",)),
    ]
    english = _by_text(detect(ENGLISH, language="en", known_speakers=known))
    assert english["We cannot keep patching it"].speaker_id == 7
    assert english["the cost could climb past the estimate"].speaker_id is None
    russian = _by_text(detect(RUSSIAN, language="ru", known_speakers=known))
    assert russian["переговоры были конструктивными"].speaker_id == 9


def test_dash_dialogue_in_russian() -> None:
    text = "Мэр Сергей Собянин осмотрел стройку.\n\n— Мы не отступим, — сказал он. — Это наш долг."
    found = _by_text(detect(text, language="ru"))
    assert found["Мы не отступим"].speaker == "Сергей Собянин"
    assert found["Это наш долг."].speaker == "Сергей Собянин"


def test_german_and_japanese_direct_quotes() -> None:
    german = "Bürgermeisterin Anke Vollmer sprach. „Wir verkaufen nicht“, sagte Vollmer."
    assert _by_text(detect(german, language="de"))["Wir verkaufen nicht"].speaker == "Anke Vollmer"
    japanese = "北浜県の佐伯由美子知事は会見した。佐伯知事は「無償化を進めたい」と述べた。"
    found = _by_text(detect(japanese, language="ja"))
    assert found["無償化を進めたい"].speaker == "佐伯由美子"


def test_other_languages_fall_back_to_quotation_marks() -> None:
    text = "Il sindaco ha detto: «Ricostruiremo il ponte entro la fine dell'anno prossimo»."
    found = detect(text, language="it")
    assert [item.text for item in found] == [
        "Ricostruiremo il ponte entro la fine dell'anno prossimo"
    ]


def test_offsets_are_code_points_into_the_text() -> None:
    text = "🎉 Mayor Jane Holloway spoke. “We will not back down,” she said. 👍"
    for item in detect(text, language="en"):
        assert text[item.start : item.end] == item.text
        assert 0 <= item.confidence <= 1


def test_nothing_to_find() -> None:
    assert detect("", language="en") == []
    assert detect("No quotes here at all.", language="en") == []
    assert detect("«", language="ru") == []


INTERVIEW = (
    "Галина Шестакова: «Дешёвой ипотеки больше не будет»\n"
    "Центробанк повысил ставку. Что это значит для заёмщиков, мы спросили у экономиста "
    "Галины Шестаковой.\n"
    "Галина Петровна, почему банк снова поднял ставку?\n"
    "Инфляция замедлилась, но недостаточно. Я бы сказала, что банк действует осторожно.\n"
    "Многие читатели спрашивают, стоит ли сейчас брать ипотеку.\n"
    "Универсального ответа нет. Всё зависит от дохода.\n"
    "Когда ставка начнёт снижаться?\n"
    "Не раньше второго полугодия следующего года.\n"
    "Беседовал Павел Зимин"
)


def test_an_interview_gives_answers_and_questions_their_speakers() -> None:
    found = detect(INTERVIEW, language="ru")
    speakers = {item.text.split(".")[0].split("?")[0]: item.speaker for item in found}
    assert speakers["Инфляция замедлилась, но недостаточно"] == "Галина Шестакова"
    assert speakers["Галина Петровна, почему банк снова поднял ставку"] == "Павел Зимин"
    # Placed between two answers, a question that ends with a full stop is still a question.
    assert speakers["Многие читатели спрашивают, стоит ли сейчас брать ипотеку"] == "Павел Зимин"
    assert speakers["Не раньше второго полугодия следующего года"] == "Галина Шестакова"
    # What the answer says inside it is part of the answer, not a suggestion of its own.
    assert not any(item.kind is QuoteKind.INDIRECT for item in found)
    assert not any(item.text.startswith("Беседовал") for item in found)


def test_the_reference_interview(reference_article: Path) -> None:
    text = reference_article.read_text(encoding="utf-8")
    found = detect(text, language="ru")
    answers = [item for item in found if item.text.startswith(("Безусловно", "Интересный"))]
    assert [item.speaker for item in answers] == ["Бакыт Бакетаев", "Бакыт Бакетаев"]
    tokayev = next(item for item in found if item.text.startswith("Мы часто говорим"))
    assert tokayev.speaker == "Касым-Жомарт Токаев"
    assert tokayev.kind is QuoteKind.DIRECT
