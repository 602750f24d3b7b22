"""``quotebook search``, ``quotes --search`` and ``index rebuild``."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.cli.conftest import Quotebook, write

ARTICLE = (
    "Minister defends the budget\n\n"
    "“We will not raise taxes,” the ministers said on Monday at the pier.\n"
    "Tomás Herrera called the plan “a fantasy”.\n"
)


@pytest.fixture
def filled(quotebook: Quotebook, tmp_path: Path) -> str:
    quotebook.ok("import", str(write(tmp_path, "budget.txt", ARTICLE)), "--language", "en")
    quotebook.ok(
        "quote", "add", "1", "--text", "We will not raise taxes", "--speaker", "Anna Petrova",
        "--tag", "taxes", "--note", "the headline",
    )  # fmt: skip
    quotebook.ok(
        "quote", "add", "1", "--text", "a fantasy", "--speaker", "Tomás Herrera",
        "--kind", "paraphrase",
    )  # fmt: skip
    russian = write(tmp_path, "ru.txt", "Встреча\n\nПрезидент встретился с Токаевым.\n")
    quotebook.ok("import", str(russian), "--language", "ru")
    text: str = quotebook.ok("article", "show", "1", "--json").json()["text"]
    return text


def test_json_lists_quotes_then_articles_with_offsets(quotebook: Quotebook, filled: str) -> None:
    found = quotebook.ok("search", "minister", "--json").json()
    assert found["quotes"] == []
    (article,) = found["articles"]
    assert article["id"] == 1
    assert article["title"] == "Minister defends the budget"
    assert filled[article["match_start"] : article["match_end"]] == "Minister"
    snippet = article["snippet"]
    assert [snippet["text"][s:e] for s, e in snippet["highlights"]] == [
        "Minister",
        "ministers",
    ]

    found = quotebook.ok("search", "tomas", "--json").json()
    assert [(q["id"], q["speaker"], q["text"]) for q in found["quotes"]] == [
        (2, "Tomás Herrera", "a fantasy")
    ]
    assert set(found["quotes"][0]) == {"id", "article_id", "speaker", "text", "snippet"}


def test_text_output_groups_quotes_first(quotebook: Quotebook, filled: str) -> None:
    out = quotebook.ok("search", "taxes").out
    start = filled.index("taxes")
    lines = out.splitlines()
    assert lines[:8] == [
        "Quotes (1)",
        "",
        "   1  Anna Petrova  — article 1",
        "      We will not raise taxes",
        "",
        "Articles (1)",
        "",
        f"   1  Minister defends the budget, characters {start}–{start + 5}",
    ]
    assert all(line.startswith("      ") for line in lines[8:])
    assert "“We will not raise taxes,” the ministers" in " ".join(lines[8:])
    assert quotebook.ok("search", "lighthouse").out == "Nothing matches.\n"


def test_russian_filters_and_malformed_queries(quotebook: Quotebook, filled: str) -> None:
    def ids(query: str) -> tuple[list[int], list[int]]:
        found = quotebook.ok("search", query, "--json").json()
        return [q["id"] for q in found["quotes"]], [a["id"] for a in found["articles"]]

    assert ids("Токаев") == ([], [2])
    assert ids("speaker:petrova") == ([1], [1])
    assert ids("kind:paraphrase") == ([2], [1])
    assert ids("tag:taxes -tag:none") == ([1], [1])
    for query in ('"unclosed', "-", "*", "NEAR(", "speaker:", "AND OR"):
        quotebook.ok("search", query, "--json")


def test_quotes_search_uses_the_same_engine(quotebook: Quotebook, filled: str) -> None:
    def texts(query: str) -> list[str]:
        return [q["text"] for q in quotebook.ok("quotes", "--search", query, "--json").json()]

    assert texts("tax") == ["We will not raise taxes"]
    assert texts("TOMAS") == ["a fantasy"], "the speaker, accents folded"
    assert texts('"raise taxes" speaker:anna') == ["We will not raise taxes"]
    assert texts("fantasy -tomas") == []


def test_index_rebuild(quotebook: Quotebook, filled: str, library_path: Path) -> None:
    with closing(sqlite3.connect(library_path)) as connection:
        connection.execute("DELETE FROM search_quote")
        connection.commit()
    assert quotebook.ok("index", "rebuild").out == "Search index rebuilt: 2 articles, 2 quotes.\n"
    assert quotebook.ok("search", "fantasy", "--json").json()["quotes"][0]["id"] == 2


def test_index_needs_an_action(quotebook: Quotebook) -> None:
    assert quotebook("index").status == 2
