"""The JSON the command line prints: one shape per kind of thing, keys in a fixed order.

Quotes use :meth:`QuoteInfo.to_json` so the CLI and any other JSON producer agree.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from services.articles import AddedArticle
from services.readmodels import ArticleInfo, ArticleSummary, SpeakerInfo


def print_json(value: Any) -> None:
    """Readable, stable JSON in UTF-8 (never ``\\uXXXX`` escapes for a reporter's scripts)."""
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def article_record(summary: ArticleSummary) -> dict[str, Any]:
    meta = summary.meta
    return {
        "id": summary.id,
        "title": meta.title,
        "outlet": meta.outlet,
        "authors": list(meta.authors),
        "published": meta.published.isoformat() if meta.published else None,
        "url": meta.url,
        "language": meta.language,
        "type": meta.csl_type,
        "source_name": summary.source_name,
        "source_format": summary.source_format,
        "quote_count": summary.quote_count,
        "created_at": summary.created_at.isoformat(),
    }


def article_with_text(article: ArticleInfo) -> dict[str, Any]:
    """An article and its canonical text; quote offsets are code points into ``text``."""
    return {**article_record(article.summary), "length": len(article.text), "text": article.text}


def imported_record(source: str, added: AddedArticle) -> dict[str, Any]:
    """One imported file or web address (``file`` is the argument as given): the article, and
    ``created`` false when the text was already there."""
    return {
        "file": source,
        "created": added.created,
        "article": article_record(added.summary),
        "attachments": [attachment.name for attachment in added.attachments],
    }


def failure_record(source: str, reason: str) -> dict[str, str]:
    return {"file": source, "reason": reason}


def speaker_record(speaker: SpeakerInfo) -> dict[str, Any]:
    fields = speaker.fields
    return {
        "id": speaker.id,
        "name": fields.name,
        "role": fields.role,
        "affiliation": fields.affiliation,
        "color": fields.color,
        "aliases": list(fields.aliases),
        "notes": fields.notes,
        "confidential": fields.confidential,
        "public_label": fields.public_label,
        "quote_count": speaker.quote_count,
    }
