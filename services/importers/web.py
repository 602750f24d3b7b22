"""Downloading one web page or document for import, and nothing else.

A journalist pastes a link; Quotebook fetches that one address (following at most a few
redirects, only to other web addresses), checks what kind of file came back, and stops reading
at the import size cap — counted after decompression, so a small gzip bomb is refused like a
big file. Nothing the page refers to (images, frames, scripts) is fetched: the HTML reader
works on the downloaded bytes alone.

urllib is enough for one GET, and its opener is assembled here from only the HTTP(S) and proxy
handlers, so a ``file:``, ``ftp:`` or ``data:`` address cannot be opened even by a redirect.
Redirects are followed here rather than by urllib so each hop is checked and counted. Every
failure is an :class:`ImportFailedError` naming the address as the user typed it.
"""

from __future__ import annotations

import codecs
import http.client
import socket
import ssl
import time
import urllib.error
import urllib.request
import zlib
from contextlib import suppress
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import PurePosixPath
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit

from services import importers
from services.errors import ImportFailedError

#: Seconds a connection may stay silent, and the most a whole download may take.
TIMEOUT_SECONDS = 20.0
#: Redirects followed before giving up (browsers allow 20; news sites need two or three).
MAX_REDIRECTS = 5
USER_AGENT = "Quotebook/0.1 (desktop quote and source manager for journalists)"

#: Media types Quotebook reads, and the file suffix whose reader takes them.
CONTENT_TYPES: dict[str, str] = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/plain": ".txt",
    "text/markdown": ".md",
    "text/x-markdown": ".md",
    "application/pdf": ".pdf",
    "application/x-pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/epub+zip": ".epub",
    "application/vnd.oasis.opendocument.text": ".odt",
    "application/rtf": ".rtf",
    "application/x-rtf": ".rtf",
    "text/rtf": ".rtf",
    "message/rfc822": ".eml",
}
#: Types that say nothing about the content: the address's suffix or the first bytes decide.
_UNTYPED = {"", "application/octet-stream", "binary/octet-stream", "application/download"}
_TEXT_SUFFIXES = {".html", ".txt", ".md"}
_REDIRECTS = {301, 302, 303, 307, 308}
_CHUNK = 64 * 1024
_ACCEPT = ", ".join([*CONTENT_TYPES, "*/*;q=0.1"])


@dataclass(frozen=True, slots=True)
class Download:
    """A fetched document: its bytes (decompressed, exactly as served otherwise), its media
    type without parameters, where it was finally found, and a file name to show for it.

    ``suffix`` picks the reader (see :data:`services.importers.FORMATS`); ``charset`` is the
    one the server named in ``Content-Type``, if any.
    """

    data: bytes
    content_type: str
    final_url: str
    suggested_name: str
    suffix: str = ".html"
    charset: str = ""


def fetch(url: str) -> Download:
    """Download ``url`` (http or https), or raise a one-line reason naming it."""
    current = _checked(url, url)
    deadline = time.monotonic() + TIMEOUT_SECONDS
    opener = _opener()
    for _hop in range(MAX_REDIRECTS + 1):
        with _open(opener, current, url) as response:
            status = response.status
            if status in _REDIRECTS:
                current = _redirect_target(response, current, url)
                continue
            if not 200 <= status < 300:
                raise ImportFailedError(url, f"HTTP {status} {_reason(response)}".rstrip())
            media_type, suffix = _kind(response, current, url)
            data = _read_body(response, url, deadline)
            if not suffix:
                suffix = _sniffed_suffix(data, media_type, url)
            return Download(
                data=data,
                content_type=media_type,
                final_url=current,
                suggested_name=_suggested_name(response, current, suffix),
                suffix=suffix,
                charset=response.headers.get_content_charset() or "",
            )
    raise ImportFailedError(url, f"too many redirects (more than {MAX_REDIRECTS})")


def readable_bytes(download: Download) -> bytes:
    """The body as the readers should see it.

    A server's charset (``Content-Type: text/html; charset=windows-1251``) is what a browser
    goes by, but readers only see bytes: text that is not already UTF-8 is decoded with the
    server's charset and handed on as UTF-8 with a byte-order mark, which readers honour first.
    """
    data = download.data
    if download.suffix not in _TEXT_SUFFIXES or not download.charset:
        return data
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return data
    from services.importers.html import codec_for_label  # noqa: PLC0415 - loads lxml and trafilatura

    codec = codec_for_label(download.charset)
    if codec is None:
        return data
    try:
        return codecs.BOM_UTF8 + data.decode(codec).encode("utf-8")
    except UnicodeDecodeError:
        return data  # the server is wrong about its own charset: let the reader guess


def _checked(address: str, url: str, redirected: bool = False) -> str:
    parts = urlsplit(address.strip())
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"}:
        shown = f"{scheme}:" if scheme else "a relative"
        if redirected:
            raise ImportFailedError(url, f"redirected to {shown} address (only http and https)")
        raise ImportFailedError(url, "only http:// and https:// addresses can be imported")
    if not parts.hostname:
        raise ImportFailedError(url, "the address has no host name")
    return urlunsplit(parts._replace(scheme=scheme))


def _ascii(address: str, url: str) -> str:
    """The address as HTTP needs it: an IDN host in punycode, a non-ASCII path percent-encoded
    (journalists paste Cyrillic and Japanese links as the browser shows them)."""
    parts = urlsplit(address)
    host = parts.hostname or ""
    try:
        port = parts.port
        host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except (ValueError, UnicodeError) as error:
        raise ImportFailedError(url, f"not a valid web address ({error})") from error
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{host}:{port}" if port is not None else host
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    query = quote(parts.query, safe="/?%:@!$&'()*+,;=-._~")
    return urlunsplit((parts.scheme, netloc, path, query, ""))


def _opener() -> urllib.request.OpenerDirector:
    """HTTP and HTTPS (through the system's proxy settings) and nothing else: no file:, ftp:
    or data: handler, and no automatic redirects or error handlers."""
    opener = urllib.request.OpenerDirector()
    opener.add_handler(urllib.request.ProxyHandler())
    opener.add_handler(urllib.request.HTTPHandler())
    opener.add_handler(urllib.request.HTTPSHandler(context=ssl.create_default_context()))
    return opener


def _open(
    opener: urllib.request.OpenerDirector, address: str, url: str
) -> http.client.HTTPResponse:
    request = urllib.request.Request(
        _ascii(address, url),
        headers={
            "User-Agent": USER_AGENT,
            "Accept": _ACCEPT,
            "Accept-Encoding": "gzip, deflate",
        },
    )
    try:
        response: http.client.HTTPResponse | None = opener.open(request, timeout=TIMEOUT_SECONDS)
    except urllib.error.URLError as error:
        raise ImportFailedError(url, _network_reason(error.reason)) from error
    except (OSError, http.client.HTTPException, ValueError) as error:
        raise ImportFailedError(url, _network_reason(error)) from error
    if response is None:  # no handler took it; _checked lets only http(s) through
        raise ImportFailedError(url, "only http:// and https:// addresses can be imported")
    return response


def _network_reason(error: object) -> str:
    if isinstance(error, TimeoutError):
        return f"timed out after {TIMEOUT_SECONDS:g} s"
    if isinstance(error, ssl.SSLError | ssl.CertificateError):
        return f"secure connection failed: {getattr(error, 'reason', None) or error}"
    if isinstance(error, socket.gaierror):
        return f"could not connect: host not found ({error.strerror or error})"
    if isinstance(error, http.client.HTTPException):
        return f"the server sent an invalid response ({type(error).__name__})"
    if isinstance(error, OSError):
        return f"could not connect: {error.strerror or error}"
    return f"could not connect: {error}"


def _reason(response: http.client.HTTPResponse) -> str:
    if response.reason:
        return response.reason
    try:
        return HTTPStatus(response.status).phrase
    except ValueError:
        return ""


def _redirect_target(response: http.client.HTTPResponse, current: str, url: str) -> str:
    location = response.headers.get("Location", "").strip()
    if not location:
        raise ImportFailedError(url, f"HTTP {response.status} redirect without a target")
    with suppress(UnicodeError):  # http.client reads headers as Latin-1; servers send UTF-8
        location = location.encode("latin-1").decode("utf-8")
    return _checked(urljoin(current, location), url, redirected=True)


def _kind(response: http.client.HTTPResponse, address: str, url: str) -> tuple[str, str]:
    """The media type and the reader's suffix ("" when only the content can tell)."""
    header = response.headers.get("Content-Type", "")
    media_type = header.split(";", 1)[0].strip().lower()
    if media_type in CONTENT_TYPES:
        return media_type, CONTENT_TYPES[media_type]
    if media_type in _UNTYPED:
        suffix = PurePosixPath(unquote(urlsplit(address).path)).suffix.lower()
        if suffix in importers.FORMATS:
            return media_type, suffix
        return media_type, ""
    raise ImportFailedError(url, f"Quotebook cannot import {media_type} content")


def _sniffed_suffix(data: bytes, media_type: str, url: str) -> str:
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"%pdf-"):
        return ".pdf"
    if head.startswith((b"<!doctype html", b"<html")):
        return ".html"
    shown = media_type or "no content type"
    raise ImportFailedError(url, f"the server did not say what kind of file this is ({shown})")


def _read_body(response: http.client.HTTPResponse, url: str, deadline: float) -> bytes:
    """Read up to the size cap, decompressing as it comes; refuse as soon as it is exceeded."""
    limit = importers.MAX_FILE_BYTES
    too_big = f"the download is larger than {_size(limit)}"
    encoding = response.headers.get("Content-Encoding", "").strip().lower()
    declared = response.headers.get("Content-Length", "")
    if not encoding and declared.isdigit() and int(declared) > limit:
        raise ImportFailedError(url, too_big)
    if encoding not in {"", "identity", "gzip", "x-gzip", "deflate"}:
        raise ImportFailedError(url, f"the server sent {encoding}-compressed data")
    decoder: zlib._Decompress | None = None
    parts: list[bytes] = []
    size = 0
    while True:
        try:
            chunk = response.read(_CHUNK)
        except TimeoutError as error:
            raise ImportFailedError(url, _network_reason(error)) from error
        except http.client.IncompleteRead as error:
            raise ImportFailedError(url, "the connection closed mid-download") from error
        except (OSError, http.client.HTTPException) as error:
            raise ImportFailedError(url, f"download failed: {_network_reason(error)}") from error
        if time.monotonic() > deadline:
            raise ImportFailedError(url, f"timed out after {TIMEOUT_SECONDS:g} s")
        if not chunk:
            break
        if encoding not in {"", "identity"}:
            if decoder is None:
                decoder = zlib.decompressobj(_window_bits(encoding, chunk))
            try:
                chunk = decoder.decompress(chunk, limit - size + 1)
            except zlib.error as error:
                raise ImportFailedError(url, "the server sent damaged compressed data") from error
        size += len(chunk)
        if size > limit:
            raise ImportFailedError(url, too_big)
        parts.append(chunk)
    if decoder is not None:
        parts.append(decoder.flush())
        if not decoder.eof:
            raise ImportFailedError(url, "the compressed download is incomplete")
        if size + len(parts[-1]) > limit:
            raise ImportFailedError(url, too_big)
    return b"".join(parts)


def _window_bits(encoding: str, first: bytes) -> int:
    if encoding in {"gzip", "x-gzip"}:
        return 16 + zlib.MAX_WBITS
    # "deflate" is meant to be zlib-wrapped, but some servers send a raw deflate stream.
    wrapped = len(first) >= 2 and first[0] & 0x0F == 8 and (first[0] << 8 | first[1]) % 31 == 0
    return zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS


def _suggested_name(response: http.client.HTTPResponse, address: str, suffix: str) -> str:
    """A file name to show as the article's source: the server's, else the address's last
    part, with the suffix of what it really is."""
    name = PurePosixPath((response.headers.get_filename() or "").replace("\\", "/")).name
    if not name:
        parts = urlsplit(address)
        name = PurePosixPath(unquote(parts.path)).name or (parts.hostname or "download")
    if importers.FORMATS.get(PurePosixPath(name).suffix.lower()) != importers.FORMATS[suffix]:
        name += suffix
    return name


def _size(limit: int) -> str:
    megabyte = 1024 * 1024
    return f"{limit // megabyte} MB" if limit >= megabyte else f"{limit:,} bytes"
