"""Tags: rename, merge and delete, each exactly undoable."""

from __future__ import annotations

import pytest

from services.errors import InvalidInputError, NotFoundError
from services.library import Library
from tests.services.dump import dump_tables
from tests.services.factories import add_article, quote


@pytest.fixture
def tagged(library: Library) -> dict[str, int]:
    """Four quotes: one with both 'tariffs' and 'trade', one with each, one with none."""
    article_id = add_article(library)
    return {
        "both": quote(library, article_id, "the pier", tags=("tariffs", "trade")).quote.id,
        "tariffs": quote(library, article_id, "rebuilt", tags=("tariffs",)).quote.id,
        "trade": quote(library, article_id, "not safe", tags=("Trade", "check")).quote.id,
        "none": quote(library, article_id, "columns").quote.id,
    }


def _tags_of(library: Library, quote_id: int) -> tuple[str, ...]:
    return library.quotes.get(quote_id).tags


def test_list_names_find_and_counts(library: Library, tagged: dict[str, int]) -> None:
    assert library.tags.names() == ["check", "tariffs", "trade"]
    counts = {t.name: t.quote_count for t in library.tags.list()}
    assert counts == {"check": 1, "tariffs": 2, "trade": 2}
    trade = library.tags.resolve("TRADE")
    assert library.tags.find(" trade ") == trade
    assert library.tags.get(trade.id) == trade
    assert library.tags.find("nothing") is None
    with pytest.raises(NotFoundError):
        library.tags.resolve("nothing")
    with pytest.raises(NotFoundError):
        library.tags.get(999)


def test_rename(library: Library, tagged: dict[str, int]) -> None:
    tariffs = library.tags.resolve("tariffs")
    renamed = library.tags.rename(tariffs.id, "  Import   duties ")
    assert renamed.name == "Import duties"
    assert renamed.quote_count == 2
    assert _tags_of(library, tagged["both"]) == ("Import duties", "trade")
    assert library.tags.find("import duties") == renamed
    assert library.tags.find("tariffs") is None
    assert library.tags.rename(tariffs.id, "IMPORT DUTIES").name == "IMPORT DUTIES", "case only"


def test_rename_refusals_change_nothing(library: Library, tagged: dict[str, int]) -> None:
    tariffs = library.tags.resolve("tariffs")
    before = dump_tables(library.engine)
    with pytest.raises(InvalidInputError, match="already a tag; merge"):
        library.tags.rename(tariffs.id, "TRADE")
    with pytest.raises(InvalidInputError, match="empty"):
        library.tags.rename(tariffs.id, "  ")
    with pytest.raises(NotFoundError):
        library.tags.rename(999, "new")
    assert dump_tables(library.engine) == before


def test_merge_and_unmerge_are_exact(library: Library, tagged: dict[str, int]) -> None:
    tariffs = library.tags.resolve("tariffs")
    trade = library.tags.resolve("trade")
    before = dump_tables(library.engine)

    merge = library.tags.merge(tariffs.id, trade.id)

    assert merge.added_to == (tagged["tariffs"],), "the quote with both gains nothing"
    assert merge.source.quote_ids == (tagged["both"], tagged["tariffs"])
    assert library.tags.find("tariffs") is None
    assert library.tags.get(trade.id).quote_count == 3
    assert _tags_of(library, tagged["both"]) == ("trade",)
    assert _tags_of(library, tagged["tariffs"]) == ("trade",)
    assert _tags_of(library, tagged["trade"]) == ("check", "trade")
    assert _tags_of(library, tagged["none"]) == ()

    library.tags.unmerge(merge)

    assert dump_tables(library.engine) == before
    assert _tags_of(library, tagged["both"]) == ("tariffs", "trade")
    assert _tags_of(library, tagged["tariffs"]) == ("tariffs",)


def test_merge_refusals_change_nothing(library: Library, tagged: dict[str, int]) -> None:
    trade = library.tags.resolve("trade")
    before = dump_tables(library.engine)
    with pytest.raises(InvalidInputError, match="itself"):
        library.tags.merge(trade.id, trade.id)
    with pytest.raises(NotFoundError):
        library.tags.merge(trade.id, 999)
    with pytest.raises(NotFoundError):
        library.tags.merge(999, trade.id)
    assert dump_tables(library.engine) == before


def test_delete_and_restore(library: Library, tagged: dict[str, int]) -> None:
    trade = library.tags.resolve("trade")
    before = dump_tables(library.engine)

    snapshot = library.tags.delete(trade.id)

    assert snapshot.quote_ids == (tagged["both"], tagged["trade"])
    assert library.tags.names() == ["check", "tariffs"]
    assert _tags_of(library, tagged["trade"]) == ("check",)
    assert library.counts().quotes == 4, "quotes stay; only the tag goes"

    library.tags.restore(snapshot)

    assert dump_tables(library.engine) == before
    with pytest.raises(NotFoundError):
        library.tags.delete(999)


def test_delete_if_unused(library: Library, tagged: dict[str, int]) -> None:
    trade = library.tags.resolve("trade")
    assert library.tags.delete_if_unused(trade.id) is None
    assert library.tags.find("trade") == trade
    assert library.tags.delete_if_unused(999) is None

    library.quotes.delete(tagged["trade"])
    check = library.tags.resolve("check")
    snapshot = library.tags.delete_if_unused(check.id)
    assert snapshot is not None
    assert snapshot.quote_ids == ()
    assert library.tags.find("check") is None
    library.tags.restore(snapshot)
    assert library.tags.find("check") == check
