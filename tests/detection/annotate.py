"""Fill in the offsets of gold-set annotations from their exact text.

``python -m tests.detection.annotate FILE.json...`` (no argument: every file in ``gold/``).

Offsets typed by hand drift by one the moment someone counts a dash or an emoji wrongly, and a
drifted gold set silently lowers every figure the scorer reports. So annotators write only what
they can see — each quote's exact words, its kind and its speaker, in document order — and this
helper finds where those words are. It searches after the end of the previous annotation, which
keeps a phrase repeated later in the article from being matched too early; ``"occurrence": N``
skips to the N-th match from there when the same words occur twice after that point.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

GOLD = Path(__file__).resolve().parent / "gold"


class AnnotationError(ValueError):
    """An annotation's text is not in the article where the order says it should be."""


def locate(text: str, quotes: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The quotes with ``start`` and ``end`` computed from their ``text``, in document order."""
    located: list[dict[str, Any]] = []
    cursor = 0
    for number, quote in enumerate(quotes, 1):
        words = quote["text"]
        if not words or words != words.strip():
            raise AnnotationError(f"quote {number}: text is empty or has white space at an end")
        start = cursor - 1
        for _ in range(int(quote.get("occurrence", 1))):
            start = text.find(words, start + 1)
            if start < 0:
                raise AnnotationError(f"quote {number}: {words[:60]!r} not found after {cursor}")
        end = start + len(words)
        located.append({**quote, "start": start, "end": end})
        cursor = end
    return located


def annotate_file(path: Path) -> int:
    """Rewrite one annotation file with fresh offsets; the number of quotes it holds."""
    document = json.loads(path.read_text(encoding="utf-8"))
    text = path.with_suffix(".txt").read_text(encoding="utf-8")
    quotes = [_ordered(quote) for quote in locate(text, document["quotes"])]
    document["quotes"] = quotes
    path.write_text(dump(document), encoding="utf-8")
    return len(quotes)


def dump(document: dict[str, Any]) -> str:
    """The file's form: one quote a line, so a diff of the gold set reads quote by quote."""
    head = {key: value for key, value in document.items() if key != "quotes"}
    lines = [json.dumps(head, ensure_ascii=False, indent=2)[:-2] + ","]
    quotes = [
        "    " + json.dumps(quote, ensure_ascii=False, separators=(", ", ": "))
        for quote in document["quotes"]
    ]
    lines.append('  "quotes": [')
    lines.append(",\n".join(quotes))
    lines.append("  ]\n}\n")
    return "\n".join(lines)


def _ordered(quote: dict[str, Any]) -> dict[str, Any]:
    """Offsets first, then the rest, so every line of the file has the same shape."""
    keys = ("start", "end", "kind", "speaker", "text")
    extra = {key: value for key, value in quote.items() if key not in keys}
    return {key: quote[key] for key in keys} | extra


def main(argv: Sequence[str] | None = None) -> int:
    paths = [Path(arg) for arg in (sys.argv[1:] if argv is None else argv)]
    for path in paths or sorted(GOLD.glob("*.json")):
        try:
            count = annotate_file(path)
        except AnnotationError as error:
            print(f"{path}: {error}", file=sys.stderr)
            return 1
        print(f"{path.name}: {count} quotes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
