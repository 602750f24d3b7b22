"""Bibliography order as the reference engine sorts it, where pandoc's differs.

Pandoc sorts a bibliography by the style's keys with Unicode's root collation, and puts an
item whose key is empty first. citeproc-js (our reference) follows the CSL specification, which
puts empty keys last, and collates in the style's locale, which for Russian (GOST) puts Cyrillic
before Latin. Passing pandoc the language does not change its order, so we correct it here, and
only there: within one script, and among items whose keys are all present, pandoc's order
stands.

How: a first pandoc run renders, for every item, the style's sort keys instead of its entry
(:func:`key_style`), in pandoc's own order. The first key that differs between items decides: a
stable sort moves items whose key is empty to the end and, for a locale that orders its own
script first, items in that script before the rest. If that changes the order, the real run uses
the style without its bibliography ``<sort>`` (:func:`unsorted_style`) and cites the items in
the corrected order, so numbering (GOST's "1.", "2.") and year suffixes (2026a/2026b) follow the
corrected order exactly as they would in the reference engine.
"""

from __future__ import annotations

import copy
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any
from xml.etree.ElementTree import Element, SubElement, register_namespace, tostring

from services.export.styles import CSL_NS

_NS = {"csl": CSL_NS}

#: Private-use characters that mark where each rendered key starts and where the keys end.
KEY_MARK = 0xE000
END_MARK = chr(0xE0FF)

#: The scripts a locale's collation puts before all others (CLDR's script reordering).
_OWN_SCRIPTS: dict[str, frozenset[str]] = {
    **dict.fromkeys(
        ("ru", "uk", "be", "bg", "mk", "sr", "kk", "ky", "mn", "tg", "tt", "ba"),
        frozenset({"CYRILLIC"}),
    ),
    "el": frozenset({"GREEK"}),
    **dict.fromkeys(("ar", "fa", "ur"), frozenset({"ARABIC"})),
    "he": frozenset({"HEBREW"}),
    "ja": frozenset({"HIRAGANA", "KATAKANA", "CJK"}),
    "zh": frozenset({"CJK"}),
    "ko": frozenset({"HANGUL", "CJK"}),
    "th": frozenset({"THAI"}),
    "hy": frozenset({"ARMENIAN"}),
    "ka": frozenset({"GEORGIAN"}),
}

_NAME_VARIABLES = frozenset(
    {
        "author",
        "editor",
        "translator",
        "container-author",
        "collection-editor",
        "composer",
        "director",
        "interviewer",
        "illustrator",
        "original-author",
        "recipient",
        "reviewed-author",
        "editorial-director",
    }
)
_DATE_VARIABLES = frozenset(
    {"issued", "accessed", "event-date", "original-date", "submitted", "available-date"}
)


def _sort_keys(style: Element) -> list[Element]:
    return style.findall("csl:bibliography/csl:sort/csl:key", _NS)


def own_scripts(style: Element) -> frozenset[str]:
    """Scripts the style's locale sorts first (none for English and most Latin locales)."""
    locale = (style.get("default-locale") or "en-US").lower()
    return _OWN_SCRIPTS.get(locale.split("-")[0], frozenset())


def needs_check(style: Element, items: Sequence[Mapping[str, Any]]) -> bool:
    """Whether pandoc's order could differ from the reference: the style sorts its bibliography
    and either its locale orders scripts, or some item has no author (a key may be empty)."""
    if not _sort_keys(style):
        return False
    return bool(own_scripts(style)) or any(not item.get("author") for item in items)


def serialised(style: Element) -> bytes:
    """A (derived) style as a CSL file's bytes."""
    register_namespace("", CSL_NS)
    text: bytes = tostring(style, encoding="utf-8", xml_declaration=True)
    return text


def key_style(style: Element) -> bytes:
    """The style with each bibliography entry replaced by its sort keys, each after a mark."""
    derived = copy.deepcopy(style)
    bibliography = derived.find("csl:bibliography", _NS)
    assert bibliography is not None
    for option in ("subsequent-author-substitute", "second-field-align"):
        bibliography.attrib.pop(option, None)
    layout = bibliography.find("csl:layout", _NS)
    assert layout is not None
    layout.clear()
    for number, key in enumerate(_sort_keys(derived)):
        SubElement(layout, f"{{{CSL_NS}}}text", {"value": chr(KEY_MARK + number)})
        macro, variable = key.get("macro"), key.get("variable", "")
        if macro:
            SubElement(layout, f"{{{CSL_NS}}}text", {"macro": macro})
        elif variable in _NAME_VARIABLES:
            SubElement(layout, f"{{{CSL_NS}}}names", {"variable": variable})
        elif variable in _DATE_VARIABLES:
            SubElement(layout, f"{{{CSL_NS}}}date", {"variable": variable, "form": "numeric"})
        elif variable:
            SubElement(layout, f"{{{CSL_NS}}}text", {"variable": variable})
    SubElement(layout, f"{{{CSL_NS}}}text", {"value": END_MARK})
    return serialised(derived)


def unsorted_style(style: Element) -> bytes:
    """The style without its bibliography sort: entries then follow the order of citation."""
    derived = copy.deepcopy(style)
    bibliography = derived.find("csl:bibliography", _NS)
    assert bibliography is not None
    for sort in bibliography.findall("csl:sort", _NS):
        bibliography.remove(sort)
    return serialised(derived)


def rendered_keys(text: str) -> list[str]:
    """The keys of one entry rendered by :func:`key_style`, from its plain text."""
    body = text.split(END_MARK, 1)[0]
    keys: list[str] = []
    current: list[str] = []
    started = False
    for char in body:
        if KEY_MARK <= ord(char) < KEY_MARK + 0xFF:
            if started:
                keys.append("".join(current).strip())
            current, started = [], True
        elif started:
            current.append(char)
    if started:
        keys.append("".join(current).strip())
    return keys


def _script_rank(key: str, first: frozenset[str]) -> int:
    """Root collation puts digits before letters; the locale's own scripts come next."""
    for char in key:
        if char.isdigit():
            return 0
        if char.isalpha():
            script = unicodedata.name(char, "").split(" ")[0]
            return 1 if script in first else 2
    return 0


def corrected_order(
    pandoc_order: Sequence[str], keys: Mapping[str, Sequence[str]], first: frozenset[str]
) -> list[str]:
    """Pandoc's order with empty primary keys last and the locale's script first (see above)."""
    columns = max((len(k) for k in keys.values()), default=0)
    primary = next(
        (
            column
            for column in range(columns)
            if len({_at(keys.get(item, ()), column) for item in pandoc_order}) > 1
        ),
        None,
    )
    if primary is None:
        return list(pandoc_order)

    def rank(item: str) -> tuple[bool, int]:
        key = _at(keys.get(item, ()), primary)
        return (not key, _script_rank(key, first) if first else 0)

    return sorted(pandoc_order, key=rank)


def _at(keys: Sequence[str], column: int) -> str:
    return keys[column] if column < len(keys) else ""
