"""The newsroom generator is deterministic and the scale harness runs end to end.

Nothing here times anything: the harness runs at a tiny size only to prove that every figure
it reports can be produced (child processes, the reader, the filters, adding quotes).
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest

from benchmarks import names, newsroom, queries, scale
from models.engine import fold_text

TINY = newsroom.Size(
    articles=12,
    quotes=150,
    speakers=20,
    tags=8,
    long_read_quotes=40,
    long_read_kb=12,
    big_article_kb=16,
)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> newsroom.Newsroom:
    folder = tmp_path_factory.mktemp("newsroom")
    return newsroom.build(folder / "library.sqlite", TINY, say=lambda _: None)


def test_the_same_size_gives_the_same_rows(tiny: newsroom.Newsroom, tmp_path: Path) -> None:
    again = newsroom.build(tmp_path / "again.sqlite", TINY, say=lambda _: None)
    assert newsroom.digest(again.path) == newsroom.digest(tiny.path)
    assert again.speakers == tiny.speakers
    assert queries.mixed(again) == queries.mixed(tiny)


def test_a_different_size_gives_different_rows(tiny: newsroom.Newsroom, tmp_path: Path) -> None:
    other = newsroom.build(
        tmp_path / "other.sqlite", newsroom.with_size(TINY, quotes=140), say=lambda _: None
    )
    assert newsroom.digest(other.path) != newsroom.digest(tiny.path)


def test_the_library_has_exactly_the_size_asked_for(tiny: newsroom.Newsroom) -> None:
    with sqlite3.connect(tiny.path) as connection:
        counts = {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("article", "quote", "speaker", "tag")
        }
        long_read = connection.execute(
            "SELECT count(*) FROM quote WHERE article_id = ?", (tiny.long_read_id,)
        ).fetchone()[0]
        mismatched = connection.execute(
            "SELECT count(*) FROM quote JOIN article ON article.id = quote.article_id "
            'WHERE substr(article.text, quote.start + 1, quote."end" - quote.start) '
            "!= quote.text"
        ).fetchone()[0]
    connection.close()
    assert counts == {"article": 12, "quote": 150, "speaker": 20, "tag": 8}
    assert long_read == 40
    assert mismatched == 0  # every quote's words are its article's words at its span
    assert tiny.article_kb[tiny.big_article_id] >= 16


def test_generated_speakers_are_distinct_with_aliases_and_confidential_ones() -> None:
    people = names.people(3000)
    keys = [fold_text(name) for person in people for name in (person.name, *person.aliases)]
    assert len(keys) == len(set(keys))
    assert any(person.aliases for person in people)
    assert all(p.public_label for p in people if p.confidential)
    assert any(person.confidential for person in people)
    assert any(any("а" <= ch <= "я" for ch in person.name.lower()) for person in people)


def test_two_hundred_mixed_queries(tiny: newsroom.Newsroom) -> None:
    mixed = queries.mixed(tiny)
    assert len(mixed) == 200
    assert any(query.startswith("speaker:") for query in mixed)
    assert any("«" in query for query in mixed)
    assert any(query.endswith("*") for query in mixed)


def test_the_harness_produces_every_figure_measured_in_process(tmp_path: Path) -> None:
    tiny = newsroom.build(tmp_path / "library.sqlite", TINY, say=lambda _: None)
    repeats = scale.Repeats(
        cold_starts=0,  # the child processes: see the next test and `python -m benchmarks --quick`
        search_passes=1,
        filter_passes=1,
        reader_opens=1,
        quote_adds=2,
        filter_values=3,
        search_queries=20,
    )
    figures = scale.measure(tiny, repeats, tmp_path, say=lambda _: None)
    for name in (
        "search_p95_ms",
        "search_floor_p95_ms",
        "filter_speaker_p95_ms",
        "filter_tag_floor_p95_ms",
        "open_article_1000_quotes_ms",
        "open_article_floor_ms",
        "add_quote_4mb_ms",
        "add_quote_4mb_floor_ms",
    ):
        assert figures[name] > 0, name
    assert figures["search_queries"] == 20
    assert figures["open_article_quotes"] == 40
    assert any("Add a quote" in line for line in scale.table(figures))
    with sqlite3.connect(tiny.path) as connection:  # the quotes it added were taken out again
        assert connection.execute("SELECT count(*) FROM quote").fetchone()[0] == 150
    connection.close()


def test_the_app_reports_its_window_shown_for_the_cold_start(
    tiny: newsroom.Newsroom, tmp_path: Path
) -> None:
    app = [sys.executable, str(scale.ROOT / "main.py"), "--library", str(tiny.path)]
    started = scale.run_child(app, scale.child_environment(tmp_path))
    assert started.shown_s > 0
