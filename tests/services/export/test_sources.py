"""Sources as CSL-JSON, BibTeX and RIS, read back by the readers reference managers use."""

from __future__ import annotations

import json
from typing import Any

import pytest
import rispy
from bibtexparser.entrypoint import parse_string as parse_bibtex

from services.export.options import CitationFormat
from services.export.sources import SourceEntry, latex_unescape, sources_text

TITLE = "Бюджет {2026}: 100% & <b>рост</b> #1 $5 ~ ^ _x_ \\emph"
NOTES = (
    "«Мы не повысим налоги», — сказал министр. {note} 50% & <b>",
    "“Second” quote\n\nover two paragraphs",
)


def _entries() -> list[SourceEntry]:
    newspaper: dict[str, Any] = {
        "id": "a1",
        "type": "article-newspaper",
        "title": TITLE,
        "container-title": "Коммерсантъ & Co",
        "author": [
            {"family": "Иванова", "given": "Анна"},
            {"literal": "Editorial Board and Staff"},
        ],
        "issued": {"date-parts": [[2026, 3, 4]]},
        "URL": "https://example.ru/a?x=1&y=2",
        "accessed": {"date-parts": [[2026, 3, 5]]},
        "page": "A3",
        "language": "ru",
    }
    report: dict[str, Any] = {
        "id": "r1",
        "type": "report",
        "title": "Shadow study",
        "publisher": "Northgate Partners",
        "genre": "Press release",
        "issued": {"date-parts": [[2025]]},
    }
    return [SourceEntry(newspaper, NOTES), SourceEntry(report, ())]


def test_csl_json_round_trip() -> None:
    items = json.loads(sources_text(_entries(), CitationFormat.CSL_JSON))
    assert [item["id"] for item in items] == ["a1", "r1"]
    assert items[0]["title"] == TITLE
    assert items[0]["note"] == "\n\n".join(NOTES)
    assert "note" not in items[1]
    assert items[0]["author"][1] == {"literal": "Editorial Board and Staff"}


def test_bibtex_round_trip() -> None:
    text = sources_text(_entries(), CitationFormat.BIBTEX)
    library = parse_bibtex(text)
    assert not library.failed_blocks
    article, report = library.entries
    assert (article.entry_type, report.entry_type) == ("article", "report")
    assert article.key != report.key
    fields = {field.key: latex_unescape(field.value) for field in article.fields}
    assert fields["title"] == TITLE
    assert fields["journal"] == "Коммерсантъ & Co"
    assert fields["author"] == "Иванова, Анна and {Editorial Board and Staff}"
    assert fields["date"] == "2026-03-04"
    assert fields["urldate"] == "2026-03-05"
    assert fields["pages"] == "A3"
    assert fields["url"] == "https://example.ru/a?x=1&y=2"
    assert fields["annote"] == "\n\n".join(NOTES)
    report_fields = {field.key: field.value for field in report.fields}
    assert report_fields["institution"] == "Northgate Partners"
    assert report_fields["type"] == "Press release"
    assert report_fields["date"] == "2025"


def test_bibtex_keys_are_ascii_and_unique() -> None:
    entry = _entries()[1]
    text = sources_text([entry, entry, entry], CitationFormat.BIBTEX)
    keys = [e.key for e in parse_bibtex(text).entries]
    assert len(set(keys)) == 3
    assert all(key.isascii() for key in keys)


def test_ris_round_trip() -> None:
    records = rispy.loads(sources_text(_entries(), CitationFormat.RIS))
    article, report = records
    assert article["type_of_reference"] == "NEWS"
    assert report["type_of_reference"] == "RPRT"
    assert article["title"] == TITLE
    assert article["authors"] == ["Иванова, Анна", "Editorial Board and Staff"]
    assert article["secondary_title"] == "Коммерсантъ & Co"
    assert article["date"] == "2026/03/04/"
    assert article["access_date"] == "2026/03/05/"
    assert article["urls"] == ["https://example.ru/a?x=1&y=2"]
    # One note per quote; RIS holds one line per value, so paragraph breaks become spaces.
    assert article["notes"] == [NOTES[0], "“Second” quote over two paragraphs"]
    assert report["type_of_work"] == "Press release"
    assert report["publisher"] == "Northgate Partners"


def test_text_formats_are_not_source_formats() -> None:
    with pytest.raises(ValueError, match="not a sources format"):
        sources_text(_entries(), CitationFormat.MARKDOWN)
