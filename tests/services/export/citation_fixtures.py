"""A small newsroom library for citation-list tests: several languages, a paged source, a
confidential speaker, and notes full of characters that formats treat as markup."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from models.tables import QuoteKind
from services.library import Library
from services.readmodels import ArticleMeta, QuoteEdit, SpeakerFields

RU_TEXT = (
    "Интервью с министром\n\n"
    "Министр сказал: «Мы не отступим». И добавил, что тарифы вырастут.\n\n"
    "Источник в правительстве уточнил: решение уже принято.\n\n"
    '=HYPERLINK("http://evil") — так выглядела подпись под письмом.'
)
EN_TEXT = (
    "Harbour council meets\n\n"
    "The mayor said the pier would be rebuilt. We will not let it fall into the sea.\n\n"
    "An engineer warned: <b>the columns</b> are *corroded* | badly # now."
)
DE_TEXT = "Hafen\n\nDie Bürgermeisterin sagte: Wir bauen den Steg wieder auf."
JA_TEXT = "港の会議\n\n市長は桟橋を再建すると述べた。"
PDF_TEXT = "Annual report\n\nRevenue fell.\n\nThe board said costs would be cut by half."

SECRET_NAME = "Viktor Sekretov"
SECRET_ROLE = "Deputy finance minister"
SECRET_LABEL = "a senior official"
HOSTILE_NOTE = 'Checked <b>twice</b> *now* | col # 1 & "quoted"'


@dataclass(frozen=True)
class Newsroom:
    ru: int
    en: int
    de: int
    ja: int
    pdf: int
    #: Quote ids by a short name.
    quotes: dict[str, int]

    @property
    def all_quotes(self) -> list[int]:
        return list(self.quotes.values())


def _quote(
    library: Library,
    article: int,
    words: str,
    speaker: str,
    *,
    tags: tuple[str, ...] = (),
    note: str = "",
    kind: QuoteKind = QuoteKind.DIRECT,
) -> int:
    edit = QuoteEdit(speaker=speaker, kind=kind, tags=tags, note=note)
    return library.quotes.add_text(article, words, 1, edit).quote.id


def build_newsroom(library: Library) -> Newsroom:
    add = library.articles.add
    ru = add(
        RU_TEXT,
        ArticleMeta(
            title="Интервью с министром",
            outlet="Коммерсантъ",
            authors=("Анна Иванова",),
            published=date(2026, 3, 2),
            language="ru",
        ),
    ).summary.id
    en = add(
        EN_TEXT,
        ArticleMeta(
            title="Harbour council meets",
            outlet="The Courier",
            authors=("Ruth Smith",),
            published=date(2025, 1, 5),
            language="en",
            url="https://courier.example/harbour",
        ),
    ).summary.id
    de = add(DE_TEXT, ArticleMeta(title="Hafen", outlet="Tagesblatt", language="de")).summary.id
    ja = add(
        JA_TEXT,
        ArticleMeta(title="港の会議", outlet="港新聞", published=date(2025, 6, 1), language="ja"),
    ).summary.id
    pdf = add(
        PDF_TEXT,
        ArticleMeta(
            title="Annual report",
            outlet="Port Authority",
            published=date(2024, 2, 1),
            language="en",
            csl_type="report",
        ),
        source_format="pdf",
        paragraph_pages=(1, 4, 7),
    ).summary.id
    quotes = {
        "ru_minister": _quote(
            library,
            ru,
            "Мы не отступим",
            "Пётр Петров",
            tags=("тарифы", "политика"),
            note=HOSTILE_NOTE,
        ),
        "ru_secret": _quote(
            library,
            ru,
            "решение уже принято",
            SECRET_NAME,
            tags=("тарифы",),
            kind=QuoteKind.INDIRECT,
        ),
        "ru_formula": _quote(library, ru, '=HYPERLINK("http://evil")', SECRET_NAME),
        "en_mayor": _quote(
            library,
            en,
            "We will not let it fall into the sea.",
            "Ruth Penhallow",
            tags=("pier",),
        ),
        "en_hostile": _quote(
            library,
            en,
            "<b>the columns</b> are *corroded* | badly # now.",
            "Tom Engineer",
            note="#1 - see <i>memo</i>",
        ),
        "de_mayor": _quote(
            library, de, "Wir bauen den Steg wieder auf.", "Ruth Penhallow", tags=("pier",)
        ),
        "ja_mayor": _quote(library, ja, "桟橋を再建する", "Ruth Penhallow"),
        "pdf_board": _quote(
            library, pdf, "costs would be cut by half", "Board", kind=QuoteKind.PARAPHRASE
        ),
    }
    secret = library.speakers.resolve(SECRET_NAME)
    library.speakers.update(
        secret.id,
        SpeakerFields(
            name=SECRET_NAME,
            role=SECRET_ROLE,
            affiliation="Ministry of Finance",
            color=secret.color,
            confidential=True,
            public_label=SECRET_LABEL,
        ),
    )
    minister = library.speakers.resolve("Пётр Петров")
    library.speakers.update(
        minister.id,
        SpeakerFields(name="Пётр Петров", role="министр", color=minister.color),
    )
    return Newsroom(ru, en, de, ja, pdf, quotes)
