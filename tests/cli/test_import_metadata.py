"""``import --metadata``: the whole CSL item is kept and comes back in the source's citation."""

from __future__ import annotations

import json
from pathlib import Path

from services.export.csl_items import csl_item
from services.library import Library
from tests.cli.conftest import Quotebook


def test_metadata_item_round_trips_into_the_citation_item(
    quotebook: Quotebook, tmp_path: Path, library_path: Path
) -> None:
    item = {
        "id": "zotero-1",
        "type": "report",
        "title": "Northgate Partners submits revised shadow study",
        "publisher": "Northgate Partners",
        "genre": "Press release",
        "author": [{"literal": "Northgate Partners"}],
        "issued": {"date-parts": [[2026, 5]]},
        "URL": "https://northgate.example/press/shadow-study",
        "accessed": {"date-parts": [[2026, 5, 3]]},
    }
    metadata = tmp_path / "item.json"
    metadata.write_text(json.dumps(item), encoding="utf-8")
    text = tmp_path / "release.txt"
    text.write_text("Northgate Partners today submitted a revised study.\n", encoding="utf-8")

    result = quotebook("import", str(text), "--metadata", str(metadata), "--json")
    assert result.status == 0, result.err
    article_id = result.json()["articles"][0]["article"]["id"]

    library = Library.open(library_path)
    try:
        meta = library.articles.get(article_id).meta
    finally:
        library.close()
    # Everything the item said, plus the language Quotebook detected in the text.
    assert csl_item(meta, item_id="zotero-1") == {**item, "language": "en"}
