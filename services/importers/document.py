"""What a reader hands back."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ImportedDocument:
    """Text (not yet canonical) and the metadata found in the file, if any."""

    text: str
    source_format: str
    title: str = ""
    authors: tuple[str, ...] = ()
