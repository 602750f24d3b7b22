"""Direct speech by its punctuation: quotation marks of every convention and dash dialogue.

The scanner works paragraph by paragraph and only ever keeps the outermost quotation: a quote
inside a quote is part of what the outer speaker said. A quotation left open at the end of a
paragraph continues only if the next paragraph reopens it with the same mark (the newswire
convention for a quote running over several paragraphs); otherwise the stray mark is ignored
and scanning resumes after it, so one typo cannot swallow the rest of the article.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from services.detection.segment import Document, Span, strip_span

#: Opening mark → the marks that may close it.
_CLOSERS: dict[str, str] = {
    "“": "”",
    "„": "“”",
    "«": "»",
    "‹": "›",
    "‚": "‘’",
    "‘": "’",
    "「": "」",
    "『": "』",
    '"': '"',
}
#: Reversed guillemets (»…«) open a quote only in the languages that print them so.
_REVERSED: dict[str, str] = {"»": "«", "›": "‹"}
_REVERSED_LANGUAGES = frozenset({"de", "da", "sv", "cs", "hr", "sl", "hu"})
#: Marks that are also apostrophes or ASCII ditto marks: their position must say which they are.
_AMBIGUOUS = frozenset({'"', "‘", "’", "‚", "‹", "›"})
_OPENING_CONTEXT = " \t\n([{—–-/:;«„“‘‚「『¿¡"
_TERMINAL = ".,;:!?…)]}»”’“‘—–-/」』 \t\n"

#: Dash dialogue: a paragraph that starts with a dash is speech (Russian, Spanish, French…).
_DASH_LINE = re.compile(r"[ \t]*[—–―][ \t]*|[ \t]*-[ \t]+")
#: Where the author's words break into dash speech: ", — сказал он" or " —dijo ella".
_ATTRIBUTION_START = re.compile(
    r"[,]?[ \t]+[—–―][ \t]*(?=[^\W\d_])|(?<=[.!?…])[ \t]+[—–―][ \t]*(?=[^\W\d_])"
)
#: Where the author's words end and speech resumes: ". — Это" or "—. Es".
_ATTRIBUTION_END = re.compile(r"[.,:;]?[ \t]+[—–―][ \t]*|[—–―][.,:;]?[ \t]*")


@dataclass(frozen=True, slots=True)
class Quoted:
    """One stretch of direct speech: the words, without the marks around them."""

    start: int
    end: int
    #: The opening mark's position (or the dash's), for attribution to look left of.
    open_at: int
    #: Just past the closing mark (or the end of the speech), for attribution to look right of.
    close_at: int
    #: Parts of one quotation continued over paragraphs share a group.
    group: int
    #: "mark" for quotation marks, "dash" for dash dialogue.
    style: str
    #: For dash speech: the author's words inside the paragraph ("сказал он"), if any.
    attribution: Span | None = None
    #: True when the part is the continuation of a quote opened in an earlier paragraph.
    continued: bool = False


def find_quoted(doc: Document, is_cue: Callable[[int, int], bool]) -> list[Quoted]:
    """Every stretch of direct speech in the document, in order.

    ``is_cue(start, end)`` says whether the author's words in a dash-dialogue paragraph start
    with a reporting verb; without one a dash inside the paragraph is ordinary punctuation.
    """
    found: list[Quoted] = []
    scanner = _Scanner(doc)
    index = 0
    while index < len(doc.paragraphs):
        start, end = doc.paragraphs[index]
        dash = _DASH_LINE.match(doc.text, start, end)
        if dash and doc.language not in {"ja", "zh"}:
            found.extend(_dash_speech(doc, dash.end(), end, scanner.new_group(), is_cue))
            index += 1
            continue
        quotes, index = scanner.scan(index)
        for quote in quotes:
            found.extend(_split_inside(doc, quote, is_cue))
    return found


def _split_inside(doc: Document, quote: Quoted, is_cue: Callable[[int, int], bool]) -> list[Quoted]:
    """A quotation with its attribution inside the marks, split around it.

    Russian prints «Первая часть, — сказал он. — Вторая часть» as one pair of guillemets; the
    two parts are two quotations by one speaker, like an English quote split by "she said".
    """
    if quote.end - quote.start < 8:
        return [quote]
    text = doc.text
    attribution = _ATTRIBUTION_START.search(text, quote.start, quote.end)
    while attribution is not None and not is_cue(attribution.end(), quote.end):
        attribution = _ATTRIBUTION_START.search(text, attribution.end(), quote.end)
    if attribution is None:
        return [quote]
    resume = _ATTRIBUTION_END.search(text, attribution.end(), quote.end)
    author_end = resume.start() if resume else quote.end
    author = strip_span(text, attribution.end(), author_end, " \t.,;:")
    first = _content(text, quote.start, attribution.start())
    parts = [replace(quote, start=first[0], end=first[1], attribution=author)]
    if resume is not None:
        second = _content(text, resume.end(), quote.end)
        if second[0] < second[1]:
            parts.append(
                replace(
                    quote, start=second[0], end=second[1], open_at=resume.start(), continued=True
                )
            )
    return parts


class _Scanner:
    """Walks the paragraphs, carrying an open quotation across a paragraph break."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.text = doc.text
        self._group = 0
        self._reversed = doc.language in _REVERSED_LANGUAGES

    def new_group(self) -> int:
        self._group += 1
        return self._group

    def scan(self, index: int) -> tuple[list[Quoted], int]:
        """The quotes opened in paragraph ``index``, and the next paragraph to scan."""
        text = self.text
        para_start, para_end = self.doc.paragraphs[index]
        found: list[Quoted] = []
        position = para_start
        while position < para_end:
            opener = self._next_opener(position, para_end)
            if opener is None:
                break
            mark_at, closers = opener
            mark = text[mark_at]
            close = self._closing(mark_at + 1, para_end, mark, closers)
            if close is not None:
                found.append(_quoted(text, mark_at, close, self.new_group(), continued=False))
                position = close + 1
                continue
            parts, last = self._continued(index, mark_at, mark, closers)
            if parts:
                found.extend(parts)
                return found, last + 1
            position = mark_at + 1
        return found, index + 1

    def _continued(
        self, index: int, mark_at: int, mark: str, closers: str
    ) -> tuple[list[Quoted], int]:
        """Parts of a quote that runs on over paragraphs, each reopened by ``mark``."""
        text = self.text
        parts: list[tuple[int, int]] = []  # (opening mark, end of content) per part
        current = mark_at
        paragraphs = self.doc.paragraphs
        while index + 1 < len(paragraphs):
            para_end = paragraphs[index][1]
            next_start, next_end = paragraphs[index + 1]
            lead = next_start
            while lead < next_end and text[lead] in " \t":
                lead += 1
            if lead >= next_end or text[lead] != mark:
                break
            parts.append((current, para_end))
            index += 1
            current = lead
            close = self._closing(current + 1, next_end, mark, closers)
            if close is not None:
                group = self.new_group()
                out = [
                    _part(text, at, end, group, continued=number > 0)
                    for number, (at, end) in enumerate(parts)
                ]
                out.append(_quoted(text, current, close, group, continued=True))
                return out, index
        return [], index

    def _next_opener(self, position: int, end: int) -> tuple[int, str] | None:
        text = self.text
        for at in range(position, end):
            char = text[at]
            closers = _CLOSERS.get(char)
            if closers is None and self._reversed:
                closers = _REVERSED.get(char)
            if closers is None:
                continue
            if char in _AMBIGUOUS or char in _REVERSED:
                before = text[at - 1] if at > 0 else " "
                after = text[at + 1] if at + 1 < len(text) else " "
                if before not in _OPENING_CONTEXT or after.isspace():
                    continue
            return at, closers
        return None

    def _closing(self, position: int, end: int, mark: str, closers: str) -> int | None:
        """The position of the mark closing a quote opened by ``mark``, within the paragraph.

        Guillemets and curly quotes may nest with themselves in careless copy («…«…»…»), so
        they are counted; a straight quote never nests, and one that looks like it opens
        (after a space, before a letter) means the first was never closed.
        """
        text = self.text
        depth = 0
        for at in range(position, end):
            char = text[at]
            after = text[at + 1] if at + 1 < len(text) else " "
            if char in closers:
                if char in _AMBIGUOUS:
                    if after.isalnum():
                        if char == '"' and text[at - 1].isspace():
                            return None
                        continue
                    return at
                if depth == 0:
                    return at
                depth -= 1
            elif char == mark and mark not in _AMBIGUOUS:
                before = text[at - 1] if at > 0 else " "
                if before in _OPENING_CONTEXT and not after.isspace():
                    depth += 1
        return None


def _quoted(text: str, mark_at: int, close: int, group: int, *, continued: bool) -> Quoted:
    start, end = _content(text, mark_at + 1, close)
    return Quoted(start, end, mark_at, close + 1, group, "mark", continued=continued)


def _content(text: str, start: int, end: int) -> Span:
    """A quotation's words: no white space around them, no comma joining the attribution."""
    start, end = strip_span(text, start, end)
    return strip_span(text, start, end, " \t\n,")


def _part(text: str, mark_at: int, end: int, group: int, *, continued: bool) -> Quoted:
    start, stop = _content(text, mark_at + 1, end)
    return Quoted(start, stop, mark_at, end, group, "mark", continued=continued)


def _dash_speech(
    doc: Document, start: int, end: int, group: int, is_cue: Callable[[int, int], bool]
) -> list[Quoted]:
    """Dash dialogue: ``— Speech, — said he. — More speech.`` as its speech parts."""
    text = doc.text
    parts: list[Quoted] = []
    position = start
    dash_at = start
    while position < end:
        attribution = _ATTRIBUTION_START.search(text, position, end)
        while attribution is not None and not is_cue(attribution.end(), end):
            attribution = _ATTRIBUTION_START.search(text, attribution.end(), end)
        if attribution is None:
            speech = _content(text, position, end)
            if speech[0] < speech[1]:
                parts.append(Quoted(*speech, dash_at, end, group, "dash", continued=bool(parts)))
            break
        resume = _ATTRIBUTION_END.search(text, attribution.end(), end)
        author_end = resume.start() if resume else end
        speech = _content(text, position, attribution.start())
        author = strip_span(text, attribution.end(), author_end, " \t.,;:")
        if speech[0] < speech[1]:
            parts.append(
                Quoted(
                    *speech,
                    dash_at,
                    attribution.end(),
                    group,
                    "dash",
                    attribution=author,
                    continued=bool(parts),
                )
            )
        if resume is None:
            break
        position = resume.end()
        dash_at = resume.start()
    return parts
