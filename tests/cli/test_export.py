"""``quotebook export pdf``, ``export citations``, ``styles`` and ``style add``.

These run the real command line and check that each file exists and is the kind of file its
name says, read back by the library a reader would use; what is inside (every quote verbatim,
the labels of confidential sources, the styles) is the export services' tests' business.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from cli.parser import build_parser
from tests.cli.conftest import Quotebook


@pytest.fixture(autouse=True)
def own_styles_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Styles added by a test go to its own folder, never the user's."""
    folder = tmp_path / "user-styles"
    monkeypatch.setattr("services.export.styles.user_styles_dir", lambda: folder)
    return folder


@pytest.fixture
def quoted(quotebook: Quotebook, article_file: Path) -> None:
    """The budget article with three quotes by two speakers, one of them confidential."""
    quotebook.ok("import", str(article_file), "--outlet", "The Courier", "--date", "2025-03-03")
    quotebook.ok(
        "quote", "add", "1", "--text", "We will not raise taxes", "--speaker", "Jane Roe",
        "--tag", "budget", "--note", "Said twice",
    )  # fmt: skip
    quotebook.ok(
        "quote", "add", "1", "--text", "a fantasy", "--speaker", "Maria Lopez",
        "--tag", "opposition", "--kind", "direct",
    )  # fmt: skip
    quotebook.ok(
        "quote", "add", "1", "--text", "We will not raise taxes", "--occurrence", "2",
        "--speaker", "Jane Roe", "--kind", "indirect",
    )  # fmt: skip
    quotebook.ok(
        "speaker", "edit", "Maria Lopez", "--confidential", "--public-label", "a party official"
    )


def is_pdf(path: Path) -> bool:
    from pypdf import PdfReader

    return path.read_bytes().startswith(b"%PDF-") and len(PdfReader(path).pages) >= 1


def leftovers(folder: Path) -> list[str]:
    """Files an export left in ``folder`` (the library's own files aside)."""
    return sorted(
        p.name
        for p in folder.iterdir()
        if not p.name.startswith("library.sqlite") and p.name != "user-styles"
    )


# ---------------------------------------------------------------------------------- export pdf


@pytest.mark.usefixtures("quoted")
def test_export_pdf(quotebook: Quotebook, tmp_path: Path) -> None:
    out = tmp_path / "budget.pdf"
    result = quotebook.ok("export", "pdf", "1", "-o", str(out))
    assert is_pdf(out)
    assert result.out.startswith(f"Wrote {out}: article 1, Minister defends the budget; 3 quotes")
    assert leftovers(tmp_path) == ["budget.pdf", "budget.txt"]


@pytest.mark.usefixtures("quoted")
def test_export_pdf_json_and_choices(quotebook: Quotebook, tmp_path: Path) -> None:
    out = tmp_path / "jane.pdf"
    record = quotebook.ok(
        "export", "pdf", "minister defends", "-o", str(out), "--speaker", "Jane Roe",
        "--kind", "direct", "--style", "mla", "--paper", "letter", "--notes", "endnotes",
        "--reveal-confidential", "--json",
    ).json()  # fmt: skip
    assert record == {
        "path": str(out),
        "article": 1,
        "title": "Minister defends the budget",
        "quotes": 1,
        "speakers": 1,
        "style": record["style"],
        "paper": "letter",
        "notes": "endnotes",
        "reveal_confidential": True,
    }
    assert record["style"] == "modern-language-association"
    assert is_pdf(out)
    tagged = quotebook.ok(
        "export", "pdf", "1", "-o", str(out), "--tag", "opposition", "--notes", "none", "--json"
    ).json()
    assert (tagged["quotes"], tagged["speakers"], tagged["notes"]) == (1, 1, "none")


@pytest.mark.usefixtures("quoted")
@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        (["42"], "article 42"),
        (["no such title"], "no such title"),
        (["1", "--speaker", "Nobody Known"], "Nobody Known"),
        (["1", "--tag", "no-such-tag"], "no-such-tag"),
        (["1", "--style", "no-such-style"], "no-such-style"),
    ],
)
def test_export_pdf_refuses_unknown_items(
    quotebook: Quotebook, tmp_path: Path, arguments: list[str], named: str
) -> None:
    before = quotebook.state()
    out = tmp_path / "out.pdf"
    line = quotebook.fails("export", "pdf", *arguments, "-o", str(out))
    assert named in line
    assert not out.exists()
    assert leftovers(tmp_path) == ["budget.txt"]
    assert quotebook.state() == before


@pytest.mark.usefixtures("quoted")
def test_export_refuses_an_unwritable_target(quotebook: Quotebook, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "out.pdf"
    assert str(missing) in quotebook.fails("export", "pdf", "1", "-o", str(missing))
    assert not missing.parent.exists()
    folder = tmp_path / "a-folder.pdf"
    folder.mkdir()
    assert "folder" in quotebook.fails("export", "pdf", "1", "-o", str(folder))
    assert list(folder.iterdir()) == []
    line = quotebook.fails("export", "citations", "-o", str(missing.with_suffix(".md")))
    assert "no-such-folder" in line
    assert leftovers(tmp_path) == ["a-folder.pdf", "budget.txt"]


def test_an_unknown_style_does_not_open_the_library(
    quotebook: Quotebook, library_path: Path, tmp_path: Path
) -> None:
    line = quotebook.fails("export", "pdf", "1", "-o", str(tmp_path / "x.pdf"), "--style", "zz9")
    assert "zz9" in line
    assert not library_path.exists()


# ----------------------------------------------------------------------------- export citations


def read_docx(path: Path) -> str:
    import docx

    return "\n".join(paragraph.text for paragraph in docx.Document(str(path)).paragraphs)


def read_csv(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM spreadsheet apps need for Cyrillic
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def read_bibtex(path: Path) -> int:
    from bibtexparser.entrypoint import parse_string

    return len(parse_string(path.read_text(encoding="utf-8")).entries)


def read_ris(path: Path) -> int:
    import rispy

    return len(rispy.loads(path.read_text(encoding="utf-8")))


@pytest.mark.usefixtures("quoted")
@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("list.pdf", "pdf"),
        ("list.docx", "docx"),
        ("list.md", "md"),
        ("list.html", "html"),
        ("list.txt", "txt"),
        ("list.csv", "csv"),
        ("sources.json", "csl-json"),
        ("sources.bib", "bibtex"),
        ("sources.ris", "ris"),
    ],
)
def test_export_citations_format_from_extension(
    quotebook: Quotebook, tmp_path: Path, name: str, fmt: str
) -> None:
    out = tmp_path / name
    record = quotebook.ok("export", "citations", "-o", str(out), "--json").json()
    assert (record["path"], record["format"], record["quotes"]) == (str(out), fmt, 3)
    assert out.is_file()
    if fmt == "pdf":
        assert is_pdf(out)
    elif fmt == "docx":
        assert zipfile.is_zipfile(out)
        assert "a fantasy" in read_docx(out)
    elif fmt == "csv":
        rows = read_csv(out)
        assert len(rows) == 3
        assert {row_text for row in rows for row_text in row.values()} >= {"a fantasy"}
    elif fmt == "csl-json":
        items = json.loads(out.read_text(encoding="utf-8"))
        assert isinstance(items, list) and len(items) == 1  # one source
    elif fmt == "bibtex":
        assert read_bibtex(out) == 1
    elif fmt == "ris":
        assert read_ris(out) == 1
    else:
        text = out.read_text(encoding="utf-8")
        assert "a fantasy" in text
        if fmt == "html":
            assert re.search(r"<(html|body|section|p|ol|ul|h\d)\b", text)
    # A confidential speaker's name stays out unless asked for.
    if fmt in {"md", "html", "txt", "csv"}:
        assert "Maria Lopez" not in out.read_text(encoding="utf-8-sig")
    assert leftovers(tmp_path) == sorted(["budget.txt", name])


@pytest.mark.usefixtures("quoted")
def test_export_citations_options(quotebook: Quotebook, tmp_path: Path) -> None:
    out = tmp_path / "notes.data"
    record = quotebook.ok(
        "export", "citations", "-o", str(out), "--format", "md", "--style", "chicago-author-date",
        "--group-by", "tag", "--sort", "position", "--reveal-confidential", "--json",
    ).json()  # fmt: skip
    assert (record["format"], record["group_by"], record["sort"]) == ("md", "tag", "position")
    assert record["reveal_confidential"] is True
    assert "Maria Lopez" in out.read_text(encoding="utf-8")
    text = quotebook.ok("export", "citations", "-o", str(tmp_path / "x.md")).out
    assert text.startswith(f"Wrote {tmp_path / 'x.md'}: 3 quotes (md, ")


@pytest.mark.usefixtures("quoted")
@pytest.mark.parametrize(
    "filters",
    [
        ["--speaker", "Jane Roe"],
        ["--tag", "budget"],
        ["--kind", "indirect"],
        ["--search", "fantasy"],
        ["--article", "minister defends", "--kind", "direct"],
    ],
)
def test_export_citations_filters_match_quotes(
    quotebook: Quotebook, tmp_path: Path, filters: list[str]
) -> None:
    listed = quotebook.ok("quotes", *filters, "--json").json()
    out = tmp_path / "list.csv"
    record = quotebook.ok("export", "citations", "-o", str(out), *filters, "--json").json()
    assert record["quotes"] == len(listed) > 0
    assert len(read_csv(out)) == len(listed)


@pytest.mark.usefixtures("quoted")
def test_export_citations_failures(quotebook: Quotebook, tmp_path: Path) -> None:
    out = tmp_path / "list.md"
    assert "Nobody" in quotebook.fails("export", "citations", "-o", str(out), "--speaker", "Nobody")
    assert "no quotes match" in quotebook.fails(
        "export", "citations", "-o", str(out), "--search", "zebra"
    )
    assert "zz9" in quotebook.fails("export", "citations", "-o", str(out), "--style", "zz9")
    assert leftovers(tmp_path) == ["budget.txt"]


@pytest.mark.parametrize("name", ["list", "list.xlsx", "list.markdown.bak"])
def test_export_citations_needs_a_format(
    quotebook: Quotebook, tmp_path: Path, library_path: Path, name: str
) -> None:
    result = quotebook("export", "citations", "-o", str(tmp_path / name))
    assert result.status == 2
    assert "--format" in result.err
    assert not library_path.exists()


def test_export_and_quotes_share_their_filters() -> None:
    """``export citations`` takes exactly the filters of ``quotes``, so they cannot drift."""

    def options(*command: str) -> dict[str, tuple[str | None, object]]:
        parser = build_parser()
        for name in command:
            sub = next(a for a in parser._actions if a.dest in {"command", "action"})
            parser = sub.choices[name]  # type: ignore[index]
        return {
            a.option_strings[0]: (a.dest, a.choices)
            for a in parser._actions
            if a.option_strings and a.dest in {"article", "speaker", "tags", "search", "kinds"}
        }

    quotes = options("quotes")
    assert set(quotes) == {"--article", "--speaker", "--tag", "--search", "--kind"}
    assert options("export", "citations") == quotes


# ------------------------------------------------------------------------------------- styles


def test_styles(quotebook: Quotebook, library_path: Path) -> None:
    records = quotebook.ok("styles", "--json").json()
    assert all(set(r) == {"key", "title", "builtin", "path", "notes"} for r in records)
    keys = {r["key"] for r in records if r["builtin"]}
    assert {"apa", "modern-language-association", "gost-r-7-0-5-2008"} <= keys
    assert len(keys) >= 6
    out = quotebook.ok("styles").out
    assert out.splitlines()[0].split()[:3] == ["Style", "Title", "From"]
    assert "quotebook style add" in out
    assert not library_path.exists()  # styles are not in the library


def test_style_add(quotebook: Quotebook, tmp_path: Path) -> None:
    apa = next(r for r in quotebook.ok("styles", "--json").json() if r["key"] == "apa")
    xml = Path(apa["path"]).read_text(encoding="utf-8")
    xml = re.sub(r"<title>[^<]*</title>", "<title>Courier House Style</title>", xml, count=1)
    xml = re.sub(r"<id>[^<]*</id>", "<id>http://example.org/courier-house</id>", xml, count=1)
    house = tmp_path / "courier-house.csl"
    house.write_text(xml, encoding="utf-8")
    added = quotebook.ok("style", "add", str(house), "--json").json()
    assert (added["title"], added["builtin"]) == ("Courier House Style", False)
    records = quotebook.ok("styles", "--json").json()
    assert any(r["key"] == added["key"] and not r["builtin"] for r in records)
    assert "Courier House Style" in quotebook.ok("style", "add", str(house)).out


def test_style_add_refuses_what_is_not_a_style(quotebook: Quotebook, tmp_path: Path) -> None:
    before = quotebook.ok("styles", "--json").json()
    bogus = tmp_path / "bogus.csl"
    bogus.write_text("<html>not a style</html>", encoding="utf-8")
    assert "bogus.csl" in quotebook.fails("style", "add", str(bogus))
    missing = tmp_path / "missing.csl"
    assert "missing.csl" in quotebook.fails("style", "add", str(missing))
    assert quotebook.ok("styles", "--json").json() == before
