"""Readers that turn a file into text plus whatever metadata the file itself carries.

Each reader is a function ``bytes, name -> ImportedDocument``; this module picks one by file
extension. Readers never touch the library: storing is :mod:`services.importing`'s job, so a
reader that fails changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from services.errors import ImportFailedError
from services.importers.document import ImportedDocument
from services.importers.markdown import read_markdown
from services.importers.plain import read_plain_text

#: Files larger than this are refused before they are read (a novel is about 1 MB of text).
MAX_FILE_BYTES = 64 * 1024 * 1024

Reader = Callable[[bytes, str], ImportedDocument]

READERS: dict[str, Reader] = {
    ".txt": read_plain_text,
    ".text": read_plain_text,
    ".md": read_markdown,
    ".markdown": read_markdown,
}

#: For file dialogs: "Label (*.a *.b)".
FILE_FILTER = "Text and Markdown (*.txt *.text *.md *.markdown)"


def supported(path: Path) -> bool:
    return path.suffix.lower() in READERS


def read_document(path: Path) -> ImportedDocument:
    """Read one file into an :class:`ImportedDocument`, or raise a one-line reason."""
    name = str(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        kinds = ", ".join(sorted(READERS))
        raise ImportFailedError(name, f"unsupported file type (Quotebook reads {kinds})")
    try:
        if not path.is_file():
            raise ImportFailedError(name, "no such file")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // (1024 * 1024)
            raise ImportFailedError(name, f"the file is larger than {limit} MB")
        data = path.read_bytes()
    except OSError as error:
        raise ImportFailedError(name, error.strerror or str(error)) from error
    if not data.strip():
        raise ImportFailedError(name, "the file is empty")
    return reader(data, name)


__all__ = ["FILE_FILTER", "ImportedDocument", "read_document", "supported"]
