"""The CSL engine against citeproc-js's output for eight sources in six styles, and its edges."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from services.export import citeproc
from services.export.citeproc import CitationEngineError, Rendering, render
from services.export.richtext import plain, to_html
from services.export.styles import StyleInfo, read_style, resolve_style
from services.export.titlecase import protected_words
from services.progress import CancelledError, TaskContext
from tests.conftest import SHARED

CITATIONS = SHARED / "citations"
STYLES = (
    "apa",
    "modern-language-association",
    "chicago-author-date",
    "chicago-notes-bibliography",
    "gost-r-7-0-5-2008",
    "harvard-cite-them-right",
)


@pytest.fixture(scope="module")
def vectors() -> tuple[list[dict[str, Any]], dict[str, Any]]:
    if not (CITATIONS / "items.json").is_file():
        pytest.skip("../shared/citations is not beside this checkout")
    items = json.loads((CITATIONS / "items.json").read_text(encoding="utf-8"))
    reference = json.loads((CITATIONS / "reference-citeproc-js.json").read_text(encoding="utf-8"))
    return items, reference


@pytest.fixture(scope="module")
def renderings(vectors: tuple[list[dict[str, Any]], dict[str, Any]]) -> dict[str, Rendering]:
    items, _ = vectors
    return {key: render(items, resolve_style(key)) for key in STYLES}


@pytest.mark.parametrize("style", STYLES)
def test_bibliography_text_and_order_match_citeproc_js(
    style: str,
    vectors: tuple[list[dict[str, Any]], dict[str, Any]],
    renderings: dict[str, Rendering],
) -> None:
    expected: dict[str, str] = vectors[1][style]["text"]
    got = {key: plain(text) for key, text in renderings[style].bibliography}
    assert got == expected
    # The reference lists entries in the style's order (GOST: Cyrillic first, no author last).
    assert list(got) == list(expected)


def _reference_html(entry: str) -> str:
    """citeproc-js's HTML without its entry wrapper, with ``&`` escaped the usual way."""
    inner = entry.removeprefix('<div class="csl-entry">').removesuffix("</div>")
    return inner.replace("&#38;", "&amp;")


def _without_links(html: str) -> str:
    """Our HTML with links reduced to their text.

    Deliberate difference: pandoc links a printed URL, or the title when the style prints no
    URL (GOST), to the source (CSL 1.0.2's advice; a fact-checker clicks it in the HTML and PDF
    lists); citeproc-js's HTML prints plain text. The text is the same, checked above.
    """
    return re.sub(r'<a href="[^"]*">(.*?)</a>', r"\1", html)


@pytest.mark.parametrize("style", STYLES)
def test_bibliography_html_matches_citeproc_js(
    style: str,
    vectors: tuple[list[dict[str, Any]], dict[str, Any]],
    renderings: dict[str, Rendering],
) -> None:
    expected = {key: _reference_html(html) for key, html in vectors[1][style]["html"].items()}
    got = {key: _without_links(to_html(text)) for key, text in renderings[style].bibliography}
    assert got == expected


@pytest.mark.parametrize("style", STYLES)
def test_in_text_citations_match_citeproc_js(
    style: str,
    vectors: tuple[list[dict[str, Any]], dict[str, Any]],
    renderings: dict[str, Rendering],
) -> None:
    expected: dict[str, str] = vectors[1][style]["citations"]
    citations = renderings[style].citations
    assert {key: plain(citations[key]) for key in expected} == expected


def test_items_a_style_leaves_out_are_absent(renderings: dict[str, Rendering]) -> None:
    assert "interview" not in dict(renderings["apa"].bibliography)
    assert "interview" in dict(renderings["modern-language-association"].bibliography)


def test_urls_are_links_and_titles_italic(renderings: dict[str, Rendering]) -> None:
    entry = dict(renderings["apa"].bibliography)["harbor"]
    assert any(
        span.link == "https://lakeside-courier.example/news/2026/03/04/harbor" for span in entry
    )
    assert [span.text for span in entry if span.italic] == ["Lakeside Courier"]


def test_lower_case_words_are_protected_the_way_citeproc_js_keeps_them() -> None:
    words = [
        "Harbor",
        "council",
        "delays",
        "vote",
        "on",
        "waterfront",
        "tower",
        "after",
        "heated",
        "hearing",
    ]
    protected = {words[index] for index in protected_words(" ".join(words))}
    assert protected == {"on", "after"}
    # First word, after a colon, and capitalised words are the engine's to case.
    assert protected_words("After the vote: after hours") == frozenset({1})
    assert protected_words("Delays Vote After Hearing") == frozenset()


# ------------------------------------------------------------------------------ engine edges


def _item(item_id: str, title: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": item_id,
        "type": "article-newspaper",
        "title": title,
        "container-title": "Lakeside Courier",
        "author": [{"family": "Whitlock", "given": "Dana"}],
        "issued": {"date-parts": [[2026, 3, 4]]},
        **extra,
    }


def test_markup_in_user_text_prints_literally() -> None:
    title = "<b>Council</b> *vote* & $5 @ref [x] {y} 100% #1 \\emph"
    rendering = render([_item("any id, with spaces", title)], resolve_style("apa"))
    ((key, entry),) = rendering.bibliography
    assert key == "any id, with spaces"
    assert title in plain(entry)
    assert "&lt;b&gt;Council&lt;/b&gt;" in to_html(entry)
    assert "<b>" not in to_html(entry)


def test_every_script_survives() -> None:
    titles = ["Заседание совета", "会議の延期", "اجتماع المجلس", "ישיבת המועצה", "Συμβούλιο 🗳️"]
    items = [_item(f"i{n}", title, language="und") for n, title in enumerate(titles)]
    rendering = render(items, resolve_style("mla"))
    printed = "\n".join(plain(entry) for _, entry in rendering.bibliography)
    for title in titles:
        assert title in printed


def test_two_people_with_one_family_name_get_initials() -> None:
    anna = _item("anna", "First", author=[{"family": "Petrova", "given": "Anna"}])
    boris = _item("boris", "Second", author=[{"family": "Petrova", "given": "Boris"}])
    rendering = render([anna, boris], resolve_style("apa"))
    assert plain(rendering.citations["anna"]) == "(A. Petrova, 2026)"
    assert plain(rendering.citations["boris"]) == "(B. Petrova, 2026)"


def test_many_sources_still_disambiguate(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the limit the per-citation rule is used: ambiguous citations still get initials."""
    monkeypatch.setattr(citeproc, "GLOBAL_NAME_RULE_LIMIT", 1)
    anna = _item("anna", "First", author=[{"family": "Petrova", "given": "Anna"}])
    boris = _item("boris", "Second", author=[{"family": "Petrova", "given": "Boris"}])
    rendering = render([anna, boris], resolve_style("apa"))
    assert plain(rendering.citations["anna"]) != plain(rendering.citations["boris"])


def test_no_items_renders_nothing() -> None:
    assert render([], resolve_style("apa")) == Rendering(())


def test_duplicate_ids_are_refused() -> None:
    with pytest.raises(CitationEngineError, match="same id"):
        render([_item("a", "One"), _item("a", "Two")], resolve_style("apa"))


def test_missing_pandoc_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import pypandoc

    def missing() -> str:
        raise OSError("No pandoc was found")

    monkeypatch.setattr(pypandoc, "get_pandoc_path", missing)
    with pytest.raises(CitationEngineError, match="not installed"):
        render([_item("a", "One")], resolve_style("apa"))


def test_failing_pandoc_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake = tmp_path / "pandoc"
    fake.write_text("#!/bin/sh\necho 'pandoc: could not parse style' >&2\nexit 83\n")
    fake.chmod(0o755)
    monkeypatch.setattr(citeproc, "pandoc_path", lambda: str(fake))
    with pytest.raises(CitationEngineError) as raised:
        render([_item("a", "One")], resolve_style("apa"))
    assert "could not parse style" in raised.value.reason
    assert "\n" not in str(raised.value)


def test_cancel_stops_before_the_engine_runs() -> None:
    task = TaskContext()
    task.cancel()
    with pytest.raises(CancelledError):
        render([_item("a", "One")], resolve_style("apa"), task=task)


def test_cancel_stops_a_running_engine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake = tmp_path / "pandoc"
    fake.write_text("#!/bin/sh\nexec sleep 30\n")
    fake.chmod(0o755)
    monkeypatch.setattr(citeproc, "pandoc_path", lambda: str(fake))

    class CancelLater(TaskContext):
        def __init__(self) -> None:
            super().__init__()
            self.checks = 0

        def check(self) -> None:
            self.checks += 1
            if self.checks > 2:
                self.cancel()
            super().check()

    with pytest.raises(CancelledError):
        render([_item("a", "One")], resolve_style("apa"), task=CancelLater())


def test_a_note_style_is_flagged_and_cites_in_footnotes() -> None:
    style = resolve_style("chicago-notes")
    assert style.notes
    rendering = render([_item("a", "Ferry fares to rise")], style)
    assert plain(rendering.citations["a"]) == (
        "Dana Whitlock, “Ferry Fares to Rise,” Lakeside Courier, March 4, 2026."
    )


def test_user_style_file_is_used(tmp_path: Path) -> None:
    source = resolve_style("harvard").path.read_text(encoding="utf-8")
    house = tmp_path / "house.csl"
    layout = '<layout prefix="(" suffix=")" delimiter="; ">'
    assert layout in source
    house.write_text(source.replace(layout, '<layout prefix="&lt;" suffix="&gt;" delimiter="; ">'))
    style = resolve_style(str(house))
    assert isinstance(style, StyleInfo)
    assert read_style(style.path).tag.endswith("style")
    rendering = render([_item("a", "Ferry fares")], style)
    assert plain(rendering.citations["a"]) == "<Whitlock, 2026>"
