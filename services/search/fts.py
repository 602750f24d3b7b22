"""A parsed query as an FTS5 ``MATCH`` expression over Quotebook's index columns.

Every word reaches FTS5 inside double quotes, so nothing a journalist types is ever read as FTS5
syntax; the operators and column filters here are the only syntax in the expression.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from services.search.query import Filter, ParsedQuery, Term
from services.search.words import (
    COMPOUNDING,
    NAME_MARK,
    base_language,
    cjk_grams,
    cjk_query,
    is_cjk,
    query_stems,
    script,
    stem,
    stemmer_language,
)


@dataclass(frozen=True, slots=True)
class Columns:
    """One index table's columns by how their text was reduced."""

    stemmed: tuple[str, ...]
    folded: tuple[str, ...]
    surfaces: str = "words"
    parts: str = "parts"


QUOTE_COLUMNS = Columns(stemmed=("text", "note"), folded=("speaker", "tags"))
ARTICLE_COLUMNS = Columns(stemmed=("title", "body"), folded=("outlet", "authors"))


def _quoted(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _named(tokens: Iterable[str]) -> str:
    """Tokens as a name field holds them (see :data:`services.search.words.NAME_MARK`)."""
    return " ".join(NAME_MARK + token for token in tokens)


def _columns(names: Iterable[str]) -> str:
    return "{" + " ".join(names) + "}"


def _any(parts: Sequence[str]) -> str:
    unique = list(dict.fromkeys(parts))
    return unique[0] if len(unique) == 1 else "(" + " OR ".join(unique) + ")"


class Expressions:
    """Builds expressions for one library, whose article languages decide the stems tried."""

    def __init__(self, languages: Iterable[str]) -> None:
        self.languages = tuple(sorted({base_language(code) for code in languages if code}))
        self._compounding = any(code in COMPOUNDING for code in self.languages)

    def term(self, term: Term, columns: Columns) -> str:
        if term.phrase:
            return self._phrase(term, columns)
        word = term.words[0]
        if is_cjk(word):
            grams = [word] if len(word) == 1 else cjk_query(word)
            star = "*" if len(word) == 1 else ""
            return _any(
                [
                    f"{_columns(columns.stemmed)} : {_quoted(' '.join(grams))}{star}",
                    f"{_columns(columns.folded)} : {_quoted(_named(grams))}{star}",
                ]
            )
        if term.prefix:
            return _any(
                [
                    f"{_columns((*columns.stemmed, columns.surfaces))} : {_quoted(word)}*",
                    f"{_columns(columns.folded)} : {_quoted(NAME_MARK + word)}*",
                ]
            )
        stems = query_stems(word, self.languages)
        options = [
            f"{_columns(columns.stemmed)} : {_any([_quoted(s) for s in stems])}",
            f"{_columns(columns.folded)} : {_quoted(NAME_MARK + word)}*",
        ]
        if script(word) == "cyrillic":
            # Snowball's Russian stemmer cuts surnames unevenly (Токаев → тока, Токаеву →
            # токаев): also take surface forms that start with the word or its stem.
            prefixes = [_quoted(p) + "*" for p in dict.fromkeys((word, *stems)) if len(p) >= 3]
            if prefixes:
                options.append(f"{_columns([columns.surfaces])} : {_any(prefixes)}")
        if self._compounding and len(word) >= 4:
            options.append(f"{_columns([columns.parts])} : {_quoted(word)}*")
        return _any(options)

    def _phrase(self, term: Term, columns: Columns) -> str:
        variants = []
        for language in self.languages or ("",):
            tokens: list[str] = []
            for position, word in enumerate(term.words):
                last = position == len(term.words) - 1
                if is_cjk(word):
                    tokens.extend(cjk_query(word) if last else cjk_grams(word))
                elif last and term.prefix:
                    tokens.append(word)
                else:
                    tokens.append(stem(word, stemmer_language(language, script(word))))
            variants.append(_quoted(" ".join(tokens)) + ("*" if term.prefix else ""))
        plain: list[str] = []
        for position, word in enumerate(term.words):
            last = position == len(term.words) - 1
            if is_cjk(word):
                plain.extend(cjk_query(word) if last else cjk_grams(word))
            else:
                plain.append(word)
        folded = _quoted(_named(plain)) + ("*" if term.prefix else "")
        return _any(
            [
                f"{_columns(columns.stemmed)} : {_any(variants)}",
                f"{_columns(columns.folded)} : {folded}",
            ]
        )

    @staticmethod
    def filter(item: Filter, column: str) -> str:
        """``speaker:``/``tag:``/``outlet:``: every word of the value starts a word there."""
        parts = [f"{_columns([column])} : {_quoted(NAME_MARK + word)}*" for word in item.words]
        return parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"


def combine(required: Sequence[str], excluded: Sequence[str]) -> str | None:
    """``(a AND b) NOT (c OR d)``; None when nothing is required (FTS5 cannot match "not x")."""
    if not required:
        return None
    expression = " AND ".join(f"({part})" for part in required)
    if excluded:
        expression = f"({expression}) NOT ({' OR '.join(f'({part})' for part in excluded)})"
    return expression


def quote_expressions(query: ParsedQuery, builder: Expressions) -> tuple[list[str], list[str]]:
    """Required and excluded sub-expressions over the quote index."""
    required = [builder.term(term, QUOTE_COLUMNS) for term in query.terms]
    excluded = [builder.term(term, QUOTE_COLUMNS) for term in query.excluded]
    for item in query.filters:
        if item.field in {"speaker", "tag"}:
            column = "speaker" if item.field == "speaker" else "tags"
            (excluded if item.negated else required).append(builder.filter(item, column))
    return required, excluded


def article_expressions(query: ParsedQuery, builder: Expressions) -> tuple[list[str], list[str]]:
    """Required and excluded sub-expressions over the article index."""
    required = [builder.term(term, ARTICLE_COLUMNS) for term in query.terms]
    excluded = [builder.term(term, ARTICLE_COLUMNS) for term in query.excluded]
    for item in query.filters:
        if item.field == "outlet":
            (excluded if item.negated else required).append(builder.filter(item, "outlet"))
    return required, excluded


def filter_expressions(
    query: ParsedQuery, builder: Expressions, field: str
) -> tuple[list[str], list[str]]:
    """Only the ``field:`` filters, e.g. a quote's outlet is its article's."""
    column = {"speaker": "speaker", "tag": "tags", "outlet": "outlet"}[field]
    chosen = [item for item in query.filters if item.field == field]
    required = [builder.filter(item, column) for item in chosen if not item.negated]
    excluded = [builder.filter(item, column) for item in chosen if item.negated]
    return required, excluded
