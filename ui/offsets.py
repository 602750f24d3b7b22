"""Code points (how Quotebook stores offsets) to UTF-16 units (how Qt counts) and back.

Every character outside the Basic Multilingual Plane — most emoji, some CJK — is one code point
but two UTF-16 units, so each one before a quote shifts Qt's positions by one. An
:class:`OffsetMap` is built once per article and converts in O(log n) either way.

Only the astral characters' positions are kept, and finding them never walks the text in
Python: the window builds a map for every article it opens, and a 4 MB report must not cost a
Python loop over four million characters. ASCII text (known in O(1)) has none; other text is
encoded to UTF-16 a slice at a time, and only a slice whose encoding is longer than its length
in code points (it holds an astral character) is searched, by a regular expression, in C.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

#: Any character Qt stores as a surrogate pair.
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
#: Code points per slice checked at once: big enough that the Python-level loop is short
#: (64 turns for 4 MB), small enough that the UTF-16 copy of a slice stays small.
_SLICE = 1 << 16


def astral_positions(text: str) -> list[int]:
    """Code-point indices of the characters outside the BMP, ascending."""
    if text.isascii():
        return []
    found: list[int] = []
    for begin in range(0, len(text), _SLICE):
        piece = text[begin : begin + _SLICE]
        if len(piece.encode("utf-16-le", "surrogatepass")) == 2 * len(piece):
            continue
        found.extend(begin + match.start() for match in _ASTRAL.finditer(piece))
    return found


class OffsetMap:
    def __init__(self, text: str) -> None:
        #: Code-point indices of the characters Qt counts twice, ascending.
        self._astral = astral_positions(text)
        #: The same characters' UTF-16 positions.
        self._astral_utf16 = [index + n for n, index in enumerate(self._astral)]
        self.length = len(text)

    def to_qt(self, code_point: int) -> int:
        """UTF-16 position of a code-point offset."""
        return code_point + bisect_left(self._astral, code_point)

    def from_qt(self, utf16: int) -> int:
        """Code-point offset of a UTF-16 position.

        A position inside a surrogate pair (which Qt never produces for a cursor, but a
        careless caller might) rounds down to the start of that character.
        """
        fully_before = bisect_right(self._astral_utf16, utf16 - 2)
        if fully_before < len(self._astral_utf16) and self._astral_utf16[fully_before] == utf16 - 1:
            return self._astral[fully_before]
        return utf16 - fully_before
