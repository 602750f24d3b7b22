"""``quotebook [--library PATH] COMMAND …``: run one command, or open the window if none.

Errors the user can act on (:class:`QuotebookError`) become one line on stderr and exit status
1; usage errors exit 2, as argparse does. Anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from cli.commands import report_error
from cli.library import LazyLibrary
from cli.parser import parse_arguments
from cli.terminal import use_utf8
from services.errors import QuotebookError
from services.paths import default_library_location

if TYPE_CHECKING:
    import argparse

Handler = Callable[["argparse.Namespace", LazyLibrary], int]

#: Exit status after Ctrl+C, as shells report a process ended by SIGINT.
INTERRUPTED = 130


def run(argv: Sequence[str]) -> int:
    """Run the command in ``argv`` (without the program name) and return the exit status."""
    use_utf8(sys.stdout, errors="replace")
    use_utf8(sys.stderr, errors="backslashreplace")
    try:
        args = parse_arguments(list(argv))
    except SystemExit as stop:  # --help, --version, or a usage error (already printed)
        return stop.code if isinstance(stop.code, int) else 2
    location: str = args.library or default_library_location()
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        from ui.app import run_app  # noqa: PLC0415 - only the window may import Qt

        return run_app(location)
    opened = LazyLibrary(location)
    try:
        status = handler(args, opened)
        sys.stdout.flush()
        return status
    except QuotebookError as error:
        report_error(error.item, error.reason)
        return 1
    except KeyboardInterrupt:
        report_error("interrupted", "what finished before is saved; nothing half-done was")
        return INTERRUPTED
    except BrokenPipeError:
        _discard_stdout()  # `quotebook quotes | head`: the reader left, which is not an error
        return 1
    finally:
        opened.close()


def _discard_stdout() -> None:
    """Point stdout at the null device so the interpreter's final flush does not fail again."""
    try:
        fileno = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fileno)
    os.close(devnull)
