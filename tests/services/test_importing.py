"""Import: every common encoding decoded exactly, hostile files refused, batches and cancel."""

from __future__ import annotations

import codecs
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

import services.importers
from services.errors import ImportFailedError, InvalidInputError
from services.importers.markdown import markdown_to_text
from services.importing import (
    MetaOverrides,
    import_file,
    import_files,
    import_text,
    overrides_from_csl,
    parse_iso_date,
)
from services.library import Library
from services.progress import TaskContext
from services.readmodels import ArticleMeta
from services.text import canonicalize
from tests.services.dump import dump_tables

RUSSIAN = (
    "Пирс восстановят к следующему лету\n\n"
    "Мэр города заявила, что пирс будет восстановлен до конца следующего года. "
    '"Мы не позволим ему упасть в море", - сказала она журналистам после заседания совета.\n\n'
    "Инженер предупредил, что чугунные колонны сильно поржавели. "
    '"Это небезопасно", - добавил он. Жители спорят уже месяц.'
)
MIXED = "Zoë and Tomás met «Анна» and 東京 🐟 — “quoted”\r\n\r\nSecond paragraph ß."


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("text", "data"),
    [
        (MIXED, MIXED.encode("utf-8")),
        (MIXED, codecs.BOM_UTF8 + MIXED.encode("utf-8")),
        (MIXED, codecs.BOM_UTF16_LE + MIXED.encode("utf-16-le")),
        (MIXED, codecs.BOM_UTF16_BE + MIXED.encode("utf-16-be")),
        (MIXED, codecs.BOM_UTF32_LE + MIXED.encode("utf-32-le")),
        (RUSSIAN, RUSSIAN.encode("cp1251")),
        (RUSSIAN, RUSSIAN.encode("koi8-r")),
    ],
    ids=[
        "utf-8",
        "utf-8-bom",
        "utf-16-le-bom",
        "utf-16-be-bom",
        "utf-32-le-bom",
        "cp1251",
        "koi8-r",
    ],
)
def test_plain_text_in_any_common_encoding_is_decoded_exactly(
    library: Library, tmp_path: Path, text: str, data: bytes
) -> None:
    path = _write(tmp_path, "story.txt", data)
    added = import_file(library, path)
    info = library.articles.get(added.summary.id)
    assert info.text == canonicalize(text)
    assert "\ufeff" not in info.text
    assert info.summary.source_name == "story.txt"
    assert info.summary.source_format == "text"
    assert info.meta.title == canonicalize(text).splitlines()[0]


def test_a_one_line_file_is_titled_by_its_name(library: Library, tmp_path: Path) -> None:
    path = _write(tmp_path, "minister-interview.txt", b"Just one line of text.")
    assert import_file(library, path).summary.title == "minister-interview"


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("picture.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
        ("empty.txt", b"", "empty"),
        ("blank.md", b" \r\n\t\n", "empty"),
        ("report.xyz", b"%PDF-1.7", "unsupported file type"),
        ("noext", b"text", "unsupported file type"),
        ("damaged.txt", codecs.BOM_UTF8 + b"ok \xff\xfe broken", "damaged UTF-8"),
    ],
)
def test_unreadable_files_are_refused_naming_the_file(
    library: Library, tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    path = _write(tmp_path, name, data)
    before = dump_tables(library.engine)
    with pytest.raises(ImportFailedError, match=reason) as raised:
        import_file(library, path)
    assert raised.value.item == str(path)
    assert str(raised.value).startswith(str(path))
    assert dump_tables(library.engine) == before


def test_a_missing_file_is_refused(library: Library, tmp_path: Path) -> None:
    (tmp_path / "folder.txt").mkdir()
    with pytest.raises(ImportFailedError, match="no such file"):
        import_file(library, tmp_path / "gone.txt")
    with pytest.raises(ImportFailedError, match="no such file"):
        import_file(library, tmp_path / "folder.txt")


def test_an_oversize_file_is_refused_before_it_is_read(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services.importers, "MAX_FILE_BYTES", 2 * 1024 * 1024)
    path = _write(tmp_path, "huge.txt", b"a" * (2 * 1024 * 1024 + 1))
    with pytest.raises(ImportFailedError, match="larger than 2 MB") as raised:
        import_file(library, path)
    assert raised.value.item == str(path)
    assert library.counts().articles == 0


MARKDOWN = """\
# The *pier* vote

Intro with **bold**, _emphasis_, a [link](https://example.org "t") and `code()`.
A soft break joins lines.

## Voices

- first item
- second *item*

1. one
2. two

> Quoted block text.

```
fenced <code> block
```

Literal <b>tags</b> & entities &amp; stay as typed.

---

Last paragraph.
"""


def test_markdown_is_reduced_to_the_words_a_reader_sees(library: Library, tmp_path: Path) -> None:
    path = _write(tmp_path, "story.md", MARKDOWN.encode("utf-8"))
    added = import_file(library, path)
    info = library.articles.get(added.summary.id)
    assert info.meta.title == "The pier vote"
    assert info.summary.source_format == "markdown"
    paragraphs = info.text.split("\n\n")
    assert paragraphs == [
        "The pier vote",
        "Intro with bold, emphasis, a link and code(). A soft break joins lines.",
        "Voices",
        "• first item",
        "• second item",
        "1. one",
        "2. two",
        "Quoted block text.",
        "fenced <code> block",
        "Literal <b>tags</b> & entities & stay as typed.",
        "Last paragraph.",
    ]
    assert "\n\n\n" not in info.text


def test_markdown_without_a_heading_has_no_title() -> None:
    text, title = markdown_to_text("Just *one* paragraph.\n\nAnd <i>another</i>.")
    assert title == ""
    assert text == "Just one paragraph.\n\nAnd <i>another</i>."


def _csl(folder: Path, item: object) -> Path:
    path = folder / "item.json"
    path.write_text(json.dumps(item, ensure_ascii=False), encoding="utf-8")
    return path


def test_csl_json_overrides(tmp_path: Path) -> None:
    path = _csl(
        tmp_path,
        [
            {
                "type": "article-newspaper",
                "title": "Пирс восстановят",
                "container-title": "The Wrayhaven Courier",
                "author": [
                    {"family": "Trevaskis", "given": "Elin"},
                    {"literal": "Editorial Board"},
                    {"family": "Ibarra"},
                    "not a person",
                ],
                "issued": {"date-parts": [[2025, 2, 26]]},
                "URL": "https://example.org/pier",
                "language": "ru",
            }
        ],
    )
    overrides = overrides_from_csl(path)
    assert replace(overrides, csl_extra=None) == MetaOverrides(
        title="Пирс восстановят",
        outlet="The Wrayhaven Courier",
        authors=("Elin Trevaskis", "Editorial Board", "Ibarra"),
        published=date(2025, 2, 26),
        url="https://example.org/pier",
        language="ru",
        csl_type="article-newspaper",
    )
    # The whole item is kept too, for citations (structured and institutional names).
    assert overrides.csl_extra is not None
    assert json.loads(overrides.csl_extra)["author"][1] == {"literal": "Editorial Board"}


@pytest.mark.parametrize(
    ("issued", "expected"),
    [
        ({"date-parts": [[2024]]}, date(2024, 1, 1)),
        ({"date-parts": [[2024, 3]]}, date(2024, 3, 1)),
        ({"date-parts": [["2024", "3", "9"]]}, date(2024, 3, 9)),
        ({"date-parts": [[2024, 2, 30]]}, None),
        ({"raw": "2023-11-05T10:00"}, date(2023, 11, 5)),
        ({"raw": "last spring"}, None),
        ("2024-01-01", None),
        (None, None),
    ],
)
def test_csl_issued_dates(tmp_path: Path, issued: object, expected: date | None) -> None:
    assert overrides_from_csl(_csl(tmp_path, {"title": "T", "issued": issued})).published == (
        expected
    )


@pytest.mark.parametrize("authors", [None, "Elin Trevaskis", 42, {"family": "X"}])
def test_csl_authors_that_are_not_a_list_are_ignored(tmp_path: Path, authors: object) -> None:
    overrides = overrides_from_csl(_csl(tmp_path, {"title": "T", "author": authors}))
    assert overrides.authors is None
    assert overrides.title == "T"


def test_csl_publisher_is_the_outlet_when_there_is_no_container(tmp_path: Path) -> None:
    overrides = overrides_from_csl(_csl(tmp_path, {"publisher": "Radio Harbour", "title": " "}))
    assert overrides.outlet == "Radio Harbour"
    assert overrides.title is None
    assert overrides.authors is None


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "not valid CSL-JSON"),
        ("[]", "expected one CSL-JSON item"),
        ('[{"title": "a"}, {"title": "b"}]', "expected one CSL-JSON item"),
        ('"just a string"', "expected one CSL-JSON item"),
    ],
)
def test_bad_csl_json_is_refused(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "item.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidInputError, match=reason) as raised:
        overrides_from_csl(path)
    assert raised.value.item == str(path)


def test_overrides_win_over_the_file(library: Library, tmp_path: Path) -> None:
    path = _write(tmp_path, "story.md", MARKDOWN.encode("utf-8"))
    csl = MetaOverrides(title="From CSL", outlet="Courier", language="en")
    flags = MetaOverrides(title="From the command line", authors=("A. Reporter",))
    added = import_file(library, path, csl.under(flags))
    meta = added.summary.meta
    assert meta.title == "From the command line"
    assert meta.outlet == "Courier"
    assert meta.authors == ("A. Reporter",)
    assert meta.language == "en"


def test_bad_override_metadata_fails_the_import_cleanly(library: Library, tmp_path: Path) -> None:
    path = _write(tmp_path, "story.txt", b"Headline\n\nBody.")
    with pytest.raises(ImportFailedError, match="not a language code") as raised:
        import_file(library, path, MetaOverrides(language="not a language"))
    assert raised.value.item == str(path)
    assert library.counts().articles == 0


def test_parse_iso_date() -> None:
    assert parse_iso_date(" 2025-02-26 ") == date(2025, 2, 26)
    with pytest.raises(InvalidInputError, match="YYYY-MM-DD"):
        parse_iso_date("26/02/2025", "--date")


def test_import_text_titles_by_the_first_line(library: Library) -> None:
    added = import_text(library, "\n\n  # Pasted headline \nbody")
    assert added.summary.title == "Pasted headline"
    assert import_text(library, "x" * 200).summary.title == "Pasted text"
    assert (
        import_text(library, "other", MetaOverrides(title="Given"), "clipboard").summary.title
        == "Given"
    )


def _files(folder: Path, count: int) -> list[Path]:
    return [
        _write(folder, f"story-{i}.txt", f"Story {i}\n\nBody of story {i}.".encode())
        for i in range(count)
    ]


def test_a_batch_keeps_the_good_files_when_one_fails(library: Library, tmp_path: Path) -> None:
    good = _files(tmp_path, 3)
    bad = _write(tmp_path, "bad.txt", b"")
    result = import_files(library, [good[0], bad, good[1], good[0], good[2]])
    assert [a.summary.title for a in result.created] == ["Story 0", "Story 1", "Story 2"]
    assert [a.summary.title for a in result.duplicates] == ["Story 0"]
    assert [(f.source, f.reason) for f in result.failures] == [(str(bad), "the file is empty")]
    assert not result.cancelled
    assert library.counts().articles == 3


class Recorder(TaskContext):
    """Records progress and presses Cancel after ``cancel_after`` files."""

    def __init__(self, cancel_after: int | None = None) -> None:
        super().__init__()
        self.cancel_after = cancel_after
        self.reports: list[tuple[int, int, str]] = []

    def report(self, done: int, total: int, message: str = "") -> None:
        self.reports.append((done, total, message))
        if self.cancel_after is not None and done >= self.cancel_after:
            self.cancel()
        super().report(done, total, message)


def test_a_batch_reports_progress(library: Library, tmp_path: Path) -> None:
    context = Recorder()
    import_files(library, _files(tmp_path, 2), context=context)
    assert context.reports == [(0, 2, "story-0.txt"), (1, 2, "story-1.txt"), (2, 2, "")]


def test_cancel_stops_early_and_keeps_what_was_imported(library: Library, tmp_path: Path) -> None:
    context = Recorder(cancel_after=2)
    result = import_files(library, _files(tmp_path, 5), context=context)
    assert result.cancelled
    assert [a.summary.title for a in result.added] == ["Story 0", "Story 1"]
    assert library.counts().articles == 2
    assert context.reports[-1] == (2, 5, "story-2.txt")


class LateCancel(TaskContext):
    """Cancel pressed while the last file is being imported, after its progress report."""

    def report(self, done: int, total: int, message: str = "") -> None:
        super().report(done, total, message)
        if done == total - 1:
            self.cancel()


def test_cancel_during_the_last_file_still_returns_the_result(
    library: Library, tmp_path: Path
) -> None:
    result = import_files(library, _files(tmp_path, 3), context=LateCancel())
    assert [a.summary.title for a in result.added] == ["Story 0", "Story 1", "Story 2"]
    assert not result.cancelled, "nothing was left to stop"


def test_cancel_before_the_start_imports_nothing(library: Library, tmp_path: Path) -> None:
    context = TaskContext()
    context.cancel()
    result = import_files(library, _files(tmp_path, 2), context=context)
    assert result.cancelled
    assert result.added == []
    assert library.counts().articles == 0


def test_reference_article_imports_with_every_paragraph_intact(
    library: Library, reference_article: Path
) -> None:
    source = reference_article.read_text(encoding="utf-8")
    added = import_file(library, reference_article)
    again = import_file(library, reference_article)
    info = library.articles.get(added.summary.id)

    # Every line of the source is a paragraph (a question, then its answer), and paragraphs
    # are separated by exactly one blank line.
    paragraphs = [line.strip() for line in source.splitlines() if line.strip()]
    assert info.text == canonicalize("\n\n".join(paragraphs))
    assert info.text.split("\n\n") == paragraphs
    assert len(paragraphs[0]) > 150, "the lead is too long for a headline…"
    assert info.meta.title == "kz-japan-interview.ru", "…so the file name titles it"
    assert not again.created
    assert again.summary.id == added.summary.id


def test_import_file_and_articles_add_agree(library: Library, tmp_path: Path) -> None:
    path = _write(tmp_path, "same.txt", MIXED.encode("utf-8"))
    direct = library.articles.add(MIXED, ArticleMeta(title="Direct"))
    imported = import_file(library, path)
    assert not imported.created, "the same text from a file is the same article"
    assert imported.summary.id == direct.summary.id


def test_plain_text_lines_are_paragraphs_unless_hard_wrapped() -> None:
    from services.importers.plain import plain_paragraphs

    qa = "Как вы оцениваете визит?\nБезусловно, положительно.\n\n\nСледующий вопрос."
    assert plain_paragraphs(qa) == (
        "Как вы оцениваете визит?\n\nБезусловно, положительно.\n\nСледующий вопрос."
    )
    wrapped = (
        "The council will vote next month on whether to rebuild the\n"
        "Victorian pier that was torn in two by the February storm,\n"
        "after a packed meeting showed residents sharply divided.\n"
        "\n"
        "Mayor Ruth Penhallow opened the meeting by insisting that\n"
        "the council had no intention of letting the pier go.\n"
    )
    assert plain_paragraphs(wrapped) == (
        "The council will vote next month on whether to rebuild the Victorian pier that was "
        "torn in two by the February storm, after a packed meeting showed residents sharply "
        "divided.\n\nMayor Ruth Penhallow opened the meeting by insisting that the council had "
        "no intention of letting the pier go."
    )


def test_the_file_dialog_offers_every_readable_format() -> None:
    from services.importers import FORMATS, file_filter

    offered = file_filter()
    first = offered.split(";;")[0]
    assert first.startswith("All supported files (")
    for suffix in FORMATS:
        assert f"*{suffix}" in first
    assert "PDF (*.pdf)" in offered
    assert "Word (*.docx)" in offered
