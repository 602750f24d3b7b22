"""Right-to-left text in visual order, one line at a time.

PDF has no notion of writing direction: glyphs are placed left to right, so Arabic and Hebrew
must be handed over already in visual order. The Unicode bidi algorithm resolves embedding levels
for a whole paragraph, but reorders each *line* separately, after line breaking — reordering the
paragraph first and then wrapping it would put an Arabic paragraph's last words on its first line.

python-bidi's compiled ``get_display`` only returns a reordered string, and we need to know where
every character lands (highlights, annotation quads, note anchors). Its pure-Python module
(:mod:`bidi.algorithm`) exposes the steps of the algorithm on a list of per-character records, so
we resolve levels with it once per paragraph and let its L1/L2 step reorder each line's records,
which carry their logical index. Mirroring is left to HarfBuzz, which mirrors brackets in
right-to-left runs as it shapes them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bidi import algorithm

#: Characters of strong right-to-left scripts and the controls that can start right-to-left
#: embedding; a paragraph without any of them needs no bidi work at all.
_RTL = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\u200f\u202b\u202e\u2067\u061c"
    "\U00010800-\U00010fff\U0001e800-\U0001efff]"
)


def has_rtl(text: str) -> bool:
    """True when ``text`` holds anything that can be laid out right to left."""
    return _RTL.search(text) is not None


@dataclass(frozen=True, slots=True)
class Levels:
    """A paragraph's resolved embedding levels (odd = right to left)."""

    base_level: int
    chars: tuple[dict[str, Any], ...]  # python-bidi's records, one per code point

    @property
    def rtl(self) -> bool:
        return self.base_level % 2 == 1


def resolve(text: str, base_rtl: bool | None = None) -> Levels:
    """Resolve the bidi levels of a whole paragraph (base direction from its first strong letter
    unless ``base_rtl`` is given)."""
    base_level = int(base_rtl) if base_rtl is not None else algorithm.get_base_level(text, False)
    storage = algorithm.get_empty_storage()
    storage["base_level"] = base_level
    storage["base_dir"] = ("L", "R")[base_level]
    algorithm.get_embedding_levels(text, storage)
    records: list[dict[str, Any]] = storage["chars"]
    for index, record in enumerate(records):
        record["index"] = index
    algorithm.explicit_embed_and_overrides(storage)
    algorithm.resolve_weak_types(storage)
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    # Rule X9 drops format characters (joiners, embedding controls) from the algorithm's list;
    # they keep the level of the character before them, as UAX #9 suggests.
    kept = {id(record) for record in storage["chars"]}
    previous = base_level
    for record in records:
        if id(record) in kept:
            previous = record["level"]
        else:
            record["level"] = previous
    return Levels(base_level, tuple(records))


@dataclass(frozen=True, slots=True)
class VisualRun:
    """Logical characters ``start:end`` of a line, placed left to right at this position."""

    start: int
    end: int
    level: int

    @property
    def rtl(self) -> bool:
        return self.level % 2 == 1


def line_runs(levels: Levels, start: int, end: int) -> list[VisualRun]:
    """The line ``start:end`` of the paragraph as directional runs, in visual order."""
    if start >= end:
        return []
    line = [dict(record) for record in levels.chars[start:end]]
    storage = algorithm.get_empty_storage()
    storage["base_level"] = levels.base_level
    storage["base_dir"] = ("L", "R")[levels.base_level]
    storage["chars"] = line
    algorithm.reorder_resolved_levels(storage, False)
    runs: list[VisualRun] = []
    run_start = run_end = -1
    run_level = -1
    for record in storage["chars"]:
        index, level = record["index"], record["level"]
        rtl = level % 2 == 1
        if level == run_level and index == (run_start - 1 if rtl else run_end):
            if rtl:
                run_start = index
            else:
                run_end = index + 1
            continue
        if run_level >= 0:
            runs.append(VisualRun(run_start, run_end, run_level))
        run_start, run_end, run_level = index, index + 1, level
    runs.append(VisualRun(run_start, run_end, run_level))
    return runs
