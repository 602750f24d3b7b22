"""What the user chooses before an export: one frozen value per export, shared by CLI and app."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from models.tables import QuoteKind

#: The style used when the user has not picked one.
DEFAULT_STYLE = "apa"


class Paper(StrEnum):
    A4 = "a4"
    LETTER = "letter"


class NotePlacement(StrEnum):
    """Where an annotated PDF prints each quote's note."""

    MARGIN = "margin"
    ENDNOTES = "endnotes"
    NONE = "none"


@dataclass(frozen=True)
class QuoteChoice:
    """Which quotes an export keeps; an empty tuple means "all"."""

    speaker_ids: tuple[int, ...] = ()
    tag_ids: tuple[int, ...] = ()
    kinds: tuple[QuoteKind, ...] = ()


@dataclass(frozen=True)
class AnnotatedPdfOptions:
    style: str = DEFAULT_STYLE
    paper: Paper = Paper.A4
    notes: NotePlacement = NotePlacement.MARGIN
    choice: QuoteChoice = QuoteChoice()
    #: Print confidential speakers' real names (the first page then says so). Off by default:
    #: a confidential source appears only under its public label.
    reveal_confidential: bool = False


class CitationFormat(StrEnum):
    PDF = "pdf"
    DOCX = "docx"
    MARKDOWN = "md"
    HTML = "html"
    TEXT = "txt"
    CSV = "csv"
    CSL_JSON = "csl-json"
    BIBTEX = "bibtex"
    RIS = "ris"

    @property
    def suffix(self) -> str:
        """The file name extension this format is saved under."""
        return _SUFFIXES.get(self, f".{self.value}")

    @property
    def sources_only(self) -> bool:
        """True for the reference-manager formats, which carry the sources (quotes as notes)."""
        return self in {CitationFormat.CSL_JSON, CitationFormat.BIBTEX, CitationFormat.RIS}


_SUFFIXES = {
    CitationFormat.CSL_JSON: ".json",
    CitationFormat.BIBTEX: ".bib",
}


class GroupBy(StrEnum):
    SPEAKER = "speaker"
    ARTICLE = "article"
    TAG = "tag"


class SortBy(StrEnum):
    """Order within a group: by the source's publication date, or by position in the article."""

    DATE = "date"
    POSITION = "position"


@dataclass(frozen=True)
class CitationListOptions:
    format: CitationFormat = CitationFormat.MARKDOWN
    style: str = DEFAULT_STYLE
    group_by: GroupBy = GroupBy.SPEAKER
    sort_by: SortBy = SortBy.DATE
    paper: Paper = Paper.A4
    reveal_confidential: bool = False
