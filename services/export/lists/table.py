"""Citation lists as CSV: one row per quote, for a spreadsheet or a fact-checking tracker.

The file is UTF-8 with a byte-order mark, the one signal that makes Excel read Cyrillic,
Arabic or Japanese correctly instead of guessing a legacy code page. Column names are stable
(scripts and saved spreadsheet formulas refer to them): add columns at the end, never rename.

=============  ==================================================================
quote_id       the quote's id in the library
quote          the quote's words, verbatim (no quotation marks)
speaker        the speaker's name, or the public label of a confidential source
role           the speaker's role (empty for a confidential source shown by label)
affiliation    the speaker's organisation (likewise)
article_id     the source article's id in the library
article_title  its title
outlet         the outlet that published it
published      its publication date, ISO 8601 (YYYY-MM-DD), or empty
locator        where the quote is, as printed: ``¶ 4`` or ``p. 12``
page           the source page (paged sources only)
paragraph      the paragraph of the article's text, counting from 1
tags           the quote's tags, separated by "; "
note           the journalist's note
kind           direct, indirect or paraphrase
citation       the source's bibliography entry in the chosen style, as plain text
url            the source's web address
=============  ==================================================================
"""

from __future__ import annotations

import csv
from pathlib import Path

from services.export.lists.document import CitationList
from services.export.richtext import plain
from services.export.selection import Entry

COLUMNS = (
    "quote_id",
    "quote",
    "speaker",
    "role",
    "affiliation",
    "article_id",
    "article_title",
    "outlet",
    "published",
    "locator",
    "page",
    "paragraph",
    "tags",
    "note",
    "kind",
    "citation",
    "url",
)

#: What a spreadsheet starts a formula with. Tab and carriage return are included because some
#: spreadsheets skip them before looking for the formula sign.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def write_csv(document: CitationList, path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for entry in document.selection.entries:
            writer.writerow([_cell(value) for value in _row(document, entry)])


def _row(document: CitationList, entry: Entry) -> list[str | int]:
    meta = entry.source.summary.meta
    return [
        entry.quote_id,
        entry.text,
        entry.attribution.label,
        entry.attribution.role,
        entry.attribution.affiliation,
        entry.source.article_id,
        meta.title,
        meta.outlet,
        meta.published.isoformat() if meta.published else "",
        entry.locator.label(),
        entry.locator.page if entry.locator.page is not None else "",
        entry.locator.paragraph,
        "; ".join(entry.tags),
        entry.note,
        entry.kind.value,
        plain(document.reference(entry.source)),
        meta.url,
    ]


def _cell(value: str | int) -> str | int:
    """A cell a spreadsheet will show as text, never run as a formula.

    A quote or a note is text from outside (an article, a source's words). Opened in Excel or
    LibreOffice, a cell starting with ``=``, ``+``, ``-`` or ``@`` is taken for a formula, and
    a crafted one can fetch URLs or run commands on the fact-checker's machine (CSV injection).
    Such cells get a leading apostrophe, the spreadsheets' own "this is text" mark; the words
    after it are the quote's, unchanged.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value
