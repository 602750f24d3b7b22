"""What a search returns: plain values, safe to hand to another thread."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class RichSnippet:
    """A short piece of text with the matching words marked.

    ``highlights`` are ``(start, end)`` code-point offsets into ``text``, in order and never
    overlapping. ``text`` may begin and end with "…" where it was cut from a longer text; line
    breaks are shown as spaces.
    """

    text: str
    highlights: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class QuoteHit:
    quote_id: int
    article_id: int
    #: The quote's words, whole.
    text: str
    #: The speaker's name as the library shows it to the journalist.
    speaker: str
    snippet: RichSnippet


@dataclass(frozen=True, slots=True)
class ArticleHit:
    """An article that matched, and where: ``match_start``–``match_end`` are code-point offsets
    into the article's canonical text of the first match, for opening the article there. When
    only the title or other metadata matched they are both 0."""

    article_id: int
    title: str
    snippet: RichSnippet
    match_start: int
    match_end: int


@dataclass(frozen=True, slots=True)
class SearchResults:
    """Quotes first, then articles, each best match first."""

    quotes: tuple[QuoteHit, ...] = ()
    articles: tuple[ArticleHit, ...] = ()
