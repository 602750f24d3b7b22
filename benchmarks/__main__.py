"""``python -m benchmarks [--quick] [--files N] [--json FILE]``: every benchmark, one report.

Import throughput and export speed so far; the newsroom-scale library benchmarks (search, cold
start, memory) join here, each adding its figures to the same JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from benchmarks import export_speed, import_speed

#: ``--quick``: each benchmark at a twentieth of its size, to check the harness in seconds.
QUICK_FILES = 50


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description="Run Quotebook's benchmarks and report figures."
    )
    parser.add_argument(
        "--quick", action="store_true", help=f"small sizes ({QUICK_FILES} files, 1 run)"
    )
    import_speed.add_arguments(parser)
    args = parser.parse_args(argv)
    files, runs = (QUICK_FILES, 1) if args.quick else (args.files, args.runs)
    folder = Path(args.dir) if args.dir else None
    figures, measured, notes = import_speed.run(files, runs, args.formats, folder)
    scale = export_speed.Scale.quick() if args.quick else export_speed.Scale.full(runs)
    exported = export_speed.run(scale, folder)
    print()
    print("\n".join(import_speed.table(measured, figures)))
    print()
    print("\n".join(export_speed.table(exported)))
    figures.update(exported)
    if args.json:
        document = import_speed.report(figures, files, runs, notes)
        Path(args.json).write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
