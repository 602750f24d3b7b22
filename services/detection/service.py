"""The library-facing side of detection: an article in, suggestions for what is not yet quoted."""

from __future__ import annotations

from typing import TYPE_CHECKING

from services.detection.engine import detect
from services.detection.model import KnownSpeaker, Suggestion

if TYPE_CHECKING:
    from services.library import Library


def suggest(library: Library, article_id: int) -> list[Suggestion]:
    """Suggestions for an article, minus any that overlap a quote the journalist already made.

    Overlap rather than equality: a quote the journalist trimmed or extended by a word is still
    the same quotation, and proposing it again would be noise.
    """
    article = library.articles.get(article_id)
    known = [
        KnownSpeaker(entry.id, entry.name, entry.aliases)
        for entry in library.speakers.directory()  # no quote counts: detection needs names
    ]
    quoted = [(quote.start, quote.end) for quote in library.quotes.for_article(article_id)]
    found = detect(article.text, language=article.meta.language, known_speakers=known)
    return [item for item in found if not any(_overlaps(item, span) for span in quoted)]


def _overlaps(item: Suggestion, span: tuple[int, int]) -> bool:
    start, end = span
    return item.start < end and start < item.end
