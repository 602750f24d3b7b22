"""Paragraphs from the lines of a PDF page: the pure half of the PDF reader.

A PDF's text layer knows glyphs and where they sit, not paragraphs. :mod:`services.importers.pdf`
turns each page into :class:`Line` records; this module, which needs neither PDFium nor a file,
rebuilds the prose a reader sees:

* **Page furniture goes.** Walking in from the top and the bottom edge of each page, a line is
  dropped while it is a page number ("3", "3 / 12", "Page 3 of 12", "— 3 —", "стр. 3") or a
  running header or footer: text that, digits and case ignored, sits in the same font size
  among the three lines nearest an edge on at least two pages and 40 % of all pages. The walk
  stops at the first line that is neither, so body text that happens to repeat is kept.
* **A paragraph ends** where the next line is set in another style (a heading's size or weight),
  starts with a bullet or list number, is indented past the line before, or sits below a
  vertical gap clearly larger than the document's line spacing; or where the line itself ends
  early: in justified text any line short of the right edge, in ragged text a line the next
  line's first word would have fitted on (the layout engine would have put it there, so the
  break was deliberate). Otherwise the next line, on the same page or the next, continues it,
  which joins paragraphs across page and column breaks; each paragraph keeps the page it
  starts on.
* **Hyphens at line ends** are decided by :func:`join_lines`: a soft hyphen (U+00AD) always
  goes; a hyphen before a capital or a digit ("Kazakh-/Japanese", "Ибн-/Сина", "COVID-/19")
  stays; before a lower-case letter it stays when the document itself shows the word
  hyphenated, or its first part as the first part of another hyphenated word, or its last part
  as the last part of one ("long-/term" beside "short-term"), or the first part is one that
  only ever forms compounds ("self-", "well-", "non-", "кое-"); it goes when the document shows
  the word unbroken, and otherwise it goes too, since most hyphens at line ends in typeset
  text are the typesetter's.

Positions are in points. ``start`` and ``end`` run along the reading direction (measured from
the right edge for right-to-left lines), so an indent or a short last line looks the same in
Arabic as in English.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: Lines at each edge of a page that may be running headers, footers or page numbers.
EDGE_LINES = 3

#: A header must recur on at least this share of the pages (and on two of them at least).
HEADER_SHARE = 0.4

#: Shortest part of a hyphenated word that counts as evidence for another word's hyphen.
MIN_PART = 4
#: Longest part before a line-end hyphen that, after another hyphen, is a linking word
#: ("-of-the-", "-to-", "-in-"), so the compound goes on.
LINKING_WORD = 3

#: Hyphens a line may end with (PDFium's U+0002 marker is turned into the first).
_LINE_END_HYPHENS = "-\u2010"
_DASHES = "\u2013\u2014"
_SOFT_HYPHEN = "\u00ad"
#: Points by which lines starting "at the same place" may differ (glyphs' side bearings).
EDGE_TOLERANCE = 2.5

#: How far back from a line end a hyphenated word is looked for.
_LONGEST_WORD = 80

_PAGE_NUMBER = re.compile(
    r"""^[\s\-–—―|·•~*\[(<«]*
    (?:(?:page|pages|pg\.?|p\.|стр\.?|страница|с\.|seite|s\.|página|pág\.|pagina|pag\.|
        sivu|strona|str\.|σελίδα|σελ\.|صفحة|עמוד)\s*)?
    (?:\d{1,5}|[ivxlcdm]{1,7}|[IVXLCDM]{1,7})
    (?:\s*(?:/|of|из|von|de|di|sur|z|από|من|מתוך)\s*\d{1,5})?
    \s*(?:ページ|頁|페이지)?
    [\s\-–—―|·•~*\])>»]*$""",
    re.VERBOSE | re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\ufeff\ufffe\uffff]")
_LIST_ITEM = re.compile(r"^(?:[•◦▪▫‣●○■□➢►✓✔]|\(?\d{1,2}[.)]|\([a-z]\))\s")
_WORD = re.compile(r"[^\W\d_]+(?:[-\u2010][^\W\d_]+)*")
_TRAILING_WORD = re.compile(r"([^\W\d_]+(?:[-\u2010][^\W\d_]+)*)[-\u2010]$")
_LEADING_WORD = re.compile(r"^([^\W\d_]+)")
_PRESENTATION_FORMS = re.compile(r"[\ufb00-\ufdff\ufe70-\ufeff]+")

#: First parts that form compounds and are (almost) never the start of one unbroken word.
COMPOUND_FIRST = frozenset(
    {
        "self",
        "well",
        "non",
        "ex",
        "all",
        "half",
        "cross",
        "quasi",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "sixty",
        "seventy",
        "eighty",
        "ninety",
        "кое",
        "кой",
        "экс",
        "вице",
        "лейб",
        "обер",
        "унтер",
        "штаб",
    }
)
#: Last parts that only ever follow a hyphen.
COMPOUND_LAST = frozenset({"нибудь", "либо", "таки"})


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text as it sits on its page."""

    text: str
    #: 1-based page number.
    page: int
    #: Where the line begins and ends along the reading direction, from the page's start edge.
    start: float
    end: float
    #: The baseline's distance from the top of the page.
    top: float
    #: Font size in points.
    size: float
    bold: bool = False
    #: Width of the line's first word (for "would it have fitted on the line before?").
    first_word: float = 0.0


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    #: The page the paragraph starts on (1-based).
    page: int
    #: The paragraph's font size relative to the body text (a title is well above 1).
    scale: float = 1.0


@dataclass(frozen=True, slots=True)
class _Column:
    start: float
    end: float
    justified: bool


@dataclass(frozen=True, slots=True)
class _Metrics:
    body_size: float
    #: Baseline-to-baseline distance inside a paragraph, as a multiple of the font size.
    leading: float
    #: Text columns, separately for odd and even pages (mirrored margins).
    columns: dict[int, tuple[_Column, ...]]
    vocabulary: frozenset[str]

    def columns_of(self, page: int) -> tuple[_Column, ...]:
        return self.columns.get(page % 2) or self.columns[(page + 1) % 2]

    def column_of(self, line: Line) -> _Column:
        columns = self.columns_of(line.page)
        chosen = columns[0]
        for column in columns:
            if column.start <= line.start + EDGE_TOLERANCE:
                chosen = column
        return chosen


def is_page_number(text: str) -> bool:
    """Whether a line is nothing but a page number in one of the usual dresses."""
    return bool(_PAGE_NUMBER.match(text.strip()))


def clean_line(text: str) -> str:
    """A line's text without control characters and with single spaces.

    PDFium reports a hyphen it found at a line end as U+0002; it becomes a plain hyphen for
    :func:`join_lines` to judge. Soft hyphens are invisible inside a line and go; one at the end
    stays, to be removed when the next line is joined on.
    """
    text = _CONTROLS.sub("", text.replace("\x02", "-"))
    soft_end = text.rstrip().endswith(_SOFT_HYPHEN)
    text = _SPACES.sub(" ", text.replace(_SOFT_HYPHEN, "")).strip()
    return text + _SOFT_HYPHEN if soft_end and text else text


def finish_text(text: str) -> str:
    """A paragraph's final form: ligatures and Arabic presentation forms as plain letters, NFC.

    PDF producers often put typographic ligatures (ﬁ) and Arabic contextual forms in the text
    layer; a reader searching for "fi" or a plain Arabic word must find them.
    """
    text = text.replace(_SOFT_HYPHEN, "")
    text = _PRESENTATION_FORMS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    return unicodedata.normalize("NFC", _SPACES.sub(" ", text)).strip()


def vocabulary(lines: Iterable[str]) -> frozenset[str]:
    """Every word the document shows whole (not cut at a line edge), lower-cased.

    Hyphenated words are kept as they are and also as "first-" and "-last" parts.
    """
    words: set[str] = set()
    for line in lines:
        found = _WORD.findall(line)
        if len(found) <= 2:
            continue
        for found_word in found[1:-1]:
            word = found_word.casefold().replace("\u2010", "-")
            words.add(word)
            if "-" in word:
                parts = word.split("-")
                words.add(parts[0] + "-")
                words.add("-" + parts[-1])
    return frozenset(words)


def _is_wide(char: str) -> bool:
    """A character of a script written without spaces between words (Chinese, Japanese)."""
    if unicodedata.east_asian_width(char) not in "WF":
        return False
    return not ("\uac00" <= char <= "\ud7a3" or "\u1100" <= char <= "\u11ff")


def keeps_hyphen(left: str, right: str, words: frozenset[str]) -> bool:
    """Whether "left-" at a line end and "right" on the next line form a hyphenated word.

    The document's own spelling decides first: the whole hyphenated word, then the word
    unbroken, then either part seen in another hyphenated word (parts of four letters or more,
    so that "-то" in "что-то" says nothing about "мес-/то"). Failing that, a hyphen after a
    short linking word ("state-of-the-/art", "face-to-/face") and after a first part that only
    ever forms compounds ("self-", "well-", "кое-") stays; everything else is the typesetter's.
    """
    left, right = left.casefold(), right.casefold()
    if f"{left}-{right}" in words:
        return True
    if left + right in words:
        return False
    part = left.rsplit("-", 1)[-1]
    if part != left and len(part) <= LINKING_WORD:
        return True
    if len(part) >= MIN_PART and f"{part}-" in words:
        return True
    if len(right) >= MIN_PART and f"-{right}" in words:
        return True
    return part in COMPOUND_FIRST or right in COMPOUND_LAST


def join_lines(text: str, following: str, words: frozenset[str] = frozenset()) -> str:
    """Append the next line of a paragraph, deciding what to do with a hyphen between them."""
    if not text or not following:
        return text or following
    cut, separator = _joint(text, following, words)
    return text[: len(text) - cut] + separator + following


def _joint(line: str, following: str, words: frozenset[str]) -> tuple[int, str]:
    """How many characters to take off the end of ``line``, and what to put before the next."""
    if line.endswith(_SOFT_HYPHEN):
        return 1, ""
    last, before = line[-1], line[-2] if len(line) > 1 else " "
    if last in _LINE_END_HYPHENS and before.isalpha() and following[0].islower():
        left = _TRAILING_WORD.search(line[-_LONGEST_WORD:])
        right = _LEADING_WORD.match(following)
        if left and right and not keeps_hyphen(left.group(1), right.group(1), words):
            return 1, ""
        return 0, ""
    if last in _LINE_END_HYPHENS + _DASHES and before.isalnum():
        return 0, ""  # "Kazakh-/Japanese", "COVID-/19", "10-/year", "2010–/2020"
    if _is_wide(last) or _is_wide(following[0]):
        return 0, ""
    return 0, " "


def _percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _same_size(a: float, b: float) -> bool:
    return abs(a - b) <= 0.12 * max(a, b)


def _band(lines: Sequence[Line]) -> tuple[list[Line], list[Line]]:
    """The lines nearest the top and the bottom of a page, outermost first."""
    ordered = sorted(lines, key=lambda line: (line.top, line.start))
    return ordered[:EDGE_LINES], ordered[::-1][:EDGE_LINES]


def _furniture_key(line: Line) -> tuple[str, int]:
    text = " ".join(_DIGITS.sub("", line.text).casefold().split())
    return text, round(line.size)


def remove_furniture(pages: Sequence[Sequence[Line]]) -> list[list[Line]]:
    """Each page without its running headers, footers and page numbers."""
    seen: Counter[tuple[str, int]] = Counter()
    for lines in pages:
        top, bottom = _band(lines)
        seen.update({_furniture_key(line) for line in top + bottom})
    needed = max(2, math.ceil(len(pages) * HEADER_SHARE))
    repeated = {key for key, count in seen.items() if count >= needed}
    kept: list[list[Line]] = []
    for lines in pages:
        dropped: set[int] = set()
        for edge in _band(lines):
            for line in edge:
                if _furniture_key(line) not in repeated and not is_page_number(line.text):
                    break
                dropped.add(id(line))
        kept.append([line for line in lines if id(line) not in dropped])
    return kept


def _body_size(lines: Sequence[Line]) -> float:
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[round(line.size, 1)] += len(line.text)
    return sizes.most_common(1)[0][0]


def _leading(pages: Sequence[Sequence[Line]]) -> float:
    """The usual baseline distance between lines of one paragraph, per point of font size."""
    ratios: Counter[float] = Counter()
    for lines in pages:
        ordered = sorted(lines, key=lambda line: line.top)
        for above, below in itertools.pairwise(ordered):
            distance = below.top - above.top
            if _same_size(above.size, below.size) and 0 < distance < 2.5 * below.size:
                ratios[round(distance / below.size, 2)] += 1
    if not ratios:
        return 1.2
    return ratios.most_common(1)[0][0]


def _clusters(values: Iterable[float], tolerance: float) -> list[tuple[float, int]]:
    """Values grouped where they lie within ``tolerance`` of a group's first: (first, count)."""
    groups: list[tuple[float, int]] = []
    for value in sorted(values):
        if groups and value - groups[-1][0] <= tolerance:
            groups[-1] = (groups[-1][0], groups[-1][1] + 1)
        else:
            groups.append((value, 1))
    return groups


def _columns(lines: Sequence[Line], body_size: float) -> tuple[_Column, ...]:
    """Where the text columns of a set of pages start and end, and whether they are justified.

    A start many lines share is a column's edge, unless it lies inside the column before it
    (then it is an indent). A column is justified when most of its lines end at its edge.
    """
    body = [line for line in lines if _same_size(line.size, body_size)] or list(lines)
    needed = max(2, len(body) // 10)
    edges: list[float] = []
    right = -math.inf
    for start, count in _clusters((line.start for line in body), EDGE_TOLERANCE):
        if count < needed or start < right:
            continue
        edges.append(start)
        ends = [line.end for line in body if 0 <= line.start - start <= EDGE_TOLERANCE]
        right = _percentile(ends, 0.9)
    if not edges:
        edges = [min(line.start for line in body)]
    columns: list[_Column] = []
    for index, edge in enumerate(edges):
        limit = edges[index + 1] - EDGE_TOLERANCE if index + 1 < len(edges) else math.inf
        members = [line for line in body if edge - EDGE_TOLERANCE <= line.start < limit]
        if not members:
            continue
        end = _percentile([line.end for line in members], 0.9)
        flush = sum(1 for line in members if line.end >= end - 1.5)
        columns.append(_Column(edge, end, justified=flush >= 0.5 * len(members)))
    return tuple(columns) or (_Column(edges[0], max(line.end for line in body), False),)


def _metrics(pages: Sequence[Sequence[Line]]) -> _Metrics:
    lines = [line for page in pages for line in page]
    body_size = _body_size(lines)
    columns: dict[int, tuple[_Column, ...]] = {}
    for parity in (0, 1):
        group = [line for line in lines if line.page % 2 == parity]
        if group:
            columns[parity] = _columns(group, body_size)
    return _Metrics(
        body_size=body_size,
        leading=_leading(pages),
        columns=columns,
        vocabulary=vocabulary(line.text for line in lines),
    )


def _reading_order(lines: Sequence[Line], metrics: _Metrics) -> list[Line]:
    """A page's lines top to bottom; with several columns, each column down before the next.

    A line that reaches across a column gap (a title over both columns) ends one band of
    columns and starts the next.
    """
    ordered = sorted(lines, key=lambda line: (round(line.top), line.start))
    if not ordered:
        return ordered
    columns = metrics.columns_of(ordered[0].page)
    if len(columns) < 2:
        return ordered
    result: list[Line] = []
    band: list[Line] = []

    def flush() -> None:
        band.sort(key=lambda line: (_column_index(line, columns), line.top))
        result.extend(band)
        band.clear()

    for line in ordered:
        index = _column_index(line, columns)
        if index + 1 < len(columns) and line.end > columns[index + 1].start:
            flush()
            result.append(line)
        else:
            band.append(line)
    flush()
    return result


def _column_index(line: Line, columns: Sequence[_Column]) -> int:
    index = 0
    for number, column in enumerate(columns):
        if column.start <= line.start + EDGE_TOLERANCE:
            index = number
    return index


def _styled_apart(a: Line, b: Line) -> bool:
    return not _same_size(a.size, b.size) or a.bold != b.bold


def _ends_early(line: Line, following: Line, metrics: _Metrics) -> bool:
    """Whether a line stops short of its column's edge on purpose.

    An indented line is measured against an edge indented as much (a block quotation is
    usually indented on both sides).
    """
    if line.text.endswith(tuple(_LINE_END_HYPHENS + _SOFT_HYPHEN)):
        return False
    column = metrics.column_of(line)
    edge = column.end - max(0.0, line.start - column.start)
    slack = max(1.5, 0.25 * line.size)
    if column.justified:
        return line.end < edge - slack
    space = 0.4 * line.size
    return line.end + space + following.first_word < edge - slack


def _breaks(previous: Line, line: Line, paragraph: Sequence[Line], metrics: _Metrics) -> bool:
    """Whether ``line`` starts a new paragraph after ``previous``."""
    if _styled_apart(previous, line) or _LIST_ITEM.match(line.text):
        return True
    indent = 0.6 * line.size
    column = metrics.column_of(line)
    indented = line.start - column.start > indent
    same_column = (
        previous.page == line.page
        and line.top > previous.top
        and metrics.column_of(previous) == column
    )
    if same_column:
        hanging = _LIST_ITEM.match(previous.text)
        if indented and line.start - previous.start > indent and not hanging:
            return True
        distance = line.top - previous.top
        if distance > 1.25 * metrics.leading * max(line.size, previous.size):
            return True
        block = len(paragraph) >= 2 and abs(paragraph[-2].start - previous.start) < 1
        if previous.start - line.start > indent and block:
            return True
    elif indented:
        return True
    return _ends_early(previous, line, metrics)


def build_paragraphs(pages: Sequence[Sequence[Line]]) -> list[Paragraph]:
    """The document's paragraphs, in reading order, each with the page it starts on."""
    pages = [[line for line in page if line.text] for page in pages]
    pages = remove_furniture(pages)
    if not any(pages):
        return []
    metrics = _metrics(pages)
    paragraphs: list[Paragraph] = []
    current: list[Line] = []
    pieces: list[str] = []

    def flush() -> None:
        finished = finish_text("".join(pieces))
        if finished:
            size = max(line.size for line in current)
            paragraphs.append(Paragraph(finished, current[0].page, size / metrics.body_size))

    for page in pages:
        for line in _reading_order(page, metrics):
            if current and _breaks(current[-1], line, current, metrics):
                flush()
                current, pieces = [], []
            if pieces:
                cut, separator = _joint(pieces[-1], line.text, metrics.vocabulary)
                pieces[-1] = pieces[-1][: len(pieces[-1]) - cut]
                pieces.append(separator)
            current.append(line)
            pieces.append(line.text)
    if current:
        flush()
    return paragraphs
