"""``quotebook import`` with web addresses and every kind of file in one batch.

Pages are served by a real HTTP server on 127.0.0.1 in a thread of the test, so the download
path (status, content type, redirects) is the one a reporter's command takes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import cast

import pytest

from tests.cli.conftest import ARTICLE_KEYS, Quotebook, write

STORY = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Harbour pier to reopen in spring | The Daily Ledger</title>
<meta property="og:title" content="Harbour pier to reopen in spring">
<meta property="og:site_name" content="The Daily Ledger">
<meta name="author" content="Ann Smith">
</head>
<body>
<nav><a href="/">Home</a> <a href="/politics">Politics</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Harbour pier to reopen in spring</h1>
<p>The mayor said on Monday that the old harbour pier would reopen to walkers in the spring,
two years after storms closed it.</p>
<p>“We will rebuild the pier, and we will rebuild it to last,” Anna Petrova told the council
in a session that ran late into the evening.</p>
<p>Engineers have found the piles sound, according to a report the council published last
week, and the deck will be replaced in sections.</p>
</article>
<footer>© The Daily Ledger. All rights reserved. <a href="/privacy">Privacy</a></footer>
</body>
</html>
"""

RUSSIAN = """<!DOCTYPE html>
<html lang="ru"><head><meta charset="utf-8"><title>Порт откроют весной</title></head>
<body><article><h1>Порт откроют весной</h1>
<p>«Мы восстановим причал», — заявила мэр города Анна Петрова в понедельник.</p>
<p>По словам инженеров, сваи в хорошем состоянии, а настил заменят по частям.</p>
</article></body></html>
"""


class Site(ThreadingHTTPServer):
    """A web server on 127.0.0.1 whose pages are a dict: path → (status, type, body)."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.pages: dict[str, tuple[int, str, bytes]] = {}

    def url(self, path: str) -> str:
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}{path}"

    def page(self, path: str, html: str) -> str:
        self.pages[path] = (200, "text/html; charset=utf-8", html.encode("utf-8"))
        return self.url(path)


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        pages = cast(Site, self.server).pages
        status, kind, body = pages.get(self.path, (404, "text/html", b"<h1>Not found</h1>"))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test's stderr for what the command prints."""


@pytest.fixture
def site() -> Iterator[Site]:
    server = Site()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_import_a_web_page(quotebook: Quotebook, site: Site) -> None:
    url = site.page("/news/pier", STORY)
    result = quotebook.ok("import", url)
    assert result.out == f"{url}: imported as article 1, Harbour pier to reopen in spring\n"
    shown = quotebook.ok("article", "show", "1", "--json").json()
    assert shown["url"] == url
    assert shown["title"] == "Harbour pier to reopen in spring"
    assert shown["outlet"] == "The Daily Ledger"
    assert shown["language"] == "en"
    assert "“We will rebuild the pier, and we will rebuild it to last,”" in shown["text"]
    assert "Privacy" not in shown["text"]
    assert "Politics" not in shown["text"]


def test_flags_win_over_what_the_page_says(
    quotebook: Quotebook, site: Site, tmp_path: Path
) -> None:
    url = site.page("/ru/port", RUSSIAN)
    metadata = write(tmp_path, "item.json", '{"title": "Из CSL", "container-title": "Казинформ"}')
    result = quotebook.ok("import", url, "--metadata", str(metadata), "--title", "Причал", "--json")
    article = result.json()["articles"][0]["article"]
    assert article["title"] == "Причал"  # the flag, over --metadata and the page
    assert article["outlet"] == "Казинформ"  # --metadata, over the page (which says nothing)
    assert article["url"] == url
    assert article["language"] == "ru"


def test_missing_page_is_one_line_and_changes_nothing(quotebook: Quotebook, site: Site) -> None:
    site.page("/news/pier", STORY)
    quotebook.ok("import", site.url("/news/pier"))
    before = quotebook.state()
    missing = site.url("/news/gone")
    line = quotebook.fails("import", missing)
    assert line.startswith(f"quotebook: {missing}: ")
    assert "404" in line
    assert quotebook.state() == before


def test_the_same_page_twice_reports_the_article(quotebook: Quotebook, site: Site) -> None:
    url = site.page("/news/pier", STORY)
    quotebook.ok("import", url)
    before = quotebook.state()
    result = quotebook.ok("import", url)
    assert result.out.startswith(f"{url}: already in the library as article 1, ")
    assert quotebook.state() == before


def _mixed_batch(tmp_path: Path, site: Site) -> list[str]:
    """A text file, a Markdown file, a saved web page, a broken Word file and a live page."""
    text = write(tmp_path, "brief.txt", "Council meets on Monday\n\nThe agenda is the pier.\n")
    markdown = write(tmp_path, "notes.md", "# Interview notes\n\nShe said: *“Soon.”*\n")
    saved = write(tmp_path, "saved.html", RUSSIAN)
    broken = tmp_path / "draft.docx"
    broken.write_bytes(b"this is not a zip archive, whatever the name says")
    return [str(text), str(markdown), str(saved), str(broken), site.page("/news/pier", STORY)]


def test_mixed_batch_keeps_the_good_and_names_the_bad(
    quotebook: Quotebook, site: Site, tmp_path: Path
) -> None:
    sources = _mixed_batch(tmp_path, site)
    result = quotebook(*["import", *sources])
    assert result.status == 1
    [error] = result.error_lines
    assert error.startswith(f"quotebook: {sources[3]}: ")
    assert result.out.splitlines() == [
        f"{sources[0]}: imported as article 1, Council meets on Monday",
        f"{sources[1]}: imported as article 2, Interview notes",
        f"{sources[2]}: imported as article 3, Порт откроют весной",
        f"{sources[4]}: imported as article 4, Harbour pier to reopen in spring",
        "4 imported, 1 failed.",
    ]
    articles = quotebook.ok("articles", "--json").json()
    formats = {article["source_name"]: article["source_format"] for article in articles}
    assert formats["brief.txt"] == "text"
    assert formats["notes.md"] == "markdown"
    assert formats["saved.html"] == "html"
    # Again: every good one is already there (exit 1 still, for the broken file).
    again = quotebook(*["import", *sources])
    assert again.status == 1
    assert again.out.splitlines()[-1] == "0 imported, 4 already in the library, 1 failed."


def test_mixed_batch_in_json(quotebook: Quotebook, site: Site, tmp_path: Path) -> None:
    sources = _mixed_batch(tmp_path, site)
    result = quotebook(*["import", *sources, "--json"])
    assert result.status == 1
    payload = result.json()
    assert set(payload) == {"articles", "failures"}
    records = payload["articles"]
    assert [record["file"] for record in records] == [sources[i] for i in (0, 1, 2, 4)]
    for record in records:
        assert set(record) == {"file", "created", "article", "attachments"}
        assert record["created"] is True
        assert set(record["article"]) == ARTICLE_KEYS
    assert [record["article"]["id"] for record in records] == [1, 2, 3, 4]
    assert records[3]["article"]["url"] == sources[4]
    [failure] = payload["failures"]
    assert set(failure) == {"file", "reason"}
    assert failure["file"] == sources[3]
    assert failure["reason"]
    assert result.error_lines == [f"quotebook: {sources[3]}: {failure['reason']}"]


def test_e_mail_and_office_files_take_the_file_path(quotebook: Quotebook, tmp_path: Path) -> None:
    """Every registered format is a file like any other to the command line."""
    from email.message import EmailMessage

    from docx import Document

    message = EmailMessage()
    message["Subject"] = "Press release: pier reopens"
    message["From"] = "Anna Petrova <press@city.example>"
    message["Date"] = "Mon, 03 Mar 2025 09:00:00 +0000"
    message.set_content("The pier reopens to walkers on Saturday.\n")
    message.add_attachment(b"%PDF-1.7", maintype="application", subtype="pdf", filename="map.pdf")
    mail = tmp_path / "release.eml"
    mail.write_bytes(message.as_bytes())
    document = Document()
    document.core_properties.title = "Council minutes"
    document.add_heading("Minutes of 3 March", level=1)
    document.add_paragraph("The council approved the pier budget.")
    word = tmp_path / "minutes.docx"
    document.save(str(word))
    result = quotebook.ok("import", str(mail), str(word), "--json")
    first, second = (record["article"] for record in result.json()["articles"])
    assert (first["title"], first["authors"]) == ("Press release: pier reopens", ["Anna Petrova"])
    assert first["published"] == "2025-03-03"
    assert (first["source_name"], first["source_format"]) == ("release.eml", "eml")
    assert (second["title"], second["source_format"]) == ("Council minutes", "docx")
