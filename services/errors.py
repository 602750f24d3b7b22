"""Errors the user can act on, as opposed to bugs.

A :class:`QuotebookError` is the environment's or the input's fault (a missing file, an unknown
speaker, a span past the end of the text). Its message always names the item and the reason in
one line, so the CLI can print it as is and the app can show it in a dialog. Anything else that
escapes a service is a bug and gets a traceback.
"""

from __future__ import annotations


class QuotebookError(Exception):
    """A problem with the user's input or environment, reported as ``item: reason``."""

    def __init__(self, item: str, reason: str) -> None:
        super().__init__(f"{item}: {reason}")
        self.item = item
        self.reason = reason


class NotFoundError(QuotebookError):
    """The named article, quote, speaker or tag is not in the library."""


class InvalidInputError(QuotebookError):
    """A value the library cannot accept (an empty name, a span outside the text…)."""


class ImportFailedError(QuotebookError):
    """A document could not be read; the library was not changed."""


class LibraryUnavailableError(QuotebookError):
    """The library file cannot be opened (locked, corrupt, not a Quotebook library…)."""
