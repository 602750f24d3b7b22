"""E-mail (.eml): a press release or a source's reply, with its sender, date and attachments.

The subject becomes the title, the sender the author, the Date header the date; the body is
the plain-text part when there is one (it is what the sender typed), else the HTML part read
the way a web page is. Attachments are listed with the document — name, type and bytes — and
never opened here: the journalist imports the ones they want, each through its own reader.

The standard library's modern e-mail API (``policy.default``) decodes RFC 2047 headers and
transfer encodings; a body whose declared charset is wrong or unknown is decoded the way a
plain-text file is, from its bytes.
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Iterator
from datetime import date
from email import policy
from email.errors import MessageError
from email.message import Message
from email.parser import BytesParser
from email.utils import getaddresses
from itertools import islice
from pathlib import PurePosixPath, PureWindowsPath
from typing import cast

from services.errors import ImportFailedError
from services.importers.document import Attachment, ImportedDocument
from services.importers.plain import decode_text
from services.importers.safety import clean_field, damaged, language_code, parse_date

#: More attachments than this are left off the list (a mail of 5,000 parts is an attack).
MAX_ATTACHMENTS = 200
#: What the e-mail package raises on headers it cannot parse (AttributeError included: its
#: address parser trips over some malformed groups).
_BAD_HEADER = (MessageError, ValueError, IndexError, TypeError, AttributeError, LookupError)
_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")
#: A header line first, perhaps after the "From " envelope line of a message saved from mbox.
_HEADER_START = re.compile(rb"^\s*(?:From [^\r\n]*\r?\n)?[\x21-\x39\x3b-\x7e]+:")


def read_eml(data: bytes, name: str) -> ImportedDocument:
    if not _HEADER_START.match(data[:2000]):
        raise ImportFailedError(name, "not an e-mail message (no headers)")
    message = BytesParser(policy=policy.default).parsebytes(data)
    try:
        body = message.get_body(preferencelist=("plain", "html"))
        if body is None:
            text = ""
        elif body.get_content_type() == "text/html":
            text = _html_text(body, name)
        else:
            text = _unflowed(_part_text(body, name), body)
        attachments = tuple(islice(_attachments(message, body), MAX_ATTACHMENTS))
    except _BAD_HEADER as error:
        raise damaged(name, "e-mail", f"a malformed header: {error}") from error
    if not text.strip() and not attachments:
        raise ImportFailedError(name, "the message has no text")
    charset = (body.get_content_charset() if body is not None else None) or ""
    subject = clean_field(_header(message, "Subject", charset))
    return ImportedDocument(
        text=text.strip() or subject or "(no text)",
        source_format="eml",
        title=subject,
        authors=_senders(message, charset),
        outlet=clean_field(_header(message, "Organization", charset)),
        published=_date(message),
        language=language_code(_header(message, "Content-Language", charset).split(",")[0]),
        csl_type="personal_communication",
        attachments=attachments,
    )


def _header(message: Message, field: str, charset: str) -> str:
    """A header's decoded value; "" when absent or too malformed to decode.

    RFC 2047 words ("=?koi8-r?B?...?=") are decoded by the e-mail package. Raw 8-bit bytes,
    which old mailers put straight into headers, it can only show as U+FFFD; they are decoded
    here in the body's charset, or guessed.
    """
    try:
        value = message.get(field)
    except _BAD_HEADER:
        return ""
    if value is None:
        return ""
    text = str(value)
    if "\ufffd" in text:
        raw = next((v for k, v in message.raw_items() if k.lower() == field.lower()), "")
        data = str(raw).encode("ascii", "surrogateescape")
        text = _decoded(data, charset, field) or text
    return text


def _decoded(data: bytes, charset: str, name: str) -> str:
    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return decode_text(data, name) if data.strip() else ""
    except ImportFailedError:
        return ""


def _senders(message: Message, charset: str) -> tuple[str, ...]:
    raw = _header(message, "From", charset)
    names = [clean_field(person) or address for person, address in getaddresses([raw])]
    if not any(names):  # unparseable: keep what it says, rather than nothing
        names = [raw]
    return tuple(dict.fromkeys(name for name in (clean_field(n) for n in names) if name))


def _date(message: Message) -> date | None:
    """The day the message was sent, in the sender's own time zone."""
    try:
        header = message.get("Date")
        sent = getattr(header, "datetime", None)
    except (*_BAD_HEADER, OverflowError):
        return None
    return parse_date(sent)


def _part_text(part: Message, name: str) -> str:
    """A text part as text: its declared charset when that decodes it, else a guess (which
    refuses binary data with a reason)."""
    payload = part.get_payload(decode=True)
    data = payload if isinstance(payload, bytes) else b""
    charset = part.get_content_charset()
    if charset and b"\x00" not in data[:4096]:  # zero bytes: UTF-16 or binary, whatever it says
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data, name) if data.strip() else ""


def _unflowed(text: str, part: Message) -> str:
    """RFC 3676 "format=flowed": a line ending in a space continues on the next one, so a
    paragraph wrapped by the mailer reads as one paragraph again."""
    if str(part.get_param("format", "")).lower() != "flowed":
        return text
    delete_space = str(part.get_param("delsp", "")).lower() == "yes"
    lines: list[str] = []
    carry = ""
    for raw in text.splitlines():
        line = raw.removeprefix(" ")  # undo space-stuffing
        if line.endswith(" ") and line != "-- ":
            carry += line[:-1] if delete_space else line
            continue
        lines.append(carry + line)
        carry = ""
    if carry:
        lines.append(carry)
    return "\n".join(lines)


def _html_text(part: Message, name: str) -> str:
    """An HTML-only message read as a web page is; the mail's own headers stay the metadata."""
    from services.importers.html import read_html  # noqa: PLC0415 - trafilatura is heavy

    html = _part_text(part, name)
    if not html.strip():
        return ""
    # A byte-order mark tells the page reader the charset, over any <meta> the HTML declares.
    return read_html(b"\xef\xbb\xbf" + html.encode("utf-8"), name).text


def _attachments(part: Message, body: Message | None) -> Iterator[Attachment]:
    """Every part that is not the body or a container, in order. A forwarded message is one
    attachment (its own .eml), not a heap of its parts."""
    if part is body:
        return
    content_type = part.get_content_type()
    if part.is_multipart() and content_type != "message/rfc822":
        for child in cast(list[Message], part.get_payload()):
            yield from _attachments(child, body)
        return
    filename = _filename(part)
    if content_type == "message/rfc822":
        filename = filename or "forwarded-message.eml"
    elif part.get_content_disposition() != "attachment" and not filename:
        return  # an alternative body (the HTML twin of the plain text), not an attachment
    yield Attachment(
        name=filename or f"attachment{mimetypes.guess_extension(content_type) or ''}",
        content_type=content_type,
        data=_attachment_bytes(part),
    )


def _filename(part: Message) -> str:
    """The attachment's own name, without any folders a hostile sender put in it."""
    try:
        raw = part.get_filename() or ""
    except _BAD_HEADER:
        raw = ""
    name = _CONTROLS.sub("", str(raw))
    name = PureWindowsPath(PurePosixPath(name).name).name.strip().lstrip(".")
    return name[:200]


def _attachment_bytes(part: Message) -> bytes:
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()
        if isinstance(inner, list) and inner and isinstance(inner[0], Message):
            return inner[0].as_bytes()
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else b""
