"""Hostile ZIP archives and XML tricks: refused before anything is inflated or expanded.

No test here measures time. "Before inflating" is checked by making any attempt to open a
member fail the test, and "without the memory" by tracemalloc's peak.
"""

from __future__ import annotations

import random
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from services.errors import ImportFailedError
from services.importers import read_bytes
from services.importers.safety import (
    MAX_ENTRIES,
    check_zip,
    clean_field,
    language_code,
    parse_date,
    split_authors,
)
from tests.services.office_fixtures import (
    BILLION_LAUGHS,
    CONTAINER,
    deflated_zeros,
    entity_bomb,
    handmade_zip,
    make_docx,
    make_epub,
    make_odt,
    patch_central_directory,
    rezip,
    xhtml,
    zip_bytes,
    zip_members,
)

Reader = Callable[[bytes, str], object]


def _refusal(data: bytes, suffix: str = ".docx") -> str:
    with pytest.raises(ImportFailedError) as caught:
        read_bytes(data, f"story{suffix}", suffix)
    message = str(caught.value)
    assert message.startswith(f"story{suffix}: ")
    assert "\n" not in message
    return caught.value.reason


def _refused_before_inflating(
    data: bytes, monkeypatch: pytest.MonkeyPatch, suffix: str = ".docx"
) -> str:
    """The refusal of ``data``, with any attempt to open (inflate) a member failing the test."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a member was opened")

    with monkeypatch.context() as patched:
        patched.setattr(zipfile.ZipFile, "open", refuse)
        return _refusal(data, suffix)


def _bomb_docx(declared: int) -> bytes:
    """A real DOCX plus one small member whose central directory entry claims ``declared``."""
    data = rezip(make_docx(["Text"]), {"word/media/image1.bin": b"\0" * 1024})
    return patch_central_directory(data, "word/media/image1.bin", size=declared)


def test_a_declared_one_and_a_half_gigabyte_bomb_is_refused_before_inflating(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    reason = _refused_before_inflating(_bomb_docx(1536 * 1024 * 1024), monkeypatch)
    assert "zip bomb" in reason
    assert "1.5 GB" in reason


def test_a_real_bomb_of_zeros_is_refused_by_its_ratio_before_inflating(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    deflated, crc = deflated_zeros(200)  # 200 MB of zeros deflate to ~200 KB
    members = zip_members(make_docx(["Text"]))
    bomb = handmade_zip(members, {"word/media/zeros.bin": (deflated, 200 * 1024 * 1024, crc)})
    assert len(bomb) < 1024 * 1024
    reason = _refused_before_inflating(bomb, monkeypatch)
    assert "zip bomb" in reason
    assert "200 MB" in reason


def test_a_member_that_lies_about_its_size_is_refused_without_the_memory() -> None:
    """The central directory says 1 KB; the stream inflates to 50 MB. zipfile stops at the
    declared size, the checksum fails, and the peak memory stays small."""
    deflated, crc = deflated_zeros(50)
    members = zip_members(make_docx(["Text"]))
    liar = handmade_zip(members, {"word/media/liar.bin": (deflated, 1024, crc)})
    tracemalloc.start()
    try:
        reason = _refusal(liar)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert reason.startswith("damaged DOCX file (word/media/liar.bin: Bad CRC-32")
    assert peak < 10 * 1024 * 1024


def test_a_handmade_archive_reads_like_any_other() -> None:
    """The byte-by-byte writer the bomb tests use makes archives the readers accept."""
    members = zip_members(make_docx(["Handmade works"], heading=False))
    assert read_bytes(handmade_zip(members, {}), "ok.docx", ".docx").text == "Handmade works"


def test_total_declared_size_over_the_cap_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from services.importers import safety

    monkeypatch.setattr(safety, "MAX_TOTAL_BYTES", 64 * 1024)
    reason = _refusal(rezip(make_docx(["Text"]), {"word/media/a.bin": b"x" * 70_000}))
    assert "zip bomb" in reason
    assert "limit" in reason


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"PK\x03\x04 this is not really a zip at all", "damaged or not a DOCX file"),
        (b"Just some text with a .docx name", "damaged or not a DOCX file"),
        (b"\x00\x01\x02\x03" * 100, "damaged or not a DOCX file"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "damaged or not a DOCX file"),
    ],
    ids=["zip-magic-only", "text", "binary", "pdf"],
)
def test_not_a_zip_is_refused_with_a_reason(data: bytes, expected: str) -> None:
    assert _refusal(data) == expected


@pytest.mark.parametrize("suffix", [".docx", ".odt", ".epub"])
def test_a_truncated_archive_is_refused(suffix: str) -> None:
    whole = {
        ".docx": make_docx(["Text"]),
        ".odt": make_odt(["Text"]),
        ".epub": make_epub([xhtml(["Text"])]),
    }[suffix]
    kind = suffix[1:].upper()
    assert _refusal(whole[: len(whole) // 2], suffix) == f"damaged or not a {kind} file"
    # Cut inside the central directory: the end record is gone as well.
    assert _refusal(whole[:-30], suffix) == f"damaged or not a {kind} file"


def test_a_damaged_member_is_refused_as_damaged() -> None:
    data = bytearray(make_docx(["Text"] * 50))
    position = data.find(b"word/document.xml") + 40
    data[position : position + 20] = b"\xff" * 20  # scribble over the deflated stream
    assert _refusal(bytes(data)).startswith("damaged DOCX file")


def test_too_many_entries_are_refused_before_reading_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    members = [(f"word/media/{n}.bin", b"") for n in range(MAX_ENTRIES + 1)]
    data = zip_bytes([*zip_members(make_docx(["Text"])).items(), *members])
    reason = _refused_before_inflating(data, monkeypatch)
    assert reason.startswith(f"too many files inside ({MAX_ENTRIES + 1 + 17};")


@pytest.mark.parametrize(
    "member",
    ["../../etc/passwd", "/etc/passwd", "word/../../evil.xml", "C:/Windows/evil.xml", "a\\b.xml"],
)
def test_path_traversal_names_are_refused(member: str, monkeypatch: pytest.MonkeyPatch) -> None:
    data = zip_bytes([*zip_members(make_docx(["Text"])).items(), (member, b"x")])
    reason = _refused_before_inflating(data, monkeypatch)
    assert reason.startswith("unsafe path inside the DOCX file")


def test_a_member_listed_twice_is_refused() -> None:
    members = list(zip_members(make_docx(["Text"])).items())
    with pytest.warns(UserWarning, match="Duplicate name"):
        data = zip_bytes([*members, ("word/document.xml", b"<x/>")])
    assert "listed twice" in _refusal(data)


def test_an_encrypted_member_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    data = patch_central_directory(make_docx(["Text"]), "word/document.xml", flags=0x1)
    assert _refused_before_inflating(data, monkeypatch) == "the document is password-protected"


def test_a_compression_method_no_office_format_uses_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = zip_bytes(zip_members(make_docx(["Text"])), zipfile.ZIP_BZIP2)
    assert "unsupported compression method" in _refused_before_inflating(data, monkeypatch)


# --- XML entity tricks ----------------------------------------------------------------------


def test_billion_laughs_in_a_docx_is_refused_without_expansion() -> None:
    data = rezip(make_docx(["Text"]), {"word/document.xml": entity_bomb("w:document").encode()})
    assert _refusal(data) == (
        "XML entity declarations are not allowed (found in word/document.xml)"
    )


def test_billion_laughs_in_an_odt_is_refused_without_expansion() -> None:
    data = rezip(make_odt(["Text"]), {"content.xml": entity_bomb("office:document").encode()})
    assert _refusal(data, ".odt").startswith("XML entity declarations are not allowed")


def test_billion_laughs_in_an_epub_chapter_is_refused_without_expansion() -> None:
    data = make_epub([xhtml(["Fine"]), entity_bomb("html")])
    assert _refusal(data, ".epub") == (
        "XML entity declarations are not allowed (found in OEBPS/chapter1.xhtml)"
    )


def test_billion_laughs_in_an_epub_package_document_is_refused() -> None:
    data = rezip(
        make_epub([xhtml(["Fine"])]),
        {"META-INF/container.xml": (BILLION_LAUGHS + CONTAINER.split("?>", 1)[1]).encode()},
    )
    assert _refusal(data, ".epub").startswith("XML entity declarations are not allowed")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32"])
def test_an_entity_declaration_is_found_in_any_encoding(codec: str) -> None:
    bomb = entity_bomb("w:document").replace('<?xml version="1.0"?>', "")
    data = rezip(make_docx(["Text"]), {"word/document.xml": bomb.encode(codec)})
    assert _refusal(data).startswith("XML entity declarations are not allowed")


def test_an_entity_declaration_split_across_read_chunks_is_found() -> None:
    """The scan reads a megabyte at a time; a declaration straddling two reads is found."""
    declaration = '<?xml version="1.0"?>'
    rest = entity_bomb("w:document").split("?>", 1)[1]
    # Incompressible filler, so that the member is not refused as a bomb first.
    filler_length = 1024 * 1024 - 4 - len(declaration) - rest.index("<!ENTITY") - 9
    filler = random.Random(7).randbytes(filler_length).hex()[:filler_length]
    bomb = f"{declaration}<!-- {filler} -->{rest}"
    assert bomb.encode().index(b"<!ENTITY") == 1024 * 1024 - 4
    data = rezip(make_docx(["Text"]), {"word/document.xml": bomb.encode()})
    assert _refusal(data).startswith("XML entity declarations are not allowed")


def test_utf7_xml_where_a_declaration_could_hide_is_refused() -> None:
    hidden = b'<?xml version="1.0" encoding="UTF-7"?>+ADw-!DOCTYPE x +AFs-+ADw-!ENTITY a "b"+AD4-'
    data = rezip(make_docx(["Text"]), {"word/document.xml": hidden + b"+AF0-+AD4-<x/>"})
    assert _refusal(data) == "unsupported XML encoding 'UTF-7' in word/document.xml"


def test_an_external_dtd_is_never_loaded(tmp_path: Path) -> None:
    """A chapter names a DTD on disk that would define an entity: the parser does not load
    it, so the secret never reaches the text."""
    secret = tmp_path / "secret.dtd"
    secret.write_text('<!ENTITY leak "TOP SECRET FILE CONTENTS">', encoding="utf-8")
    chapter = (
        f'<?xml version="1.0"?><!DOCTYPE html SYSTEM "{secret.as_uri()}">'
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>Before &leak; after</p></body></html>'
    )
    document = read_bytes(make_epub([chapter]), "book.epub", ".epub")
    assert "TOP SECRET" not in document.text
    assert "Before" in document.text


def test_an_ole_container_says_whether_it_is_encrypted_or_an_old_word_file() -> None:
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    encrypted = header + "EncryptionInfo\0EncryptedPackage".encode("utf-16-le")
    legacy = header + "WordDocument".encode("utf-16-le") + b"\0" * 64
    assert _refusal(encrypted) == "the document is password-protected"
    assert _refusal(legacy).startswith("this is an old Word 97–2003 (.doc) document, not DOCX")
    assert _refusal(legacy, ".odt").startswith("this is an old Word 97–2003 (.doc) document")


def test_check_zip_reads_members_with_a_bound() -> None:
    archive = check_zip(make_docx(["Text"]), "story.docx", "DOCX")
    try:
        assert "word/document.xml" in archive
        with pytest.raises(ImportFailedError, match="larger than 0 MB"):
            archive.read("word/document.xml", limit=10)
        with pytest.raises(ImportFailedError, match="missing"):
            archive.read("word/nothing.xml")
    finally:
        archive.close()


# --- metadata a file claims -----------------------------------------------------------------


def test_metadata_values_are_cleaned_before_they_are_trusted() -> None:
    assert clean_field("  A\n title\t here ") == "A title here"
    assert clean_field("x" * 10_000) == ""
    assert clean_field(None) == ""
    assert language_code("ru-RU") == "ru-ru"
    assert language_code("x-none") == ""
    assert language_code("Russian language") == ""
    assert split_authors("Анна Иванова; Boris Petrov") == ("Анна Иванова", "Boris Petrov")
    assert split_authors("Anna Ivanova and Boris Petrov") == ("Anna Ivanova", "Boris Petrov")
    assert split_authors("Smith, John") == ("Smith, John",)
    assert split_authors("José Ortega y Gasset") == ("José Ortega y Gasset",)
    assert split_authors("") == ()
    assert str(parse_date("2024-03-05T23:30:00+03:00")) == "2024-03-05"
    assert str(parse_date("2024")) == "2024-01-01"
    assert parse_date("sometime") is None
    assert parse_date("2024-02-30") is None
