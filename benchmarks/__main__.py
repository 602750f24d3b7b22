"""``python -m benchmarks [--quick] [--json FILE]``: every benchmark, one report.

Import throughput and export speed (issues 3 and 4), the newsroom-scale figures (issue 5:
cold start, search, filters, the reader, adding a quote, memory) and quote detection's scores
on the gold set and its speed (issue 6), all into one JSON document.
``--quick`` runs each at a small size, to check the harness in under 30 seconds; its figures
are not the ones to quote.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from benchmarks import detection, export_speed, import_speed, newsroom, scale
from services.detection.scoring import load_gold

#: ``--quick``: import this many files per format…
QUICK_FILES = 20
#: …and export this much (a 25 KB article with 50 quotes, a list of 200 quotes).
QUICK_EXPORT = export_speed.Scale(
    article_kb=25, article_quotes=50, list_quotes=200, list_articles=10, runs=1
)
#: Generated news articles the quote detector is timed on (the gold set is scored either way).
QUICK_NEWS, FULL_NEWS = 20, 200


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description="Run Quotebook's benchmarks and report figures."
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"small sizes ({QUICK_FILES} files a format, a newsroom 20 times smaller, 1 run)",
    )
    import_speed.add_arguments(parser)
    args = parser.parse_args(argv)
    files, runs = (QUICK_FILES, 1) if args.quick else (args.files, args.runs)
    folder = Path(args.dir) if args.dir else None
    figures, measured, notes = import_speed.run(files, runs, args.formats, folder)
    exported = export_speed.run(
        QUICK_EXPORT if args.quick else export_speed.Scale.full(runs), folder
    )
    size = newsroom.QUICK if args.quick else newsroom.FULL
    repeats = scale.Repeats.quick() if args.quick else scale.Repeats.full(runs)
    at_scale = scale.run(size, repeats, folder)
    gold = load_gold(detection.GOLD)
    found, speeds = detection.run(gold, runs)
    news = detection.news_speed(QUICK_NEWS if args.quick else FULL_NEWS, runs)
    detected = detection.document(found, speeds, gold, news)
    print()
    print("\n".join(import_speed.table(measured, figures)))
    print()
    print("\n".join(export_speed.table(exported)))
    print()
    print("\n".join(scale.table(at_scale)))
    print()
    print("\n".join(found.table()))
    print("\n".join(detection.verdicts(found, detected["articles_per_second"])))
    figures.update(exported)
    figures.update(at_scale)
    if args.json:
        document = import_speed.report(figures, files, runs, notes)
        document |= scale.settings(size, repeats)
        document["detection"] = detected
        Path(args.json).write_text(
            json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
