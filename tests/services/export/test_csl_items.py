"""An article's CSL item: stored CSL fields merged with what the journalist edited."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.export.csl_items import csl_item
from services.readmodels import ArticleMeta, csl_text


def _meta(extra: dict[str, Any] | None = None, **fields: Any) -> ArticleMeta:
    base: dict[str, Any] = {
        "title": "Harbor council delays vote",
        "outlet": "Lakeside Courier",
        "authors": ("Dana Whitlock",),
        "published": date(2026, 3, 4),
        "url": "https://lakeside-courier.example/harbor",
        "language": "en",
    }
    return ArticleMeta(**{**base, **fields}, csl_extra=csl_text(extra or {}))


def test_plain_metadata_becomes_a_full_item() -> None:
    item = csl_item(_meta(), item_id="a1", imported=date(2026, 3, 5))
    assert item == {
        "id": "a1",
        "type": "article-newspaper",
        "title": "Harbor council delays vote",
        "container-title": "Lakeside Courier",
        "author": [{"family": "Whitlock", "given": "Dana"}],
        "issued": {"date-parts": [[2026, 3, 4]]},
        "URL": "https://lakeside-courier.example/harbor",
        "language": "en",
        "accessed": {"date-parts": [[2026, 3, 5]]},
    }


def test_stored_fields_are_kept_and_edits_win() -> None:
    extra = {
        "id": "zotero-123",
        "title": "Old title",
        "container-title": "Old outlet",
        "page": "A3",
        "accessed": {"date-parts": [[2026, 3, 4]]},
        "medium": "Print",
    }
    item = csl_item(_meta(extra), item_id="a1", imported=date(2026, 5, 1))
    assert item["id"] == "a1"
    assert item["title"] == "Harbor council delays vote"
    assert item["container-title"] == "Lakeside Courier"
    assert item["page"] == "A3"
    assert item["medium"] == "Print"
    assert item["accessed"] == {"date-parts": [[2026, 3, 4]]}, "the stored accessed date wins"


def test_structured_names_are_kept_while_they_match() -> None:
    people = [
        {"family": "Gogh", "given": "Vincent", "non-dropping-particle": "van"},
        {"literal": "City of Lakeside"},
    ]
    meta = _meta({"author": people}, authors=("Vincent van Gogh", "City of Lakeside"))
    assert csl_item(meta, item_id="a")["author"] == people


def test_edited_authors_are_split_and_organisations_stay_whole() -> None:
    people = [{"literal": "City of Lakeside"}]
    meta = _meta({"author": people}, authors=("City of Lakeside", "Reuters", "Anna Maria Petrova"))
    assert csl_item(meta, item_id="a")["author"] == [
        {"literal": "City of Lakeside"},
        {"literal": "Reuters"},
        {"family": "Petrova", "given": "Anna Maria"},
    ]


def test_no_authors_means_no_author_field() -> None:
    meta = _meta({"author": [{"family": "Old", "given": "Name"}]}, authors=())
    assert "author" not in csl_item(meta, item_id="a")


def test_a_partial_date_is_kept_while_it_agrees() -> None:
    year_only = {"issued": {"date-parts": [[2025]]}}
    assert csl_item(_meta(year_only, published=date(2025, 1, 1)), item_id="a")["issued"] == {
        "date-parts": [[2025]]
    }
    month = {"issued": {"date-parts": [["2025", "12"]]}}
    assert csl_item(_meta(month, published=date(2025, 12, 1)), item_id="a")["issued"] == {
        "date-parts": [["2025", "12"]]
    }
    # The user set another date: the stored one no longer says anything true.
    assert csl_item(_meta(year_only, published=date(2024, 6, 9)), item_id="a")["issued"] == {
        "date-parts": [[2024, 6, 9]]
    }
    assert "issued" not in csl_item(_meta(year_only, published=None), item_id="a")


def test_a_report_names_its_publisher() -> None:
    meta = _meta(None, csl_type="report", outlet="Northgate Partners", authors=())
    item = csl_item(meta, item_id="r")
    assert item["publisher"] == "Northgate Partners"
    assert "container-title" not in item
    stored = _meta({"publisher": "Old", "genre": "Press release"}, csl_type="report")
    assert csl_item(stored, item_id="r")["publisher"] == "Lakeside Courier"
    assert csl_item(stored, item_id="r")["genre"] == "Press release"


def test_accessed_only_for_web_sources() -> None:
    offline = _meta(None, url="")
    assert "accessed" not in csl_item(offline, item_id="a", imported=date(2026, 1, 1))
    assert "accessed" not in csl_item(_meta(), item_id="a")


def test_interview_keeps_its_interviewer_and_medium() -> None:
    extra = {"interviewer": [{"family": "Seitkali", "given": "Aigerim"}], "medium": "Telephone"}
    meta = _meta(extra, csl_type="interview", outlet="", url="", authors=("Bakyt Baketaev",))
    item = csl_item(meta, item_id="i")
    assert item["interviewer"] == [{"family": "Seitkali", "given": "Aigerim"}]
    assert item["medium"] == "Telephone"
    assert "container-title" not in item
