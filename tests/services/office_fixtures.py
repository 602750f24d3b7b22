"""Documents the office-format tests read, written by the tests themselves.

DOCX through python-docx, ODT through odfpy, EPUB zipped by hand (so hostile variants are
easy) or through ebooklib, RTF and e-mail as text. Nothing binary is committed.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from datetime import datetime
from email.message import EmailMessage
from typing import Any
from xml.sax.saxutils import escape

#: One heading and two paragraphs per language; each paragraph is what the reader must give
#: back, character for character.
SAMPLES: dict[str, list[str]] = {
    "ru": [
        "Пирс восстановят к следующему лету",
        "«Мы не позволим ему упасть в море», — сказала мэр журналистам после заседания совета.",
        "Инженер предупредил: чугунные колонны сильно поржавели. Ёлка, щётка, объём.",
    ],
    "ja": [
        "東京で記者会見",
        "「この橋は来年までに修復されます」と市長は述べた。",
        "技術者は、鋳鉄の柱がひどく錆びていると警告した。🐟",
    ],
    "ar": [
        "مؤتمر صحفي في القاهرة",
        "قال الوزير: «سنعيد بناء الجسر قبل نهاية العام».",
        "وحذّر المهندس من أن الأعمدة الحديدية صدئة.",
    ],
    "de": [
        "Die Brücke wird repariert",
        "„Wir lassen sie nicht ins Meer fallen“, sagte die Bürgermeisterin.",
        "Der Ingenieur warnte: Die gusseisernen Säulen sind stark verrostet. Straße, Maß, Größe.",
    ],
}
LANGUAGES = tuple(SAMPLES)


# --- ZIP surgery ----------------------------------------------------------------------------


def zip_bytes(
    members: Sequence[tuple[str, bytes]] | Mapping[str, bytes],
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """A ZIP of ``members`` in order (a leading "mimetype" is stored, as EPUB and ODF want)."""
    items = list(members.items()) if isinstance(members, Mapping) else list(members)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in items:
            method = zipfile.ZIP_STORED if name == "mimetype" else compression
            archive.writestr(zipfile.ZipInfo(name, (2024, 3, 5, 0, 0, 0)), data, method)
    return buffer.getvalue()


def zip_members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def rezip(data: bytes, replace: Mapping[str, bytes | None]) -> bytes:
    """``data`` with members replaced, added, or (``None``) removed."""
    members = zip_members(data)
    for name, value in replace.items():
        if value is None:
            members.pop(name, None)
        else:
            members[name] = value
    return zip_bytes(members)


def patch_central_directory(data: bytes, member: str, **fields: int) -> bytes:
    """Rewrite ``member``'s entry in the central directory (and its local header): ``flags``,
    ``method``, ``size`` (declared uncompressed size). How a bomb lies about itself."""
    patched = bytearray(data)
    offsets = {"flags": (8, 6, "<H"), "method": (10, 8, "<H"), "size": (24, 22, "<L")}
    name = member.encode()
    position = patched.find(b"PK\x01\x02")
    while position >= 0:
        name_length = struct.unpack_from("<H", patched, position + 28)[0]
        if patched[position + 46 : position + 46 + name_length] == name:
            (local,) = struct.unpack_from("<L", patched, position + 42)
            for field, value in fields.items():
                central, in_local, form = offsets[field]
                struct.pack_into(form, patched, position + central, value)
                struct.pack_into(form, patched, local + in_local, value)
            return bytes(patched)
        position = patched.find(b"PK\x01\x02", position + 4)
    raise AssertionError(f"{member} is not in the archive")


def handmade_zip(members: Mapping[str, bytes], raw: Mapping[str, tuple[bytes, int, int]]) -> bytes:
    """A ZIP built byte by byte: ``members`` deflated normally, then ``raw`` members given as
    (deflated stream, declared size, CRC-32) — a bomb that never exists inflated in the test,
    or a member that lies about its size."""
    entries: list[tuple[str, bytes, int, int, int]] = []
    for name, data in members.items():
        method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
        packed = data if method == zipfile.ZIP_STORED else _deflate(data)
        entries.append((name, packed, len(data), zlib.crc32(data), method))
    for name, (deflated, size, crc) in raw.items():
        entries.append((name, deflated, size, crc, zipfile.ZIP_DEFLATED))
    out = io.BytesIO()
    directory = io.BytesIO()
    for name, packed, size, crc, method in entries:
        encoded = name.encode()
        offset = out.tell()
        fields = (20, 0, method, 0, 0x5865, crc, len(packed), size, len(encoded), 0)
        out.write(b"PK\x03\x04" + struct.pack("<5H3L2H", *fields) + encoded + packed)
        directory.write(
            b"PK\x01\x02" + struct.pack("<6H3L5H2L", 20, *fields, 0, 0, 0, 0, offset) + encoded
        )
    start = out.tell()
    listing = directory.getvalue()
    out.write(listing)
    end = (0, 0, len(entries), len(entries), len(listing), start, 0)
    out.write(b"PK\x05\x06" + struct.pack("<4H2LH", *end))
    return out.getvalue()


def _deflate(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def deflated_zeros(megabytes: int) -> tuple[bytes, int]:
    """A raw deflate stream of ``megabytes`` MB of zeros, and its CRC-32, built a megabyte at a
    time so the test never holds the inflated bytes."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = bytes(1024 * 1024)
    crc = 0
    parts = []
    for _ in range(megabytes):
        parts.append(compressor.compress(chunk))
        crc = zlib.crc32(chunk, crc)
    parts.append(compressor.flush())
    return b"".join(parts), crc


BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(f' <!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">\n' for n in range(2, 10)).replace(
        "&lol1;", "&lol;"
    )
    + "]>\n"
)


def entity_bomb(root: str) -> str:
    """An XML document whose root holds ``&lol9;``: a billion "lol"s if expanded."""
    return BILLION_LAUGHS + f"<{root}>&lol9;</{root}>"


# --- DOCX -----------------------------------------------------------------------------------


def make_docx(
    paragraphs: Sequence[str],
    *,
    heading: bool = True,
    table: Sequence[Sequence[str]] = (),
    after_table: Sequence[str] = (),
    title: str = "",
    author: str = "",
    created: datetime | None = None,
    modified: datetime | None = None,
    language: str = "",
) -> bytes:
    """A Word document: an optional heading (the first paragraph), paragraphs, a table, more
    paragraphs. A newline inside a paragraph is written as a line break."""
    import docx

    document = docx.Document()
    body = list(paragraphs)
    if heading and body:
        document.add_heading(body.pop(0), level=1)
    for text in body:
        _add_docx_paragraph(document, text)
    if table:
        grid = document.add_table(rows=len(table), cols=max(len(row) for row in table))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    for text in after_table:
        _add_docx_paragraph(document, text)
    core = document.core_properties
    core.title = title
    core.author = author
    core.language = language
    if created is not None:
        core.created = created
    if modified is not None:
        core.modified = modified
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _add_docx_paragraph(document: Any, text: str) -> None:
    paragraph = document.add_paragraph()
    for index, line in enumerate(text.split("\n")):
        run = paragraph.add_run(line)
        if index < text.count("\n"):
            run.add_break()


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_with_body(body_xml: str, base: bytes | None = None) -> bytes:
    """A DOCX whose ``<w:body>`` is ``body_xml`` (raw WordprocessingML, ``w:`` prefix)."""
    base = base or make_docx(["placeholder"], heading=False)
    members = zip_members(base)
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"<w:document {W_NS} "
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml" '
        f"><w:body>{body_xml}</w:body></w:document>"
    )
    members["word/document.xml"] = document.encode("utf-8")
    return zip_bytes(members)


# --- ODT ------------------------------------------------------------------------------------


def make_odt(
    paragraphs: Sequence[str],
    *,
    heading: bool = True,
    table: Sequence[Sequence[str]] = (),
    bullets: Sequence[str] = (),
    title: str = "",
    creator: str = "",
    created: str = "",
    language: str = "",
) -> bytes:
    """An OpenDocument text written by odfpy: heading, paragraphs, a bulleted list, a table.
    Spaces, tabs and newlines are written the ODF way (text:s, text:tab, text:line-break)."""
    from odf import dc, meta, teletype
    from odf.opendocument import OpenDocumentText
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, List, ListItem, P

    document = OpenDocumentText()
    if title:
        document.meta.addElement(dc.Title(text=title))
    if creator:
        document.meta.addElement(meta.InitialCreator(text=creator))
    if created:
        document.meta.addElement(meta.CreationDate(text=created))
    if language:
        document.meta.addElement(dc.Language(text=language))
    body = list(paragraphs)
    if heading and body:
        document.text.addElement(H(outlinelevel=1, text=body.pop(0)))
    for text in body:
        paragraph = P()
        teletype.addTextToElement(paragraph, text)
        document.text.addElement(paragraph)
    if bullets:
        listing = List()
        for text in bullets:
            item = ListItem()
            item.addElement(P(text=text))
            listing.addElement(item)
        document.text.addElement(listing)
    if table:
        grid = Table(name="Table1")
        grid.addElement(TableColumn(numbercolumnsrepeated=max(len(row) for row in table)))
        for row in table:
            table_row = TableRow()
            for value in row:
                cell = TableCell()
                cell.addElement(P(text=value))
                table_row.addElement(cell)
            grid.addElement(table_row)
        document.text.addElement(grid)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


ODF_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"'
)


def odt_with_body(body_xml: str) -> bytes:
    """An ODT whose ``<office:text>`` is ``body_xml`` (raw ODF XML)."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<office:document-content {ODF_NAMESPACES} office:version="1.2">'
        f"<office:body><office:text>{body_xml}</office:text></office:body>"
        "</office:document-content>"
    )
    return rezip(make_odt([], heading=False), {"content.xml": content.encode("utf-8")})


# --- EPUB -----------------------------------------------------------------------------------

CONTAINER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
    '<rootfiles><rootfile full-path="OEBPS/content.opf" '
    'media-type="application/oebps-package+xml"/></rootfiles></container>'
)


def xhtml(paragraphs: Sequence[str], *, title: str = "", heading: bool = False) -> str:
    """An EPUB chapter: the first paragraph as ``<h1>`` if ``heading``, the rest as ``<p>``."""
    blocks = [
        f"<h1>{escape(text)}</h1>" if heading and index == 0 else f"<p>{escape(text)}</p>"
        for index, text in enumerate(paragraphs)
    ]
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">'
        f"<head><title>{escape(title)}</title></head><body>{''.join(blocks)}</body></html>"
    )


def make_epub(
    chapters: Sequence[str],
    *,
    spine: Sequence[int] | None = None,
    metadata: str = "",
    extra: Mapping[str, bytes] | None = None,
    version: str = "3.0",
) -> bytes:
    """An EPUB zipped by hand: ``chapters`` are XHTML documents (chapter1.xhtml…), read in
    ``spine`` order (indexes into ``chapters``; default: as given). ``metadata`` is raw XML
    inside ``<metadata>``; ``extra`` adds members (META-INF/encryption.xml…)."""
    order = list(spine) if spine is not None else list(range(len(chapters)))
    manifest = "".join(
        f'<item id="c{n}" href="chapter{n}.xhtml" media-type="application/xhtml+xml"/>'
        for n in range(len(chapters))
    )
    manifest += (
        '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
    )
    itemrefs = '<itemref idref="nav"/>' + "".join(f'<itemref idref="c{n}"/>' for n in order)
    opf = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<package xmlns="http://www.idpf.org/2007/opf" version="{version}" '
        'unique-identifier="id">'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:opf="http://www.idpf.org/2007/opf">'
        f'<dc:identifier id="id">urn:uuid:12345</dc:identifier>{metadata}</metadata>'
        f"<manifest>{manifest}</manifest><spine>{itemrefs}</spine></package>"
    )
    nav = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">'
        '<head><title>Contents</title></head><body><nav epub:type="toc"><h1>Contents</h1><ol>'
        + "".join(
            f'<li><a href="chapter{n}.xhtml">Chapter {n}</a></li>' for n in range(len(chapters))
        )
        + "</ol></nav></body></html>"
    )
    members: list[tuple[str, bytes]] = [
        ("mimetype", b"application/epub+zip"),
        ("META-INF/container.xml", CONTAINER.encode()),
        ("OEBPS/content.opf", opf.encode()),
        ("OEBPS/nav.xhtml", nav.encode()),
    ]
    members += [(f"OEBPS/chapter{n}.xhtml", text.encode()) for n, text in enumerate(chapters)]
    members += list((extra or {}).items())
    return zip_bytes(members)


# --- RTF ------------------------------------------------------------------------------------


def rtf_escape(text: str, code_page: str | None = "cp1251", unicode: bool = True) -> str:
    """Text as RTF: ASCII as is, what ``code_page`` has as ``\\'xx``, anything else (and, with
    ``unicode``, every non-ASCII character, Word's way: ``\\uN`` then an ``\\'xx`` fallback)
    as ``\\uN?``; astral characters as surrogate pairs."""
    out: list[str] = []
    for char in text:
        if char in "\\{}":
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\line ")
        elif char == "\t":
            out.append("\\tab ")
        elif ord(char) < 128:
            out.append(char)
        else:
            fallback = _code_page_bytes(char, code_page)
            if fallback and not unicode:
                out.append(fallback)
                continue
            units = char.encode("utf-16-le")
            escapes = []
            for i in range(0, len(units), 2):
                (unit,) = struct.unpack_from("<H", units, i)
                signed = unit - 65536 if unit > 32767 else unit
                escapes.append(f"\\u{signed}" + (fallback if fallback and i == 0 else "?"))
            skip = fallback.count("\\'") if fallback else 1
            # A double-byte fallback needs \uc2, in a group so it ends with the character.
            out.append("".join(escapes) if skip == 1 else f"{{\\uc{skip}{''.join(escapes)}}}")
    return "".join(out)


def _code_page_bytes(char: str, code_page: str | None) -> str:
    if code_page is None:
        return ""
    try:
        encoded = char.encode(code_page)
    except UnicodeEncodeError:
        return ""
    return "".join(f"\\'{byte:02x}" for byte in encoded)


def make_rtf(
    paragraphs: Sequence[str],
    *,
    code_page: int = 1251,
    charset: int = 204,
    unicode: bool = True,
    info: str = "",
) -> bytes:
    """An RTF document, one ``\\par`` per paragraph, in font 0 of ``charset``."""
    codec = f"cp{code_page}"
    body = "".join(rtf_escape(text, codec, unicode) + "\\par\n" for text in paragraphs)
    return (
        f"{{\\rtf1\\ansi\\ansicpg{code_page}\\deff0"
        f"{{\\fonttbl{{\\f0\\fnil\\fcharset{charset} Arial;}}}}"
        f"{{\\info{info}}}\n\\pard\\f0\\fs24 {body}}}"
    ).encode("ascii")


# --- e-mail ---------------------------------------------------------------------------------


def make_eml(
    body: str,
    *,
    subject: str = "Press release",
    sender: str = "Anna Ivanova <anna@example.org>",
    date: str = "Tue, 05 Mar 2024 10:00:00 +0300",
    charset: str = "utf-8",
    html: str | None = None,
    attachments: Sequence[tuple[str, str, bytes]] = (),
) -> bytes:
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender
    message["To"] = "desk@example.org"
    message["Date"] = date
    message.set_content(body, charset=charset)
    if html is not None:
        message.add_alternative(html, subtype="html")
    for filename, content_type, data in attachments:
        maintype, subtype = content_type.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return message.as_bytes()
