"""``quotebook speakers`` and ``quotebook speaker edit``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import Quotebook

SPEAKER_KEYS = [
    "id",
    "name",
    "role",
    "affiliation",
    "color",
    "aliases",
    "notes",
    "confidential",
    "public_label",
    "quote_count",
]


@pytest.fixture
def two_speakers(quotebook: Quotebook, article_file: Path) -> None:
    quotebook.ok("import", str(article_file))
    quotebook.ok("quote", "add", "1", "--text", "We will not raise taxes", "--speaker", "Jane Roe")
    quotebook.ok("quote", "add", "1", "--text", "a fantasy", "--speaker", "Maria Lopez")
    quotebook.ok("quote", "add", "1", "--text", "raise taxes.", "--speaker", "Jane Roe")


def speaker(quotebook: Quotebook, name: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [
        s for s in quotebook.ok("speakers", "--json").json() if s["name"] == name
    ]
    assert len(found) == 1
    return found[0]


def test_empty(quotebook: Quotebook) -> None:
    assert quotebook.ok("speakers").out.startswith("No speakers yet")
    assert quotebook.ok("speakers", "--json").json() == []


@pytest.mark.usefixtures("two_speakers")
def test_list(quotebook: Quotebook) -> None:
    records = quotebook.ok("speakers", "--json").json()
    assert [list(record) for record in records] == [SPEAKER_KEYS, SPEAKER_KEYS]
    assert [(r["name"], r["quote_count"]) for r in records] == [("Jane Roe", 2), ("Maria Lopez", 1)]
    assert all(r["color"].startswith("#") and len(r["color"]) == 7 for r in records)
    assert records[0]["color"] != records[1]["color"]
    lines = quotebook.ok("speakers").out.splitlines()
    assert lines[0].split() == ["ID", "Colour", "Quotes", "Name", "Role", "Affiliation", "Aliases"]
    assert lines[1].split() == ["1", records[0]["color"], "2", "Jane", "Roe"]
    assert lines[-1] == "2 speakers."


@pytest.mark.usefixtures("two_speakers")
def test_edit_every_field(quotebook: Quotebook) -> None:
    edited = quotebook.ok(
        "speaker",
        "edit",
        "jane roe",
        "--name",
        "Jane Roe-Smith",
        "--role",
        "Finance minister",
        "--affiliation",
        "Government",
        "--color",
        "#0072b2",
        "--alias",
        "Jane Roe",
        "--alias",
        "the minister",
        "--notes",
        "Spokesperson: +1 555 0100",
        "--json",
    ).json()
    assert edited == {
        "id": 1,
        "name": "Jane Roe-Smith",
        "role": "Finance minister",
        "affiliation": "Government",
        "color": "#0072B2",
        "aliases": ["Jane Roe", "the minister"],
        "notes": "Spokesperson: +1 555 0100",
        "confidential": False,
        "public_label": "",
        "quote_count": 2,
    }
    # Unspecified fields keep their values; --alias adds to the aliases already there.
    again = quotebook.ok("speaker", "edit", "The Minister", "--alias", "JRS", "--json").json()
    assert again == {**edited, "aliases": ["Jane Roe", "the minister", "JRS"]}
    quotes = quotebook.ok("quotes", "--speaker", "JRS", "--json").json()
    assert {q["speaker"] for q in quotes} == {"Jane Roe-Smith"}


@pytest.mark.usefixtures("two_speakers")
def test_confidential(quotebook: Quotebook) -> None:
    result = quotebook.ok(
        "speaker", "edit", "Maria Lopez", "--confidential", "--public-label", "a party official"
    )
    assert "  Confidential:  yes, exports say “a party official”" in result.out.splitlines()
    record = speaker(quotebook, "Maria Lopez")
    assert (record["confidential"], record["public_label"]) == (True, "a party official")
    assert "Exports say" in quotebook.ok("speakers").out
    # The label stays when the flag is lifted, ready for next time.
    quotebook.ok("speaker", "edit", "Maria Lopez", "--not-confidential")
    record = speaker(quotebook, "Maria Lopez")
    assert (record["confidential"], record["public_label"]) == (False, "a party official")
    quotebook.ok("speaker", "edit", "Maria Lopez", "--confidential")
    assert speaker(quotebook, "Maria Lopez")["confidential"] is True


@pytest.mark.usefixtures("two_speakers")
def test_edit_without_changes_shows_the_speaker(quotebook: Quotebook) -> None:
    before = quotebook.state()
    out = quotebook.ok("speaker", "edit", "Jane Roe").out
    assert out.splitlines()[0] == "Speaker 1: Jane Roe"
    assert "  Quotes:        2" in out.splitlines()
    assert quotebook.state() == before


@pytest.mark.usefixtures("two_speakers")
@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["Maria Lopez", "--role", "Leader", "--confidential"],
            "quotebook: speaker 'Maria Lopez': a confidential speaker needs a public label, "
            "e.g. 'a senior official'",
        ),
        (
            ["Maria Lopez", "--role", "Leader", "--color", "blue"],
            "quotebook: speaker 'Maria Lopez': 'blue' is not a #RRGGBB colour",
        ),
        (
            ["Maria Lopez", "--color", "#12345"],
            "quotebook: speaker 'Maria Lopez': '#12345' is not a #RRGGBB colour",
        ),
        (
            ["Maria Lopez", "--role", "Leader", "--alias", "jane roe"],
            "quotebook: speaker 'Maria Lopez': 'jane roe' already names speaker 'Jane Roe'; "
            "merge the two instead",
        ),
        (
            ["Maria Lopez", "--name", "Jane Roe"],
            "quotebook: speaker 'Jane Roe': 'Jane Roe' already names speaker 'Jane Roe'; "
            "merge the two instead",
        ),
        (
            ["Nobody", "--role", "Leader"],
            "quotebook: speaker 'Nobody': no speaker has that name or alias",
        ),
        (["Maria Lopez", "--name", "  "], "quotebook: speaker: the name is empty"),
    ],
)
def test_failed_edit_changes_nothing(
    quotebook: Quotebook, arguments: list[str], message: str
) -> None:
    before = quotebook.state()
    assert quotebook.fails("speaker", "edit", *arguments) == message
    assert quotebook.state() == before


@pytest.mark.usefixtures("two_speakers")
def test_usage_errors(quotebook: Quotebook) -> None:
    before = quotebook.state()
    both = quotebook("speaker", "edit", "Jane Roe", "--confidential", "--not-confidential")
    assert both.status == 2
    assert "not allowed with argument" in both.err
    assert quotebook("speaker", "edit").status == 2
    assert quotebook("speaker", "rename", "Jane Roe").status == 2
    assert quotebook.state() == before
