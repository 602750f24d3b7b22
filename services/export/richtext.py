"""Formatted text as exporters need it: runs of text with a few flags, nothing more.

A citation is mostly plain text with italics here and there (a newspaper's name, a report's
title), sometimes small capitals or a superscript note number, sometimes a link. Every exporter
(PDF, DOCX, HTML, Markdown, plain text) draws those runs its own way, so the CSL engine's output
is turned into this neutral form once, and each writer escapes the text for its own format: the
words in a run are always the user's words, never markup.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Span:
    """A run of text in one formatting; ``link`` is a URL the run points to ("" for none)."""

    text: str
    italic: bool = False
    bold: bool = False
    small_caps: bool = False
    superscript: bool = False
    subscript: bool = False
    link: str = ""

    def same_format(self, other: Span) -> bool:
        return replace(self, text="") == replace(other, text="")


RichText = tuple[Span, ...]


def merged(spans: list[Span] | RichText) -> RichText:
    """Adjacent runs in the same formatting joined, empty runs dropped."""
    result: list[Span] = []
    for span in spans:
        if not span.text:
            continue
        if result and result[-1].same_format(span):
            result[-1] = replace(result[-1], text=result[-1].text + span.text)
        else:
            result.append(span)
    return tuple(result)


def plain(rt: RichText) -> str:
    """The text alone, as a plain-text export or a sort key wants it."""
    return "".join(span.text for span in rt)


def to_html(rt: RichText) -> str:
    """HTML for the runs: text escaped, formatting as ``<i>``, ``<b>``, ``<sup>``… and links."""
    parts = []
    for span in rt:
        text = html.escape(span.text, quote=False)
        if span.small_caps:
            text = f'<span style="font-variant:small-caps;">{text}</span>'
        for flag, tag in (
            (span.superscript, "sup"),
            (span.subscript, "sub"),
            (span.bold, "b"),
            (span.italic, "i"),
        ):
            if flag:
                text = f"<{tag}>{text}</{tag}>"
        if span.link:
            text = f'<a href="{html.escape(span.link, quote=True)}">{text}</a>'
        parts.append(text)
    return "".join(parts)


#: Characters with a meaning anywhere in a CommonMark line (emphasis, code, links, HTML,
#: tables and strikethrough in the common extensions).
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
#: An entity reference (``&amp;``) would print as the character it names.
_MARKDOWN_ENTITY = re.compile(r"&(?=#\d+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)")
#: What makes a line a heading, quote, list item, rule or setext underline.
_MARKDOWN_LINE_START = re.compile(r"^([ \t]*)([#>+=-]|\d+(?=[.)]))", re.MULTILINE)


def markdown_escape(text: str) -> str:
    """``text`` escaped so a Markdown reader prints every character as it is.

    Only what CommonMark would read as markup is escaped, so the file still reads well as plain
    text (a date stays ``2026-11-25``, not ``2026\\-11\\-25``): inline markup characters
    everywhere, an entity reference's ``&``, and the characters that make a line a heading,
    quote, list item or rule where they start a line (a number's dot for ordered lists).
    """
    escaped = _MARKDOWN_ENTITY.sub(r"\\&", _MARKDOWN_INLINE.sub(r"\\\1", text))

    def line_start(match: re.Match[str]) -> str:
        indent, marker = match.group(1), match.group(2)
        # "12." starts an ordered list: escape the dot after the number, not the number.
        return f"{indent}{marker}\\" if marker[0].isdigit() else f"{indent}\\{marker}"

    return _MARKDOWN_LINE_START.sub(line_start, escaped)


def to_markdown(rt: RichText) -> str:
    """Markdown for the runs: text escaped, italics and bold as ``*``/``**``, links inline.

    Markdown has no small capitals, superscript or subscript that every reader understands, so
    those runs print as plain text (inline HTML would be unsafe to mix with escaped text).
    """
    parts = []
    for span in rt:
        body = markdown_escape(span.text)
        # Emphasis markers must touch non-space characters: keep edge spaces outside them.
        stripped = body.strip(" ")
        if stripped and (span.italic or span.bold):
            lead = body[: len(body) - len(body.lstrip(" "))]
            trail = body[len(body.rstrip(" ")) :]
            marker = ("**" if span.bold else "") + ("*" if span.italic else "")
            body = f"{lead}{marker}{stripped}{marker[::-1]}{trail}"
        if span.link:
            target = span.link.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
            body = f"[{body}](<{target.replace('<', '%3C').replace('>', '%3E')}>)"
        parts.append(body)
    return "".join(parts)
