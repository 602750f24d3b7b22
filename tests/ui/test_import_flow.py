"""Bringing articles in from the window: drops of files, folders and links; the web; paste."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication
from PySide6.QtWidgets import QInputDialog

from tests.ui.conftest import Errors, write
from ui.import_flow import dropped_sources
from ui.main_window import MainWindow

PAGE = """<!doctype html>
<html lang="en"><head><title>Pier vote delayed | The Wrayhaven Courier</title>
<meta property="og:site_name" content="The Wrayhaven Courier">
<meta name="author" content="Elin Trevaskis"></head>
<body><nav><a href="/">Home</a> · <a href="/news">News</a> · Subscribe now!</nav>
<article><h1>Pier vote delayed</h1>
<p>Wrayhaven's council has put off its vote on the storm-wrecked pier until March.</p>
<p>"We need the engineers' final report before anyone votes," said Mayor Ruth Penhallow,
who had hoped to settle the matter this month.</p>
<p>Traders on the seafront said the delay would cost them another season.</p></article>
<footer>© 2025 The Wrayhaven Courier · Cookie settings</footer></body></html>"""


class _Pages(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = PAGE.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    """A web server on 127.0.0.1 serving one news page."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/pier-vote"
    finally:
        server.shutdown()
        server.server_close()


def drop(window: MainWindow, mime: QMimeData) -> None:
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    window.dropEvent(event)


def test_dropped_sources_finds_files_folders_and_links(tmp_path: Path) -> None:
    folder = tmp_path / "story"
    folder.mkdir()
    inner = write(folder / "b.md", "# B")
    write(folder / "notes.xyz", "not an article")
    loose = write(tmp_path / "a.txt", "A")
    mime = QMimeData()
    mime.setUrls(
        [
            QUrl.fromLocalFile(str(loose)),
            QUrl.fromLocalFile(str(folder)),
            QUrl("https://example.org/story"),
            QUrl("ftp://example.org/file"),
        ]
    )
    assert dropped_sources(mime) == [loose, inner, "https://example.org/story"]
    text_only = QMimeData()
    text_only.setText("https://example.org/a-link")
    assert dropped_sources(text_only) == ["https://example.org/a-link"]
    prose = QMimeData()
    prose.setText("not a link at all")
    assert dropped_sources(prose) == []


def test_a_dropped_link_imports_the_page(window: MainWindow, site: str) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl(site)])
    drop(window, mime)
    assert window.article is not None
    assert "put off its vote" in window.article.text
    assert "Subscribe now" not in window.article.text
    assert window.article.meta.url.startswith("http://127.0.0.1:")
    window.undo_action.trigger()
    assert window.library.counts().articles == 0


def test_import_from_the_web_menu(
    window: MainWindow, site: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: (site, True))
    window.actions_by_id["import_url"].trigger()
    assert window.article is not None
    assert window.article.meta.title.startswith("Pier vote delayed")


def test_a_dead_link_is_reported_and_changes_nothing(window: MainWindow, errors: Errors) -> None:
    window.importer.start(["http://127.0.0.1:9/nothing-listens-here"])
    assert window.library.counts().articles == 0
    assert len(errors) == 1
    assert "http://127.0.0.1:9/nothing-listens-here" in errors[0]


def test_paste_prefers_the_clipboard_html(window: MainWindow) -> None:
    mime = QMimeData()
    mime.setHtml(PAGE)
    mime.setText("Pier vote delayed (plain text version)")
    QGuiApplication.clipboard().setMimeData(mime)
    window.actions_by_id["paste"].trigger()
    assert window.article is not None
    assert "put off its vote" in window.article.text
    assert "Cookie settings" not in window.article.text


@pytest.mark.parametrize("accept", [True, False])
def test_an_emails_attachments_are_offered_for_import(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, accept: bool
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from tests.mail_fixtures import press_release_mail

    asked: list[str] = []

    def answer(_parent: object, _title: str, text: str, *_args: object) -> object:
        asked.append(text)
        return QMessageBox.StandardButton.Yes if accept else QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", answer)
    mail = tmp_path / "release.eml"
    mail.write_bytes(press_release_mail())
    window.import_paths([mail])
    assert len(asked) == 1
    assert "заявление.txt" in asked[0]
    assert "photo.png" not in asked[0]  # nothing Quotebook could read is offered
    titles = sorted(article.title for article in window.library.articles.list())
    if accept:
        assert titles == ["Заявление акима", "Пресс-релиз: ремонт пирса начнётся в марте"]
    else:
        assert titles == ["Пресс-релиз: ремонт пирса начнётся в марте"]
