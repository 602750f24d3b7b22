"""Newsroom-scale figures: ``python -m benchmarks.scale [--quick] [--runs R] [--json FILE]``.

A newsroom library is generated (:mod:`benchmarks.newsroom`: 10,000 articles, 100,000 quotes,
3,000 speakers, 300 tags; ``--quick`` twenty times smaller) and then measured the way a
journalist meets it, each figure beside its floor measured in the same run:

- **cold start**: ``python main.py --library X`` until its window is drawn (the app quits there
  when :data:`ui.shown.QUIT_WHEN_SHOWN` is set); floor: Python and an empty Qt window.
- **search**: 200 mixed queries (:mod:`benchmarks.queries`) through ``library.search.search``;
  floor: the same query straight on SQLite FTS5: the statements the service sent for it,
  replayed through the bare ``sqlite3`` driver (the gap is Quotebook's own Python: parsing,
  stemming, building the expression, snippets).
- **filtering** the quotes by one speaker and by one tag (``library.quotes.ids``); floor: the
  very SQL the service sent, replayed through the bare ``sqlite3`` driver.
- **opening** the 1,000-quote transcript in the reader: article and quotes fetched, shown in a
  :class:`ui.reader.ReaderView` and drawn (offscreen); floor: a bare ``QTextEdit`` drawing the
  same text with no highlights.
- **adding a quote** to the 4 MB report (and to a news article, for comparison) through
  ``library.quotes.add``; floor: the same rows inserted in one committed ``sqlite3`` transaction.
- **peak memory**: the resident-set high-water mark of a process that opens the library in the
  window, runs searches and shows the all-quotes view; floor: the empty window's.

Figures are named plainly: ``X_ms`` (or ``X_s``) is the median, ``X_p95_ms`` the 95th
percentile (nearest rank) of the repeated measurement, ``X_floor_…`` its floor.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event

from benchmarks import corpus, queries
from benchmarks.import_speed import machine, positive
from benchmarks.newsroom import FULL, QUICK, Newsroom, Size, build, candidates
from services.library import Library
from services.readmodels import QuoteDraft, QuoteEdit, QuoteFilter
from ui.shown import QUIT_WHEN_SHOWN, SHOWN

DESCRIPTION = "Newsroom-scale figures: cold start, search, filters, reader, adding a quote, memory."
ROOT = Path(__file__).resolve().parent.parent

#: The issue's goals.
GOALS = {
    "search_p95_ms": 20.0,
    "search_vs_floor": 1.5,
    "cold_start_s": 1.0,
    "open_article_1000_quotes_ms": 150.0,
    "add_quote_4mb_ms": 5.0,
    "peak_memory_mb": 300.0,
}

Figures = dict[str, float]
Say = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class Repeats:
    """How many times each figure is measured."""

    cold_starts: int
    search_passes: int
    filter_passes: int
    reader_opens: int
    quote_adds: int
    filter_values: int = 40
    search_queries: int = 200

    @classmethod
    def full(cls, runs: int) -> Repeats:
        return cls(
            cold_starts=max(5, runs),
            search_passes=runs,
            filter_passes=runs,
            reader_opens=max(10, runs),
            quote_adds=30,
        )

    @classmethod
    def quick(cls) -> Repeats:
        return cls(
            cold_starts=1,
            search_passes=1,
            filter_passes=1,
            reader_opens=3,
            quote_adds=5,
            search_queries=50,
        )


# ------------------------------------------------------------------------------ statistics


def p95(values: Sequence[float]) -> float:
    """The 95th percentile by nearest rank: a value that was actually measured."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def figures_ms(name: str, seconds: Sequence[float]) -> Figures:
    """``name_ms`` (median) and ``name_p95_ms`` from times in seconds."""
    return {
        f"{name}_ms": round(statistics.median(seconds) * 1000, 3),
        f"{name}_p95_ms": round(p95(seconds) * 1000, 3),
    }


def timed(step: Callable[[], object]) -> float:
    start = time.perf_counter()
    step()
    return time.perf_counter() - start


def _timed_call(step: Callable[[Any], object], item: Any) -> float:
    start = time.perf_counter()
    step(item)
    return time.perf_counter() - start


def per_item_medians(
    step: Callable[[Any], object], items: Sequence[Any], passes: int, *, warm: bool = True
) -> list[float]:
    """Seconds per item: each item timed once a pass, the median of the passes kept. One
    untimed pass goes first (caches, statements, the search engine's own warm-up) unless the
    caller made it already."""
    for item in items if warm else ():
        step(item)
    gc.collect()
    runs = [[_timed_call(step, item) for item in items] for _ in range(passes)]
    return [statistics.median(values) for values in zip(*runs, strict=True)]


# --------------------------------------------------------------------------- child processes


def child_environment(scratch: Path) -> dict[str, str]:
    """Offscreen Qt, and settings in a folder of the run's own (never the user's)."""
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["XDG_CONFIG_HOME"] = str(scratch / "config")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    env[QUIT_WHEN_SHOWN] = "1"
    return env


@dataclass(frozen=True, slots=True)
class ChildRun:
    shown_s: float  # from spawning the process to its "window shown" line
    report: dict[str, Any]  # the JSON line it printed last, if any


def run_child(argv: Sequence[str], env: dict[str, str], timeout: float = 300) -> ChildRun:
    start = time.perf_counter()
    with (
        tempfile.TemporaryFile() as errors,
        subprocess.Popen(
            list(argv), stdout=subprocess.PIPE, stderr=errors, env=env, text=True, cwd=ROOT
        ) as process,
    ):
        assert process.stdout is not None
        shown = 0.0
        last = ""
        for line in process.stdout:
            if SHOWN in line and not shown:
                shown = time.perf_counter() - start
            elif line.strip():
                last = line.strip()
        status = process.wait(timeout)
        if status != 0 or not shown:
            errors.seek(0)
            tail = errors.read().decode("utf-8", "replace")[-2000:]
            raise RuntimeError(f"{' '.join(argv)} failed ({status}):\n{tail}")
    report = json.loads(last) if last.startswith("{") else {}
    return ChildRun(shown, report)


def measure_cold_start(newsroom: Newsroom, scratch: Path, repeats: Repeats, say: Say) -> Figures:
    env = child_environment(scratch)
    app = [sys.executable, str(ROOT / "main.py"), "--library", str(newsroom.path)]
    floor = [sys.executable, "-m", "benchmarks.window_probe", "empty"]
    say(f"Cold start, {repeats.cold_starts} run(s) each, the app and an empty Qt window…")
    if repeats.cold_starts > 1:  # the operating system's file cache, as after any first launch
        run_child(app, env)
        run_child(floor, env)
    starts, floors, floor_memory = [], [], []
    for _ in range(repeats.cold_starts):  # alternated, so load on the machine falls on both
        starts.append(run_child(app, env).shown_s)
        empty = run_child(floor, env)
        floors.append(empty.shown_s)
        floor_memory.append(empty.report["peak_memory_mb"])
    return {
        "cold_start_s": round(statistics.median(starts), 3),
        "cold_start_p95_s": round(p95(starts), 3),
        "cold_start_floor_s": round(statistics.median(floors), 3),
        "cold_start_floor_p95_s": round(p95(floors), 3),
        "peak_memory_floor_mb": max(floor_memory),
    }


def measure_memory(newsroom: Newsroom, scratch: Path, searches: Sequence[str], say: Say) -> Figures:
    say("Peak memory: the window on the library, searches, the all-quotes view…")
    # (Its floor, the empty window's high-water mark, comes with the cold start's floor.)
    env = child_environment(scratch)
    queries_file = scratch / "queries.json"
    queries_file.write_text(json.dumps(list(searches), ensure_ascii=False), encoding="utf-8")
    probe = [sys.executable, "-m", "benchmarks.window_probe"]
    app = run_child([*probe, "memory", str(newsroom.path), str(queries_file)], env)
    return {"peak_memory_mb": app.report["peak_memory_mb"]}


# ------------------------------------------------------------------------------ search


def measure_search(
    library: Library, searches: Sequence[str], repeats: Repeats, say: Say
) -> Figures:
    service = library.search
    say(f"Search: {len(searches)} queries, {repeats.search_passes} pass(es)…")
    floors, found = [], 0
    with driver_connection(library) as connection:
        for query in searches:  # the untimed first pass: what each query sends to SQLite
            with statements(library.engine) as sent:
                results = service.search(query)
            found += bool(results.quotes or results.articles)
            floors.append(replay(connection, sent))
        times = per_item_medians(service.search, searches, repeats.search_passes, warm=False)
        floor_times = per_item_medians(lambda run: run(), floors, repeats.search_passes)
    figures = figures_ms("search", times)
    figures["search_queries"] = len(searches)
    figures["search_queries_without_hits"] = len(searches) - found
    figures.update(figures_ms("search_floor", floor_times))
    return figures


# ------------------------------------------------------------------------------ filters


@contextmanager
def statements(engine: Engine) -> Iterator[list[tuple[str, Any]]]:
    """Every SQL statement (with its parameters) sent to the database inside the block."""
    sent: list[tuple[str, Any]] = []

    def record(*args: Any) -> None:
        sent.append((args[2], args[3]))  # (conn, cursor, statement, parameters, …)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


@contextmanager
def driver_connection(library: Library) -> Iterator[sqlite3.Connection]:
    """The bare ``sqlite3`` connection under the library's engine, with the SQL functions
    Quotebook registers on every connection, for replaying its queries without SQLAlchemy."""
    pooled = library.engine.raw_connection()
    try:
        connection = pooled.driver_connection
        assert isinstance(connection, sqlite3.Connection)
        yield connection
    finally:
        pooled.close()


_READS = ("SELECT", "WITH ")


def replay(connection: sqlite3.Connection, sent: Sequence[tuple[str, Any]]) -> Callable[[], None]:
    """Run the captured queries again, straight through the driver, fetching every row."""
    reads = [(sql, params) for sql, params in sent if sql.lstrip()[:6].upper() in _READS]

    def run() -> None:
        for sql, params in reads:
            connection.execute(sql, params).fetchall()

    return run


def spread(items: Sequence[Any], count: int) -> list[Any]:
    """The ten busiest items, then evenly through the rest: heavy and light filters alike."""
    head = list(items[:10])
    rest = items[10:]
    wanted = max(0, count - len(head))
    if not rest or not wanted:
        return head[:count]
    step = max(1, len(rest) // wanted)
    return head + list(rest[::step][:wanted])


def measure_filters(library: Library, newsroom: Newsroom, repeats: Repeats, say: Say) -> Figures:
    figures: Figures = {}
    with driver_connection(library) as connection:
        cases = (
            ("speaker", [QuoteFilter(speaker_ids=(n,)) for n, _ in newsroom.speakers]),
            ("tag", [QuoteFilter(tag_ids=(n,)) for n, _ in newsroom.tags]),
        )
        for name, all_filters in cases:
            chosen = spread(all_filters, repeats.filter_values)
            passes = repeats.filter_passes
            say(f"Filtering quotes by {name}: {len(chosen)} {name}s, {passes} pass(es)…")
            times = per_item_medians(library.quotes.ids, chosen, passes)
            floors = []
            sizes = []
            for chosen_filter in chosen:
                with statements(library.engine) as sent:
                    sizes.append(len(library.quotes.ids(chosen_filter)))
                floors.append(replay(connection, sent))
            floor_times = per_item_medians(lambda run: run(), floors, passes)
            figures.update(figures_ms(f"filter_{name}", times))
            figures.update(figures_ms(f"filter_{name}_floor", floor_times))
            figures[f"filter_{name}_max_quotes"] = max(sizes)
    return figures


# ------------------------------------------------------------------------------ the reader


def measure_reader(library: Library, newsroom: Newsroom, repeats: Repeats, say: Say) -> Figures:
    """Open the long read in a reader at window size: fetch, show, draw the first screen."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt starts
    from PySide6.QtWidgets import QApplication, QTextEdit  # noqa: PLC0415

    from ui.app import application  # noqa: PLC0415
    from ui.reader import ReaderView  # noqa: PLC0415

    if QApplication.instance() is None:  # a test run has its own, left as it is
        application()
    article_id = newsroom.long_read_id
    count = len(library.quotes.ids(QuoteFilter(article_ids=(article_id,))))
    say(f"Reader: an article with {count:,} quotes, {repeats.reader_opens} opening(s)…")
    view = ReaderView()
    view.resize(760, 900)
    view.show()
    bare = QTextEdit()
    bare.setReadOnly(True)
    bare.resize(760, 900)
    bare.show()
    text = library.articles.get(article_id).text
    other = library.articles.get(newsroom.short_article_id)

    def open_long_read() -> None:
        article = library.articles.get(article_id)
        view.show_article(article, library.quotes.for_article(article_id))
        view.grab()

    def at_last_quote() -> None:
        open_long_read()
        view.set_current_quote(view.quotes[-1].id)
        view.grab()

    def floor() -> None:
        bare.setPlainText(text)
        bare.grab()

    results: dict[str, list[float]] = {"open": [], "end": [], "floor": []}
    steps = (("open", open_long_read), ("end", at_last_quote), ("floor", floor))
    for _, step in steps:
        step()  # warm: fonts, glyph caches, statements
    for _ in range(repeats.reader_opens):
        for step_name, step in steps:
            view.show_article(other, [])  # the reader was showing another article
            bare.setPlainText(other.text)
            gc.collect()
            results[step_name].append(timed(step))
    view.close()
    bare.close()
    return {
        "open_article_quotes": count,
        "open_article_kb": round(newsroom.article_kb[article_id], 1),
        **figures_ms("open_article_1000_quotes", results["open"]),
        **figures_ms("open_article_1000_quotes_at_last_quote", results["end"]),
        **figures_ms("open_article_floor", results["floor"]),
    }


# ------------------------------------------------------------------------------ adding a quote


def _free_spans(library: Library, article_id: int, count: int) -> list[tuple[int, int]]:
    text = library.articles.get(article_id).text
    taken = {(q.start, q.end) for q in library.quotes.for_article(article_id)}
    spans = [(s, e) for s, e, _ in candidates(text) if (s, e) not in taken]
    step = max(1, len(spans) // max(1, count))
    return spans[::step][:count]


def _time_adds(
    library: Library, article_id: int, spans: Sequence[tuple[int, int]], speaker: str, tag: str
) -> list[float]:
    """Seconds for each ``library.quotes.add``; the quotes are deleted again afterwards."""
    times, added = [], []
    for start, end in spans:
        edit = QuoteEdit(speaker=speaker, tags=(tag,), note="Checked against the recording.")
        draft = QuoteDraft(article_id, start, end, edit)
        gc.collect()
        begin = time.perf_counter()
        change = library.quotes.add(draft)
        times.append(time.perf_counter() - begin)
        added.append(change.quote.id)
    for quote_id in added:
        library.quotes.delete(quote_id)
    return times


_INSERT_QUOTE = (
    'INSERT INTO quote (article_id, speaker_id, start, "end", text, context_before, '
    "context_after, kind, note, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, 'direct', ?, ?, ?)"
)


def _floor_adds(
    path: Path,
    article_id: int,
    spans: Sequence[tuple[int, int]],
    speaker_id: int,
    tag_id: int,
) -> list[float]:
    """The same rows, one committed transaction each, with the library's own pragmas."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA synchronous = FULL")
    row = connection.execute("SELECT text FROM article WHERE id = ?", (article_id,)).fetchone()
    text: str = row[0]
    times, added = [], []
    try:
        for start, end in spans:
            stamp = datetime.now(UTC).isoformat(sep=" ")
            before, after = text[max(0, start - 32) : start], text[end : end + 32]
            values = (article_id, speaker_id, start, end, text[start:end], before, after)
            gc.collect()
            begin = time.perf_counter()
            connection.execute("BEGIN IMMEDIATE")
            cursor = connection.execute(
                _INSERT_QUOTE, (*values, "Checked against the recording.", stamp, stamp)
            )
            connection.execute(
                "INSERT INTO quote_tag (quote_id, tag_id) VALUES (?, ?)", (cursor.lastrowid, tag_id)
            )
            connection.execute(
                "UPDATE article SET updated_at = ? WHERE id = ?", (stamp, article_id)
            )
            connection.execute("COMMIT")
            times.append(time.perf_counter() - begin)
            added.append(cursor.lastrowid)
        connection.executemany("DELETE FROM quote WHERE id = ?", [(n,) for n in added])
    finally:
        connection.close()
    return times


def measure_add_quote(library: Library, newsroom: Newsroom, repeats: Repeats, say: Say) -> Figures:
    speaker_id, speaker = newsroom.speakers[0]
    tag_id, tag = newsroom.tags[0]
    figures: Figures = {}
    cases = (
        ("add_quote_4mb", newsroom.big_article_id),
        ("add_quote_small", newsroom.short_article_id),
    )
    adds = repeats.quote_adds
    for name, article_id in cases:
        kilobytes = newsroom.article_kb[article_id]
        say(f"Adding a quote to a {kilobytes:,.0f} KB article, {adds} time(s)…")
        spans = _free_spans(library, article_id, adds * 2 + 1)
        _time_adds(library, article_id, spans[-1:], speaker, tag)  # warm: statements, caches
        times = _time_adds(library, article_id, spans[:adds], speaker, tag)
        floor = _floor_adds(newsroom.path, article_id, spans[adds:-1], speaker_id, tag_id)
        figures.update(figures_ms(name, times))
        figures.update(figures_ms(f"{name}_floor", floor))
        figures[f"{name}_article_kb"] = round(kilobytes, 1)
    return figures


# ------------------------------------------------------------------------------ the whole run


def run(size: Size, repeats: Repeats, folder: Path | None = None, say: Say = print) -> Figures:
    """Generate the newsroom in a temporary folder and measure it; the figures by name."""
    with tempfile.TemporaryDirectory(prefix="qb-newsroom-", dir=folder) as scratch:
        work = Path(scratch)
        say(f"Generating a newsroom of {size.articles:,} articles, {size.quotes:,} quotes…")
        generated = build(work / "newsroom.sqlite", size, say)
        return measure(generated, repeats, work, say)


def measure(newsroom: Newsroom, repeats: Repeats, scratch: Path, say: Say = print) -> Figures:
    """Every figure on a generated newsroom (``scratch`` holds the children's files). The
    quotes added to time :meth:`QuoteService.add` are deleted again afterwards."""
    size = newsroom.size
    figures: Figures = {
        "newsroom_articles": size.articles,
        "newsroom_quotes": size.quotes,
        "newsroom_speakers": size.speakers,
        "newsroom_tags": size.tags,
        "newsroom_generate_s": round(newsroom.generate_s, 2),
        "newsroom_index_rebuild_s": round(newsroom.index_s, 2),
        "newsroom_file_mb": round(newsroom.file_mb, 1),
    }
    searches = queries.mixed(newsroom, repeats.search_queries)
    if repeats.cold_starts:  # 0: no child processes (a test of the harness saves the time)
        figures.update(measure_cold_start(newsroom, scratch, repeats, say))
        figures.update(measure_memory(newsroom, scratch, searches[:20], say))
    library = Library.open(newsroom.path)
    try:
        figures.update(measure_search(library, searches, repeats, say))
        figures.update(measure_filters(library, newsroom, repeats, say))
        figures.update(measure_reader(library, newsroom, repeats, say))
        figures.update(measure_add_quote(library, newsroom, repeats, say))
    finally:
        library.close()
    return figures


# ------------------------------------------------------------------------------ reporting

#: (label, figure, floor figure, goal) for the table, in the order a reader scans them.
_ROWS = (
    ("Cold start to a drawn window, s", "cold_start_s", "cold_start_floor_s", "≤ 1 s"),
    ("  p95", "cold_start_p95_s", "cold_start_floor_p95_s", ""),
    ("Search, mixed queries, median ms", "search_ms", "search_floor_ms", ""),
    ("  p95", "search_p95_ms", "search_floor_p95_ms", "≤ 20 ms, ≤ 1.5× floor"),
    ("Filter quotes by speaker, median ms", "filter_speaker_ms", "filter_speaker_floor_ms", ""),
    ("  p95", "filter_speaker_p95_ms", "filter_speaker_floor_p95_ms", ""),
    ("Filter quotes by tag, median ms", "filter_tag_ms", "filter_tag_floor_ms", ""),
    ("  p95", "filter_tag_p95_ms", "filter_tag_floor_p95_ms", ""),
    (
        "Open the 1,000-quote article, ms",
        "open_article_1000_quotes_ms",
        "open_article_floor_ms",
        "≤ 150 ms",
    ),
    ("  p95", "open_article_1000_quotes_p95_ms", "open_article_floor_p95_ms", ""),
    ("  …at its last quote, ms", "open_article_1000_quotes_at_last_quote_ms", "", ""),
    ("Add a quote to the 4 MB article, ms", "add_quote_4mb_ms", "add_quote_4mb_floor_ms", "< 5 ms"),
    ("  p95", "add_quote_4mb_p95_ms", "add_quote_4mb_floor_p95_ms", ""),
    ("Add a quote to a news article, ms", "add_quote_small_ms", "add_quote_small_floor_ms", ""),
    ("Peak memory, MB", "peak_memory_mb", "peak_memory_floor_mb", "≤ 300 MB"),
)


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.3g}"


def table(figures: Figures) -> list[str]:
    """The figures beside their floors and goals, as a reader scans them."""
    lines = [
        f"Newsroom: {figures['newsroom_articles']:,.0f} articles, "
        f"{figures['newsroom_quotes']:,.0f} quotes, {figures['newsroom_speakers']:,.0f} speakers, "
        f"{figures['newsroom_tags']:,.0f} tags; {figures['newsroom_file_mb']:,.0f} MB, generated "
        f"in {figures['newsroom_generate_s']:.1f} s, indexed in "
        f"{figures['newsroom_index_rebuild_s']:.1f} s",
        "",
        f"{'':<42} {'Figure':>9} {'Floor':>9}  Goal",
    ]
    for label, name, floor, goal in _ROWS:
        if name not in figures:
            continue
        lines.append(
            f"{label:<42} {_number(figures.get(name)):>9} {_number(figures.get(floor)):>9}  {goal}"
        )
    if "search_queries_without_hits" in figures:
        lines.append(
            f"({figures['search_queries_without_hits']:.0f} of the "
            f"{figures['search_queries']:.0f} queries found nothing)"
        )
    return lines


def settings(size: Size, repeats: Repeats) -> dict[str, Any]:
    """How big the newsroom was and how often each figure was measured, for the JSON."""
    return {
        "newsroom_size": {name: getattr(size, name) for name in Size.__dataclass_fields__},
        "newsroom_repeats": {name: getattr(repeats, name) for name in Repeats.__dataclass_fields__},
    }


def report(figures: Figures, size: Size, repeats: Repeats) -> dict[str, Any]:
    return {
        **figures,
        **settings(size, repeats),
        "seed": corpus.SEED,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale", description=DESCRIPTION)
    parser.add_argument("--quick", action="store_true", help="a newsroom 20 times smaller")
    parser.add_argument("--runs", type=positive, default=3, metavar="R", help="passes (3)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON here")
    parser.add_argument("--dir", metavar="FOLDER", help="where the library goes (temporary)")
    args = parser.parse_args(argv)
    size, repeats = (QUICK, Repeats.quick()) if args.quick else (FULL, Repeats.full(args.runs))
    figures = run(size, repeats, Path(args.dir) if args.dir else None)
    print()
    print("\n".join(table(figures)))
    if args.json:
        document = report(figures, size, repeats)
        Path(args.json).write_text(
            json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
