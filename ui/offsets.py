"""Code points (how Quotebook stores offsets) to UTF-16 units (how Qt counts) and back.

Every character outside the Basic Multilingual Plane — most emoji, some CJK — is one code point
but two UTF-16 units, so each one before a quote shifts Qt's positions by one. An
:class:`OffsetMap` is built once per article and converts in O(log n) either way.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right


class OffsetMap:
    def __init__(self, text: str) -> None:
        #: Code-point indices of the characters Qt counts twice, ascending.
        self._astral = [index for index, char in enumerate(text) if ord(char) > 0xFFFF]
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
