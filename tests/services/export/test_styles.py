"""Citation styles: built-ins, aliases, the collection, user files, and files that are not."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.errors import InvalidInputError
from services.export import styles
from services.export.styles import (
    BUILTIN_KEYS,
    builtin_styles,
    install_style,
    installed_styles,
    resolve_style,
)


@pytest.fixture(autouse=True)
def user_styles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A styles folder of this test's own, never the user's."""
    folder = tmp_path / "user-data" / "styles"
    monkeypatch.setattr(styles, "user_styles_dir", lambda: folder)
    return folder


def test_builtin_styles_come_from_the_collection() -> None:
    found = builtin_styles()
    assert [style.key for style in found] == list(BUILTIN_KEYS)
    assert all(style.path.is_file() and style.title for style in found)
    assert [style.key for style in found if style.notes] == ["chicago-notes-bibliography"]


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("apa", "apa"),
        ("MLA", "modern-language-association"),
        ("chicago", "chicago-author-date"),
        ("chicago-notes", "chicago-notes-bibliography"),
        ("gost", "gost-r-7-0-5-2008"),
        ("harvard", "harvard-cite-them-right"),
        ("ieee", "ieee"),
    ],
)
def test_names_and_aliases_resolve(name: str, key: str) -> None:
    assert resolve_style(name).key == key


def test_a_dependent_style_runs_on_its_parent() -> None:
    style = resolve_style("3-biotech")
    assert style.key == "3-biotech"
    assert "dependent" not in style.path.parts


def test_unknown_style_names_itself_and_the_choices() -> None:
    with pytest.raises(InvalidInputError) as raised:
        resolve_style("house-style-2019")
    assert raised.value.item == "house-style-2019"
    assert "apa" in raised.value.reason
    assert "mla" in raised.value.reason


def test_path_traversal_is_not_a_style_key() -> None:
    with pytest.raises(InvalidInputError):
        resolve_style("../../etc/passwd")


def _apa_copy(folder: Path, name: str) -> Path:
    path = folder / name
    path.write_bytes(resolve_style("apa").path.read_bytes())
    return path


def test_a_style_file_by_path(tmp_path: Path) -> None:
    style = resolve_style(str(_apa_copy(tmp_path, "House Style.csl")))
    assert style.key == "House Style"
    assert style.path == tmp_path / "House Style.csl"


def test_install_copies_the_style_and_names_it_by_file(tmp_path: Path, user_styles: Path) -> None:
    installed = install_style(_apa_copy(tmp_path, "Newsroom House.csl"))
    assert installed.key == "newsroom-house"
    assert installed.path == user_styles / "newsroom-house.csl"
    assert resolve_style("newsroom-house") == installed
    assert installed_styles() == [installed]
    # Installing again replaces it, and leaves no temporary file behind.
    install_style(_apa_copy(tmp_path, "Newsroom House.csl"))
    assert sorted(p.name for p in user_styles.iterdir()) == ["newsroom-house.csl"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "unreadable XML"),
        (b"\x00\x01binary", "unreadable XML"),
        (b"<html><body>not a style</body></html>", "CSL namespace"),
        (
            b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
            b'<style xmlns="http://purl.org/net/xbiblio/csl">&b;</style>',
            "unreadable XML",
        ),
        (
            b'<style xmlns="http://purl.org/net/xbiblio/csl"><info><title>T</title></info></style>',
            "no <citation>",
        ),
    ],
    ids=["empty", "binary", "html", "entities", "no-citation"],
)
def test_a_file_that_is_not_a_style_is_refused(
    tmp_path: Path, user_styles: Path, content: bytes, reason: str
) -> None:
    bad = tmp_path / "bad.csl"
    bad.write_bytes(content)
    for attempt in (install_style, lambda path: resolve_style(str(path))):
        with pytest.raises(InvalidInputError) as raised:
            attempt(bad)
        assert raised.value.item == str(bad)
        assert reason in raised.value.reason
        assert "\n" not in str(raised.value)
    assert not user_styles.exists() or not list(user_styles.iterdir())


def test_a_missing_style_file(tmp_path: Path) -> None:
    with pytest.raises(InvalidInputError, match="no such style file"):
        resolve_style(str(tmp_path / "gone.csl"))
