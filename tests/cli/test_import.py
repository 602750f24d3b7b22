"""``quotebook import``: metadata precedence, duplicates, and batches where some files fail."""

from __future__ import annotations

import json
from pathlib import Path

from services.importers import FORMATS
from tests.cli.conftest import Quotebook, write


def test_import_a_text_file(quotebook: Quotebook, article_file: Path) -> None:
    result = quotebook.ok("import", str(article_file))
    assert result.out == f"{article_file}: imported as article 1, Minister defends the budget\n"
    [article] = quotebook.ok("articles", "--json").json()
    assert article["title"] == "Minister defends the budget"
    assert article["source_name"] == "budget.txt"
    assert article["source_format"] == "text"
    assert article["type"] == "article-newspaper"


def test_markdown_title_comes_from_its_heading(quotebook: Quotebook, tmp_path: Path) -> None:
    path = write(tmp_path, "note.md", "# Заголовок статьи\n\nОн сказал: «Привет, **мир**».\n")
    [record] = quotebook.ok("import", str(path), "--json").json()["articles"]
    assert record["created"] is True
    assert record["article"]["title"] == "Заголовок статьи"
    shown = quotebook.ok("article", "show", "1", "--json").json()
    assert shown["text"] == "Заголовок статьи\n\nОн сказал: «Привет, мир»."
    assert shown["source_format"] == "markdown"


def test_every_metadata_flag(quotebook: Quotebook, article_file: Path) -> None:
    result = quotebook.ok(
        "import",
        str(article_file),
        "--title",
        "Budget: no new taxes",
        "--outlet",
        "The Daily Ledger",
        "--author",
        "Ann Smith",
        "--author",
        "Jörg Müller",
        "--date",
        "2024-03-05",
        "--url",
        "https://example.org/budget",
        "--language",
        "en-GB",
        "--type",
        "article-magazine",
        "--json",
    )
    payload = result.json()
    assert payload["failures"] == []
    [record] = payload["articles"]
    assert record["file"] == str(article_file)
    assert record["created"] is True
    article = record["article"]
    assert article == {
        "id": 1,
        "title": "Budget: no new taxes",
        "outlet": "The Daily Ledger",
        "authors": ["Ann Smith", "Jörg Müller"],
        "published": "2024-03-05",
        "url": "https://example.org/budget",
        "language": "en-gb",
        "type": "article-magazine",
        "source_name": "budget.txt",
        "source_format": "text",
        "quote_count": 0,
        "created_at": article["created_at"],
    }


def test_csl_metadata_with_cyrillic_fields(quotebook: Quotebook, tmp_path: Path) -> None:
    """Flags win over --metadata, which wins over what the file says (its first line)."""
    item = [
        {
            "id": "kz-1",
            "type": "interview",
            "title": "Интервью с Бакытом Бакетаевым",
            "container-title": "Казинформ",
            "author": [{"family": "Иванова", "given": "Анна"}, {"literal": "Редакция"}],
            "issued": {"date-parts": [[2025, 12, 19]]},
            "URL": "https://www.inform.kz/ru/interview",
            "language": "ru",
        }
    ]
    metadata = tmp_path / "item.json"
    metadata.write_text(json.dumps(item, ensure_ascii=False), encoding="utf-8")
    text = write(tmp_path, "interview.txt", "Первая строка как заголовок\n\nТекст интервью.\n")
    result = quotebook.ok(
        "import", str(text), "--metadata", str(metadata), "--outlet", "Kazinform", "--json"
    )
    article = result.json()["articles"][0]["article"]
    assert article["title"] == "Интервью с Бакытом Бакетаевым"
    assert article["outlet"] == "Kazinform"
    assert article["authors"] == ["Анна Иванова", "Редакция"]
    assert article["published"] == "2025-12-19"
    assert article["url"] == "https://www.inform.kz/ru/interview"
    assert article["language"] == "ru"
    assert article["type"] == "interview"
    assert "Интервью с Бакытом Бакетаевым" in quotebook.ok("articles").out


def test_duplicate_reports_the_existing_article(
    quotebook: Quotebook, article_file: Path, tmp_path: Path
) -> None:
    quotebook.ok("import", str(article_file))
    copy = write(tmp_path, "copy.txt", article_file.read_text(encoding="utf-8"))
    before = quotebook.state()
    result = quotebook.ok("import", str(copy), "--title", "Another title")
    assert "already in the library as article 1" in result.out
    assert "nothing changed" in result.out
    assert quotebook.state() == before
    [record] = quotebook.ok("import", str(copy), "--json").json()["articles"]
    assert record["created"] is False
    assert record["article"]["id"] == 1
    assert record["article"]["title"] == "Minister defends the budget"


def test_batch_imports_the_good_files_and_names_the_bad(
    quotebook: Quotebook, article_file: Path, tmp_path: Path
) -> None:
    empty = write(tmp_path, "empty.txt", "")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    other = write(tmp_path, "other.md", "# Second story\n\nSomething else entirely.\n")
    missing = tmp_path / "missing.txt"
    result = quotebook(
        "import", str(empty), str(article_file), str(binary), str(other), str(missing)
    )
    assert result.status == 1
    errors = result.error_lines
    assert len(errors) == 3
    assert errors[0] == f"quotebook: {empty}: the file is empty"
    assert errors[1].startswith(f"quotebook: {binary}: ")
    assert errors[2] == f"quotebook: {missing}: no such file"
    assert "2 imported, 3 failed." in result.out
    titles = [a["title"] for a in quotebook.ok("articles", "--json").json()]
    assert titles == ["Second story", "Minister defends the budget"]


def test_batch_failures_in_json(quotebook: Quotebook, article_file: Path, tmp_path: Path) -> None:
    empty = write(tmp_path, "empty.md", "   \n")
    result = quotebook("import", str(article_file), str(empty), "--json")
    assert result.status == 1
    payload = result.json()
    assert [r["article"]["id"] for r in payload["articles"]] == [1]
    assert payload["failures"] == [{"file": str(empty), "reason": "the file is empty"}]
    assert result.error_lines == [f"quotebook: {empty}: the file is empty"]


def test_unsupported_file_and_address(quotebook: Quotebook, tmp_path: Path) -> None:
    """The message lists every format the importers register; only web addresses download."""
    pages = write(tmp_path, "report.pages", "not a format Quotebook reads")
    result = quotebook("import", str(pages), "ftp://example.org/story.txt")
    assert result.status == 1
    assert result.out == "0 imported, 2 failed.\n"
    unsupported, scheme = result.error_lines
    assert unsupported.startswith(f"quotebook: {pages}: unsupported file type (Quotebook reads ")
    assert all(suffix in unsupported for suffix in FORMATS)
    assert scheme == (
        "quotebook: ftp://example.org/story.txt: "
        "only http:// and https:// addresses can be imported"
    )
    assert quotebook.state()[0].articles == 0


def test_help_lists_every_format(quotebook: Quotebook) -> None:
    result = quotebook("import", "--help")
    assert result.status == 0
    assert "FILE_OR_URL" in result.out
    assert all(suffix in result.out for suffix in FORMATS)
    assert "https://" in result.out


def test_bad_date_changes_nothing_and_creates_no_library(
    quotebook: Quotebook, article_file: Path
) -> None:
    line = quotebook.fails("import", str(article_file), "--date", "2024-02-30")
    assert line == "quotebook: --date: '2024-02-30' is not a date in YYYY-MM-DD form"
    assert not quotebook.library_path.exists()


def test_bad_metadata_file(quotebook: Quotebook, article_file: Path, tmp_path: Path) -> None:
    broken = write(tmp_path, "item.json", '{"title": "unfinished')
    line = quotebook.fails("import", str(article_file), "--metadata", str(broken))
    assert line.startswith(f"quotebook: {broken}: not valid CSL-JSON")
    line = quotebook.fails("import", str(article_file), "--metadata", str(tmp_path / "none.json"))
    assert line.startswith(f"quotebook: {tmp_path / 'none.json'}: ")


def test_invalid_metadata_fails_the_file(quotebook: Quotebook, article_file: Path) -> None:
    before = quotebook.state()
    line = quotebook.fails("import", str(article_file), "--language", "not a language")
    assert line == f"quotebook: {article_file}: 'not a language' is not a language code"
    assert quotebook.state() == before


def test_import_needs_a_file(quotebook: Quotebook) -> None:
    assert quotebook("import").status == 2
