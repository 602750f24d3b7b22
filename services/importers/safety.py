"""Checks a hostile file meets before any parser sees it.

DOCX, ODT and EPUB are ZIP archives of XML. Two classic attacks live there, and neither can be
left to the parsing libraries, which inflate every member they can reach:

* **Zip bombs.** A few hundred kilobytes that inflate to gigabytes. :func:`check_zip` judges the
  archive by its central directory alone — the list of members with their *declared* sizes —
  so a bomb is refused before a single byte is inflated. A member that lies about its size
  cannot get past that either: Python's ``zipfile`` never inflates a deflated member beyond
  its declared size (the checksum then fails), and only stored and deflated members, the two
  methods these formats use, are accepted.
* **XML entity tricks.** "Billion laughs" (nested entities that expand to gigabytes) and
  external entities (which read local files or fetch URLs). python-docx and ebooklib parse
  with lxml with entity resolution off, and libxml2 caps entity amplification, but a
  declaration has no business in any of these formats, so
  :meth:`CheckedZip.refuse_entity_declarations` refuses the file outright, whatever encoding
  the XML is in (UTF-7, in which a declaration can hide from a byte scan, is refused too).
  Our own XML goes through :func:`parse_xml`, which resolves no entity, loads no DTD and
  touches no network.

The metadata a file claims about itself is hostile input too: :func:`clean_field` and
:func:`language_code` keep a title of ten megabytes or a language of "x-none" from failing the
import later, when the library would refuse them.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import PurePosixPath
from typing import Any

from lxml import etree

from services.errors import ImportFailedError

#: More members than any real document has (a long EPUB has a few hundred).
MAX_ENTRIES = 10_000
#: The central directory of MAX_ENTRIES members with generous names; anything bigger is refused
#: before ``zipfile`` builds an object per entry.
MAX_DIRECTORY_BYTES = 4 * 1024 * 1024
#: Everything in the archive together, as declared; more is a bomb, not a document.
MAX_TOTAL_BYTES = 512 * 1024 * 1024
#: Deflate on real XML rarely passes 30:1; zeros reach 1000:1. Only members larger than
#: RATIO_FLOOR are judged: a small run of spaces compresses as well as a bomb and harms no one.
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024
#: One member read into memory by our own code (content.xml of a very long book is ~50 MB).
MAX_MEMBER_BYTES = 256 * 1024 * 1024

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_EOCD = b"PK\x05\x06"
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_EOCD = b"PK\x06\x06"
_CHUNK = 1024 * 1024

#: Members that cannot hold XML: scanning an EPUB's photographs for "<!ENTITY" is wasted work.
_BINARY_SIGNATURES: tuple[bytes, ...] = (
    b"\x89PNG",
    b"\xff\xd8\xff",  # JPEG
    b"GIF8",
    b"RIFF",  # WebP, WAV
    b"BM",
    b"II*\x00",  # TIFF
    b"MM\x00*",
    b"\x00\x01\x00\x00",  # TrueType
    b"OTTO",
    b"wOFF",
    b"wOF2",
    b"%PDF",
    b"ID3",  # MP3
    b"\xd7\xcd\xc6\x9a",  # WMF
    b"\x01\x00\x00\x00",  # EMF
)

#: What the XML and ZIP layers under the document libraries (python-docx, ebooklib, lxml)
#: raise on a package that is not well formed; each reader adds its library's own error.
PACKAGE_ERRORS: tuple[type[BaseException], ...] = (
    KeyError,
    ValueError,
    IndexError,
    AttributeError,
    TypeError,
    etree.LxmlError,
    zipfile.BadZipFile,
    RecursionError,
)


def _spelled(word: str) -> tuple[bytes, ...]:
    """``word`` in every encoding an XML parser detects by itself (XML is case-sensitive):
    ASCII and its supersets, then UTF-16 and the four byte orders of UTF-32."""
    big_endian = word.encode("utf-32-be")
    quads = [big_endian[i : i + 4] for i in range(0, len(big_endian), 4)]
    unusual = (b"".join(q[1::-1] + q[:1:-1] for q in quads), b"".join(q[2:] + q[:2] for q in quads))
    wide = tuple(word.encode(codec) for codec in ("utf-16-le", "utf-16-be", "utf-32-le"))
    return (word.encode("ascii"), *wide, big_endian, *unusual)


_ENTITY_DECLARATION = _spelled("<!ENTITY")
#: Encodings an XML member may declare: ASCII's supersets (where "<!ENTITY" is spelled in
#: ASCII bytes), UTF-16 and UTF-32. UTF-7 is the one lxml reads in which a declaration can
#: hide ("+ADw-!ENTITY"); EBCDIC is refused by its signature.
_SAFE_ENCODING = re.compile(
    r"^(utf-?8|utf-?16(le|be)?|utf-?32(le|be)?|ucs-?[24]|(us-)?ascii|iso[-_]?8859-\d+|"
    r"latin-?\d|l\d|(windows|cp)-?125\d|koi8-?[ru]|shift[-_]?jis|s?jis|x-sjis|cp932|"
    r"euc-?(jp|kr|cn)|gb2312|gbk|gb18030|big5(-hkscs)?|tis-?620|iso-2022-(jp|kr))$",
    re.IGNORECASE,
)
_ENCODING_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']{0,40})[\"']")
_EBCDIC_START = b"\x4c\x6f\xa7\x94"  # "<?xm"
_SCAN_OVERLAP = len("<!ENTITY") * 4
#: What ``zipfile`` raises on a damaged member: bad checksum or header, truncated stream…
_READ_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)


class CheckedZip:
    """A ZIP archive that passed :func:`check_zip`; reads its members with a bound."""

    def __init__(self, archive: zipfile.ZipFile, name: str, kind: str) -> None:
        self._archive = archive
        self._infos = {info.filename: info for info in archive.infolist()}
        self.name = name
        self.kind = kind

    def __contains__(self, member: str) -> bool:
        return member in self._infos

    def names(self) -> list[str]:
        return list(self._infos)

    def read(self, member: str, limit: int = MAX_MEMBER_BYTES) -> bytes:
        """A member's bytes, refusing (not truncating) one larger than ``limit``."""
        info = self._infos.get(member)
        if info is None:
            raise ImportFailedError(self.name, f"damaged {self.kind} file ({member} is missing)")
        if info.file_size > limit:
            raise ImportFailedError(self.name, f"{member} is larger than {_size(limit)}")
        chunks = list(self._chunks(info))
        data = b"".join(chunks)
        if len(data) > limit:  # unreachable while zipfile honours the declared size
            raise ImportFailedError(self.name, f"{member} is larger than {_size(limit)}")
        return data

    def read_text(self, member: str, limit: int = MAX_MEMBER_BYTES) -> str:
        """A small text member such as EPUB's or ODF's ``mimetype``."""
        return self.read(member, limit).decode("utf-8", "replace").strip()

    def _chunks(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
        try:
            with self._archive.open(info) as stream:
                remaining = info.file_size + 1
                while remaining > 0:
                    chunk = stream.read(min(_CHUNK, remaining))
                    if not chunk:
                        return
                    remaining -= len(chunk)
                    yield chunk
        except _READ_ERRORS as error:
            raise self.damaged(f"{info.filename}: {error}") from error

    def damaged(self, detail: str = "") -> ImportFailedError:
        return damaged(self.name, self.kind, detail)

    def refuse_entity_declarations(self) -> None:
        """Refuse the archive if any member declares an XML entity.

        Real DOCX, ODT and EPUB files never do; a declaration is either a billion-laughs bomb
        or an attempt to read a local file through an external entity. Every member that could
        be XML is scanned as it is inflated, a megabyte at a time, in any of the encodings an
        XML parser recognises without being told.
        """
        for info in self._infos.values():
            if info.is_dir() or info.file_size == 0:
                continue
            tail = b""
            for index, chunk in enumerate(self._chunks(info)):
                if index == 0:
                    if chunk.startswith(_BINARY_SIGNATURES):
                        break
                    self._check_encoding(info.filename, chunk)
                window = tail + chunk
                # Only UTF-16 and UTF-32 spell "<" with zero bytes: skip those forms without one.
                forms = _ENTITY_DECLARATION if b"\x00" in window else _ENTITY_DECLARATION[:1]
                if any(form in window for form in forms):
                    raise ImportFailedError(
                        self.name,
                        f"XML entity declarations are not allowed (found in {info.filename})",
                    )
                tail = chunk[-_SCAN_OVERLAP:]

    def _check_encoding(self, member: str, start: bytes) -> None:
        head = start[:512].removeprefix(b"\xef\xbb\xbf")
        if head.startswith(_EBCDIC_START):
            raise ImportFailedError(self.name, f"unsupported XML encoding (EBCDIC) in {member}")
        declared = _ENCODING_DECLARATION.match(head.replace(b"\x00", b"").lstrip(b"\xff\xfe"))
        if declared:
            label = declared.group(1).decode("ascii", "replace").strip()
            if not _SAFE_ENCODING.match(label):
                raise ImportFailedError(
                    self.name, f"unsupported XML encoding {label[:40]!r} in {member}"
                )

    def close(self) -> None:
        self._archive.close()


def check_zip(data: bytes, name: str, kind: str) -> CheckedZip:
    """Open ``data`` as a ZIP archive after checking it can be read safely.

    ``kind`` ("DOCX", "ODT", "EPUB") names the format in messages. Nothing is inflated: the
    verdict comes from the end-of-archive record and the central directory.
    """
    refuse_ole_container(data, name, kind)
    _check_directory_record(data, name, kind)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (*_READ_ERRORS, zipfile.LargeZipFile) as error:
        raise ImportFailedError(name, f"damaged or not a {kind} file") from error
    if len(infos) > MAX_ENTRIES:
        raise ImportFailedError(name, _too_many(len(infos)))
    seen: set[str] = set()
    total = 0
    for info in infos:
        member = info.filename
        if not _safe_member_name(member):
            raise ImportFailedError(name, f"unsafe path inside the {kind} file: {member[:80]!r}")
        if member in seen:
            raise ImportFailedError(name, f"damaged {kind} file ({member} is listed twice)")
        seen.add(member)
        if info.flag_bits & 0x1:
            raise ImportFailedError(name, "the document is password-protected")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ImportFailedError(
                name, f"damaged {kind} file ({member} uses an unsupported compression method)"
            )
        if info.header_offset + info.compress_size > len(data):
            raise ImportFailedError(name, f"damaged {kind} file (truncated)")
        stored = max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * stored:
            raise ImportFailedError(
                name,
                f"refused as a zip bomb: {member[:80]} would inflate "
                f"{info.file_size // stored}-fold to {_size(info.file_size)}",
            )
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise ImportFailedError(
            name,
            f"refused as a zip bomb: its contents would inflate to {_size(total)} "
            f"(the limit is {_size(MAX_TOTAL_BYTES)})",
        )
    return CheckedZip(archive, name, kind)


def refuse_ole_container(data: bytes, name: str, kind: str) -> None:
    """Refuse an OLE compound file — the container of legacy Office files and of *encrypted*
    modern ones (Office wraps a password-protected DOCX in one) — with a reason that says which."""
    if not data.startswith(_OLE_MAGIC):
        return
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise ImportFailedError(name, "the document is password-protected")
    if "WordDocument".encode("utf-16-le") in data:
        raise ImportFailedError(
            name, f"this is an old Word 97–2003 (.doc) document, not {kind}; save it as .docx"
        )
    raise ImportFailedError(name, f"this is an old Microsoft Office file, not {kind}")


def _check_directory_record(data: bytes, name: str, kind: str) -> None:
    """Refuse an archive whose central directory is too big, before ``zipfile`` reads it.

    ``zipfile`` builds an object for every entry it finds in the central directory, which the
    end-of-archive record says how long is; a 60 MB directory would be a million entries.
    """
    end = data.rfind(_EOCD, max(0, len(data) - 22 - 65_535))
    if not data.startswith(_ZIP_MAGIC) or end < 0 or len(data) < end + 22:
        raise ImportFailedError(name, f"damaged or not a {kind} file")
    entries, directory_size = struct.unpack_from("<10xHL", data, end)
    locator = end - 20
    if locator >= 0 and data[locator : locator + 4] == _ZIP64_LOCATOR:
        (record,) = struct.unpack_from("<8xQ", data, locator)
        if 0 <= record <= len(data) - 56 and data[record : record + 4] == _ZIP64_EOCD:
            entries, directory_size = struct.unpack_from("<32xQQ", data, record)
    if entries > MAX_ENTRIES or directory_size > MAX_DIRECTORY_BYTES:
        raise ImportFailedError(name, _too_many(entries))


def _too_many(entries: int) -> str:
    return f"too many files inside ({entries}; the limit is {MAX_ENTRIES})"


def _safe_member_name(member: str) -> bool:
    """A relative path with no way out of the folder it would be unpacked into."""
    if not member or "\x00" in member or "\\" in member:
        return False
    if member.startswith("/") or re.match(r"^[A-Za-z]:", member):
        return False
    return ".." not in PurePosixPath(member).parts


def _size(count: int) -> str:
    if count >= 1024**3:
        return f"{count / 1024**3:.1f} GB"
    return f"{count // 1024**2} MB"


def parse_xml(data: bytes, name: str, kind: str) -> Any:
    """An lxml element tree of ``data``: no entities resolved, no DTD loaded, no network, and
    libxml2's depth and size limits left on. A fresh parser per call (parsers are not
    thread-safe and imports run on a worker thread)."""
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        return etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as error:
        raise damaged(name, kind, f"bad XML: {error}") from error


def damaged(name: str, kind: str, detail: str = "") -> ImportFailedError:
    """The error for a file that is not what its kind requires, as "damaged DOCX file (…)":
    the detail, often a parser's message over several lines, cut down to one short line."""
    detail = _WHITESPACE.sub(" ", detail).strip()[:200]
    reason = f"damaged {kind} file"
    return ImportFailedError(name, f"{reason} ({detail})" if detail else reason)


# --- metadata the file claims about itself ------------------------------------------------

#: Longer than any real title or name; a "title" of a megabyte is the text, or an attack.
MAX_FIELD_CHARS = 500
_LANGUAGE = re.compile(r"^[a-zA-Z]{2,3}([-_][a-zA-Z0-9]{2,8})*$")
_WHITESPACE = re.compile(r"\s+")


def clean_field(value: object) -> str:
    """A one-line metadata value: white space collapsed, too-long values dropped."""
    if not isinstance(value, str):
        return ""
    text = _WHITESPACE.sub(" ", value).strip()
    return text if len(text) <= MAX_FIELD_CHARS else ""


def language_code(value: object) -> str:
    """A BCP 47 tag the library accepts ("ru", "pt-br"), or "" for anything else ("x-none",
    "Russian"), so that a file's odd claim never fails its import."""
    text = clean_field(value)
    return text.replace("_", "-").lower() if _LANGUAGE.match(text) else ""


# Not Spanish "y" ("José Ortega y Gasset" is one man) nor French "et" ("et al.").
_AUTHOR_SEPARATORS = re.compile(r"\s*;\s*|\s+(?:and|und|и)\s+|\s*&\s*|\s*、\s*|\s*\n\s*")


def split_authors(value: object) -> tuple[str, ...]:
    """Authors from one field: "A; B", "A and B", "A & B" → ("A", "B"). Commas are left
    alone: "Smith, John" is one person."""
    text = value if isinstance(value, str) else ""
    authors = (clean_field(part) for part in _AUTHOR_SEPARATORS.split(text))
    unique: dict[str, None] = dict.fromkeys(author for author in authors if author)
    return tuple(unique)


def parse_date(value: object) -> date | None:
    """A date from an ISO 8601 string or a datetime; None for anything unreadable.

    A timestamp with a time zone is taken in that zone (the date the author saw); W3C's
    "2024" and "2024-05" forms give the first day of the year or month.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = clean_field(value)
    match = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", text)
    if not match:
        return None
    if len(text) > 10:
        try:
            return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        except ValueError:
            pass
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None
