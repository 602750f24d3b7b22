"""Small builders the service tests share."""

from __future__ import annotations

from services.library import Library
from services.quotes import QuoteChange
from services.readmodels import ArticleMeta, QuoteEdit
from services.text import find_occurrence

ARTICLE = (
    "Harbour council meets\n\n"
    "The mayor said the pier would be rebuilt. "
    "“We will not let it fall into the sea,” she said.\n\n"
    "An engineer warned that the columns were corroded. “It is not safe,” he said."
)


def add_article(library: Library, text: str = ARTICLE, title: str = "Harbour council") -> int:
    return library.articles.add(text, ArticleMeta(title=title)).summary.id


def quote(
    library: Library,
    article_id: int,
    words: str,
    speaker: str = "Ruth Penhallow",
    *,
    tags: tuple[str, ...] = (),
    occurrence: int = 1,
) -> QuoteChange:
    return library.quotes.add_text(
        article_id, words, occurrence, QuoteEdit(speaker=speaker, tags=tags)
    )


def span(text: str, words: str, occurrence: int = 1) -> tuple[int, int]:
    found = find_occurrence(text, words, occurrence)
    assert found is not None, words
    return found
