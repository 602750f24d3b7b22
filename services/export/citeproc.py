"""Citations and bibliographies in any CSL style, through pandoc's CSL engine.

Why pandoc: a citation list must be right to the comma in the house style, and our reference is
citeproc-js (the engine inside Zotero), whose output for eight sources in six styles is in
``shared/citations``. Measured against those 45 bibliography entries, citeproc-py (the pure
Python engine) got 43 wrong: initials where MLA and Chicago want full names, titles printed
twice, a stray "Edition.", no 2026a/2026b disambiguation, punctuation outside quotation marks.
Pandoc's engine (the ``citeproc`` library, run as ``pandoc --citeproc`` from the
``pypandoc-binary`` wheel, so nothing to install) matched APA and Harvard exactly and differed
in three ways, each fixed here rather than worked around in every exporter:

1. Title case: pandoc capitalises short words citeproc-js keeps in lower case ("… Tower After
   Heated Hearing"); we protect those words (:mod:`.titlecase`).
2. GOST's order: pandoc puts items with an empty sort key first and Latin before Cyrillic even in
   a Russian style; we correct the order (:mod:`.bibsort`).
3. Note styles: the in-text "citation" of Chicago notes-bibliography is the footnote, which we
   take from the note pandoc attaches to each citation.

Pandoc reads a JSON document we build and writes its JSON model back (:mod:`.pandoc_ast`): no
user text is ever parsed as Markdown, and every string is typeset as written. One export is one
pandoc run (two when the bibliography order needs the check of :mod:`.bibsort`), however many
sources it cites, so a list of 10,000 quotes from thousands of sources costs one process start.
"""

from __future__ import annotations

import copy
import json
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any
from xml.etree.ElementTree import Element

from services.errors import QuotebookError
from services.export import bibsort, pandoc_ast
from services.export.richtext import RichText, plain
from services.export.styles import CSL_NS, StyleInfo, read_style
from services.export.titlecase import protections, uses_title_case
from services.progress import TaskContext

_NS = {"csl": CSL_NS}

#: How often a running pandoc is checked for the user's Cancel (seconds).
_POLL = 0.2


class CitationEngineError(QuotebookError):
    """Pandoc is missing or could not format the citations."""


@dataclass(frozen=True)
class Rendering:
    """A style's output for a set of items.

    ``bibliography`` is in the style's order and leaves out items the style does not list (APA
    omits personal interviews); ``citations`` holds each item's in-text citation (for a note
    style, the footnote's text), all items having been cited together so that disambiguation
    such as 2026a/2026b applies.
    """

    bibliography: tuple[tuple[str, RichText], ...]
    citations: Mapping[str, RichText] = field(default_factory=lambda: MappingProxyType({}))


def render(
    items: Sequence[Mapping[str, Any]], style: StyleInfo, *, task: TaskContext | None = None
) -> Rendering:
    """Format CSL-JSON ``items`` (each with a unique ``id``) in ``style``."""
    task = task or TaskContext()
    task.report(0, len(items))
    if not items:
        return Rendering(())
    root = read_style(style.path, style.title)
    ids = [str(item.get("id", "")) for item in items]
    if len(set(ids)) != len(ids):
        raise CitationEngineError(style.title, "two sources have the same id")
    # Pandoc sees ids of our own making: any text may be an id in CSL-JSON.
    internal = [f"q{number}" for number in range(len(items))]
    external = dict(zip(internal, ids, strict=True))
    title_case = uses_title_case(root)
    references = [
        pandoc_ast.reference({**item, "id": key}, protections(item) if title_case else {})
        for key, item in zip(internal, items, strict=True)
    ]
    tuned = _quick_disambiguation(root, items)
    with tempfile.TemporaryDirectory(prefix="quotebook-csl-") as folder:
        order, style_path = internal, str(style.path)
        if tuned is not root:
            style_path = str(Path(folder) / "tuned.csl")
            Path(style_path).write_bytes(bibsort.serialised(tuned))
            root = tuned
        if bibsort.needs_check(root, items):
            order, derived = _checked_order(root, references, internal, Path(folder), task)
            if derived is not None:
                style_path = str(derived)
        rendered = _pandoc(
            pandoc_ast.document(references, order, style_path), style, Path(folder), task
        )
    citations = {
        external[key]: pandoc_ast.rich_text(content)
        for key, content in pandoc_ast.citations(rendered).items()
        if key in external
    }
    entries = (
        (key, pandoc_ast.rich_text(content)) for key, content in pandoc_ast.bibliography(rendered)
    )
    # An item the style does not list (APA's personal interviews) comes back empty.
    bibliography = tuple(
        (external[key], text) for key, text in entries if key in external and plain(text).strip()
    )
    task.report(len(items), len(items))
    return Rendering(bibliography, MappingProxyType(citations))


#: Above this many sources, a style's document-wide given-name rule gives way to the per-citation
#: rule when two people share a family name (see :func:`_quick_disambiguation`).
GLOBAL_NAME_RULE_LIMIT = 300
_GLOBAL_NAME_RULES = frozenset(
    {"all-names", "all-names-with-initials", "primary-name", "primary-name-with-initials"}
)


def _quick_disambiguation(root: Element, items: Sequence[Mapping[str, Any]]) -> Element:
    """The style, or a copy whose given-name disambiguation pandoc can do in reasonable time.

    Styles such as APA and Chicago add initials wherever two *different* people with the same
    family name are cited anywhere in the document (a document-wide "givenname-disambiguation
    rule"). Pandoc's implementation of those rules takes time that grows with the cube of the
    number of sources (22 s for 1,000 sources, over 3 minutes for 2,000), whereas the
    per-citation rule ("by-cite") is fast. When no two people in the items share a family name,
    the two rules print exactly the same, so the fast one is used. When some do, the document-
    wide rule is kept up to :data:`GLOBAL_NAME_RULE_LIMIT` sources; beyond that, initials are
    added only where a citation would otherwise be ambiguous, so every citation still points to
    one source.
    """
    citation = root.find("csl:citation", _NS)
    if citation is None or citation.get("givenname-disambiguation-rule") not in (
        _GLOBAL_NAME_RULES
    ):
        return root
    if len(items) <= GLOBAL_NAME_RULE_LIMIT and _shared_family_names(items):
        return root
    tuned = copy.deepcopy(root)
    tuned_citation = tuned.find("csl:citation", _NS)
    assert tuned_citation is not None
    tuned_citation.set("givenname-disambiguation-rule", "by-cite")
    return tuned


def _shared_family_names(items: Sequence[Mapping[str, Any]]) -> bool:
    """Whether two different people (same family name, other given name) appear in ``items``."""
    given_by_family: dict[str, str] = {}
    for item in items:
        for people in item.values():
            if not isinstance(people, list):
                continue
            for person in people:
                if not isinstance(person, Mapping) or not isinstance(person.get("family"), str):
                    continue
                family = str(person["family"]).casefold().strip()
                given = str(person.get("given") or "").casefold().strip()
                if given_by_family.setdefault(family, given) != given:
                    return True
    return False


def _checked_order(
    root: Element,
    references: list[pandoc_ast.Json],
    internal: list[str],
    folder: Path,
    task: TaskContext,
) -> tuple[list[str], Path | None]:
    """The citing order and style for the real run (see :mod:`.bibsort`): unchanged when
    pandoc's own order is already the reference's, else the corrected order and an unsorted
    copy of the style."""
    keys_path = folder / "keys.csl"
    keys_path.write_bytes(bibsort.key_style(root))
    rendered = _pandoc(
        pandoc_ast.document(references, internal, str(keys_path)), None, folder, task
    )
    entries = pandoc_ast.bibliography(rendered)
    pandoc_order = [key for key, _ in entries]
    keys = {
        key: bibsort.rendered_keys(plain(pandoc_ast.rich_text(content))) for key, content in entries
    }
    corrected = bibsort.corrected_order(pandoc_order, keys, bibsort.own_scripts(root))
    if corrected == pandoc_order:
        return internal, None
    listed = set(corrected)
    unsorted = folder / "style.csl"
    unsorted.write_bytes(bibsort.unsorted_style(root))
    return [*corrected, *(key for key in internal if key not in listed)], unsorted


def pandoc_path() -> str:
    """The pandoc shipped in the ``pypandoc-binary`` wheel."""
    try:
        import pypandoc  # noqa: PLC0415 - only an export needs it

        return str(pypandoc.get_pandoc_path())
    except (ImportError, OSError) as error:
        raise CitationEngineError(
            "citation engine", "pandoc is not installed (reinstall Quotebook's dependencies)"
        ) from error


def _pandoc(
    document: pandoc_ast.Json, style: StyleInfo | None, folder: Path, task: TaskContext
) -> pandoc_ast.Json:
    """Run ``pandoc --citeproc`` on a JSON document; Cancel stops it."""
    item = style.title if style else "citation style"
    # An empty data folder of its own: no user's pandoc settings can change the output.
    command = [pandoc_path(), "--data-dir", str(folder), "-f", "json", "-t", "json", "--citeproc"]
    payload = json.dumps(document, ensure_ascii=False).encode("utf-8")
    try:
        process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
    except OSError as error:
        raise CitationEngineError(item, f"pandoc could not start ({error.strerror})") from error
    with process:
        pending: bytes | None = payload
        while True:
            try:
                output, errors = process.communicate(pending, timeout=_POLL)
                break
            except subprocess.TimeoutExpired:
                pending = None
                try:
                    task.check()
                except BaseException:
                    process.kill()
                    raise
    if process.returncode != 0:
        message = errors.decode("utf-8", "replace").strip().splitlines()
        reason = message[-1] if message else f"pandoc exited with status {process.returncode}"
        raise CitationEngineError(item, f"the citation engine failed: {reason}")
    try:
        result: pandoc_ast.Json = json.loads(output)
    except json.JSONDecodeError as error:
        raise CitationEngineError(item, "the citation engine gave unreadable output") from error
    return result
