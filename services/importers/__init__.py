"""Readers that turn a file into text plus whatever metadata the file itself carries.

Each reader is a function ``bytes, name -> ImportedDocument`` in a module of this package; this
module picks one by file extension. Readers are imported only when a file of their kind is
read, so starting the app or the CLI never pays for an HTML or PDF library it does not use.
Readers never touch the library: storing is :mod:`services.importing`'s job, so a reader that
fails changes nothing.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import cast

from services.errors import ImportFailedError
from services.importers.document import Attachment, ImportedDocument

#: Files larger than this are refused before they are read (a novel is about 1 MB of text).
MAX_FILE_BYTES = 64 * 1024 * 1024

Reader = Callable[[bytes, str], ImportedDocument]

#: File extension → "module:function" of its reader, and the label file dialogs show.
FORMATS: dict[str, tuple[str, str]] = {
    ".txt": ("services.importers.plain:read_plain_text", "Text"),
    ".text": ("services.importers.plain:read_plain_text", "Text"),
    ".md": ("services.importers.markdown:read_markdown", "Markdown"),
    ".markdown": ("services.importers.markdown:read_markdown", "Markdown"),
    ".html": ("services.importers.html:read_html", "Web page"),
    ".htm": ("services.importers.html:read_html", "Web page"),
    ".docx": ("services.importers.word:read_docx", "Word"),
    ".odt": ("services.importers.opendocument:read_odt", "OpenDocument text"),
    ".rtf": ("services.importers.rtf:read_rtf", "Rich text"),
    ".epub": ("services.importers.epub:read_epub", "E-book"),
    ".eml": ("services.importers.email_message:read_eml", "E-mail"),
    ".pdf": ("services.importers.pdf:read_pdf", "PDF"),
}


def _reader(suffix: str) -> Reader | None:
    target = FORMATS.get(suffix.lower())
    if target is None:
        return None
    module, function = target[0].split(":")
    return cast(Reader, getattr(importlib.import_module(module), function))


def file_filter() -> str:
    """For file dialogs: "All supported (*.a *.b);;Label (*.a);;…"."""
    by_label: dict[str, list[str]] = {}
    for suffix, (_target, label) in FORMATS.items():
        by_label.setdefault(label, []).append(f"*{suffix}")
    everything = " ".join(pattern for patterns in by_label.values() for pattern in patterns)
    kinds = [f"{label} ({' '.join(patterns)})" for label, patterns in by_label.items()]
    return ";;".join([f"All supported files ({everything})", *kinds])


def supported(path: Path) -> bool:
    return path.suffix.lower() in FORMATS


def read_bytes(data: bytes, name: str, suffix: str) -> ImportedDocument:
    """Read a document already in memory (a download, an attachment) by its kind's suffix."""
    reader = _reader(suffix)
    if reader is None:
        kinds = ", ".join(sorted(FORMATS))
        raise ImportFailedError(name, f"unsupported file type (Quotebook reads {kinds})")
    if not data.strip():
        raise ImportFailedError(name, "the file is empty")
    if len(data) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        raise ImportFailedError(name, f"the file is larger than {limit} MB")
    return reader(data, name)


def read_document(path: Path) -> ImportedDocument:
    """Read one file into an :class:`ImportedDocument`, or raise a one-line reason."""
    name = str(path)
    if not supported(path):
        kinds = ", ".join(sorted(FORMATS))
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
    return read_bytes(data, name, path.suffix)


__all__ = [
    "FORMATS",
    "Attachment",
    "ImportedDocument",
    "file_filter",
    "read_bytes",
    "read_document",
    "supported",
]
