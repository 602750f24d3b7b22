"""Import throughput per format: ``python -m benchmarks.import_speed [--files N] [--json FILE]``.

For each format, N generated articles (news length, half English, half Russian) are written as
files, then imported through :func:`services.importing.import_files` into a fresh library, as a
batch from the app or the CLI is. Beside each figure stands its floor: the same bytes, already
in memory, through the format's bare reader function, with no library at all. The gap between
the two is everything but the reading: the file read, language detection, canonical text, the
content-hash lookup and one committed, fsynced transaction per file. For plain text the run also
times those steps one by one, with SQLite's own cost of the transaction beside them.

Figures are the median of ``--runs`` runs (3 by default), each into its own new library. The
readers, the language model and the database driver are warmed up first, as they are in an app
that has been open for a while; nothing is asserted, only measured.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import importlib
import importlib.util
import json
import os
import platform
import pstats
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks import corpus, documents
from services.importers import FORMATS, ImportedDocument, read_document
from services.importing import document_meta, import_files
from services.language import detect_language
from services.library import Library
from services.text import canonicalize, content_hash

DESCRIPTION = "Import throughput per format, each beside its reader-alone floor."

#: The issue's goals in files per second (import #3), for the table and RESULTS.md.
GOALS: dict[str, float] = {"txt": 500.0, "html": 50.0, "docx": 100.0}
#: A desktop peer imports 200 small text files in this many seconds.
PEER_SMALL_FILES = 200
PEER_SECONDS = 0.67

Reader = Callable[[bytes, str], ImportedDocument]
Figures = dict[str, float]


@dataclass(frozen=True, slots=True)
class Format:
    key: str
    suffix: str
    label: str
    write: Callable[[corpus.Article], bytes]
    needs: str = ""  # a module that must be importable (a test extra), besides the reader's

    def missing(self) -> str:
        """Why this format cannot be measured here, or "" when it can."""
        if self.suffix not in FORMATS:
            return f"no reader is registered for {self.suffix}"
        module = FORMATS[self.suffix][0].split(":")[0]
        if importlib.util.find_spec(module) is None:
            return f"{module} is not there"
        if self.needs and importlib.util.find_spec(self.needs) is None:
            return f"{self.needs} is not installed (pip install -e '.[test]')"
        if self.key == "pdf" and not documents.pdf_font():
            return "no font with Cyrillic was found to write the Russian PDFs"
        return ""

    def reader(self) -> Reader:
        module, function = FORMATS[self.suffix][0].split(":")
        reader: Reader = getattr(importlib.import_module(module), function)
        return reader


FORMAT_LIST: tuple[Format, ...] = (
    Format("txt", ".txt", "plain text", documents.plain_text),
    Format("md", ".md", "Markdown", documents.markdown),
    Format("html", ".html", "HTML page", documents.web_page),
    Format("docx", ".docx", "DOCX", documents.word_document, needs="docx"),
    Format(
        "docx_full_template",
        ".docx",
        "DOCX, python-docx's whole template",
        documents.word_document_full_template,
        needs="docx",
    ),
    Format("pdf", ".pdf", "PDF", documents.pdf_document, needs="reportlab"),
    Format("odt", ".odt", "ODT", documents.open_document, needs="odf"),
    Format("rtf", ".rtf", "RTF", documents.rich_text),
    Format("epub", ".epub", "EPUB", documents.e_book, needs="ebooklib"),
    Format("eml", ".eml", "E-mail", documents.e_mail),
)


@dataclass(frozen=True, slots=True)
class Measured:
    fmt: Format
    files: int
    mean_bytes: float
    files_per_s: float
    floor_files_per_s: float

    @property
    def storage_share(self) -> float:
        """The part of an import's time spent outside the reader."""
        return max(0.0, 1.0 - self.files_per_s / self.floor_files_per_s)


def write_files(fmt: Format, folder: Path, indexes: Sequence[int]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in indexes:
        path = folder / f"article-{index:05d}{fmt.suffix}"
        path.write_bytes(fmt.write(corpus.article(index)))
        paths.append(path)
    return paths


@contextmanager
def fresh_library(folder: Path, name: str) -> Iterator[Library]:
    """A new library file, deleted (with its WAL) afterwards so runs do not fill the disk."""
    path = folder / f"{name}.sqlite"
    library = Library.open(path)
    try:
        yield library
    finally:
        library.close()
        for leftover in folder.glob(f"{name}.sqlite*"):
            leftover.unlink()


def time_import(paths: Sequence[Path], folder: Path, name: str) -> float:
    """Seconds to import ``paths`` as one batch into a new library."""
    with fresh_library(folder, name) as library:
        gc.collect()
        start = time.perf_counter()
        result = import_files(library, paths)
        elapsed = time.perf_counter() - start
    if result.failures or len(result.created) != len(paths):
        first = result.failures[0] if result.failures else None
        reason = f"{first.source}: {first.reason}" if first else "some were taken as duplicates"
        raise RuntimeError(f"{len(result.failures)} of {len(paths)} files failed ({reason})")
    return elapsed


def time_reader(reader: Reader, contents: Sequence[tuple[bytes, str]]) -> float:
    gc.collect()
    start = time.perf_counter()
    for data, name in contents:
        reader(data, name)
    return time.perf_counter() - start


def measure(fmt: Format, folder: Path, files: int, runs: int) -> Measured:
    source = folder / fmt.key
    paths = write_files(fmt, source, range(files))
    # Warm up on an article outside the measured set: imports, the language model, SQLite.
    [warm] = write_files(fmt, folder / f"{fmt.key}-warm", [10_000_000])
    time_import([warm], folder, f"{fmt.key}-warm")
    reader = fmt.reader()
    contents = [(path.read_bytes(), str(path)) for path in paths]
    reader(*contents[0])
    import_times = [time_import(paths, folder, f"{fmt.key}-{run}") for run in range(runs)]
    floor_times = [time_reader(reader, contents) for _ in range(runs)]
    shutil.rmtree(source)
    return Measured(
        fmt=fmt,
        files=files,
        mean_bytes=statistics.fmean(len(data) for data, _ in contents),
        files_per_s=files / statistics.median(import_times),
        floor_files_per_s=files / statistics.median(floor_times),
    )


def measure_peer(folder: Path, runs: int) -> tuple[float, float]:
    """Seconds to import 200 small text files (about 1 KB each), and their mean size."""
    source = folder / "small"
    source.mkdir()
    paths = []
    for index in range(PEER_SMALL_FILES):
        path = source / f"brief-{index:03d}.txt"
        path.write_bytes(documents.plain_text(corpus.short_article(index)))
        paths.append(path)
    times = [time_import(paths, folder, f"small-{run}") for run in range(runs)]
    mean = statistics.fmean(path.stat().st_size for path in paths)
    shutil.rmtree(source)
    return statistics.median(times), mean


@dataclass(frozen=True, slots=True)
class Stages:
    """Milliseconds per file in each step of an import, measured one step at a time."""

    read: float  # the file from disk through its reader
    language: float  # language detection on the reader's text
    canonical: float  # canonical text and its content hash
    store: float  # library.articles.add: canonical text again, then one ORM transaction
    sqlite: float  # the same row straight into SQLite (sqlite3, same pragmas, same commit)

    def figures(self, key: str) -> Figures:
        return {
            f"import_{key}_{name}_ms": round(getattr(self, name), 3)
            for name in ("read", "language", "canonical", "store", "sqlite")
        }


def _per_file_ms(step: Callable[[Any], object], items: Sequence[Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        for item in items:
            step(item)
        times.append(time.perf_counter() - start)
    return statistics.median(times) / len(items) * 1000


def _sqlite_floor_ms(folder: Path, texts: Sequence[str], runs: int) -> float:
    """One committed transaction per article on a library file, without SQLAlchemy: the
    duplicate check by hash and the insert, with the pragmas every library connection has."""
    times = []
    for run in range(runs):
        name = f"sqlite-floor-{run}"
        with fresh_library(folder, name):  # the schema, made by the real migrations
            connection = sqlite3.connect(folder / f"{name}.sqlite", isolation_level=None)
            try:
                connection.execute("PRAGMA foreign_keys = ON")
                connection.execute("PRAGMA journal_mode = WAL")
                connection.execute("PRAGMA synchronous = FULL")
                stamp = datetime.now(UTC).isoformat(sep=" ")
                gc.collect()
                start = time.perf_counter()
                for text in texts:
                    digest = content_hash(text)
                    connection.execute("BEGIN IMMEDIATE")
                    connection.execute(
                        "SELECT id FROM article WHERE content_hash = ? ORDER BY id LIMIT 1",
                        (digest,),
                    ).fetchone()
                    connection.execute(
                        "INSERT INTO article (title, authors, language, source_name, "
                        "source_format, text, content_hash, paragraph_pages, created_at, "
                        "updated_at) VALUES (?, '[]', 'en', 'a.txt', 'text', ?, ?, '[]', ?, ?)",
                        ("Title", text, digest, stamp, stamp),
                    )
                    connection.execute("COMMIT")
                times.append(time.perf_counter() - start)
            finally:
                connection.close()
    return statistics.median(times) / len(texts) * 1000


def stages(fmt: Format, folder: Path, files: int, runs: int) -> Stages:
    """Where one import of ``fmt`` spends its time, step by step (each step timed alone)."""
    work = folder / f"{fmt.key}-stages"
    paths = write_files(fmt, work / "files", range(files))
    [warm] = write_files(fmt, work / "warm", [10_000_000])
    time_import([warm], work, "warm")
    read = _per_file_ms(read_document, paths, runs)
    docs = [read_document(path) for path in paths]
    language = _per_file_ms(lambda doc: detect_language(doc.text), docs, runs)
    canonical = _per_file_ms(lambda doc: content_hash(canonicalize(doc.text)), docs, runs)
    metas = [document_meta(doc, path.stem) for doc, path in zip(docs, paths, strict=True)]
    store_times = []
    for run in range(runs):
        with fresh_library(work, f"store-{run}") as library:
            gc.collect()
            start = time.perf_counter()
            for doc, meta in zip(docs, metas, strict=True):
                library.articles.add(doc.text, meta, "a.txt", doc.source_format)
            store_times.append(time.perf_counter() - start)
    texts = [canonicalize(doc.text) for doc in docs]
    result = Stages(
        read=read,
        language=language,
        canonical=canonical,
        store=statistics.median(store_times) / files * 1000,
        sqlite=_sqlite_floor_ms(work, texts, runs),
    )
    shutil.rmtree(work)
    return result


_STAGE_LABELS = (
    ("read", "read the file and run its reader"),
    ("language", "detect the language"),
    ("canonical", "canonical text and content hash"),
    ("store", "store: articles.add, one transaction"),
    ("sqlite", "  the same row straight into SQLite"),
    ("total", "all together (import_files, as above)"),
)


def stage_lines(figures: Figures, key: str) -> list[str]:
    """The step-by-step figures of ``key`` (if measured) as an aligned list."""
    if f"import_{key}_total_ms" not in figures:
        return []
    lines = [f"Where one {key} import's time goes, per file:"]
    for name, label in _STAGE_LABELS:
        lines.append(f"  {label:<40} {figures[f'import_{key}_{name}_ms']:7.3f} ms")
    return lines


def run(
    files: int = 1000,
    runs: int = 3,
    only: Sequence[str] = (),
    folder: Path | None = None,
    say: Callable[[str], None] = print,
) -> tuple[Figures, list[Measured], list[str]]:
    """Measure every format (or ``only`` those keys); return the figures by their JSON names,
    the measurements, and a note for each format that could not be measured."""
    figures: Figures = {}
    measured: list[Measured] = []
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="qb-import-bench-", dir=folder) as scratch:
        work = Path(scratch)
        for fmt in FORMAT_LIST:
            if only and fmt.key not in only:
                continue
            missing = fmt.missing()
            if missing:
                notes.append(f"{fmt.label}: not measured, {missing}")
                say(notes[-1])
                continue
            say(f"{fmt.label}: {files:,} files, {runs} run(s)…")
            result = measure(fmt, work, files, runs)
            measured.append(result)
            figures[f"import_{fmt.key}_files_per_s"] = round(result.files_per_s, 1)
            figures[f"import_{fmt.key}_floor_files_per_s"] = round(result.floor_files_per_s, 1)
            figures[f"import_{fmt.key}_mean_file_kb"] = round(result.mean_bytes / 1024, 1)
        if not only or "txt" in only:
            say(f"Plain text, step by step: {files:,} files, {runs} run(s)…")
            figures.update(stages(FORMAT_LIST[0], work, files, runs).figures("txt"))
            if "import_txt_files_per_s" in figures:
                figures["import_txt_total_ms"] = round(1000 / figures["import_txt_files_per_s"], 3)
            say(f"{PEER_SMALL_FILES} small text files, {runs} run(s)…")
            seconds, mean = measure_peer(work, runs)
            figures["import_200_small_txt_s"] = round(seconds, 3)
            figures["import_small_txt_mean_file_kb"] = round(mean / 1024, 1)
    return figures, measured, notes


def table(measured: Sequence[Measured], figures: Figures) -> list[str]:
    """The figures as a reader scans them, goals beside them."""
    width = max([len("Format"), *(len(item.fmt.label) for item in measured)])
    header = (
        f"{'Format':<{width}} {'Files':>6} {'Mean size':>10} {'Import/s':>9} "
        f"{'Reader alone/s':>15} {'Outside reader':>15} {'Goal/s':>7}"
    )
    lines = [header, "-" * len(header)]
    for item in measured:
        goal = GOALS.get(item.fmt.key)
        lines.append(
            f"{item.fmt.label:<{width}} {item.files:>6,} {item.mean_bytes / 1024:>7.1f} KB "
            f"{item.files_per_s:>9,.0f} {item.floor_files_per_s:>15,.0f} "
            f"{item.storage_share:>14.0%} {f'≥ {goal:.0f}' if goal else '':>7}"
        )
    steps = stage_lines(figures, "txt")
    if steps:
        lines += ["", *steps]
    small = figures.get("import_200_small_txt_s")
    if small is not None:
        lines += [
            "",
            f"{PEER_SMALL_FILES} small text files: {small:.3f} s "
            f"(a desktop peer: {PEER_SECONDS} s)",
        ]
    return lines


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        total = meminfo.read_text(encoding="ascii").split("\n", 1)[0].split()
        memory = f"{int(total[1]) / 1024 / 1024:.1f} GiB"
    cpu = platform.processor()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {
        "load_average_1_5_15_min": [round(value, 2) for value in load] if load else None,
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory": memory,
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "os": platform.platform(),
    }


def report(figures: Figures, files: int, runs: int, notes: Sequence[str]) -> dict[str, Any]:
    """The JSON document: every figure under its plain name, then how it was measured (the
    load average shows whether other work shared the machine meanwhile)."""
    return {
        **figures,
        "files_per_format": files,
        "runs": runs,
        "seed": corpus.SEED,
        "not_measured": list(notes),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
    }


def profile(key: str, files: int, folder: Path | None, top: int = 30) -> None:
    """Print where one import batch of ``key`` files spends its time (cProfile, by own time)."""
    [fmt] = [item for item in FORMAT_LIST if item.key == key]
    with tempfile.TemporaryDirectory(prefix="qb-import-profile-", dir=folder) as scratch:
        work = Path(scratch)
        paths = write_files(fmt, work / key, range(files))
        [warm] = write_files(fmt, work / "warm", [10_000_000])
        time_import([warm], work, "warm")
        with fresh_library(work, "profiled") as library:
            profiler = cProfile.Profile()
            profiler.enable()
            import_files(library, paths)
            profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


def positive(value: str) -> int:
    """An argparse type for counts of files and runs."""
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r} must be 1 or more")
    return number


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--files", type=positive, default=1000, metavar="N", help="files per format (1000)"
    )
    parser.add_argument("--runs", type=positive, default=3, metavar="R", help="runs (3)")
    parser.add_argument(
        "--format",
        action="append",
        dest="formats",
        default=[],
        choices=[fmt.key for fmt in FORMAT_LIST],
        help="measure only this format; repeat for several",
    )
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON here")
    parser.add_argument(
        "--dir",
        metavar="FOLDER",
        help="where the files and libraries go (default: the system's temporary folder); "
        "use a folder on the disk a real library would live on",
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.import_speed", description=DESCRIPTION
    )
    add_arguments(parser)
    parser.add_argument(
        "--profile", metavar="FORMAT", help="instead: profile one batch of this format"
    )
    args = parser.parse_args(argv)
    folder = Path(args.dir) if args.dir else None
    if args.profile:
        profile(args.profile, args.files, folder)
        return 0
    figures, measured, notes = run(args.files, args.runs, args.formats, folder)
    print()
    print("\n".join(table(measured, figures)))
    if args.json:
        Path(args.json).write_text(
            json.dumps(report(figures, args.files, args.runs, notes), indent=2) + "\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
