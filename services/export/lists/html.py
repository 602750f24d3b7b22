"""Citation lists as a standalone web page, and the fragment the export dialog previews.

Every piece of user text goes through :func:`html.escape` (rich text through
:func:`~services.export.richtext.to_html`, which escapes its runs), so a note that says ``<b>``
shows ``<b>``. Quotes carry their article's language, and ``dir="auto"`` lets a browser set an
Arabic or Hebrew quote right to left without our guessing.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from services.export.lists.document import (
    BIBLIOGRAPHY,
    CitationList,
    attribution,
    details,
)
from services.export.options import GroupBy, Paper
from services.export.richtext import to_html
from services.export.selection import Entry

_CSS = """
body { font-family: Georgia, "Noto Serif", "Times New Roman", serif; color: #1d1d1f;
  background: #fff; line-height: 1.45; margin: 0; }
main { max-width: 46em; margin: 2.5em auto; padding: 0 1.5em; }
h1 { font-size: 1.9em; margin: 0 0 .3em; }
h2 { font-size: 1.25em; margin: 2em 0 .6em; padding-bottom: .2em; border-bottom: 1px solid #ccc; }
.facts { color: #555; margin: .1em 0; font-size: .95em; }
.notice { color: #8a1c1c; font-weight: bold; margin: .6em 0 0; }
.entries { list-style: none; padding: 0; margin: 0; }
.entry { margin: 0 0 1.3em; break-inside: avoid; page-break-inside: avoid; }
blockquote { margin: 0; padding: .1em 0 .1em .9em; border-left: 3px solid #9aa7b8;
  font-size: 1.08em; }
.attribution { margin: .25em 0 0 1.2em; font-style: italic; }
.details { margin: .15em 0 0 1.2em; color: #555; font-size: .9em; }
.note { margin: .15em 0 0 1.2em; font-size: .95em; }
.source, .reference { margin: .15em 0 0 1.2em; font-size: .9em; }
.reference { margin: 0 0 1em; }
.more { color: #555; font-style: italic; }
.references { list-style: none; padding: 0; }
.references li { padding-left: 2em; text-indent: -2em; margin: 0 0 .5em; }
a { color: inherit; }
@media print { main { margin: 0; max-width: none; padding: 0; } a { text-decoration: none; } }
"""

_PAGE = {Paper.A4: "A4", Paper.LETTER: "letter"}


def write_html(document: CitationList, path: Path) -> None:
    path.write_text(standalone_html(document), encoding="utf-8")


def standalone_html(document: CitationList) -> str:
    """A page that opens in any browser and prints cleanly on the chosen paper."""
    css = _CSS + f"@page {{ size: {_PAGE[document.paper]}; margin: 2cm; }}\n"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="Quotebook">\n'
        f"<title>{escape(document.title)}</title>\n<style>{css}</style>\n</head>\n"
        f"<body>\n<main>\n{body_html(document)}</main>\n</body>\n</html>\n"
    )


def preview_html(document: CitationList) -> str:
    """The same content as the page's body, as a fragment for the app's preview pane."""
    return f'<div class="quotebook-citations">\n{body_html(document)}</div>\n'


def body_html(document: CitationList) -> str:
    out = [f"<header>\n<h1>{escape(document.title)}</h1>\n"]
    out += [f'<p class="facts">{escape(line)}</p>\n' for line in document.facts()]
    out += [f'<p class="notice">{escape(line)}</p>\n' for line in document.notices()]
    out.append("</header>\n")
    for group in document.selection.groups:
        out.append(f'<section class="group">\n<h2>{escape(group.heading)}</h2>\n')
        if document.selection.group_by is GroupBy.ARTICLE:
            cited = to_html(document.group_reference(group.entries))
            out.append(f'<p class="reference">{cited}</p>\n')
        out.append('<ol class="entries">\n')
        out += [_entry(document, entry) for entry in group.entries]
        out.append("</ol>\n</section>\n")
    if document.hidden:
        out.append(f'<p class="more">… and {document.hidden} more quotes.</p>\n')
    out.append(f'<section class="bibliography">\n<h2>{escape(BIBLIOGRAPHY)}</h2>\n')
    out.append('<ul class="references">\n')
    for source, entry in document.bibliography:
        out.append(f'<li id="{escape(source.item_id)}">{to_html(entry)}</li>\n')
    out.append("</ul>\n</section>\n")
    return "".join(out)


def _entry(document: CitationList, entry: Entry) -> str:
    lang = escape(entry.source.language, quote=True)
    lang_attribute = f' lang="{lang}"' if lang else ""
    lines = [
        f'<li class="entry" data-quote="{entry.quote_id}">',
        f'<blockquote{lang_attribute} dir="auto">{_text(entry.quoted)}</blockquote>',
    ]
    if document.shows_speaker():
        lines.append(f'<p class="attribution">{escape(attribution(entry))}</p>')
    lines.append(f'<p class="details">{escape(details(entry))}</p>')
    if entry.note:
        lines.append(f'<p class="note" dir="auto">Note: {_text(entry.note)}</p>')
    if document.shows_source():
        lines.append(f'<p class="source">{to_html(document.reference(entry.source))}</p>')
    lines.append("</li>\n")
    return "\n".join(lines)


def _text(text: str) -> str:
    """Escaped text whose line breaks stay line breaks (a quote can span paragraphs)."""
    return "<br>\n".join(escape(line) for line in text.split("\n"))
