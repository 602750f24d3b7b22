"""Pandoc's JSON document model, both ways: CSL items in, formatted citations out.

Quotebook talks to pandoc only in its JSON AST, never in Markdown: the references go in as
document metadata whose text fields are already-split words (``Str``/``Space``), so a title
containing ``*``, ``<b>``, ``@`` or ``$`` is taken literally, as the journalist wrote it. The
rendered citations come back as pandoc inlines, which :func:`rich_text` turns into
:mod:`~services.export.richtext` runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from services.export.richtext import RichText, Span, merged

#: The pandoc-types version of the JSON we write (pandoc 3.x); pandoc refuses other majors.
API_VERSION = [1, 23, 1, 1]

Json = dict[str, Any]

#: CSL fields that are identifiers or codes rather than text to typeset.
_STRING_FIELDS = frozenset(
    {"id", "type", "URL", "DOI", "ISBN", "ISSN", "PMID", "PMCID", "language", "citation-key"}
)

_WORDS = re.compile(r"(\s+)")


def inlines(text: str, protect: frozenset[int] = frozenset()) -> list[Json]:
    """``text`` as pandoc inlines: words and spaces; the words numbered in ``protect`` are
    wrapped in a ``nocase`` span so the engine never changes their case."""
    result: list[Json] = []
    number = 0
    for index, part in enumerate(_WORDS.split(text)):
        if not part:
            continue
        if index % 2:
            result.append({"t": "Space"})
            continue
        word: Json = {"t": "Str", "c": part}
        if number in protect:
            word = {"t": "Span", "c": [["", ["nocase"], []], [word]]}
        result.append(word)
        number += 1
    return result


def meta_value(value: Any, field: str = "", protect: frozenset[int] = frozenset()) -> Json:
    """A CSL-JSON value as pandoc metadata (strings as literal inlines, see module docstring)."""
    if isinstance(value, bool):
        return {"t": "MetaBool", "c": value}
    if isinstance(value, int | float):
        return {"t": "MetaString", "c": str(value)}
    if isinstance(value, str):
        if field in _STRING_FIELDS:
            return {"t": "MetaString", "c": value}
        return {"t": "MetaInlines", "c": inlines(value, protect)}
    if isinstance(value, Mapping):
        return {"t": "MetaMap", "c": {str(k): meta_value(v, str(k)) for k, v in value.items()}}
    if isinstance(value, list | tuple):
        return {"t": "MetaList", "c": [meta_value(v, field) for v in value]}
    return {"t": "MetaString", "c": str(value)}


def reference(item: Mapping[str, Any], protected: Mapping[str, frozenset[int]]) -> Json:
    """One CSL item as a pandoc ``references`` entry; ``protected`` maps a field to the word
    numbers to keep in their case."""
    return {
        "t": "MetaMap",
        "c": {
            str(k): meta_value(v, str(k), protected.get(str(k), frozenset()))
            for k, v in item.items()
            if v is not None
        },
    }


def cite(item_id: str, note_number: int) -> Json:
    """A paragraph holding one citation of ``item_id``."""
    citation = {
        "citationId": item_id,
        "citationPrefix": [],
        "citationSuffix": [],
        "citationMode": {"t": "NormalCitation"},
        "citationNoteNum": note_number,
        "citationHash": 0,
    }
    return {"t": "Para", "c": [{"t": "Cite", "c": [[citation], []]}]}


def document(references: Sequence[Json], cited: Sequence[str], style_path: str) -> Json:
    """A document citing ``cited`` in order, one paragraph each, against ``references``."""
    return {
        "pandoc-api-version": API_VERSION,
        "meta": {
            "csl": {"t": "MetaString", "c": style_path},
            "references": {"t": "MetaList", "c": list(references)},
        },
        "blocks": [cite(item_id, number) for number, item_id in enumerate(cited, start=1)],
    }


# -------------------------------------------------------------------------------- reading


def citations(rendered: Json) -> dict[str, list[Json]]:
    """Each cited id's rendered inlines (for a note style: the note's blocks' inlines)."""
    found: dict[str, list[Json]] = {}
    for block in rendered.get("blocks", []):
        if block.get("t") != "Para":
            continue
        for inline in block["c"]:
            if inline.get("t") != "Cite":
                continue
            ids, content = inline["c"]
            if len(ids) != 1:
                continue
            notes = [part for part in content if part.get("t") == "Note"]
            found[ids[0]["citationId"]] = (
                [i for note in notes for i in _block_inlines(note["c"])] if notes else content
            )
    return found


def bibliography(rendered: Json) -> list[tuple[str, list[Json]]]:
    """The bibliography's entries in the style's order: (item id, inlines)."""
    for block in rendered.get("blocks", []):
        if block.get("t") == "Div" and block["c"][0][0] == "refs":
            entries = []
            for entry in block["c"][1]:
                if entry.get("t") != "Div":
                    continue
                identifier: str = entry["c"][0][0]
                if identifier.startswith("ref-"):
                    entries.append((identifier[4:], _block_inlines(entry["c"][1])))
            return entries
    return []


def _block_inlines(blocks: Iterable[Json]) -> list[Json]:
    """The inlines of blocks in reading order, blocks separated by a space."""
    result: list[Json] = []
    for block in blocks:
        kind = block.get("t")
        if kind in {"Para", "Plain"}:
            content = block["c"]
        elif kind == "Div":
            content = _block_inlines(block["c"][1])
        else:
            continue
        if result and content:
            result.append({"t": "Space"})
        result.extend(content)
    return result


_FLAGS = {
    "Emph": "italic",
    "Strong": "bold",
    "SmallCaps": "small_caps",
    "Superscript": "superscript",
    "Subscript": "subscript",
}
#: Formatting with no counterpart in our runs: the text is kept, the formatting dropped.
_TRANSPARENT = frozenset({"Underline", "Strikeout"})
_QUOTES = {"DoubleQuote": ("“", "”"), "SingleQuote": ("‘", "’")}


def rich_text(content: Sequence[Json]) -> RichText:
    """Pandoc inlines as formatted runs (notes inside are left out: they are not in-line)."""
    spans: list[Span] = []
    _walk(content, Span(""), spans)
    return merged(spans)


def _walk(content: Sequence[Json], style: Span, out: list[Span]) -> None:
    """Append ``content``'s text to ``out`` in ``style`` (a Span used as a formatting state)."""
    for index, inline in enumerate(content):
        kind = inline.get("t")
        value: Any = inline.get("c")
        if kind == "Str":
            out.append(replace(style, text=value))
        elif kind in {"Space", "SoftBreak", "LineBreak"}:
            out.append(replace(style, text=" "))
        elif kind in _FLAGS:
            flags: dict[str, Any] = {_FLAGS[kind]: True}
            _walk(value, replace(style, **flags), out)
        elif kind in _TRANSPARENT:
            _walk(value, style, out)
        elif kind == "Quoted":
            opening, closing = _QUOTES.get(value[0]["t"], ("“", "”"))
            out.append(replace(style, text=opening))
            _walk(value[1], style, out)
            out.append(replace(style, text=closing))
        elif kind == "Cite":
            _walk(value[1], style, out)
        elif kind in {"Code", "Math"}:
            out.append(replace(style, text=value[1]))
        elif kind == "Link":
            _walk(value[1], replace(style, link=value[2][0]), out)
        elif kind == "Image":
            _walk(value[1], style, out)
        elif kind == "Span":
            _walk(value[1], style, out)
            # A number set in the margin (second-field-align) reads "1. Entry" in running text.
            follows = content[index + 1] if index + 1 < len(content) else None
            if "csl-left-margin" in value[0][1] and follows and follows.get("t") != "Space":
                out.append(replace(style, text=" "))
        # Note, RawInline: not part of the running text.
