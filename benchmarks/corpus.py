"""Deterministic news articles in English and Russian, for benchmarks that need realistic text.

Article ``i`` is always the same text, whatever else is generated in the run: each one draws
from its own seeded generator. Lengths follow wire copy: 13 to 23 paragraphs, a third of them
quotations, 320 to 1,330 words (735 on average, about 7 KB of UTF-8), so readers, language
detection and the content hash see the amount of text a newsroom imports. No two articles
have the same text.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

#: The seed every benchmark corpus starts from; change it and every figure's input changes.
SEED = 20_251_125


@dataclass(frozen=True, slots=True)
class Article:
    """One generated article: plain paragraphs plus the metadata a page or file would carry."""

    index: int
    language: str
    headline: str
    author: str
    outlet: str
    published: date
    paragraphs: tuple[str, ...]
    section: str

    @property
    def words(self) -> int:
        return sum(len(paragraph.split()) for paragraph in self.paragraphs)

    def plain_text(self) -> str:
        """Headline, then the paragraphs separated by blank lines, as a wire story is filed."""
        return "\n\n".join((self.headline, *self.paragraphs)) + "\n"


@dataclass(frozen=True, slots=True)
class _Lexicon:
    people: tuple[str, ...]
    roles: tuple[str, ...]
    bodies: tuple[str, ...]
    places: tuple[str, ...]
    topics: tuple[str, ...]
    days: tuple[str, ...]
    outlets: tuple[str, ...]
    sections: tuple[str, ...]
    reporters: tuple[str, ...]
    narrative: tuple[str, ...]
    quoted: tuple[str, ...]
    quote_open: str
    quote_close: str
    attributions: tuple[str, ...]
    headlines: tuple[str, ...]
    credit: str


_ENGLISH = _Lexicon(
    people=(
        "Anna Petrova",
        "James Whitaker",
        "Maria Gonzalez",
        "Daniel Okafor",
        "Helen Brooks",
        "Tomás Herrera",
        "Priya Nair",
        "Robert Klein",
        "Sarah Lindqvist",
        "Kenji Watanabe",
    ),
    roles=(
        "finance minister",
        "mayor",
        "chief executive",
        "opposition leader",
        "union spokesperson",
        "police commissioner",
        "health secretary",
        "central bank governor",
    ),
    bodies=(
        "the city council",
        "the ministry",
        "the port authority",
        "the regional government",
        "the teachers' union",
        "the energy regulator",
        "the district court",
        "parliament's budget committee",
    ),
    places=(
        "the harbour district",
        "the northern suburbs",
        "the old town",
        "the riverside",
        "the industrial zone",
        "the capital",
        "the coastal villages",
    ),
    topics=(
        "the pier reconstruction",
        "the fuel tax",
        "public transport fares",
        "the new hospital wing",
        "school funding",
        "the flood defences",
        "rent controls",
        "the airport expansion",
        "tariffs on imported steel",
    ),
    days=("on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "last week"),
    outlets=("The Daily Ledger", "Harbour Herald", "Northern Courier", "The Morning Wire"),
    sections=("Politics", "Business", "City", "World", "Economy"),
    reporters=("Ann Smith", "Jörg Müller", "Claire Dubois", "Sam O'Neill", "Li Wei"),
    narrative=(
        "{person}, the {role}, told reporters {day} that {topic} would go ahead as planned.",
        "Officials at {body} have spent months reviewing {topic}, according to documents "
        "seen by this newspaper.",
        "Residents of {place} say they were not consulted before the decision was announced.",
        "The plan, first proposed two years ago, has been delayed three times by disputes "
        "over cost and responsibility.",
        "{body} is expected to vote on the proposal before the end of the month.",
        "Critics argue that {topic} favours large companies over the people of {place}.",
        "Figures published {day} showed spending had risen by {number} per cent in a year.",
        "{person} declined to say whether the estimate of {money} million included maintenance.",
        "The dispute over {topic} has divided {body} along unusual lines.",
        "A spokesperson for {body} said a full statement would be issued later.",
        "Protesters gathered outside the offices of {body} in {place} {day}.",
        "Independent analysts put the true cost closer to {money} million.",
    ),
    quoted=(
        "We will not raise taxes to pay for {topic}",
        "Nobody in {place} asked for this, and nobody was asked",
        "The numbers simply do not add up",
        "This is the most important investment the city has made in a generation",
        "We have listened, and we have changed the plan where it mattered",
        "I am confident that {body} will do the right thing",
        "It is a fantasy, and an expensive one",
        "We expect the first results within {number} months",
    ),
    quote_open="“",
    quote_close="”",
    attributions=(
        "{quote},” {person} said.",
        "{quote},” said {person}, the {role}.",
        "{quote},” {person} told a press conference in {place}.",
    ),
    headlines=(
        "{person} defends {topic}",
        "Row over {topic} deepens as {body} delays vote",
        "Residents of {place} demand answers on {topic}",
        "{body} approves {topic} after long debate",
    ),
    credit="(Reporting by {author}; editing by the news desk. Ref. QB-{serial})",
)

_RUSSIAN = _Lexicon(
    people=(
        "Анна Петрова",
        "Бакыт Бакетаев",
        "Сергей Волков",
        "Ольга Смирнова",
        "Дмитрий Орлов",
        "Айгерим Сапарова",
        "Игорь Лебедев",
        "Елена Ковальчук",
        "Тимур Ахметов",
    ),
    roles=(
        "министр финансов",
        "мэр города",
        "генеральный директор",
        "лидер оппозиции",
        "представитель профсоюза",
        "посол",
        "председатель комитета",
    ),
    bodies=(
        "городской совет",
        "министерство",
        "областная администрация",
        "портовое управление",
        "бюджетный комитет парламента",
        "антимонопольная служба",
        "районный суд",
    ),
    places=(
        "в портовом районе",
        "в северных пригородах",
        "в старом городе",
        "на набережной",
        "в промышленной зоне",
        "в столице",
    ),
    topics=(
        "реконструкция причала",
        "налог на топливо",
        "тарифы на проезд",
        "новый корпус больницы",
        "финансирование школ",
        "строительство дамбы",
        "расширение аэропорта",
        "пошлины на импортную сталь",
    ),
    days=("в понедельник", "во вторник", "в среду", "в четверг", "в пятницу", "на прошлой неделе"),
    outlets=("Казинформ", "Вечерний курьер", "Деловая газета", "Северные вести"),
    sections=("Политика", "Экономика", "Город", "В мире"),
    reporters=("Анна Иванова", "Пётр Соколов", "Мария Ким", "Редакция"),
    narrative=(
        "{person}, {role}, {day} заявил журналистам, что {topic} будет продолжена по плану.",
        "Сотрудники ведомства — {body} — несколько месяцев изучали вопрос, следует из "
        "документов, с которыми ознакомилась редакция.",
        "Жители, живущие {place}, говорят, что с ними никто не советовался.",
        "План, впервые предложенный два года назад, трижды откладывался из-за споров о "
        "стоимости и ответственности.",
        "Ожидается, что {body} проголосует по проекту до конца месяца.",
        "Критики считают, что {topic} выгодна крупным компаниям, а не людям.",
        "Опубликованные {day} данные показали, что расходы выросли на {number}% за год.",
        "{person} отказался уточнить, включает ли оценка в {money} млн расходы на обслуживание.",
        "Спор вокруг темы «{topic}» расколол ведомство по неожиданной линии.",
        "В пресс-службе пообещали распространить полное заявление позднее.",
        "Протестующие собрались {place} {day}.",
        "Независимые аналитики оценивают реальную стоимость ближе к {money} млн.",
    ),
    quoted=(
        "Мы не будем повышать налоги ради этого проекта",
        "Никто здесь об этом не просил, и никого не спросили",
        "Цифры просто не сходятся",
        "Это самое важное вложение города за целое поколение",
        "Мы выслушали всех и изменили план там, где это было важно",
        "Я уверен, что коллеги примут правильное решение",
        "Это фантазия, причём дорогая",
        "Первые результаты мы ожидаем через {number} месяцев",
    ),
    quote_open="«",
    quote_close="»",
    attributions=(
        "{quote}», — сказал {person}.",
        "{quote}», — заявил {person}, {role}.",
        "{quote}», — подчеркнул {person} на пресс-конференции.",
    ),
    headlines=(
        "{person} защищает проект: {topic}",
        "Спор вокруг темы «{topic}» обостряется",
        "Жители требуют ответов: {topic}",
        "Одобрен проект: {topic}",
    ),
    credit="(Автор: {author}; редактор отдела новостей. Номер материала QB-{serial})",
)

LEXICONS: dict[str, _Lexicon] = {"en": _ENGLISH, "ru": _RUSSIAN}


def _fill(template: str, rng: random.Random, lexicon: _Lexicon, quote: str = "") -> str:
    return template.format(
        person=rng.choice(lexicon.people),
        role=rng.choice(lexicon.roles),
        body=rng.choice(lexicon.bodies),
        place=rng.choice(lexicon.places),
        topic=rng.choice(lexicon.topics),
        day=rng.choice(lexicon.days),
        number=rng.randint(2, 48),
        money=rng.randint(12, 980),
        quote=quote,
    )


def _capitalised(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def _sentence(rng: random.Random, lexicon: _Lexicon) -> str:
    return _capitalised(_fill(rng.choice(lexicon.narrative), rng, lexicon))


def _paragraph(rng: random.Random, lexicon: _Lexicon) -> str:
    """Three to five sentences of narrative, or (one time in three) a quotation and its
    attribution, sometimes followed by a sentence of context."""
    if rng.random() < 0.33:
        quote = _fill(rng.choice(lexicon.quoted), rng, lexicon)
        said = lexicon.quote_open + _fill(rng.choice(lexicon.attributions), rng, lexicon, quote)
        return f"{said} {_sentence(rng, lexicon)}" if rng.random() < 0.5 else said
    templates = rng.sample(lexicon.narrative, rng.randint(3, 5))
    return " ".join(_capitalised(_fill(template, rng, lexicon)) for template in templates)


def article(index: int, seed: int = SEED) -> Article:
    """Article number ``index``: even numbers in English, odd ones in Russian."""
    rng = random.Random(f"{seed}:{index}")
    language = "en" if index % 2 == 0 else "ru"
    lexicon = LEXICONS[language]
    author = rng.choice(lexicon.reporters)
    paragraphs = [_paragraph(rng, lexicon) for _ in range(rng.randint(12, 22))]
    # The wire's reference number keeps every text distinct, so none is taken for a duplicate.
    paragraphs.append(lexicon.credit.format(author=author, serial=f"{index:05d}"))
    return Article(
        index=index,
        language=language,
        headline=_capitalised(_fill(rng.choice(lexicon.headlines), rng, lexicon)),
        author=author,
        outlet=rng.choice(lexicon.outlets),
        published=date(2024, 1, 1) + timedelta(days=rng.randint(0, 700)),
        paragraphs=tuple(paragraphs),
        section=rng.choice(lexicon.sections),
    )


def short_article(index: int, seed: int = SEED) -> Article:
    """A brief (a headline and three paragraphs, about 1 KB), like a desktop peer's test files."""
    full = article(index, seed)
    return Article(
        index=full.index,
        language=full.language,
        headline=full.headline,
        author=full.author,
        outlet=full.outlet,
        published=full.published,
        paragraphs=(*full.paragraphs[:2], full.paragraphs[-1]),
        section=full.section,
    )
