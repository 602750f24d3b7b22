"""Export speed: ``python -m benchmarks.export_speed [--quick] [--runs R] [--json FILE]``.

Two measurements, each the median of ``--runs`` runs (3 by default) in a warm process:

1. **The annotated PDF of a long article**: about 500 KB of text (news paragraphs, English and
   Russian alternating, from :mod:`benchmarks.corpus`) with 1,000 quotes by 20 speakers, eight
   tags and a note on every third quote, through
   :func:`services.export.annotated.export_annotated_pdf` with its default options (margin
   notes, APA). A desktop peer needs 14 s for this; the goal is under 3 s. Beside it stands the
   floor: the same paragraphs through bare reportlab (a plain platypus document, one TrueType
   font, no highlights, notes, fallback fonts, annotations or legend).
2. **A citation list of 10,000 quotes** (20 on each of 500 articles) through
   :func:`services.export.citations.export_citations` as PDF, DOCX, Markdown and CSV.

``--quick`` runs both at a twentieth of their size, once, to check the harness in seconds. The
libraries are filled in bulk (one transaction), since filling them is not what is measured.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks import corpus
from benchmarks.import_speed import fresh_library, machine, positive
from models.tables import QuoteKind, utc_now
from services.articles import NewArticle
from services.export.options import AnnotatedPdfOptions, CitationFormat, CitationListOptions
from services.library import Library
from services.palette import PALETTE
from services.paths import resources_dir
from services.quotes import QuoteSnapshot, restore_rows
from services.readmodels import ArticleMeta, SpeakerFields
from services.tags import ensure_rows
from services.text import context_around

DESCRIPTION = "Annotated PDF and citation-list export times, beside a bare-reportlab floor."

#: Full scale, as issue 4 sets it.
ARTICLE_KB = 500
ARTICLE_QUOTES = 1000
SPEAKERS = 20
LIST_QUOTES = 10_000
LIST_ARTICLES = 500
#: ``--quick``: a twentieth of each.
QUICK_DIVISOR = 20

#: The goal and the desktop peer, in seconds, for the 500 KB article with 1,000 quotes.
PDF_GOAL_S = 3.0
PDF_PEER_S = 14.0

LIST_FORMATS = (
    CitationFormat.PDF,
    CitationFormat.DOCX,
    CitationFormat.MARKDOWN,
    CitationFormat.CSV,
)
TAGS = ("economy", "тарифы", "energy", "harbour", "выборы", "budget", "Japan", "health")
KINDS = (QuoteKind.DIRECT, QuoteKind.DIRECT, QuoteKind.INDIRECT, QuoteKind.PARAPHRASE)

Figures = dict[str, float]


@dataclass(frozen=True, slots=True)
class Scale:
    article_kb: int
    article_quotes: int
    list_quotes: int
    list_articles: int
    runs: int

    @classmethod
    def full(cls, runs: int) -> Scale:
        return cls(ARTICLE_KB, ARTICLE_QUOTES, LIST_QUOTES, LIST_ARTICLES, runs)

    @classmethod
    def quick(cls) -> Scale:
        d = QUICK_DIVISOR
        return cls(ARTICLE_KB // d, ARTICLE_QUOTES // d, LIST_QUOTES // d, LIST_ARTICLES // d, 1)


# ----------------------------------------------------------------------------- the libraries


def long_article(kilobytes: int) -> tuple[str, list[str]]:
    """A headline and enough generated paragraphs to make ``kilobytes`` of UTF-8."""
    paragraphs: list[str] = []
    size, index = 0, 0
    while size < kilobytes * 1024:
        for paragraph in corpus.article(index).paragraphs[:-1]:  # not the wire credit line
            paragraphs.append(paragraph)
            size += len(paragraph.encode("utf-8")) + 2
        index += 1
    return "The long read: a year of council hearings, in full", paragraphs


def add_speakers(library: Library, count: int) -> list[int]:
    ids = []
    for number in range(count):
        fields = SpeakerFields(
            name=f"Speaker {number + 1:02d}",
            role="council member" if number % 2 else "городской чиновник",
            color=PALETTE[number % len(PALETTE)],
            confidential=number % 7 == 3,
            public_label="a senior official" if number % 7 == 3 else "",
        )
        ids.append(library.speakers.create(fields).id)
    return ids


def spans(text: str, quotes: int) -> list[tuple[int, int]]:
    """``quotes`` non-overlapping spans of whole words, spread evenly over the paragraphs,
    each from a paragraph's second word for up to about 160 characters."""
    starts, position = [], 0
    for block in text.split("\n\n"):
        starts.append((position, block))
        position += len(block) + 2
    body = starts[1:]  # not the headline
    chosen: list[tuple[int, int]] = []
    per = -(-quotes // len(body))  # quotes per paragraph used, rounded up
    used = -(-quotes // per)  # paragraphs used, at most all of them
    for number in range(quotes):
        offset, block = body[(number // per) * len(body) // used]
        part = len(block) // per
        segment_start = (number % per) * part
        segment = block[segment_start : segment_start + part]
        first = segment.find(" ") + 1
        last = segment.rfind(" ", first, first + 160)
        if first <= 0 or last <= first:
            first, last = 0, len(segment)
        chosen.append((offset + segment_start + first, offset + segment_start + last))
    return chosen


def bulk_quotes(
    library: Library,
    article_texts: dict[int, str],
    placed: Sequence[tuple[int, int, int]],
    speakers: Sequence[int],
) -> None:
    """Store quotes (article id, start, end) in one transaction, as a restore does."""
    stamp = utc_now()
    with library.session(write=True) as session:
        tags, _new = ensure_rows(session, TAGS)
        tag_ids = [tag.id for tag in tags if tag.id is not None]
        snapshots = []
        for number, (article_id, start, end) in enumerate(placed):
            text = article_texts[article_id]
            before, after = context_around(text, start, end)
            quote_tags = tuple(
                sorted({tag_ids[number % len(tag_ids)], tag_ids[(number * 7) % len(tag_ids)]})
            )[: number % 3]
            snapshots.append(
                QuoteSnapshot(
                    id=number + 1,
                    article_id=article_id,
                    speaker_id=speakers[(number * 13) % len(speakers)],
                    start=start,
                    end=end,
                    text=text[start:end],
                    context_before=before,
                    context_after=after,
                    kind=KINDS[number % len(KINDS)],
                    note="Check against the recording; see the council minutes."
                    if number % 3 == 0
                    else "",
                    tag_ids=quote_tags,
                    created_at=stamp,
                    updated_at=stamp,
                )
            )
        restore_rows(session, snapshots)


def fill_article(library: Library, scale: Scale) -> tuple[int, list[str]]:
    """The long article with its quotes; returns its id and paragraphs."""
    title, paragraphs = long_article(scale.article_kb)
    meta = ArticleMeta(
        title=title,
        outlet="The Wrayhaven Courier",
        authors=("Elin Trevaskis",),
        published=datetime(2025, 11, 20, tzinfo=UTC).date(),
        url="https://example.org/long-read",
        language="en",
        csl_type="article-newspaper",
    )
    added = library.articles.add("\n\n".join([title, *paragraphs]), meta)
    article_id = added.summary.id
    text = library.articles.get(article_id).text
    speakers = add_speakers(library, SPEAKERS)
    placed = [(article_id, s, e) for s, e in spans(text, scale.article_quotes)]
    bulk_quotes(library, {article_id: text}, placed, speakers)
    return article_id, paragraphs


def fill_list(library: Library, scale: Scale) -> list[int]:
    """``list_articles`` news articles with ``list_quotes`` quotes spread over them."""
    per = scale.list_quotes // scale.list_articles
    added = library.articles.add_many(
        [
            NewArticle(
                item.plain_text(),
                ArticleMeta(
                    title=item.headline,
                    outlet=item.outlet,
                    authors=(item.author,),
                    published=item.published,
                    language=item.language,
                    csl_type="article-newspaper",
                ),
            )
            for item in (corpus.article(index) for index in range(scale.list_articles))
        ]
    )
    texts: dict[int, str] = {}
    for result in added:
        if isinstance(result, Exception):
            raise RuntimeError(f"the benchmark corpus was refused: {result}")
        texts[result.summary.id] = library.articles.get(result.summary.id).text
    speakers = add_speakers(library, SPEAKERS)
    placed = [
        (article_id, start, end)
        for article_id, text in texts.items()
        for start, end in spans(text, per)
    ]
    bulk_quotes(library, texts, placed, speakers)
    return library.quotes.ids()


# ------------------------------------------------------------------------------- measuring


def median_seconds(step: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def floor_pdf(paragraphs: Sequence[str], target: Path) -> None:
    """The same paragraphs as a plain reportlab document: one TrueType font, nothing else."""
    from xml.sax.saxutils import escape  # noqa: PLC0415

    from reportlab.lib.pagesizes import A4  # noqa: PLC0415
    from reportlab.lib.styles import ParagraphStyle  # noqa: PLC0415
    from reportlab.pdfbase import pdfmetrics  # noqa: PLC0415
    from reportlab.pdfbase.ttfonts import TTFont  # noqa: PLC0415
    from reportlab.platypus import Paragraph, SimpleDocTemplate  # noqa: PLC0415

    if "BenchSerif" not in pdfmetrics.getRegisteredFontNames():
        font = resources_dir() / "fonts" / "NotoSerif-Regular.ttf"
        pdfmetrics.registerFont(TTFont("BenchSerif", str(font)))
    style = ParagraphStyle("body", fontName="BenchSerif", fontSize=10, leading=14)
    story = [Paragraph(escape(paragraph), style) for paragraph in paragraphs]
    SimpleDocTemplate(str(target), pagesize=A4).build(story)


def pdf_pages(path: Path) -> int:
    from pypdf import PdfReader  # noqa: PLC0415

    return len(PdfReader(path).pages)


def measure_annotated(work: Path, scale: Scale, say: Callable[[str], None]) -> Figures:
    from services.export.annotated import export_annotated_pdf  # noqa: PLC0415

    with fresh_library(work, "annotated") as library:
        article_id, paragraphs = fill_article(library, scale)
        text_kb = len(library.articles.get(article_id).text.encode("utf-8")) / 1024
        target = work / "annotated.pdf"
        options = AnnotatedPdfOptions()
        say(
            f"Annotated PDF: {text_kb:,.0f} KB, {scale.article_quotes:,} quotes, "
            f"{scale.runs} run(s)…"
        )
        export_annotated_pdf(library, article_id, work / "warm.pdf", options)  # fonts, imports
        seconds = median_seconds(
            lambda: export_annotated_pdf(library, article_id, target, options), scale.runs
        )
        floor_target = work / "floor.pdf"
        floor_pdf(paragraphs, work / "floor-warm.pdf")
        floor = median_seconds(lambda: floor_pdf(paragraphs, floor_target), scale.runs)
        return {
            "export_pdf_article_kb": round(text_kb, 1),
            "export_pdf_quotes": scale.article_quotes,
            "export_pdf_s": round(seconds, 3),
            "export_pdf_pages": pdf_pages(target),
            "export_pdf_file_kb": round(target.stat().st_size / 1024, 1),
            "export_pdf_floor_s": round(floor, 3),
            "export_pdf_floor_pages": pdf_pages(floor_target),
        }


def measure_lists(work: Path, scale: Scale, say: Callable[[str], None]) -> Figures:
    from services.export.citations import export_citations  # noqa: PLC0415

    figures: Figures = {}
    with fresh_library(work, "lists") as library:
        ids = fill_list(library, scale)
        figures["export_list_quotes"] = len(ids)
        figures["export_list_articles"] = scale.list_articles
        for fmt in LIST_FORMATS:
            say(f"Citation list, {fmt.value}: {len(ids):,} quotes, {scale.runs} run(s)…")
            options = CitationListOptions(format=fmt)
            target = work / f"list{fmt.suffix}"
            export_citations(library, ids[:50], work / f"warm{fmt.suffix}", options)
            seconds = median_seconds(
                _exporter(export_citations, library, ids, target, options), scale.runs
            )
            key = fmt.suffix.lstrip(".")
            figures[f"export_list_{key}_s"] = round(seconds, 3)
            figures[f"export_list_{key}_file_kb"] = round(target.stat().st_size / 1024, 1)
            if fmt is CitationFormat.PDF:
                figures["export_list_pdf_pages"] = pdf_pages(target)
    return figures


def _exporter(
    export: Callable[[Library, Sequence[int], Path, CitationListOptions], Path],
    library: Library,
    ids: Sequence[int],
    target: Path,
    options: CitationListOptions,
) -> Callable[[], Path]:
    """One export with its arguments bound (a lambda in the loop would see the last ones)."""
    return lambda: export(library, ids, target, options)


def run(scale: Scale, folder: Path | None = None, say: Callable[[str], None] = print) -> Figures:
    """Measure both exports; return the figures by their JSON names."""
    with tempfile.TemporaryDirectory(prefix="qb-export-bench-", dir=folder) as scratch:
        work = Path(scratch)
        figures = measure_annotated(work, scale, say)
        figures.update(measure_lists(work, scale, say))
    return figures


def table(figures: Figures) -> list[str]:
    """The figures as a reader scans them, the goal beside the PDF."""
    seconds = figures["export_pdf_s"]
    lines = [
        f"Annotated PDF, {figures['export_pdf_article_kb']:,.0f} KB article, "
        f"{figures['export_pdf_quotes']:,.0f} quotes: {seconds:.2f} s, "
        f"{figures['export_pdf_pages']:,.0f} pages, {figures['export_pdf_file_kb']:,.0f} KB "
        f"(goal < {PDF_GOAL_S:.0f} s; the peer {PDF_PEER_S:.0f} s)",
        f"  floor, bare reportlab of the same paragraphs: {figures['export_pdf_floor_s']:.2f} s, "
        f"{figures['export_pdf_floor_pages']:,.0f} pages",
        "",
        f"Citation list of {figures['export_list_quotes']:,.0f} quotes "
        f"({figures['export_list_articles']:,.0f} articles):",
    ]
    for fmt in LIST_FORMATS:
        key = fmt.suffix.lstrip(".")
        lines.append(
            f"  {key:<5} {figures[f'export_list_{key}_s']:7.2f} s  "
            f"{figures[f'export_list_{key}_file_kb']:9,.0f} KB"
        )
    return lines


def report(figures: Figures, scale: Scale) -> dict[str, Any]:
    return {
        **figures,
        "runs": scale.runs,
        "seed": corpus.SEED,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
    }


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--runs", type=positive, default=3, metavar="R", help="runs (3)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON here")
    parser.add_argument(
        "--dir", metavar="FOLDER", help="where the libraries and files go (default: temporary)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.export_speed", description=DESCRIPTION
    )
    parser.add_argument(
        "--quick", action="store_true", help=f"a 1/{QUICK_DIVISOR} of each size, one run"
    )
    add_arguments(parser)
    args = parser.parse_args(argv)
    scale = Scale.quick() if args.quick else Scale.full(args.runs)
    figures = run(scale, Path(args.dir) if args.dir else None)
    print()
    print("\n".join(table(figures)))
    if args.json:
        document = report(figures, scale)
        Path(args.json).write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
