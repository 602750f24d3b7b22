"""The sources of a citation list as reference-manager files: CSL-JSON, BibTeX and RIS.

Each source carries the quotes taken from it as notes, so a journalist who imports the file
into Zotero (or any reference manager) gets the sources and what was quoted from them. All three
are written as UTF-8 with the text as it is: Zotero, biblatex/biber and every current RIS reader
take Unicode, and transliterating a Russian title would change the source's words.

RIS goes through ``rispy``. BibTeX is written here rather than through bibtexparser's writer,
which copies values verbatim: a title with ``%`` or an unbalanced ``{`` would break the file, and
escaping is the part that matters.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import rispy

from services.export.csl_items import name_text, stored_date
from services.export.options import CitationFormat


@dataclass(frozen=True)
class SourceEntry:
    """One source: its CSL-JSON item, and the quotes from it as notes (one string each)."""

    item: Mapping[str, Any]
    notes: tuple[str, ...] = ()


def sources_text(entries: Sequence[SourceEntry], fmt: CitationFormat) -> str:
    """The whole file for ``entries`` in a reference-manager format."""
    if fmt is CitationFormat.CSL_JSON:
        return csl_json_text(entries)
    if fmt is CitationFormat.BIBTEX:
        return bibtex_text(entries)
    if fmt is CitationFormat.RIS:
        return ris_text(entries)
    raise ValueError(f"{fmt} is not a sources format")


# ------------------------------------------------------------------------------ CSL-JSON


def csl_json_text(entries: Sequence[SourceEntry]) -> str:
    """A CSL-JSON list, the quotes in each item's ``note`` (after a note it already had)."""
    items = []
    for entry in entries:
        item = dict(entry.item)
        notes = [str(item["note"])] if item.get("note") else []
        notes.extend(entry.notes)
        if notes:
            item["note"] = "\n\n".join(notes)
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


# ------------------------------------------------------------------------------ BibTeX

_BIBTEX_TYPES = {
    "article-newspaper": "article",
    "article-magazine": "article",
    "article-journal": "article",
    "article": "article",
    "webpage": "online",
    "post-weblog": "online",
    "post": "online",
    "report": "report",
    "book": "book",
    "chapter": "incollection",
    "thesis": "thesis",
}

_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_LATEX_SPECIAL = re.compile("|".join(re.escape(char) for char in _LATEX_SPECIALS))


def latex_escape(text: str) -> str:
    """Text as a BibTeX field value: every LaTeX special character escaped, the rest as is."""
    return _LATEX_SPECIAL.sub(lambda match: _LATEX_SPECIALS[match.group(0)], text)


def latex_unescape(value: str) -> str:
    """The inverse of :func:`latex_escape` (what a reference manager reads back)."""
    inverse = {escaped: char for char, escaped in _LATEX_SPECIALS.items()}
    pattern = re.compile("|".join(re.escape(escaped) for escaped in inverse))
    return pattern.sub(lambda match: inverse[match.group(0)], value)


def _bibtex_name(person: object) -> str:
    if not isinstance(person, Mapping):
        return ""
    if person.get("family"):
        family = " ".join(
            str(person[key]).strip()
            for key in ("non-dropping-particle", "family")
            if person.get(key)
        )
        given = " ".join(
            str(person[key]).strip() for key in ("given", "dropping-particle") if person.get(key)
        )
        name = latex_escape(family) + (f", {latex_escape(given)}" if given else "")
        return name.replace(" and ", " {and} ")
    # An institution is one name: braces keep BibTeX from splitting it into given and family.
    literal = name_text(person)
    return f"{{{latex_escape(literal)}}}" if literal else ""


def _iso(value: object) -> str:
    """A CSL date as biblatex's ISO date, as precise as the date is (2025, 2025-12, 2025-12-20)."""
    if not isinstance(value, Mapping):
        return ""
    parts = value.get("date-parts")
    if not (isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]):
        return ""
    if stored_date(value) is None:
        return ""
    numbers = [int(part) for part in parts[0][:3]]
    return "-".join([f"{numbers[0]:04d}", *(f"{number:02d}" for number in numbers[1:])])


def _key_word(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", ascii_text.lower())


def _citation_key(item: Mapping[str, Any], taken: set[str]) -> str:
    """Author, year and first title word, ASCII only (BibTeX keys must be); made unique."""
    authors = item.get("author")
    first = authors[0] if isinstance(authors, list) and authors else {}
    name = (first.get("family") or name_text(first)) if isinstance(first, Mapping) else ""
    title_words = [_key_word(word) for word in str(item.get("title", "")).split()]
    word = next((w for w in title_words if len(w) > 3), next((w for w in title_words if w), ""))
    year = _iso(item.get("issued"))[:4]
    # A key starts with a letter; a name in another script leaves no ASCII letters to use.
    base = (_key_word(str(name)) or "source") + year + word
    key, suffix = base, 0
    while key in taken:
        suffix += 1
        key = f"{base}{chr(ord('a') + suffix - 1) if suffix <= 26 else suffix}"
    taken.add(key)
    return key


def _bibtex_fields(item: Mapping[str, Any], notes: Sequence[str]) -> list[tuple[str, str]]:
    kind = _BIBTEX_TYPES.get(str(item.get("type", "")), "misc")
    fields: list[tuple[str, str]] = []

    def add(name: str, value: object) -> None:
        if isinstance(value, str | int) and str(value).strip():
            fields.append((name, latex_escape(str(value).strip())))

    people = item.get("author")
    if isinstance(people, list):
        names = [name for name in map(_bibtex_name, people) if name]
        if names:
            fields.append(("author", " and ".join(names)))
    add("title", item.get("title"))
    container = item.get("container-title")
    add({"article": "journal", "incollection": "booktitle"}.get(kind, "howpublished"), container)
    add("institution" if kind == "report" else "publisher", item.get("publisher"))
    issued = _iso(item.get("issued"))
    if issued:
        fields.extend([("date", issued), ("year", issued[:4])])
    add("pages", item.get("page"))
    add("type", item.get("genre") or item.get("medium"))
    add("url", item.get("URL"))
    accessed = _iso(item.get("accessed"))
    if accessed:
        fields.append(("urldate", accessed))
    add("language", item.get("language"))
    add("note", item.get("note"))
    if notes:
        fields.append(("annote", latex_escape("\n\n".join(notes))))
    return fields


def bibtex_text(entries: Sequence[SourceEntry]) -> str:
    """A biblatex-flavoured BibTeX file (UTF-8), the quotes in each entry's ``annote``."""
    taken: set[str] = set()
    blocks = []
    for entry in entries:
        item = entry.item
        kind = _BIBTEX_TYPES.get(str(item.get("type", "")), "misc")
        key = _citation_key(item, taken)
        body = ",\n".join(
            f"  {name} = {{{value}}}" for name, value in _bibtex_fields(item, entry.notes)
        )
        blocks.append(f"@{kind}{{{key},\n{body}\n}}\n")
    return "\n".join(blocks)


# ------------------------------------------------------------------------------ RIS

_RIS_TYPES = {
    "article-newspaper": "NEWS",
    "article-magazine": "MGZN",
    "article-journal": "JOUR",
    "article": "JOUR",
    "webpage": "ELEC",
    "post-weblog": "BLOG",
    "post": "ICOMM",
    "interview": "PCOMM",
    "personal_communication": "PCOMM",
    "broadcast": "VIDEO",
    "motion_picture": "MPCT",
    "song": "SOUND",
    "speech": "SLIDE",
    "report": "RPRT",
    "book": "BOOK",
    "chapter": "CHAP",
    "thesis": "THES",
    "legal_case": "CASE",
    "legislation": "STAT",
    "dataset": "DATA",
    "manuscript": "MANSCPT",
    "map": "MAP",
}


class _RisWriter(rispy.RisWriter):  # type: ignore[misc]  # rispy is untyped
    """RIS without the "1." counter line rispy puts before each record (not part of RIS)."""

    def set_header(self, count: int) -> str:
        return ""


def _one_line(text: str) -> str:
    """RIS is one value per line: a line break (and the blank line of a new paragraph) inside
    a value becomes one space."""
    return re.sub(r"[ \t]*(?:\r?\n)+[ \t]*", " ", text).strip()


def _ris_date(value: object) -> str:
    iso = _iso(value)
    if not iso:
        return ""
    parts = iso.split("-")
    return "/".join([*parts, *([""] * (3 - len(parts)))]) + "/"


def _ris_record(item: Mapping[str, Any], notes: Sequence[str]) -> dict[str, Any]:
    record: dict[str, Any] = {"type_of_reference": _RIS_TYPES.get(str(item.get("type")), "GEN")}

    def add(key: str, value: object) -> None:
        if isinstance(value, str | int) and str(value).strip():
            record[key] = _one_line(str(value))

    add("id", item.get("id"))
    add("title", item.get("title"))
    people = item.get("author")
    if isinstance(people, list):
        names = [_ris_name(person) for person in people]
        if any(names):
            record["authors"] = [name for name in names if name]
    add("secondary_title", item.get("container-title"))
    add("publisher", item.get("publisher"))
    issued = _iso(item.get("issued"))
    if issued:
        record["year"] = issued[:4]
        record["date"] = _ris_date(item.get("issued"))
    add("start_page", item.get("page"))
    add("type_of_work", item.get("genre") or item.get("medium"))
    if isinstance(item.get("URL"), str) and item["URL"].strip():
        record["urls"] = [item["URL"].strip()]
    add("access_date", _ris_date(item.get("accessed")))
    add("language", item.get("language"))
    all_notes = [str(item["note"])] if item.get("note") else []
    all_notes.extend(notes)
    if all_notes:
        record["notes"] = [_one_line(note) for note in all_notes]
    return record


def _ris_name(person: object) -> str:
    if isinstance(person, Mapping) and person.get("family"):
        given = str(person.get("given") or "").strip()
        return _one_line(f"{person['family']}, {given}" if given else str(person["family"]))
    return _one_line(name_text(person))


def ris_text(entries: Sequence[SourceEntry]) -> str:
    """An RIS file: one record per source, one ``N1`` note per quote."""
    records = [_ris_record(entry.item, entry.notes) for entry in entries]
    return str(rispy.dumps(records, implementation=_RisWriter))
