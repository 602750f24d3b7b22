"""The sample article a new user is offered: a fictional local news story, quotes already marked.

Everything about it lives in ``resources/sample/``: ``sample.json`` names the text file and gives
its citation metadata, the speakers, and each quote by its exact words. The sample is read and
checked in full (every quote found in the canonical text, every speaker declared) before the
library is touched; if writing then fails part-way, what was written is taken out again, so a
broken sample never leaves half an article behind.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from models.engine import fold_text
from models.tables import QuoteKind
from services.articles import AddedArticle, validated_meta
from services.errors import InvalidInputError, QuotebookError
from services.importers import read_document
from services.paths import resources_dir
from services.readmodels import ArticleMeta, QuoteDraft, QuoteEdit, SpeakerFields
from services.text import canonicalize, find_occurrence

if TYPE_CHECKING:
    from services.library import Library

MANIFEST = "sample.json"


@dataclass(frozen=True, slots=True)
class SampleQuote:
    """A quote of the sample, found by its words (the ``occurrence``-th time they appear)."""

    text: str
    speaker: str
    kind: QuoteKind
    tags: tuple[str, ...]
    note: str
    occurrence: int = 1


@dataclass(frozen=True, slots=True)
class SampleArticle:
    """The sample as shipped: raw text, metadata, speakers and quotes."""

    text: str
    source_name: str
    source_format: str
    meta: ArticleMeta
    speakers: tuple[SpeakerFields, ...]
    quotes: tuple[SampleQuote, ...]


def sample_folder() -> Path:
    return resources_dir() / "sample"


def load_sample(folder: Path | None = None) -> SampleArticle:
    """Read ``sample.json`` and the text it names; a malformed sample raises a one-line reason."""
    folder = folder if folder is not None else sample_folder()
    manifest = folder / MANIFEST
    where = str(manifest)
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except OSError as error:
        raise InvalidInputError(where, error.strerror or str(error)) from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidInputError(where, f"not valid JSON ({error})") from error
    article = _mapping(data, "article", where)
    text_file = folder / _string(article, "file", where)
    document = read_document(text_file)
    published = _string(article, "published", where, required=False)
    try:
        published_date = date.fromisoformat(published) if published else None
    except ValueError as error:
        raise InvalidInputError(where, f"{published!r} is not a YYYY-MM-DD date") from error
    meta = ArticleMeta(
        title=_string(article, "title", where),
        outlet=_string(article, "outlet", where, required=False),
        authors=_strings(article, "authors", where),
        published=published_date,
        url=_string(article, "url", where, required=False),
        language=_string(article, "language", where, required=False),
        csl_type=_string(article, "type", where, required=False) or "article-newspaper",
    )
    speakers = tuple(
        SpeakerFields(
            name=_string(item, "name", where),
            role=_string(item, "role", where, required=False),
            affiliation=_string(item, "affiliation", where, required=False),
            notes=_string(item, "notes", where, required=False),
        )
        for item in _items(data, "speakers", where)
    )
    quotes = tuple(_quote(item, where) for item in _items(data, "quotes", where))
    return SampleArticle(
        text=document.text,
        source_name=text_file.name,
        source_format=document.source_format,
        meta=meta,
        speakers=speakers,
        quotes=quotes,
    )


def add_sample_article(library: Library, folder: Path | None = None) -> AddedArticle:
    """Add the sample article with its speakers and quotes; once there, it is returned as is.

    A second call finds the article by its text and returns it with ``created=False``, adding
    nothing, even if the user has since edited or removed some of its quotes.
    """
    sample = load_sample(folder)
    meta = validated_meta(sample.meta)
    drafts = _drafts(sample)
    added = library.articles.add(sample.text, meta, sample.source_name, sample.source_format)
    if not added.created:
        return added
    article_id = added.summary.id
    new_speakers: list[int] = []
    new_tags: list[int] = []
    try:
        for fields in sample.speakers:
            if library.speakers.find(fields.name) is None:
                new_speakers.append(library.speakers.create(fields).id)
        for start, end, edit in drafts:
            change = library.quotes.add(QuoteDraft(article_id, start, end, edit))
            new_tags.extend(change.new_tag_ids)
    except Exception:
        _take_back(library, article_id, new_speakers, new_tags)
        raise
    return AddedArticle(library.articles.summary(article_id), created=True)


def _drafts(sample: SampleArticle) -> list[tuple[int, int, QuoteEdit]]:
    """Each quote's span in the canonical text, checked before anything is written."""
    canonical = canonicalize(sample.text)
    declared = {fold_text(fields.name) for fields in sample.speakers}
    drafts: list[tuple[int, int, QuoteEdit]] = []
    for quote in sample.quotes:
        item = f"sample quote {quote.text[:40]!r}"
        if fold_text(quote.speaker) not in declared:
            raise InvalidInputError(item, f"speaker {quote.speaker!r} is not among the speakers")
        span = find_occurrence(canonical, quote.text, quote.occurrence)
        if span is None:
            raise InvalidInputError(item, "the words are not in the sample article")
        edit = QuoteEdit(quote.speaker, quote.kind, quote.tags, quote.note)
        drafts.append((span[0], span[1], edit))
    return drafts


def _take_back(
    library: Library, article_id: int, speaker_ids: list[int], tag_ids: list[int]
) -> None:
    """Remove what a failed sample import wrote; the original error is what gets reported."""
    with suppress(QuotebookError):
        library.articles.delete(article_id)
        for speaker_id in speaker_ids:
            library.speakers.delete_if_unused(speaker_id)
        for tag_id in tag_ids:
            library.tags.delete_if_unused(tag_id)


def _quote(item: Mapping[str, object], where: str) -> SampleQuote:
    kind = _string(item, "kind", where, required=False) or QuoteKind.DIRECT.value
    if kind not in {k.value for k in QuoteKind}:
        raise InvalidInputError(where, f"{kind!r} is not a quote kind")
    occurrence = item.get("occurrence", 1)
    if not isinstance(occurrence, int) or occurrence < 1:
        raise InvalidInputError(where, "a quote's occurrence must be a whole number from 1")
    return SampleQuote(
        text=_string(item, "text", where),
        speaker=_string(item, "speaker", where),
        kind=QuoteKind(kind),
        tags=_strings(item, "tags", where),
        note=_string(item, "note", where, required=False),
        occurrence=occurrence,
    )


def _mapping(data: object, key: str, where: str) -> Mapping[str, object]:
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, dict):
        raise InvalidInputError(where, f"{key!r} must be an object")
    return value


def _items(data: object, key: str, where: str) -> list[Mapping[str, object]]:
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise InvalidInputError(where, f"{key!r} must be a list of objects")
    return value


def _string(item: Mapping[str, object], key: str, where: str, *, required: bool = True) -> str:
    value = item.get(key, "")
    if not isinstance(value, str):
        raise InvalidInputError(where, f"{key!r} must be text")
    if required and not value.strip():
        raise InvalidInputError(where, f"{key!r} is missing")
    return value


def _strings(item: Mapping[str, object], key: str, where: str) -> tuple[str, ...]:
    value = item.get(key, [])
    if not isinstance(value, list) or not all(isinstance(entry, str) for entry in value):
        raise InvalidInputError(where, f"{key!r} must be a list of text")
    return tuple(value)
