"""Markdown: the words a reader sees, without the markup around them."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.token import Token

from services.importers.document import ImportedDocument
from services.importers.plain import decode_text

# Raw HTML is not interpreted: "<b>" in a Markdown file is the three characters a reader sees.
_PARSER = MarkdownIt("commonmark", {"html": False})

_BLOCK_ENDS = {
    "paragraph_close",
    "heading_close",
    "code_block",
    "fence",
    "hr",
}


def _inline_text(token: Token) -> str:
    parts: list[str] = []
    for child in token.children or []:
        if child.type in {"text", "code_inline"}:
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts)


def markdown_to_text(source: str) -> tuple[str, str]:
    """Plain paragraphs and the first heading (the title) of a Markdown document."""
    paragraphs: list[str] = []
    current: list[str] = []
    title = ""
    in_heading = False
    list_depth = 0
    for token in _PARSER.parse(source):
        if token.type in {"bullet_list_open", "ordered_list_open"}:
            list_depth += 1
        elif token.type in {"bullet_list_close", "ordered_list_close"}:
            list_depth -= 1
        elif token.type == "list_item_open":
            current.append("• " if token.info == "" else f"{token.info}. ")
        elif token.type == "heading_open":
            in_heading = True
        elif token.type == "inline":
            text = _inline_text(token)
            if in_heading and not title:
                title = text.strip()
            current.append(text)
        elif token.type in {"code_block", "fence"}:
            current.append(token.content.rstrip("\n"))
        if token.type in _BLOCK_ENDS:
            if token.type == "heading_close":
                in_heading = False
            if token.type == "hr":
                continue
            paragraph = "".join(current).strip()
            if paragraph:
                paragraphs.append(paragraph)
            current = []
    return "\n\n".join(paragraphs), title


def read_markdown(data: bytes, name: str) -> ImportedDocument:
    text, title = markdown_to_text(decode_text(data, name))
    return ImportedDocument(text=text, source_format="markdown", title=title)
