"""The library a command works on, opened only when the command first needs it.

Commands check their arguments (dates, ``--metadata`` files) before touching the library, so a
mistyped command neither creates a library file nor waits on a lock.
"""

from __future__ import annotations

from services.library import Library


class LazyLibrary:
    def __init__(self, location: str) -> None:
        self.location = location
        self._library: Library | None = None

    @property
    def library(self) -> Library:
        """The open library; raises :class:`LibraryUnavailableError` if it cannot be opened."""
        if self._library is None:
            self._library = Library.open(self.location)
        return self._library

    def close(self) -> None:
        if self._library is not None:
            self._library.close()
            self._library = None
