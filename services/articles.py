"""Articles: canonical text fixed at import, citation metadata editable at any time."""

from __future__ import annotations

import builtins
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import delete, func, select
from sqlalchemy.orm import defer
from sqlmodel import Session, col

from models.engine import fold, fold_text
from models.tables import Article, Quote, utc_now
from services.errors import InvalidInputError, NotFoundError
from services.importers.document import Attachment
from services.keys import stored_ids
from services.quotes import QuoteSnapshot, restore_rows, snapshot_rows
from services.readmodels import ArticleInfo, ArticleMeta, ArticleSummary, csl_fields, csl_text
from services.text import canonicalize, clean_name, content_hash

if TYPE_CHECKING:
    from services.library import Library

#: Ids per ``IN (…)`` query: well under every database's limit on bound parameters.
_CHUNK = 500

#: BCP 47 primary language subtag with optional region or script, e.g. ``ru``, ``pt-BR``.
_LANGUAGE = re.compile(r"^[a-zA-Z]{2,3}([-_][a-zA-Z0-9]{2,8})*$")

#: CSL item types a journalist's sources are; anything else from CSL is accepted too.
COMMON_CSL_TYPES: tuple[str, ...] = (
    "article-newspaper",
    "article-magazine",
    "article-journal",
    "webpage",
    "post-weblog",
    "interview",
    "broadcast",
    "report",
    "speech",
    "personal_communication",
    "document",
    "book",
    "chapter",
    "legal_case",
    "legislation",
)


@dataclass(frozen=True, slots=True)
class AddedArticle:
    """The result of an import: the article, and whether it is new or was already there."""

    summary: ArticleSummary
    created: bool
    #: Files attached to the document (an e-mail's), listed for the user, never opened
    #: unasked; each can be imported on its own.
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True, slots=True)
class ArticleSnapshot:
    """A deleted article with its quotes, to bring everything back under the same ids."""

    id: int
    meta: ArticleMeta
    text: str
    source_name: str
    source_format: str
    created_at: datetime
    quotes: tuple[QuoteSnapshot, ...]
    paragraph_pages: tuple[int, ...] = ()


class ArticleService:
    def __init__(self, library: Library) -> None:
        self._library = library

    def add(
        self,
        text: str,
        meta: ArticleMeta,
        source_name: str = "",
        source_format: str = "text",
        paragraph_pages: tuple[int, ...] = (),
    ) -> AddedArticle:
        """Store a new article; the same text imported before returns the existing one.

        ``paragraph_pages`` (paged sources only) is kept only if it has one page per paragraph
        of the canonical text; a map that does not fit would cite wrong pages.
        """
        article = NewArticle(text, meta, source_name, source_format, paragraph_pages)
        prepared = _prepared(article)
        with self._library.session(write=True) as session:
            return _insert(session, *prepared)

    def add_many(
        self, articles: Sequence[NewArticle]
    ) -> builtins.list[AddedArticle | InvalidInputError]:
        """Store several articles in one transaction, each in a savepoint of its own.

        One commit for a batch instead of one per file is what makes a big import fast; the
        savepoints keep a refused article from taking the others with it. Results come back
        in order: the stored article, or why it was refused.
        """
        results: builtins.list[AddedArticle | InvalidInputError] = []
        with self._library.session(write=True) as session:
            for article in articles:
                try:
                    prepared = _prepared(article)
                    with session.begin_nested():
                        results.append(_insert(session, *prepared))
                except InvalidInputError as error:
                    results.append(error)
        return results

    def list(self) -> builtins.list[ArticleSummary]:
        """Every article, newest import first."""
        with self._library.session() as session:
            # defer() is typed for QueryableAttribute, which Article.text is at runtime; sqlmodel
            # types it as str and col() as Mapped[str], so neither satisfies the stubs.
            query = select(Article).options(defer(Article.text))  # type: ignore[arg-type]
            rows = session.scalars(query.order_by(col(Article.id).desc())).all()
            return _summaries(session, list(rows))

    def ids(self) -> builtins.list[int]:
        """Every article's id in :meth:`list`'s order (newest import first), without the rows.

        The sidebar holds these and fetches :meth:`rows` a screenful at a time, so opening a
        10,000-article library reads ten thousand integers, not ten thousand summaries.
        """
        with self._library.session() as session:
            return stored_ids(
                session.scalars(select(col(Article.id)).order_by(col(Article.id).desc())).all()
            )

    def rows(self, ids: Sequence[int]) -> dict[int, ArticleSummary]:
        """Summaries for some article ids (missing ids are simply absent), text not read."""
        result: dict[int, ArticleSummary] = {}
        with self._library.session() as session:
            for chunk_start in range(0, len(ids), _CHUNK):
                chunk = builtins.list(ids[chunk_start : chunk_start + _CHUNK])
                query = (
                    select(Article)
                    .options(defer(Article.text))  # type: ignore[arg-type]  # see list()
                    .where(col(Article.id).in_(chunk))
                )
                rows = builtins.list(session.scalars(query).all())
                result.update((summary.id, summary) for summary in _summaries(session, rows))
        return result

    def summary(self, article_id: int) -> ArticleSummary:
        with self._library.session() as session:
            return _summaries(session, [_row(session, article_id)])[0]

    def get(self, article_id: int) -> ArticleInfo:
        with self._library.session() as session:
            row = _row(session, article_id)
            return ArticleInfo(
                _summaries(session, [row])[0],
                row.text,
                row.content_hash,
                tuple(row.paragraph_pages or ()),
            )

    def resolve(self, reference: str) -> int:
        """An article named on the command line: by id, or by title (exact, else unique prefix)."""
        reference = reference.strip()
        with self._library.session() as session:
            if reference.isdecimal():
                if session.get(Article, int(reference)) is None:
                    raise NotFoundError(f"article {reference}", "no such article in the library")
                return int(reference)
            key = fold_text(reference)
            if not key:
                raise InvalidInputError("article", "no id or title given")
            exact = session.scalars(select(col(Article.id)).where(fold(Article.title) == key)).all()
            matches = stored_ids(
                exact
                or session.scalars(
                    select(col(Article.id)).where(
                        fold(Article.title).startswith(key, autoescape=True)
                    )
                ).all()
            )
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise NotFoundError(f"article {reference!r}", "no article has that id or title")
        raise InvalidInputError(
            f"article {reference!r}",
            f"{len(matches)} articles match; use an id ({', '.join(map(str, matches[:5]))}…)",
        )

    def update_meta(self, article_id: int, meta: ArticleMeta) -> ArticleSummary:
        """Store edited metadata. An empty ``csl_extra`` keeps the stored CSL fields: the
        metadata dialog edits only the main fields, and those win over the stored ones anyway
        when a citation is made."""
        meta = validated_meta(meta)
        with self._library.session(write=True) as session:
            row = _row(session, article_id)
            if not meta.csl_extra:
                meta = replace(meta, csl_extra=row.csl_extra)
            _apply_meta(row, meta)
            row.updated_at = utc_now()
            session.add(row)
            session.flush()
            return _summaries(session, [row])[0]

    def delete(self, article_id: int) -> ArticleSnapshot:
        """Remove an article and its quotes; the snapshot can restore both."""
        with self._library.session(write=True) as session:
            row = _row(session, article_id)
            quote_ids = stored_ids(
                session.scalars(
                    select(col(Quote.id)).where(col(Quote.article_id) == article_id)
                ).all()
            )
            snapshot = ArticleSnapshot(
                id=article_id,
                meta=_meta(row),
                text=row.text,
                source_name=row.source_name,
                source_format=row.source_format,
                created_at=row.created_at,
                quotes=tuple(snapshot_rows(session, quote_ids)),
                paragraph_pages=tuple(row.paragraph_pages or ()),
            )
            session.execute(delete(Article).where(col(Article.id) == article_id))
            return snapshot

    def restore(self, snapshot: ArticleSnapshot) -> ArticleSummary:
        with self._library.session(write=True) as session:
            row = Article(
                id=snapshot.id,
                text=snapshot.text,
                content_hash=content_hash(snapshot.text),
                source_name=snapshot.source_name,
                source_format=snapshot.source_format,
                paragraph_pages=list(snapshot.paragraph_pages),
                created_at=snapshot.created_at,
                updated_at=utc_now(),
                title=snapshot.meta.title,
            )
            _apply_meta(row, snapshot.meta)
            session.add(row)
            session.flush()
            restore_rows(session, snapshot.quotes)
            return _summaries(session, [row])[0]


@dataclass(frozen=True, slots=True)
class NewArticle:
    """An article about to be stored: its text as read, and its metadata."""

    text: str
    meta: ArticleMeta
    source_name: str = ""
    source_format: str = "text"
    paragraph_pages: tuple[int, ...] = ()


def _prepared(article: NewArticle) -> tuple[str, ArticleMeta, NewArticle]:
    """Canonical text and checked metadata, before any database work."""
    canonical = canonicalize(article.text)
    if not canonical.strip():
        raise InvalidInputError(
            article.source_name or article.meta.title or "article", "there is no text in it"
        )
    return canonical, validated_meta(article.meta), article


def _insert(
    session: Session, canonical: str, meta: ArticleMeta, article: NewArticle
) -> AddedArticle:
    digest = content_hash(canonical)
    existing = session.scalar(
        select(Article).where(col(Article.content_hash) == digest).order_by(col(Article.id))
    )
    if existing is not None and existing.text == canonical:
        return AddedArticle(_summaries(session, [existing])[0], created=False)
    stamp = utc_now()
    row = Article(
        text=canonical,
        content_hash=digest,
        source_name=article.source_name,
        source_format=article.source_format,
        paragraph_pages=fitting_pages(canonical, article.paragraph_pages),
        created_at=stamp,
        updated_at=stamp,
        title=meta.title,
        authors=list(meta.authors),
    )
    _apply_meta(row, meta)
    session.add(row)
    session.flush()
    assert row.id is not None
    summary = ArticleSummary(
        id=row.id,
        meta=meta,
        source_name=article.source_name,
        source_format=article.source_format,
        quote_count=0,  # created in this transaction: nothing can quote it yet
        created_at=stamp,
    )
    return AddedArticle(summary, created=True)


def paragraph_count(canonical: str) -> int:
    """Paragraphs of a canonical text: blocks separated by a blank line."""
    return canonical.count("\n\n") + 1 if canonical else 0


def fitting_pages(canonical: str, pages: tuple[int, ...]) -> list[int]:
    return list(pages) if len(pages) == paragraph_count(canonical) else []


def validated_meta(meta: ArticleMeta) -> ArticleMeta:
    """Tidy metadata and refuse what a citation could not use."""
    title = clean_name(meta.title)
    if not title:
        raise InvalidInputError("article", "the title is empty")
    language = meta.language.strip().replace("_", "-")
    if language and not _LANGUAGE.match(language):
        raise InvalidInputError(f"article {title!r}", f"{language!r} is not a language code")
    url = meta.url.strip()
    if url and not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url):
        raise InvalidInputError(f"article {title!r}", f"{url!r} is not a URL")
    csl_type = meta.csl_type.strip() or "article-newspaper"
    if not re.match(r"^[a-z][a-z_-]*$", csl_type):
        raise InvalidInputError(f"article {title!r}", f"{csl_type!r} is not a CSL item type")
    authors = tuple(a for a in (clean_name(a) for a in meta.authors) if a)
    extra = csl_fields(meta.csl_extra)
    if meta.csl_extra.strip() not in {"", "{}"} and not extra:
        raise InvalidInputError(f"article {title!r}", "the CSL fields are not a JSON object")
    return replace(
        meta,
        csl_extra=csl_text(extra),
        title=title,
        outlet=clean_name(meta.outlet),
        authors=authors,
        url=url,
        language=language.lower(),
        csl_type=csl_type,
    )


def _apply_meta(row: Article, meta: ArticleMeta) -> None:
    row.title = meta.title
    row.outlet = meta.outlet
    row.authors = list(meta.authors)
    row.published = meta.published
    row.url = meta.url
    row.language = meta.language
    row.csl_type = meta.csl_type
    row.csl_extra = meta.csl_extra


def _meta(row: Article) -> ArticleMeta:
    return ArticleMeta(
        title=row.title,
        outlet=row.outlet,
        authors=tuple(row.authors or ()),
        published=row.published,
        url=row.url,
        language=row.language,
        csl_type=row.csl_type,
        csl_extra=row.csl_extra or "",
    )


def _row(session: Session, article_id: int) -> Article:
    row = session.get(Article, article_id)
    if row is None:
        raise NotFoundError(f"article {article_id}", "no such article in the library")
    return row


def _summaries(session: Session, rows: list[Article]) -> list[ArticleSummary]:
    ids = [row.id for row in rows]
    counts: dict[int, int] = {}
    if ids:
        counts = dict(
            session.execute(
                select(col(Quote.article_id), func.count())
                .where(col(Quote.article_id).in_(ids))
                .group_by(col(Quote.article_id))
            ).all()
        )
    summaries = []
    for row in rows:
        assert row.id is not None
        created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=UTC)
        summaries.append(
            ArticleSummary(
                id=row.id,
                meta=_meta(row),
                source_name=row.source_name,
                source_format=row.source_format,
                quote_count=counts.get(row.id, 0),
                created_at=created,
            )
        )
    return summaries
