"""``quotebook articles`` and ``quotebook article show``."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import ARTICLE_KEYS, Quotebook, write


def test_empty_library(quotebook: Quotebook) -> None:
    assert "no articles yet" in quotebook.ok("articles").out
    assert quotebook.ok("articles", "--json").json() == []


def test_list_is_aligned_and_newest_first(
    quotebook: Quotebook, article_file: Path, tmp_path: Path
) -> None:
    quotebook.ok("import", str(article_file), "--outlet", "Ledger", "--date", "2024-03-05")
    japanese = write(tmp_path, "tokyo.txt", "東京の記者会見\n\n「はい」と彼は言った。\n")
    quotebook.ok("import", str(japanese), "--outlet", "朝日新聞")
    quotebook.ok("quote", "add", "1", "--text", "a fantasy", "--speaker", "Opposition leader")
    lines = quotebook.ok("articles").out.splitlines()
    assert lines[0].split() == ["ID", "Published", "Quotes", "Outlet", "Title"]
    assert lines[1].split() == ["2", "0", "朝日新聞", "東京の記者会見"]
    assert lines[2].split() == [
        "1",
        "2024-03-05",
        "1",
        "Ledger",
        "Minister",
        "defends",
        "the",
        "budget",
    ]
    assert lines[-1] == "2 articles."
    # Titles start in the same terminal column although 朝日新聞 is twice as wide as it is long.
    assert lines[1].index("東京") + len("朝日新聞") == lines[2].index("Minister")
    records = quotebook.ok("articles", "--json").json()
    assert [(r["id"], r["quote_count"]) for r in records] == [(2, 0), (1, 1)]
    assert set(records[0]) == ARTICLE_KEYS


def test_show_by_id_and_by_title(quotebook: Quotebook, article_file: Path) -> None:
    quotebook.ok("import", str(article_file), "--author", "Ann Smith", "--language", "en")
    by_id = quotebook.ok("article", "show", "1", "--json").json()
    assert quotebook.ok("article", "show", "Minister defends the budget", "--json").json() == by_id
    assert quotebook.ok("article", "show", "minister DEFENDS", "--json").json() == by_id
    assert by_id["id"] == 1
    assert by_id["title"] == "Minister defends the budget"
    assert by_id["authors"] == ["Ann Smith"]
    assert by_id["language"] == "en"
    assert by_id["published"] is None
    assert by_id["quote_count"] == 0
    assert by_id["text"].startswith("Minister defends the budget\n\n“We will not raise taxes,”")
    assert by_id["length"] == len(by_id["text"])


def test_show_as_text(quotebook: Quotebook, article_file: Path) -> None:
    quotebook.ok("import", str(article_file), "--outlet", "Ledger", "--url", "https://x.org/b")
    out = quotebook.ok("article", "show", "1").out
    lines = out.splitlines()
    assert lines[0] == "Article 1: Minister defends the budget"
    assert "  Outlet:     Ledger" in lines
    assert "  URL:        https://x.org/b" in lines
    assert "  Published:  —" in lines
    assert "  Source:     budget.txt (text)" in lines
    assert "Asked again, she repeated: “We will not raise taxes.”" in lines


def test_unknown_and_ambiguous_articles(
    quotebook: Quotebook, article_file: Path, tmp_path: Path
) -> None:
    assert quotebook.fails("article", "show", "7") == (
        "quotebook: article 7: no such article in the library"
    )
    quotebook.ok("import", str(article_file))
    quotebook.ok("import", str(write(tmp_path, "b.txt", "Minister resigns\n\nShe left.\n")))
    line = quotebook.fails("article", "show", "Minister")
    assert line.startswith("quotebook: article 'Minister': 2 articles match")
    line = quotebook.fails("article", "show", "Weather report")
    assert line == "quotebook: article 'Weather report': no article has that id or title"


def test_show_needs_an_article(quotebook: Quotebook) -> None:
    assert quotebook("article", "show").status == 2
    assert quotebook("article").status == 2
