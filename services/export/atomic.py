"""Write export files atomically, so a crash or a full disk never leaves half a file behind.

The content goes to a temporary file in the target's own folder (a rename is only atomic within
one file system), which replaces the target only once it is complete and flushed.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

from services.errors import InvalidInputError


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path to write to; on success it becomes ``target``, else it is removed."""
    folder = target.parent
    if not folder.is_dir():
        raise InvalidInputError(str(target), "the folder does not exist")
    # Not mkstemp: its files are private (0600), and an export should get the user's usual
    # permissions like any other file they save.
    temporary = folder / f".{target.name}.{secrets.token_hex(6)}.part"
    try:
        temporary.open("xb").close()
    except OSError as error:
        raise InvalidInputError(str(target), error.strerror or str(error)) from error
    try:
        yield temporary
        with temporary.open("rb+") as written:
            os.fsync(written.fileno())
        temporary.replace(target)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise InvalidInputError(str(target), error.strerror or str(error)) from error
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
