"""Bringing documents into the library: one file, many files, or text from the clipboard.

The metadata a journalist states (CLI flags, the metadata dialog, a CSL-JSON item) wins over
what the file says about itself, which wins over what can be guessed from the file name.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from services.articles import AddedArticle
from services.errors import ImportFailedError, InvalidInputError, QuotebookError
from services.importers import ImportedDocument, read_document
from services.importers.plain import first_line_title
from services.language import detect_language
from services.library import Library
from services.progress import CancelledError, TaskContext
from services.readmodels import ArticleMeta


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

    def apply(self, meta: ArticleMeta) -> ArticleMeta:
        changes: dict[str, Any] = {
            name: getattr(self, name)
            for name in ("title", "outlet", "authors", "published", "url", "language", "csl_type")
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


def import_file(
    library: Library, path: Path, overrides: MetaOverrides = MetaOverrides()
) -> AddedArticle:
    """Read one file and store it; on any failure the library is unchanged."""
    document = read_document(path)
    return store_document(
        library,
        document,
        item=str(path),
        source_name=path.name,
        fallback_title=path.stem,
        overrides=overrides,
    )


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


def store_document(
    library: Library,
    document: ImportedDocument,
    *,
    item: str,
    source_name: str,
    fallback_title: str,
    overrides: MetaOverrides = MetaOverrides(),
) -> AddedArticle:
    """Store a document read from a file, a download or an attachment.

    What the user stated (``overrides``) wins over what the document says, which wins over
    what can be guessed. A failure names ``item`` and leaves the library unchanged.
    """
    meta = overrides.apply(document_meta(document, fallback_title))
    try:
        return library.articles.add(
            document.text,
            meta,
            source_name,
            document.source_format,
            document.paragraph_pages,
        )
    except InvalidInputError as error:
        raise ImportFailedError(item, error.reason) from error


def import_text(
    library: Library, text: str, overrides: MetaOverrides = MetaOverrides(), source: str = ""
) -> AddedArticle:
    """Store text from the clipboard or a script, titled by its first line if none is given."""
    meta = ArticleMeta(title=first_line_title(text) or "Pasted text")
    return library.articles.add(text, overrides.apply(meta), source, "text")


def import_files(
    library: Library,
    paths: Sequence[Path],
    overrides: MetaOverrides = MetaOverrides(),
    context: TaskContext | None = None,
) -> BatchResult:
    """Import many files, one transaction each: failures are collected, successes kept.

    Cancelling stops before the next file; everything imported so far stays.
    """
    context = context or TaskContext()
    result = BatchResult()
    total = len(paths)
    for done, path in enumerate(paths):
        try:
            context.report(done, total, path.name)
        except CancelledError:
            result.cancelled = True
            break
        try:
            result.added.append(import_file(library, path, overrides))
        except QuotebookError as error:
            result.failures.append(ImportFailure(str(path), error.reason))
    else:
        with suppress(CancelledError):  # Cancel pressed during the last file: nothing to stop
            context.report(total, total, "")
    return result


def import_url(
    library: Library, url: str, overrides: MetaOverrides = MetaOverrides()
) -> AddedArticle:
    """Download a web page or document and store it; on any failure the library is unchanged.

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
    return store_document(
        library,
        document,
        item=url,
        source_name=download.suggested_name,
        fallback_title=Path(download.suggested_name).stem,
        overrides=overrides,
    )


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
    return store_document(
        library,
        document,
        item=source,
        source_name=source,
        fallback_title=first_line_title(document.text) or "Pasted text",
        overrides=overrides,
    )


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
