"""The issue's round trip: the Russian reference interview, three quotes, two speakers."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import Quotebook

TOKAYEV = "Касым-Жомарт Токаев"
BAKETAEV = "Бакыт Бакетаев"

QUOTES = [
    (
        "Мы часто говорим, что Япония – наш далёкий сосед, но в то же время близкий и надёжный "
        "друг",
        TOKAYEV,
        ["Япония", "дипломатия"],
    ),
    ("Безусловно, положительно.", BAKETAEV, ["Центральная Азия"]),
    (
        "Сегодня мир устал от войн, и именно дипломатия должна стать главным инструментом "
        "решения международных противоречий.",
        BAKETAEV,
        ["дипломатия"],
    ),
]


def test_reference_article_round_trip(quotebook: Quotebook, reference_article: Path) -> None:
    [imported] = quotebook.ok(
        "import", str(reference_article), "--language", "ru", "--json"
    ).json()["articles"]
    article_id = str(imported["article"]["id"])
    for words, speaker, tags in QUOTES:
        tag_flags = [flag for tag in tags for flag in ("--tag", tag)]
        quotebook.ok("quote", "add", article_id, "--text", words, "--speaker", speaker, *tag_flags)

    quotes = quotebook.ok("quotes", "--json").json()
    assert sorted(q["text"] for q in quotes) == sorted(words for words, _, _ in QUOTES)
    by_text = {q["text"]: q for q in quotes}
    for words, speaker, tags in QUOTES:
        assert by_text[words]["speaker"] == speaker
        assert sorted(by_text[words]["tags"]) == sorted(tags)
        assert by_text[words]["kind"] == "direct"

    article = quotebook.ok("article", "show", article_id, "--json").json()
    assert article["quote_count"] == 3
    assert article["language"] == "ru"
    for quote in quotes:
        assert article["text"][quote["start"] : quote["end"]] == quote["text"]
    # The guillemets around Tokayev's words are the article's, not the quote's.
    tokayev = by_text[QUOTES[0][0]]
    assert article["text"][tokayev["start"] - 1] == "«"
    assert article["text"][tokayev["end"]] == "»"

    speakers = quotebook.ok("speakers", "--json").json()
    assert sorted((s["name"], s["quote_count"]) for s in speakers) == [
        (BAKETAEV, 2),
        (TOKAYEV, 1),
    ]
    assert [q["text"] for q in quotebook.ok("quotes", "--speaker", TOKAYEV, "--json").json()] == [
        QUOTES[0][0]
    ]
    assert len(quotebook.ok("quotes", "--tag", "ДИПЛОМАТИЯ", "--json").json()) == 2

    text = quotebook.ok("quotes").out
    assert "Мы часто говорим, что Япония – наш далёкий сосед" in text
    assert "3 quotes." in text
