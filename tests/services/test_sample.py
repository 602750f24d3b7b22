"""The first-run sample: our own fictional article, its speakers and quotes, added once."""

from __future__ import annotations

import json
import shutil
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from models.tables import QuoteKind
from services.errors import ImportFailedError, InvalidInputError
from services.library import Library
from services.paths import resources_dir
from services.quotes import QuoteChange, QuoteService
from services.readmodels import QuoteDraft, SpeakerFields
from services.sample import add_sample_article, load_sample, sample_folder
from services.text import canonicalize, count_occurrences
from tests.services.dump import Dump, dump_tables

ROOT = Path(__file__).resolve().parent.parent.parent


def _manifest() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((sample_folder() / "sample.json").read_text("utf-8"))
    return data


def _article_text() -> str:
    name = str(_manifest()["article"]["file"])
    return (sample_folder() / name).read_text("utf-8")


def test_the_sample_files_are_consistent() -> None:
    manifest = _manifest()
    text = _article_text()
    words = len(text.split())
    assert 600 <= words <= 850, words
    assert text.splitlines()[0] == manifest["article"]["title"]
    assert "fictional" in text.splitlines()[-1]
    assert "Tomás" in text
    assert "Zoë" in text

    speakers = {s["name"] for s in manifest["speakers"]}
    assert len(speakers) == 3
    assert all(s["role"] and s["affiliation"] for s in manifest["speakers"])
    quotes = manifest["quotes"]
    assert 6 <= len(quotes) <= 8
    assert {q["speaker"] for q in quotes} == speakers
    kinds = Counter(q["kind"] for q in quotes)
    assert set(kinds) <= {kind.value for kind in QuoteKind}
    assert kinds["direct"] >= 3
    assert kinds["indirect"] >= 1
    for item in quotes:
        assert count_occurrences(text, item["text"]) == 1, item["text"]
        assert item["text"] == item["text"].strip()
    direct = [q["text"] for q in quotes if q["kind"] == "direct"]
    assert all(f"“{words}" in text for words in direct), "direct quotes open a “…” quotation"
    assert manifest["article"]["language"] == "en"
    assert manifest["article"]["type"] == "article-newspaper"


def test_sample_is_part_of_the_installed_package_data() -> None:
    assert sample_folder() == resources_dir() / "sample"
    for package in (ROOT / "resources", sample_folder()):
        assert (package / "__init__.py").is_file(), f"{package} must be a package to ship"
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    assert any(
        pattern.startswith("resources")
        for pattern in config["tool"]["setuptools"]["packages"]["find"]["include"]
    )
    package_data = config["tool"]["setuptools"]["package-data"]["*"]
    assert {"*.txt", "*.json"} <= set(package_data)


def test_add_sample_article(library: Library) -> None:
    manifest = _manifest()

    added = add_sample_article(library)

    assert added.created
    summary = added.summary
    meta = manifest["article"]
    assert summary.meta.title == meta["title"]
    assert summary.meta.outlet == meta["outlet"]
    assert summary.meta.authors == tuple(meta["authors"])
    assert summary.meta.published is not None
    assert summary.meta.published.isoformat() == meta["published"]
    assert summary.meta.language == "en"
    assert summary.meta.csl_type == "article-newspaper"
    assert summary.source_name == "pier-article.txt"
    assert summary.quote_count == len(manifest["quotes"])

    info = library.articles.get(summary.id)
    assert info.text == canonicalize(_article_text())

    speakers = {s.name: s for s in library.speakers.list()}
    assert set(speakers) == {s["name"] for s in manifest["speakers"]}
    for item in manifest["speakers"]:
        fields = speakers[item["name"]].fields
        assert (fields.role, fields.affiliation) == (item["role"], item["affiliation"])
    assert len({s.color for s in speakers.values()}) == 3, "three distinct colours"

    quotes = library.quotes.for_article(summary.id)
    assert [q.text for q in quotes] == [q["text"] for q in manifest["quotes"]]
    for stored, item in zip(quotes, manifest["quotes"], strict=True):
        assert info.text[stored.start : stored.end] == stored.text
        assert stored.speaker_name == item["speaker"]
        assert stored.kind.value == item["kind"]
        assert stored.tags == tuple(sorted(item["tags"], key=str.casefold))
        assert stored.note == item["note"]
        assert stored.context_before or stored.context_after


def test_a_second_call_adds_nothing(library: Library) -> None:
    first = add_sample_article(library)
    before = dump_tables(library.engine)

    second = add_sample_article(library)

    assert not second.created
    assert second.summary.id == first.summary.id
    assert dump_tables(library.engine) == before


def test_a_second_call_leaves_the_users_edits_alone(library: Library) -> None:
    first = add_sample_article(library)
    removed = library.quotes.for_article(first.summary.id)[0]
    library.quotes.delete(removed.id)
    before = dump_tables(library.engine)

    assert not add_sample_article(library).created
    assert dump_tables(library.engine) == before


def test_existing_speakers_are_reused_not_overwritten(library: Library) -> None:
    mine = library.speakers.create(
        SpeakerFields("Ruth Penhallow", role="My own note on her", color="#123456")
    )
    add_sample_article(library)
    again = library.speakers.get(mine.id)
    assert again.fields.role == "My own note on her"
    assert again.fields.color == "#123456"
    assert again.quote_count == 2
    assert library.counts().speakers == 3


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "sample"
    shutil.copytree(sample_folder(), folder, ignore=shutil.ignore_patterns("__*"))
    return folder


def _edit_manifest(folder: Path, change: dict[str, Any]) -> None:
    path = folder / "sample.json"
    data = json.loads(path.read_text("utf-8"))
    for dotted, value in change.items():
        target = data
        *parents, last = dotted.split(".")
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        target[int(last) if last.isdigit() else last] = value
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"quotes.5.text": "words that are nowhere in the article"}, "not in the sample article"),
        ({"quotes.2.speaker": "Somebody Undeclared"}, "not among the speakers"),
        ({"quotes.0.kind": "rumour"}, "not a quote kind"),
        ({"quotes.0.occurrence": 0}, "occurrence"),
        ({"quotes.1.tags": "pier"}, "'tags' must be a list"),
        ({"article.published": "26 February"}, "not a YYYY-MM-DD date"),
        ({"article.language": "English"}, "not a language code"),
        ({"article.title": ""}, "'title' is missing"),
        ({"speakers": {}}, "'speakers' must be a list"),
    ],
)
def test_a_broken_sample_is_refused_before_anything_is_written(
    library: Library, sample_copy: Path, change: dict[str, Any], reason: str
) -> None:
    add_sample_article(library)  # a library that already holds something
    library.articles.delete(library.articles.list()[0].id)
    before = dump_tables(library.engine)
    _edit_manifest(sample_copy, change)

    with pytest.raises(InvalidInputError, match=reason):
        add_sample_article(library, sample_copy)

    assert dump_tables(library.engine) == before


def test_unreadable_sample_files_are_refused(library: Library, sample_copy: Path) -> None:
    (sample_copy / "sample.json").write_text("{ not json", "utf-8")
    with pytest.raises(InvalidInputError, match="not valid JSON"):
        add_sample_article(library, sample_copy)
    shutil.rmtree(sample_copy)
    with pytest.raises(InvalidInputError, match=str(sample_copy)):
        load_sample(sample_copy)
    assert library.counts().articles == 0


def test_a_missing_article_file_is_refused(library: Library, sample_copy: Path) -> None:
    (sample_copy / "pier-article.txt").unlink()
    with pytest.raises(ImportFailedError, match="no such file"):
        add_sample_article(library, sample_copy)
    assert library.counts().articles == 0


def _without_counters(dump: Dump) -> Dump:
    """A failed write may have used up ids; everything else must be as before."""
    return {name: rows for name, rows in dump.items() if name != "sqlite_sequence"}


def test_a_failure_part_way_through_writing_is_taken_back(
    library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    library.speakers.create(SpeakerFields("Zoë Marchetti"))  # existing: must survive
    before = dump_tables(library.engine)
    real_add = QuoteService.add
    calls: list[int] = []

    def failing_add(self: QuoteService, draft: QuoteDraft) -> QuoteChange:
        calls.append(draft.start)
        if len(calls) == 5:
            raise OSError("disk full")
        return real_add(self, draft)

    monkeypatch.setattr(QuoteService, "add", failing_add)

    with pytest.raises(OSError, match="disk full"):
        add_sample_article(library)

    assert len(calls) == 5
    assert _without_counters(dump_tables(library.engine)) == _without_counters(before)
    monkeypatch.undo()
    assert add_sample_article(library).created, "a later attempt starts afresh"
