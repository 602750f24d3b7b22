"""``quotebook quote add`` and ``quotebook quotes``: spans in code points, filters, failures."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from tests.cli.conftest import Quotebook, write

QUOTE_KEYS = {"id", "article_id", "start", "end", "text", "speaker", "tags", "note", "kind"}


@pytest.fixture
def budget(quotebook: Quotebook, article_file: Path) -> str:
    """The budget article, imported as article 1; returns its canonical text."""
    quotebook.ok("import", str(article_file))
    text: str = quotebook.ok("article", "show", "1", "--json").json()["text"]
    return text


def test_add_by_text(quotebook: Quotebook, budget: str) -> None:
    quote = quotebook.ok(
        "quote",
        "add",
        "1",
        "--text",
        "a fantasy",
        "--speaker",
        "Opposition Leader",
        "--tag",
        "budget",
        "--tag",
        "Opposition",
        "--note",
        "Dismissive; check tone with desk",
        "--kind",
        "direct",
        "--json",
    ).json()
    assert set(quote) >= QUOTE_KEYS
    assert quote["id"] == 1
    assert quote["article_id"] == 1
    assert quote["text"] == "a fantasy"
    assert budget[quote["start"] : quote["end"]] == "a fantasy"
    assert quote["speaker"] == "Opposition Leader"
    assert quote["tags"] == ["budget", "Opposition"]
    assert quote["note"] == "Dismissive; check tone with desk"
    assert quote["kind"] == "direct"


def test_add_by_title_prints_a_readable_block(quotebook: Quotebook, budget: str) -> None:
    out = quotebook.ok(
        "quote", "add", "minister defends", "--text", "a fantasy", "--speaker", "Opposition Leader"
    ).out
    start = budget.index("a fantasy")
    assert out.splitlines()[:5] == [
        "Added quote 1 to article 1:",
        "",
        "   1  Opposition Leader",
        "      a fantasy",
        f"      — article 1, Minister defends the budget, characters {start}–{start + 9}",
    ]
    assert "New speaker: Opposition Leader (colour #" in out


def test_occurrence(quotebook: Quotebook, budget: str) -> None:
    words = "We will not raise taxes"
    first = budget.index(words)
    second = budget.index(words, first + 1)
    out = quotebook.ok("quote", "add", "1", "--text", words, "--speaker", "Minister").out
    assert "appear 2 times" in out and "--occurrence" in out
    quote = quotebook.ok(
        "quote", "add", "1", "--text", words, "--occurrence", "2", "--speaker", "Minister", "--json"
    ).json()
    assert (quote["start"], quote["end"]) == (second, second + len(words))
    quotes = quotebook.ok("quotes", "--json").json()
    assert [q["start"] for q in quotes] == [first, second]
    before = quotebook.state()
    line = quotebook.fails(
        "quote", "add", "1", "--text", words, "--occurrence", "3", "--speaker", "Minister"
    )
    assert line == f"quotebook: article 1: the text '{words}' (occurrence 3) is not in it"
    assert quotebook.state() == before


def test_span_counts_code_points_past_emoji_and_combining_marks(
    quotebook: Quotebook, tmp_path: Path
) -> None:
    text = (
        "Reactions 😀👩‍👩‍👧🇯🇵 and q\u0307 x\u0302 first.\n\n"
        "Then the mayor said «Мы построим мост» to the crowd.\n"
    )
    assert unicodedata.normalize("NFC", text) == text  # nothing here composes away
    quotebook.ok("import", str(write(tmp_path, "emoji.txt", text)), "--title", "Emoji")
    canonical = quotebook.ok("article", "show", "Emoji", "--json").json()["text"]
    assert canonical == text.rstrip("\n")
    start = text.index("«Мы построим мост»")
    end = start + len("«Мы построим мост»")
    assert len(text[:start].encode("utf-16-le")) // 2 != start  # Qt's count would differ
    quote = quotebook.ok(
        "quote",
        "add",
        "Emoji",
        "--start",
        str(start),
        "--end",
        str(end),
        "--speaker",
        "Mayor",
        "--json",
    ).json()
    assert (quote["start"], quote["end"], quote["text"]) == (start, end, "«Мы построим мост»")
    by_text = quotebook.ok(
        "quote", "add", "1", "--text", "x\u0302 first", "--speaker", "Mayor", "--json"
    ).json()
    assert canonical[by_text["start"] : by_text["end"]] == "x\u0302 first"
    assert by_text["start"] == text.index("x\u0302")


@pytest.mark.parametrize(
    ("start", "end", "reason"),
    [
        ("0", "100000", "outside its text"),
        ("-3", "4", "outside its text"),
        ("10", "10", "outside its text"),
        ("12", "5", "outside its text"),
    ],
)
def test_span_out_of_range_changes_nothing(
    quotebook: Quotebook, budget: str, start: str, end: str, reason: str
) -> None:
    before = quotebook.state()
    line = quotebook.fails(
        "quote", "add", "1", "--start", start, "--end", end, "--speaker", "Nobody New"
    )
    assert line.startswith("quotebook: article 1: span ")
    assert reason in line
    assert quotebook.state() == before


def test_failures_change_nothing(quotebook: Quotebook, budget: str) -> None:
    before = quotebook.state()
    assert quotebook.fails(
        "quote", "add", "42", "--text", "a fantasy", "--speaker", "New Person", "--tag", "new"
    ) == ("quotebook: article 42: no such article in the library")
    assert quotebook.fails(
        "quote", "add", "1", "--text", "raise the roof", "--speaker", "New Person", "--tag", "x"
    ) == ("quotebook: article 1: the text 'raise the roof' is not in it")
    assert quotebook.fails(
        "quote", "add", "no such title", "--text", "a fantasy", "--speaker", "New Person"
    ).startswith("quotebook: article 'no such title': ")
    assert quotebook.state() == before


@pytest.mark.parametrize(
    "arguments",
    [
        ["--text", "a fantasy", "--start", "1", "--end", "3"],
        [],
        ["--start", "1"],
        ["--end", "3"],
        ["--start", "1", "--end", "3", "--occurrence", "2"],
        ["--text", "a fantasy", "--occurrence", "0"],
        ["--text", "a fantasy", "--kind", "rumour"],
        ["--start", "one", "--end", "3"],
    ],
)
def test_usage_errors_exit_2(quotebook: Quotebook, budget: str, arguments: list[str]) -> None:
    before = quotebook.state()
    result = quotebook("quote", "add", "1", *arguments, "--speaker", "Someone")
    assert result.status == 2
    assert "usage: quotebook quote add" in result.err
    assert quotebook.state() == before


def test_speaker_is_required(quotebook: Quotebook, budget: str) -> None:
    assert quotebook("quote", "add", "1", "--text", "a fantasy").status == 2


def test_speaker_found_by_alias(quotebook: Quotebook, budget: str) -> None:
    quotebook.ok("quote", "add", "1", "--text", "a fantasy", "--speaker", "Maria Lopez")
    quotebook.ok("speaker", "edit", "maria lopez", "--alias", "Opposition leader")
    quote = quotebook.ok(
        "quote", "add", "1", "--text", "taxes", "--speaker", "OPPOSITION LEADER", "--json"
    ).json()
    assert quote["speaker"] == "Maria Lopez"
    assert [s["name"] for s in quotebook.ok("speakers", "--json").json()] == ["Maria Lopez"]


@pytest.fixture
def three_quotes(quotebook: Quotebook, budget: str, tmp_path: Path) -> None:
    quotebook.ok(
        "quote", "add", "1", "--text", "We will not raise taxes", "--speaker", "Jane Minister",
        "--tag", "tax", "--tag", "Pledge", "--note", "the headline",
    )  # fmt: skip
    quotebook.ok(
        "quote", "add", "1", "--text", "a fantasy", "--speaker", "Maria Lopez",
        "--tag", "tax", "--kind", "paraphrase",
    )  # fmt: skip
    other = write(tmp_path, "other.txt", "Council meets\n\nThe mayor said the bridge is safe.\n")
    quotebook.ok("import", str(other))
    quotebook.ok(
        "quote", "add", "Council", "--text", "the bridge is safe", "--speaker", "Jane Minister",
        "--kind", "indirect",
    )  # fmt: skip


def texts(quotebook: Quotebook, *filters: str) -> list[str]:
    return [quote["text"] for quote in quotebook.ok("quotes", *filters, "--json").json()]


@pytest.mark.usefixtures("three_quotes")
def test_filters(quotebook: Quotebook) -> None:
    everything = ["We will not raise taxes", "a fantasy", "the bridge is safe"]
    assert texts(quotebook) == everything
    assert texts(quotebook, "--article", "2") == ["the bridge is safe"]
    assert texts(quotebook, "--article", "minister defends") == everything[:2]
    assert texts(quotebook, "--speaker", "jane minister") == [everything[0], everything[2]]
    assert texts(quotebook, "--tag", "TAX") == everything[:2]
    assert texts(quotebook, "--tag", "tax", "--tag", "pledge") == everything[:1]
    assert texts(quotebook, "--search", "FANTASY") == ["a fantasy"]
    assert texts(quotebook, "--search", "headline") == everything[:1]  # notes are searched too
    assert texts(quotebook, "--kind", "indirect") == ["the bridge is safe"]
    assert texts(quotebook, "--kind", "indirect", "--kind", "paraphrase") == everything[1:]
    assert texts(quotebook, "--speaker", "Maria Lopez", "--kind", "direct") == []


@pytest.mark.usefixtures("three_quotes")
def test_list_as_text(quotebook: Quotebook) -> None:
    out = quotebook.ok("quotes", "--speaker", "Jane Minister").out
    blocks = out.split("\n\n")
    assert blocks[0].splitlines()[:2] == ["   1  Jane Minister", "      We will not raise taxes"]
    assert "      tags: Pledge, tax   note: the headline" in blocks[0].splitlines()
    assert blocks[1].splitlines()[0] == "   3  Jane Minister  (indirect)"
    assert "— article 2, Council meets, characters" in blocks[1]
    assert blocks[-1] == "2 quotes.\n"
    assert quotebook.ok("quotes", "--search", "nothing like it").out == "No quotes match.\n"


def test_empty_list(quotebook: Quotebook) -> None:
    assert quotebook.ok("quotes").out.startswith("No quotes yet.")
    assert quotebook.ok("quotes", "--json").json() == []


@pytest.mark.usefixtures("three_quotes")
def test_unknown_filter_values(quotebook: Quotebook) -> None:
    assert quotebook.fails("quotes", "--speaker", "Nobody") == (
        "quotebook: speaker 'Nobody': no speaker has that name or alias"
    )
    assert quotebook.fails("quotes", "--tag", "nope") == (
        "quotebook: tag 'nope': no such tag in the library"
    )
    assert quotebook.fails("quotes", "--article", "9") == (
        "quotebook: article 9: no such article in the library"
    )
    assert quotebook("quotes", "--kind", "gossip").status == 2


def test_long_quotes_are_excerpted_in_lists(quotebook: Quotebook, tmp_path: Path) -> None:
    speech = " ".join(f"word{i}" for i in range(200))
    quotebook.ok("import", str(write(tmp_path, "speech.txt", f"Speech\n\n{speech}\n")))
    quotebook.ok("quote", "add", "1", "--text", speech, "--speaker", "Orator")
    out = quotebook.ok("quotes").out
    assert "…" in out
    assert "word199" not in out
    assert all(len(line) <= 100 for line in out.splitlines())
    assert quotebook.ok("quotes", "--json").json()[0]["text"] == speech
