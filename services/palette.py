"""Speaker colours: distinguishable from each other, for colour-blind readers and on paper.

The first eight follow Okabe and Ito's colour-universal-design palette (2008), minus its black;
the rest extend it with muted tones that stay apart from those when printed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

PALETTE: tuple[str, ...] = (
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#009E73",  # bluish green
    "#F0E442",  # yellow
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#8C6D31",  # olive brown
    "#9467BD",  # violet
    "#17BECF",  # cyan
    "#BCBD22",  # olive
    "#E377C2",  # pink
)

_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


def is_color(value: str) -> bool:
    return bool(_HEX.match(value))


def normalize_color(value: str) -> str:
    return value.upper()


def next_color(in_use: Iterable[str]) -> str:
    """The palette colour fewest speakers have yet, earliest in the palette on a tie."""
    used = Counter(color.upper() for color in in_use)
    return min(PALETTE, key=lambda color: (used[color], PALETTE.index(color)))
