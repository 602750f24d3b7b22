"""Keep title case the way the reference engine does it.

Styles such as MLA and Chicago print English titles in title case. Which short words stay in
lower case is the engine's choice: citeproc-js (inside Zotero, and our reference) keeps a long
list of prepositions and conjunctions in lower case ("… Tower after Heated Hearing"); pandoc's
list is shorter and capitalises "After". Rather than post-edit pandoc's output, we tell it which
words to leave alone: a word on citeproc-js's list, written in lower case, not first and not
after a colon, goes to pandoc inside a ``nocase`` span (the CSL-JSON way of protecting case).
A word the journalist capitalised is left to the engine, which keeps capitals anyway.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from xml.etree.ElementTree import Element

#: Words citeproc-js leaves in lower case in a title (prepositions, conjunctions, articles and a
#: few name particles), and the two-word phrases it treats the same way.
SKIP_WORDS = frozenset(
    """
    a about above across afore after against al along alongside amid amidst among amongst an
    and anenst apropos apud around as aside astride at athwart atop barring before behind below
    beneath beside besides between beyond but by c ca circa d' de despite down during et except
    for forenenst from given in inside into lest like modulo near next nor notwithstanding of
    off on onto or out over per plus pro qua sans since so than the through thru throughout
    thruout till to toward towards under underneath until unto up upon v v. van versus via
    vis-à-vis von vs vs. with within without yet
    """.split()  # noqa: SIM905 - a word list reads best as words
)
SKIP_PHRASES = frozenset(
    tuple(phrase.split())
    for phrase in (
        "according to",
        "ahead of",
        "apart from",
        "as for",
        "as of",
        "as per",
        "as regards",
        "aside from",
        "back to",
        "because of",
        "close to",
        "due to",
        "except for",
        "far from",
        "inside of",
        "instead of",
        "near to",
        "next to",
        "on to",
        "out from",
        "out of",
        "outside of",
        "prior to",
        "pursuant to",
        "rather than",
        "regardless of",
        "such as",
        "that of",
        "up to",
        "where as",
    )
)

#: The fields a style may print in title case.
TITLE_FIELDS = (
    "title",
    "title-short",
    "container-title",
    "container-title-short",
    "collection-title",
    "volume-title",
    "event-title",
)

_WORDS = re.compile(r"\s+")
_EDGE = re.compile(r"^[^\w']+|[^\w'.]+$")


def uses_title_case(style: Element) -> bool:
    """Whether the style title-cases anything (otherwise protecting words changes nothing)."""
    return any(element.get("text-case") == "title" for element in style.iter())


def is_english(item: Mapping[str, Any]) -> bool:
    """CSL engines title-case only English items (or items that do not say)."""
    language = item.get("language")
    return not isinstance(language, str) or not language.strip() or language.lower()[:2] == "en"


def protected_words(text: str) -> frozenset[int]:
    """Numbers of the words of ``text`` (split at white space) to keep in lower case."""
    words = [word for word in _WORDS.split(text) if word]
    cores = [_EDGE.sub("", word) for word in words]
    protect: set[int] = set()
    for index, word in enumerate(words):
        if index == 0 or words[index - 1].endswith(":") or word != word.lower():
            continue
        if cores[index] in SKIP_WORDS:
            protect.add(index)
        pair = tuple(cores[index : index + 2])
        if pair in SKIP_PHRASES and words[index + 1] == words[index + 1].lower():
            protect.update({index, index + 1})
    return frozenset(protect)


def protections(item: Mapping[str, Any]) -> dict[str, frozenset[int]]:
    """For one item: each title field's words to protect (empty for a non-English item)."""
    if not is_english(item):
        return {}
    found = {}
    for field in TITLE_FIELDS:
        value = item.get(field)
        if isinstance(value, str):
            words = protected_words(value)
            if words:
                found[field] = words
    return found
