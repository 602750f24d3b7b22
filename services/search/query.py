"""Reading what a journalist typed into a search box.

The grammar is forgiving on purpose: there is no input it refuses. Words must all match;
``"a phrase"`` in any of the usual quotation marks (straight, «…», „…“, “…”, 「…」) matches the
words together; ``minist*`` matches words starting so; ``-word`` and ``-"a phrase"`` exclude;
``speaker:``, ``tag:``, ``outlet:``, ``kind:``, ``before:`` and ``after:`` filter (a value in
quotation marks may hold spaces; ``-speaker:…`` excludes). A quotation mark that never closes, a
lone ``-`` or ``*``, an unknown ``name:`` or a filter value that cannot be read all fall back to
plain words, and characters that mean something to the database engine are never passed to it
as syntax.

``before:`` and ``after:`` take ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``: ``after:`` keeps what
was published from that period's first day on, ``before:`` what was published before that
period began, so ``after:2024 before:2025`` is 2024 and ``after:2024-03`` includes March.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from models.tables import QuoteKind
from services.search.words import TOKEN, fold

#: Opening quotation marks and the marks that may close them.
_QUOTES = {
    '"': '"“”',
    "«": "»",
    "»": "«",
    "„": '“”"',
    "“": '”“"',
    "”": '”"',
    "‚": "‘’",
    "‘": "’‘",
    "‹": "›",
    "「": "」",
    "『": "』",
    "＂": "＂",
}
_FILTER = re.compile(r"(speaker|tag|outlet|kind|before|after):", re.IGNORECASE)
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")
#: Field names of :class:`Filter` whose values are matched as words.
WORD_FILTERS = ("speaker", "tag", "outlet")


@dataclass(frozen=True, slots=True)
class Term:
    """Words that must appear together: one word, or a phrase (in order, side by side).

    ``words`` are folded (see :func:`services.search.words.fold`); ``prefix`` makes the last
    word match any word it starts.
    """

    words: tuple[str, ...]
    prefix: bool = False

    @property
    def phrase(self) -> bool:
        return len(self.words) > 1


@dataclass(frozen=True, slots=True)
class Filter:
    """``speaker:``, ``tag:`` or ``outlet:`` (value words folded, every one must match)."""

    field: str
    words: tuple[str, ...]
    negated: bool = False


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    terms: tuple[Term, ...] = ()
    excluded: tuple[Term, ...] = ()
    filters: tuple[Filter, ...] = ()
    kinds: tuple[QuoteKind, ...] = ()
    excluded_kinds: tuple[QuoteKind, ...] = ()
    #: Published before this day / on or after this day.
    before: date | None = None
    after: date | None = None

    @property
    def empty(self) -> bool:
        """Nothing to look for: every quote and article would match."""
        return self == ParsedQuery()

    @property
    def has_text(self) -> bool:
        return bool(self.terms or self.excluded)

    @property
    def quote_only(self) -> bool:
        """Filters that only a quote has (speaker, tag, kind): articles are found through them."""
        return bool(
            self.kinds
            or self.excluded_kinds
            or any(f.field in {"speaker", "tag"} for f in self.filters)
        )


class _Builder:
    def __init__(self) -> None:
        self.terms: list[Term] = []
        self.excluded: list[Term] = []
        self.filters: list[Filter] = []
        self.kinds: list[QuoteKind] = []
        self.excluded_kinds: list[QuoteKind] = []
        self.before: date | None = None
        self.after: date | None = None

    def words(self, text: str, *, negated: bool, phrase: bool) -> None:
        """Plain text: one term per word, or one term for all of it if it is a phrase."""
        found = [fold(match.group()) for match in TOKEN.finditer(text)]
        found = [word for word in found if word]
        if not found:
            return
        prefix = text.rstrip().endswith("*")
        target = self.excluded if negated else self.terms
        if phrase or (len(found) > 1 and _joined(text)):
            target.append(Term(tuple(found), prefix))
        else:
            target.extend(Term((word,)) for word in found[:-1])
            target.append(Term((found[-1],), prefix))

    def filter(self, name: str, value: str, *, negated: bool) -> bool:
        """Add a filter; False if the value cannot be read (the caller keeps it as words)."""
        name = name.lower()
        if name in WORD_FILTERS:
            words = tuple(fold(m.group()) for m in TOKEN.finditer(value))
            if not words:
                return False
            self.filters.append(Filter(name, words, negated))
            return True
        if name == "kind":
            kind = _kind(value)
            if kind is None:
                return False
            (self.excluded_kinds if negated else self.kinds).append(kind)
            return True
        if negated:
            return False
        first_day = _period(value)
        if first_day is None:
            return False
        if name == "before":
            self.before = first_day if self.before is None else min(self.before, first_day)
        else:
            self.after = first_day if self.after is None else max(self.after, first_day)
        return True

    def result(self) -> ParsedQuery:
        return ParsedQuery(
            tuple(dict.fromkeys(self.terms)),
            tuple(dict.fromkeys(self.excluded)),
            tuple(dict.fromkeys(self.filters)),
            tuple(dict.fromkeys(self.kinds)),
            tuple(dict.fromkeys(self.excluded_kinds)),
            self.before,
            self.after,
        )


def _joined(text: str) -> bool:
    """Words joined by a hyphen, slash, dot or apostrophe (``COVID-19``, ``l'état``) are one
    phrase; words joined by anything else a journalist types between words are not."""
    return re.search(r"\w[-‐‑–/.'’]\w", text) is not None


def _kind(value: str) -> QuoteKind | None:
    key = fold(value.strip())
    if not key:
        return None
    matches = [kind for kind in QuoteKind if kind.value.startswith(key)]
    return matches[0] if len(matches) == 1 else None


def _period(value: str) -> date | None:
    """The first day of ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
    match = _DATE.match(value.strip())
    if match is None:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None
    try:
        return date(year, month or 1, day or 1)
    except ValueError:
        return None


def _closing(text: str, start: int) -> int:
    """Index of the mark closing the quotation opened at ``start``, or -1."""
    closers = _QUOTES[text[start]]
    for index in range(start + 1, len(text)):
        if text[index] in closers:
            return index
    return -1


def parse(query: str) -> ParsedQuery:
    """Read a search query; never raises (see the module docstring)."""
    builder = _Builder()
    text = query.replace("\x00", " ")
    index, length = 0, len(text)
    while index < length:
        if text[index].isspace():
            index += 1
            continue
        negated = False
        if text[index] == "-" and index + 1 < length and not text[index + 1].isspace():
            negated = True
            index += 1
        filter_match = _FILTER.match(text, index)
        if filter_match is not None:
            value_start = filter_match.end()
            value, index = _value(text, value_start)
            if value.strip() and builder.filter(filter_match.group(1), value, negated=negated):
                continue
            builder.words(filter_match.group(1), negated=negated, phrase=False)
            builder.words(value, negated=negated, phrase=False)
            continue
        if text[index] in _QUOTES:
            close = _closing(text, index)
            if close > index:
                inner = text[index + 1 : close]
                index = close + 1
                if index < length and text[index] == "*":
                    inner += "*"
                    index += 1
                builder.words(inner, negated=negated, phrase=True)
                continue
            index += 1  # a mark that never closes is only punctuation
            continue
        end = index
        while end < length and not text[end].isspace() and text[end] not in _QUOTES:
            end += 1
        builder.words(text[index:end], negated=negated, phrase=False)
        index = end
    return builder.result()


def _value(text: str, start: int) -> tuple[str, int]:
    """A filter's value at ``start``: quoted, or up to the next space; and where it ends."""
    if start < len(text) and text[start] in _QUOTES:
        close = _closing(text, start)
        if close > start:
            return text[start + 1 : close], close + 1
        start += 1
    end = start
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end], end
