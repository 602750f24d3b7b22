"""Importing from a URL: one page fetched from a server on 127.0.0.1, every refusal a clear
one-liner naming the address, and the library untouched by any failure."""

from __future__ import annotations

import gzip
import threading
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import services.importers
from services.errors import ImportFailedError
from services.importers import web
from services.importers.web import Download, fetch, readable_bytes
from services.importing import MetaOverrides, import_url
from services.library import Library
from tests.services.dump import dump_tables

FIXTURES = Path(__file__).parent / "fixtures" / "html"

Respond = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Site:
    """A local web server whose pages are functions; it records what was asked of it."""

    base: str
    routes: dict[str, Respond] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    user_agents: list[str] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str) -> str:
        return self.base + path


def _send(
    handler: BaseHTTPRequestHandler,
    body: bytes,
    content_type: str,
    status: int = 200,
    headers: dict[str, str] | None = None,
    length: bool = True,
) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    if length:
        handler.send_header("Content-Length", str(len(body)))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


def page(body: bytes, content_type: str = "text/html; charset=utf-8", **headers: str) -> Respond:
    return lambda handler: _send(handler, body, content_type, headers=headers)


def redirect(target: str, status: int = 302) -> Respond:
    return lambda handler: _send(handler, b"", "text/html", status, {"Location": target})


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    holder: list[Site] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            current = holder[0]
            current.requests.append(self.path)
            current.user_agents.append(self.headers.get("User-Agent", ""))
            respond = current.routes.get(self.path)
            if respond is None:
                _send(self, b"<h1>Not Found</h1>", "text/html", 404)
            else:
                respond(self)

        def log_message(self, format: str, *args: object) -> None:
            pass

    class Server(ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request: object, client_address: object) -> None:
            pass  # a client that gave up (timeout, size cap) breaks the pipe: expected here

    server = Server(("127.0.0.1", 0), Handler)
    holder.append(Site(f"http://127.0.0.1:{server.server_address[1]}"))
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield holder[0]
    holder[0].release.set()
    server.shutdown()
    server.server_close()
    thread.join()


def _refused(library: Library, url: str) -> ImportFailedError:
    """Import ``url``, expecting a one-line refusal that names it and changes nothing."""
    before = dump_tables(library.engine)
    with pytest.raises(ImportFailedError) as raised:
        import_url(library, url)
    assert raised.value.item == url
    assert "\n" not in str(raised.value)
    assert dump_tables(library.engine) == before
    return raised.value


def test_a_news_page_is_imported_with_its_metadata(library: Library, site: Site) -> None:
    site.routes["/news/pier"] = page((FIXTURES / "news-en.html").read_bytes())
    added = import_url(library, site.url("/news/pier"))
    assert added.created
    info = library.articles.get(added.summary.id)
    assert info.meta.title == "Pier will be rebuilt by next summer, mayor says"
    assert info.meta.authors == ("Alice Marsh", "Tom O'Neill")
    assert info.meta.outlet == "The Harbour Gazette"
    assert info.meta.published == date(2024, 3, 14)
    # The page's canonical address wins over the address it was fetched from.
    assert info.meta.url == "https://www.harbourgazette.example/news/2024/03/14/pier-rebuilt"
    assert info.meta.language == "en"
    assert info.summary.source_format == "html"
    assert info.summary.source_name == "pier.html"
    assert "The repair is expected to cost £4.2m" in info.text
    assert "Related stories" not in info.text
    assert site.requests == ["/news/pier"]  # no image, style sheet, script or frame fetched
    assert all(agent.startswith("Quotebook/") for agent in site.user_agents)


def test_a_page_without_its_own_address_gets_the_one_it_came_from(
    library: Library, site: Site
) -> None:
    body = "<html><body><p>The harbour master resigned on Monday.</p></body></html>"
    site.routes["/a"] = page(body.encode())
    added = import_url(library, site.url("/a"), MetaOverrides(outlet="Harbour Radio"))
    info = library.articles.get(added.summary.id)
    assert info.meta.url == site.url("/a")
    assert info.meta.outlet == "Harbour Radio"
    assert info.text == "The harbour master resigned on Monday."


def test_plain_text_is_imported_in_the_charset_the_server_names(
    library: Library, site: Site
) -> None:
    text = (
        "Пирс восстановят к следующему лету\n\n«Мы не позволим ему упасть в море», — сказала мэр."
    )
    site.routes["/statement.txt"] = page(text.encode("cp1251"), "text/plain; charset=windows-1251")
    added = import_url(library, site.url("/statement.txt"))
    info = library.articles.get(added.summary.id)
    assert info.text == text
    assert info.meta.title == "Пирс восстановят к следующему лету"
    assert info.summary.source_format == "text"
    assert info.meta.url == site.url("/statement.txt")


def test_a_page_in_the_servers_charset_without_a_meta_declaration(site: Site) -> None:
    html = "<html><body><p>Депутаты отложили решение до ноябрьской сессии.</p></body></html>"
    site.routes["/old"] = page(html.encode("koi8-r"), "text/html; charset=KOI8-R")
    download = fetch(site.url("/old"))
    assert download.charset == "koi8-r"
    assert readable_bytes(download).decode("utf-8-sig") == html


def test_utf8_is_kept_even_when_the_server_claims_latin1(site: Site) -> None:
    html = "<html><body><p>Zoë said «да».</p></body></html>".encode()
    site.routes["/p"] = page(html, "text/html; charset=ISO-8859-1")
    assert readable_bytes(fetch(site.url("/p"))) == html


def test_octet_stream_is_read_by_the_address_suffix_or_its_first_bytes(site: Site) -> None:
    site.routes["/files/notes.md"] = page(b"# Notes\n\nThe pier.", "application/octet-stream")
    site.routes["/download?id=7"] = page(b"<!DOCTYPE html><p>x</p>", "application/octet-stream")
    site.routes["/blob"] = page(b"\x00\x01 some bytes", "application/octet-stream")
    assert fetch(site.url("/files/notes.md")).suffix == ".md"
    sniffed = fetch(site.url("/download?id=7"))
    assert (sniffed.suffix, sniffed.suggested_name) == (".html", "download.html")
    with pytest.raises(ImportFailedError, match="did not say what kind of file"):
        fetch(site.url("/blob"))


def test_gzip_and_deflate_are_decompressed(site: Site) -> None:
    html = (FIXTURES / "news-de.html").read_bytes()
    site.routes["/gz"] = page(gzip.compress(html), **{"Content-Encoding": "gzip"})
    site.routes["/zlib"] = page(zlib.compress(html), **{"Content-Encoding": "deflate"})
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    site.routes["/raw"] = page(raw.compress(html) + raw.flush(), **{"Content-Encoding": "deflate"})
    for path in ("/gz", "/zlib", "/raw"):
        assert fetch(site.url(path)).data == html


def test_damaged_compressed_data_is_refused(library: Library, site: Site) -> None:
    site.routes["/bad"] = page(b"this is not gzip at all", **{"Content-Encoding": "gzip"})
    site.routes["/cut"] = page(
        gzip.compress(b"<p>x</p>" * 1000)[:-30], **{"Content-Encoding": "gzip"}
    )
    assert "damaged compressed data" in _refused(library, site.url("/bad")).reason
    assert "incomplete" in _refused(library, site.url("/cut")).reason


def test_five_redirects_are_followed(library: Library, site: Site) -> None:
    for hop in range(1, 6):
        site.routes[f"/r{hop}"] = redirect(f"/r{hop - 1}", 301 if hop % 2 else 307)
    site.routes["/r0"] = page(b"<html><body><p>The end of the chain.</p></body></html>")
    download = fetch(site.url("/r5"))
    assert download.final_url == site.url("/r0")
    added = import_url(library, site.url("/r5"))
    assert library.articles.get(added.summary.id).meta.url == site.url("/r0")


def test_a_sixth_redirect_is_refused(library: Library, site: Site) -> None:
    for hop in range(1, 7):
        site.routes[f"/r{hop}"] = redirect(site.url(f"/r{hop - 1}"))
    site.routes["/r0"] = page(b"<p>never reached</p>")
    assert _refused(library, site.url("/r6")).reason == "too many redirects (more than 5)"
    assert "/r0" not in site.requests


def test_a_redirect_loop_is_refused(library: Library, site: Site) -> None:
    site.routes["/loop"] = redirect("/loop")
    assert "too many redirects" in _refused(library, site.url("/loop")).reason


@pytest.mark.parametrize(
    "target", ["file:///etc/passwd", "ftp://127.0.0.1/pub/file.txt", "data:text/html,<p>hi</p>"]
)
def test_a_redirect_off_the_web_is_refused(library: Library, site: Site, target: str) -> None:
    site.routes["/away"] = redirect(target)
    reason = _refused(library, site.url("/away")).reason
    assert reason.startswith("redirected to ")
    assert "only http and https" in reason


def test_a_redirect_without_a_target_is_refused(library: Library, site: Site) -> None:
    site.routes["/nowhere"] = lambda handler: _send(handler, b"", "text/html", 302)
    assert _refused(library, site.url("/nowhere")).reason == "HTTP 302 redirect without a target"


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (404, "HTTP 404 Not Found"),
        (403, "HTTP 403 Forbidden"),
        (500, "HTTP 500 Internal Server Error"),
    ],
)
def test_http_errors_are_refused_with_their_status(
    library: Library, site: Site, status: int, reason: str
) -> None:
    site.routes["/e"] = lambda handler: _send(handler, b"<h1>Oops</h1>", "text/html", status)
    assert _refused(library, site.url("/e")).reason == reason


def test_a_missing_page_is_refused(library: Library, site: Site) -> None:
    assert _refused(library, site.url("/no/such/page")).reason == "HTTP 404 Not Found"


@pytest.mark.parametrize(
    "content_type", ["image/png", "application/javascript", "video/mp4", "application/zip"]
)
def test_a_kind_of_file_quotebook_cannot_read_is_refused_by_its_type(
    library: Library, site: Site, content_type: str
) -> None:
    site.routes["/f"] = page(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type)
    reason = _refused(library, site.url("/f")).reason
    assert reason == f"Quotebook cannot import {content_type} content"


def test_an_oversize_download_is_refused(
    library: Library, site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services.importers, "MAX_FILE_BYTES", 10_000)
    big = b"<html><body>" + b"<p>The pier.</p>" * 2000 + b"</body></html>"
    site.routes["/declared"] = page(big)
    site.routes["/streamed"] = lambda handler: _send(handler, big, "text/html", length=False)
    site.routes["/bomb"] = page(gzip.compress(b" " * 5_000_000), **{"Content-Encoding": "gzip"})
    for path in ("/declared", "/streamed", "/bomb"):
        assert (
            _refused(library, site.url(path)).reason == "the download is larger than 10,000 bytes"
        )
    monkeypatch.setattr(services.importers, "MAX_FILE_BYTES", 64 * 1024 * 1024)
    site.routes["/ok"] = page(big)
    assert len(fetch(site.url("/ok")).data) == len(big)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://127.0.0.1/pub/file.txt",
        "javascript:alert(1)",
        "data:text/html,<p>hi</p>",
        "/etc/passwd",
        "www.example.com/news",
    ],
)
def test_an_address_that_is_not_http_is_refused(library: Library, url: str) -> None:
    assert _refused(library, url).reason == "only http:// and https:// addresses can be imported"


def test_an_address_without_a_host_is_refused(library: Library) -> None:
    assert _refused(library, "http:///news").reason == "the address has no host name"


def test_a_closed_port_is_refused_as_a_connection_failure(library: Library) -> None:
    import socket

    with socket.socket() as probe:  # a port that was free a moment ago, and nothing listens on it
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert _refused(library, f"http://127.0.0.1:{port}/").reason.startswith("could not connect: ")


def test_a_silent_server_times_out(
    library: Library, site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(web, "TIMEOUT_SECONDS", 0.3)

    def silent(handler: BaseHTTPRequestHandler) -> None:
        site.release.wait(10)

    site.routes["/slow"] = silent
    assert _refused(library, site.url("/slow")).reason == "timed out after 0.3 s"


def test_a_server_that_stalls_mid_page_times_out(
    library: Library, site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(web, "TIMEOUT_SECONDS", 0.3)

    def stall(handler: BaseHTTPRequestHandler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.send_header("Content-Length", "100000")
        handler.end_headers()
        handler.wfile.write(b"<html><body><p>The first words")
        handler.wfile.flush()
        site.release.wait(10)

    site.routes["/stall"] = stall
    assert _refused(library, site.url("/stall")).reason == "timed out after 0.3 s"


def test_a_non_ascii_address_is_encoded_for_http(library: Library, site: Site) -> None:
    html = "<html><body><p>Новость о пирсе.</p></body></html>".encode()
    site.routes["/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/%D0%BF%D0%B8%D1%80%D1%81?q=a%20b"] = (
        page(html)
    )
    added = import_url(library, site.url("/новости/пирс?q=a b"))
    assert added.summary.source_name == "пирс.html"


def test_the_servers_file_name_is_suggested(site: Site) -> None:
    site.routes["/get"] = page(
        b"Plain words.",
        "text/plain",
        **{"Content-Disposition": 'attachment; filename="../../statement.txt"'},
    )
    download = fetch(site.url("/get"))
    assert download == Download(
        data=b"Plain words.",
        content_type="text/plain",
        final_url=site.url("/get"),
        suggested_name="statement.txt",
        suffix=".txt",
        charset="",
    )


def test_an_empty_page_is_refused(library: Library, site: Site) -> None:
    site.routes["/empty"] = page(b"")
    assert _refused(library, site.url("/empty")).reason == "the file is empty"


def test_a_page_without_text_is_refused(library: Library, site: Site) -> None:
    site.routes["/img"] = page(b"<html><body><img src='/x.png'></body></html>")
    assert _refused(library, site.url("/img")).reason == "the web page has no text"
    assert site.requests == ["/img"]


def test_the_same_page_twice_is_recognised(library: Library, site: Site) -> None:
    site.routes["/p"] = page((FIXTURES / "news-ja.html").read_bytes())
    first = import_url(library, site.url("/p"))
    second = import_url(library, site.url("/p"))
    assert first.created
    assert not second.created
    assert second.summary.id == first.summary.id
