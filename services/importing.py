"""Bringing documents into the library: one file, many files, or text from the clipboard.

The metadata a journalist states (CLI flags, the metadata dialog, a CSL-JSON item) wins over
what the file says about itself, which wins over what can be guessed from the file name.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from services.articles import AddedArticle, NewArticle
from services.errors import ImportFailedError, InvalidInputError, QuotebookError
from services.importers import ImportedDocument, read_bytes, read_document
from services.importers.document import Attachment
from services.importers.plain import first_line_title
from services.language import detect_language
from services.library import Library
from services.progress import CancelledError, TaskContext
from services.readmodels import ArticleMeta, csl_text


@dataclass(frozen=True, slots=True)
class MetaOverrides:
    """Metadata given by the user for an import; ``None`` means "not given"."""

    title: str | None = None
    outlet: str | None = None
    authors: tuple[str, ...] | None = None
    published: date | None = None
    url: str | None = None
    language: str | None = None
    csl_type: str | None = None
    #: A whole CSL-JSON item (``--metadata``) as :attr:`ArticleMeta.csl_extra` text.
    csl_extra: str | None = None

    def apply(self, meta: ArticleMeta) -> ArticleMeta:
        changes: dict[str, Any] = {
            name: getattr(self, name)
            for name in self.__dataclass_fields__
            if getattr(self, name) is not None
        }
        return replace(meta, **changes)

    def under(self, stronger: MetaOverrides) -> MetaOverrides:
        """These overrides with ``stronger``'s given fields on top."""
        changes = {
            name: getattr(stronger, name)
            for name in self.__dataclass_fields__
            if getattr(stronger, name) is not None
        }
        return replace(self, **changes)


@dataclass(frozen=True, slots=True)
class ImportFailure:
    source: str
    reason: str


@dataclass(slots=True)
class BatchResult:
    """What a batch import did: articles added, ones already there, and failures with reasons."""

    added: list[AddedArticle] = field(default_factory=list)
    failures: list[ImportFailure] = field(default_factory=list)
    cancelled: bool = False

    @property
    def created(self) -> list[AddedArticle]:
        return [item for item in self.added if item.created]

    @property
    def duplicates(self) -> list[AddedArticle]:
        return [item for item in self.added if not item.created]


def parse_iso_date(value: str, item: str = "date") -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError as error:
        raise InvalidInputError(item, f"{value!r} is not a date in YYYY-MM-DD form") from error


def overrides_from_csl(path: Path) -> MetaOverrides:
    """Read one CSL-JSON item (as reference managers export it) into metadata overrides."""
    name = str(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as error:
        raise InvalidInputError(name, error.strerror or str(error)) from error
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidInputError(name, f"not valid CSL-JSON ({error})") from error
    if isinstance(data, list) and len(data) == 1:
        data = data[0]
    if not isinstance(data, dict):
        raise InvalidInputError(name, "expected one CSL-JSON item (an object)")
    people = data.get("author")
    people = people if isinstance(people, list) else []
    authors = tuple(_csl_name(person) for person in people if _csl_name(person))
    return MetaOverrides(
        title=_str(data.get("title")),
        outlet=_str(data.get("container-title")) or _str(data.get("publisher")),
        authors=authors or None,
        published=_csl_date(data.get("issued")),
        url=_str(data.get("URL")),
        language=_str(data.get("language")),
        csl_type=_str(data.get("type")),
        csl_extra=csl_text(data) or None,
    )


def _str(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _csl_name(person: object) -> str:
    if not isinstance(person, dict):
        return ""
    if isinstance(person.get("literal"), str):
        return str(person["literal"]).strip()
    given, family = person.get("given", ""), person.get("family", "")
    return " ".join(part for part in (given, family) if isinstance(part, str) and part).strip()


def _csl_date(issued: object) -> date | None:
    if not isinstance(issued, dict):
        return None
    parts = issued.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        numbers = [int(p) for p in parts[0][:3] if str(p).lstrip("-").isdigit()]
        if numbers:
            year, month, day = (*numbers, 1, 1)[:3]
            try:
                return date(year, month, day)
            except ValueError:
                return None
    raw = issued.get("raw")
    if isinstance(raw, str):
        try:
            return date.fromisoformat(raw[:10])
        except ValueError:
            return None
    return None


@dataclass(frozen=True, slots=True)
class ReadSource:
    """A document read from a file or a download, ready to store.

    ``item`` is how a failure names it (the path or address as the user gave it).
    """

    document: ImportedDocument
    item: str
    source_name: str
    fallback_title: str
    #: The day a web page was fetched: a citation of a web source gives it as "accessed".
    accessed: date | None = None


def read_file_source(path: Path) -> ReadSource:
    return ReadSource(read_document(path), str(path), path.name, path.stem)


def read_url_source(url: str) -> ReadSource:
    """Download a web page or document and read it.

    The page's own canonical address wins over the one it was fetched from, which fills the
    article's URL when the document names none.
    """
    # The downloader and readers load lxml and trafilatura: only when a URL is imported.
    from services.importers import read_bytes  # noqa: PLC0415
    from services.importers.web import fetch, readable_bytes  # noqa: PLC0415

    download = fetch(url)
    document = read_bytes(readable_bytes(download), url, download.suffix)
    if not document.url:
        document = replace(document, url=download.final_url)
    return ReadSource(
        document,
        url,
        download.suggested_name,
        Path(download.suggested_name).stem,
        accessed=date.today(),
    )


def read_source(source: Path | str) -> ReadSource:
    return read_file_source(source) if isinstance(source, Path) else read_url_source(source)


def new_article(read: ReadSource, overrides: MetaOverrides = MetaOverrides()) -> NewArticle:
    """What to store for a document: what the user stated (``overrides``) wins over what the
    document says, which wins over what can be guessed."""
    document = read.document
    meta = overrides.apply(document_meta(document, read.fallback_title))
    if read.accessed is not None:
        meta = with_accessed(meta, read.accessed)
    return NewArticle(
        document.text, meta, read.source_name, document.source_format, document.paragraph_pages
    )


def with_accessed(meta: ArticleMeta, day: date) -> ArticleMeta:
    """``meta`` with ``day`` as the CSL "accessed" date, unless its CSL item already has one."""
    fields = meta.csl_fields
    if fields.get("accessed"):
        return meta
    fields["accessed"] = {"date-parts": [[day.year, day.month, day.day]]}
    return replace(meta, csl_extra=csl_text(fields))


def import_file(
    library: Library, path: Path, overrides: MetaOverrides = MetaOverrides()
) -> AddedArticle:
    """Read one file and store it; on any failure the library is unchanged."""
    return store_source(library, read_file_source(path), overrides)


def document_meta(document: ImportedDocument, fallback_title: str) -> ArticleMeta:
    """The metadata a document carries, with its language detected when it does not say."""
    return ArticleMeta(
        title=document.title or fallback_title,
        outlet=document.outlet,
        authors=document.authors,
        published=document.published,
        url=document.url,
        language=document.language or detect_language(document.text),
        csl_type=document.csl_type or "article-newspaper",
    )


def store_source(
    library: Library, read: ReadSource, overrides: MetaOverrides = MetaOverrides()
) -> AddedArticle:
    """Store one document; a failure names its source and leaves the library unchanged."""
    article = new_article(read, overrides)
    try:
        added = library.articles.add(
            article.text,
            article.meta,
            article.source_name,
            article.source_format,
            article.paragraph_pages,
        )
    except InvalidInputError as error:
        raise ImportFailedError(read.item, error.reason) from error
    return replace(added, attachments=read.document.attachments)


def import_text(
    library: Library, text: str, overrides: MetaOverrides = MetaOverrides(), source: str = ""
) -> AddedArticle:
    """Store text from the clipboard or a script, titled by its first line if none is given."""
    meta = ArticleMeta(title=first_line_title(text) or "Pasted text")
    return library.articles.add(text, overrides.apply(meta), source, "text")


Item = TypeVar("Item")

#: Articles stored per transaction in a batch import: one commit (and its fsync) per batch
#: rather than per file is most of a big import's speed; a savepoint per article keeps a
#: refused one from taking the others with it.
BATCH_SIZE = 32


def import_batch(
    library: Library,
    sources: Sequence[Path | str],
    overrides: MetaOverrides = MetaOverrides(),
    context: TaskContext | None = None,
) -> BatchResult:
    """Import files and web addresses: failures are collected with their reasons, successes
    kept. Cancel stops before the next source; everything read so far is stored.
    """
    return _run_batch(
        library,
        sources,
        read_source,
        label=lambda source: source.name if isinstance(source, Path) else source,
        overrides=overrides,
        context=context,
    )


def read_attachment(parent: str, attachment: Attachment) -> ReadSource:
    """An e-mail's attachment read as a document of its own kind; failures name both."""
    item = f"{parent}: {attachment.name}"
    name = Path(attachment.name)
    return ReadSource(read_bytes(attachment.data, item, name.suffix), item, name.name, name.stem)


def import_attachments(
    library: Library,
    attachments: Sequence[tuple[str, Attachment]],
    overrides: MetaOverrides = MetaOverrides(),
    context: TaskContext | None = None,
) -> BatchResult:
    """Import attachments the user chose, each named by its message (``(parent, attachment)``)."""
    return _run_batch(
        library,
        attachments,
        lambda pair: read_attachment(*pair),
        label=lambda pair: pair[1].name,
        overrides=overrides,
        context=context,
    )


def _run_batch(
    library: Library,
    items: Sequence[Item],
    read: Callable[[Item], ReadSource],
    *,
    label: Callable[[Item], str],
    overrides: MetaOverrides,
    context: TaskContext | None,
) -> BatchResult:
    context = context or TaskContext()
    result = BatchResult()
    pending: list[ReadSource] = []
    total = len(items)
    for done, item in enumerate(items):
        try:
            context.report(done, total, label(item))
        except CancelledError:
            result.cancelled = True
            break
        try:
            pending.append(read(item))
        except QuotebookError as error:
            result.failures.append(ImportFailure(error.item, error.reason))
        if len(pending) >= BATCH_SIZE:
            _store_batch(library, pending, overrides, result)
            pending = []
    _store_batch(library, pending, overrides, result)
    if not result.cancelled:
        with suppress(CancelledError):  # Cancel pressed during the last file: nothing to stop
            context.report(total, total, "")
    return result


def _store_batch(
    library: Library, reads: list[ReadSource], overrides: MetaOverrides, result: BatchResult
) -> None:
    if not reads:
        return
    articles = [new_article(read, overrides) for read in reads]
    try:
        stored = library.articles.add_many(articles)
    except QuotebookError as error:  # the library itself refused (locked, disk full…)
        result.failures.extend(ImportFailure(read.item, error.reason) for read in reads)
        return
    for read, outcome in zip(reads, stored, strict=True):
        if isinstance(outcome, InvalidInputError):
            result.failures.append(ImportFailure(read.item, outcome.reason))
        else:
            result.added.append(replace(outcome, attachments=read.document.attachments))


def import_files(
    library: Library,
    paths: Sequence[Path],
    overrides: MetaOverrides = MetaOverrides(),
    context: TaskContext | None = None,
) -> BatchResult:
    """Import many files (see :func:`import_batch`)."""
    return import_batch(library, paths, overrides, context)


def import_url(
    library: Library, url: str, overrides: MetaOverrides = MetaOverrides()
) -> AddedArticle:
    """Download a web page or document and store it; on any failure the library is unchanged."""
    return store_source(library, read_url_source(url), overrides)


def import_html(
    library: Library,
    html: str,
    overrides: MetaOverrides = MetaOverrides(),
    source: str = "clipboard",
    text: str = "",
) -> AddedArticle:
    """Store HTML from the clipboard or a browser drag, read like a web page.

    A copied selection is the journalist's choice of words, so all of its visible text is
    kept; only a whole copied page (it has the page's navigation or footer) is reduced to its
    main text like a saved page. ``text`` is the plain-text version the clipboard offers
    beside the HTML: it is imported instead when the HTML has no text of its own.
    """
    from services.importers.html import html_document, is_whole_page  # noqa: PLC0415 - trafilatura

    markup, source_url = _clipboard_markup(html)
    try:
        document = html_document(markup, source, main_text=is_whole_page(markup))
    except ImportFailedError:
        if not text.strip():
            raise
        return import_text(library, text, overrides, source)
    if source_url and not document.url:
        document = replace(document, url=source_url)
    title = first_line_title(document.text) or "Pasted text"
    return store_source(library, ReadSource(document, source, source, title), overrides)


def _clipboard_markup(html: str) -> tuple[str, str]:
    """The HTML and source address of Windows' clipboard format, whose header
    ("Version:0.9 StartHTML:… SourceURL:…") may reach us undigested; other HTML as it is."""
    if not html.startswith("Version:") or "StartHTML:" not in html[:400]:
        return html, ""
    header, _, _rest = html.partition("<")
    source_url = ""
    for line in header.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "SourceURL" and value.strip().lower().startswith(("http:", "https:")):
            source_url = value.strip()
    return html[len(header) :], source_url
