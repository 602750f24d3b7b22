"""Full-text search: ``library.search`` (:class:`SearchService`) and what it returns."""

from services.search.query import Filter, ParsedQuery, Term, parse
from services.search.results import ArticleHit, QuoteHit, RichSnippet, SearchResults
from services.search.service import SearchService

__all__ = [
    "ArticleHit",
    "Filter",
    "ParsedQuery",
    "QuoteHit",
    "RichSnippet",
    "SearchResults",
    "SearchService",
    "Term",
    "parse",
]
