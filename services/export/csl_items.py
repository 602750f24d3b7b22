"""An article's CSL-JSON item: what the CSL engine and the reference-manager exports read.

Two sources meet here. The fields the journalist edits in Quotebook (title, outlet, authors,
date, URL, language, type) are the truth, because they are what the user last said. The full
CSL item kept from the import (``ArticleMeta.csl_extra``) knows more than those fields can say:
structured names ("Family, Given", particles, an institution as one literal name), a date known
only to the year or month, the accessed date, the page, the genre, the interviewer. Each stored
detail is kept for as long as it still agrees with the edited fields, and dropped once it does
not, so an edit is never silently undone by an old import.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from services.readmodels import ArticleMeta

#: Types whose "outlet" is the publisher (a report's organisation), not a container's title.
PUBLISHER_TYPES = frozenset(
    {"report", "book", "thesis", "dataset", "software", "standard", "pamphlet", "document"}
)


def csl_item(meta: ArticleMeta, *, item_id: str, imported: date | None = None) -> dict[str, Any]:
    """The CSL-JSON item for an article; ``imported`` (the import day) stands in as the accessed
    date of a web source whose item has none."""
    item = {key: value for key, value in meta.csl_fields.items() if key != "id"}
    item["id"] = item_id
    item["type"] = meta.csl_type or "article-newspaper"
    item["title"] = meta.title
    _set_outlet(item, meta)
    _set(item, "author", _names(meta.authors, item.get("author")))
    _set(item, "issued", _issued(meta.published, item.get("issued")))
    _set(item, "URL", meta.url)
    _set(item, "language", meta.language)
    if meta.url and not item.get("accessed") and imported is not None:
        item["accessed"] = _date_parts(imported)
    return item


def _set(item: dict[str, Any], key: str, value: Any) -> None:
    if value:
        item[key] = value
    else:
        item.pop(key, None)


def _set_outlet(item: dict[str, Any], meta: ArticleMeta) -> None:
    """The outlet goes where the stored item had it, else where the type wants it."""
    if "container-title" in item:
        field = "container-title"
    elif "publisher" in item or item["type"] in PUBLISHER_TYPES:
        field = "publisher"
    else:
        field = "container-title"
    _set(item, field, meta.outlet)


def name_text(person: object) -> str:
    """A CSL name as one line, the way the article's author strings are written."""
    if not isinstance(person, Mapping):
        return ""
    literal = person.get("literal")
    if isinstance(literal, str) and literal.strip():
        return literal.strip()
    parts = (
        person.get(key)
        for key in ("given", "dropping-particle", "non-dropping-particle", "family", "suffix")
    )
    return " ".join(str(part).strip() for part in parts if isinstance(part, str) and part.strip())


def split_name(author: str) -> dict[str, str]:
    """An author string as a CSL name: "Given Family" split at the last space; a single word
    (an organisation, a pen name) stays one literal name."""
    author = author.strip()
    given, _, family = author.rpartition(" ")
    if not given:
        return {"literal": author}
    return {"family": family, "given": given}


def _names(authors: Sequence[str], stored: object) -> list[dict[str, Any]]:
    """The authors as CSL names, reusing each stored structured name whose text still matches."""
    known: dict[str, dict[str, Any]] = {}
    if isinstance(stored, list):
        for person in stored:
            text = name_text(person)
            if text and isinstance(person, Mapping):
                known.setdefault(text.casefold(), dict(person))
    return [known.get(author.strip().casefold()) or split_name(author) for author in authors]


def _date_parts(day: date) -> dict[str, Any]:
    return {"date-parts": [[day.year, day.month, day.day]]}


def stored_date(issued: object) -> date | None:
    """The day a CSL date stands for, missing month or day read as 1 (as imports store it)."""
    if not isinstance(issued, Mapping):
        return None
    parts = issued.get("date-parts")
    if not (isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]):
        return None
    try:
        numbers = [int(part) for part in parts[0][:3]]
        year, month, day = (*numbers, 1, 1)[:3]
        return date(year, month, day)
    except (TypeError, ValueError):
        return None


def _issued(published: date | None, stored: object) -> dict[str, Any] | None:
    """The publication date: the stored one (maybe year or month only) while it agrees with the
    edited date, else the edited date in full."""
    if published is None:
        return None
    if isinstance(stored, Mapping) and stored_date(stored) == published:
        return dict(stored)
    return _date_parts(published)
