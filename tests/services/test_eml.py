"""E-mail: subject, sender, date and body in any charset; attachments listed, importable."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from services.errors import ImportFailedError
from services.importers import read_bytes
from services.importers.email_message import read_eml
from tests.services.office_fixtures import LANGUAGES, SAMPLES, make_docx, make_eml


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_script_comes_back_exactly_with_the_headers_as_metadata(language: str) -> None:
    heading, first, second = SAMPLES[language]
    data = make_eml(
        f"{first}\n\n{second}",
        subject=heading,
        sender=f"{heading[:12]} <press@example.org>",
        date="Tue, 05 Mar 2024 23:30:00 +0300",
    )
    document = read_eml(data, "release.eml")
    assert document.text == f"{first}\n\n{second}"
    assert document.title == heading
    assert document.authors == (heading[:12],)
    assert document.published == date(2024, 3, 5)  # the sender's day, not UTC's
    assert document.source_format == "eml"
    assert document.csl_type == "personal_communication"
    assert document.attachments == ()


RAW_KOI8 = (
    b"From: =?koi8-r?B?4c7OwSDp18HOz9fB?= <anna@example.ru>\r\n"
    b"To: desk@example.org\r\n"
    b"Subject: =?koi8-r?Q?=F0=D2=C5=D3=D3-=D2=C5=CC=C9=DA?= =?koi8-r?Q?_=CF_=CD=CF=D3=D4=C5?=\r\n"
    b"Date: Fri, 01 Mar 2024 09:15:00 +0300\r\n"
    b"MIME-Version: 1.0\r\n"
    b"Content-Type: text/plain; charset=koi8-r\r\n"
    b"Content-Transfer-Encoding: 8bit\r\n\r\n"
)


def test_rfc2047_headers_and_a_koi8_r_body_are_decoded() -> None:
    body = 'Мост откроют в мае.\r\n\r\n"Мы успеем", - сказал мэр.\r\n'
    document = read_eml(RAW_KOI8 + body.encode("koi8-r"), "koi8.eml")
    assert document.title == "Пресс-релиз о мосте"
    assert document.authors == ("Анна Иванова",)
    assert document.text == 'Мост откроют в мае.\r\n\r\n"Мы успеем", - сказал мэр.'
    assert document.published == date(2024, 3, 1)


def test_a_windows_1251_quoted_printable_body_is_decoded() -> None:
    data = make_eml("Цитата дня: «Всё будет хорошо».", charset="windows-1251")
    assert b'charset="windows-1251"' in data
    assert read_eml(data, "a.eml").text == "Цитата дня: «Всё будет хорошо»."


def test_raw_eight_bit_headers_are_decoded_in_the_body_charset() -> None:
    raw = RAW_KOI8.replace(
        b"=?koi8-r?Q?=F0=D2=C5=D3=D3-=D2=C5=CC=C9=DA?= =?koi8-r?Q?_=CF_=CD=CF=D3=D4=C5?=",
        "Срочно: мост".encode("koi8-r"),
    )
    assert read_eml(raw + "Текст".encode("koi8-r"), "a.eml").title == "Срочно: мост"


def test_a_wrong_charset_label_falls_back_to_detection() -> None:
    raw = RAW_KOI8.replace(b"charset=koi8-r", b"charset=x-unknown-charset")
    body = "Жители спорят уже месяц о судьбе старого пирса и его колонн."
    assert read_eml(raw + body.encode("koi8-r"), "a.eml").text == body


def test_plain_text_is_preferred_to_its_html_twin() -> None:
    data = make_eml("The plain words.", html="<html><body><p>The HTML words.</p></body></html>")
    assert read_eml(data, "a.eml").text == "The plain words."


def test_an_html_only_message_is_read_as_a_web_page_with_the_mail_headers() -> None:
    from email.message import EmailMessage

    message = EmailMessage()
    message["Subject"] = "Заявление для прессы"
    message["From"] = "Пресс-служба <press@example.ru>"
    message["Date"] = "Mon, 04 Mar 2024 12:00:00 +0000"
    message.set_content(
        "<html><head><meta charset='koi8-r'><title>Page title</title></head><body>"
        "<p>Министр заявил, что мост откроют весной следующего года.</p>"
        "<p>«Мы успеем», — добавил он на пресс-конференции в понедельник.</p></body></html>",
        subtype="html",
        charset="utf-8",
    )
    document = read_eml(message.as_bytes(), "html.eml")
    assert document.text == (
        "Министр заявил, что мост откроют весной следующего года.\n\n"
        "«Мы успеем», — добавил он на пресс-конференции в понедельник."
    )
    assert document.title == "Заявление для прессы"
    assert document.authors == ("Пресс-служба",)
    assert document.csl_type == "personal_communication"


def test_format_flowed_paragraphs_are_joined_again() -> None:
    raw = RAW_KOI8.replace(b"charset=koi8-r", b"charset=utf-8; format=flowed")
    body = "Первая строка абзаца \r\nпродолжается здесь.\r\n\r\n-- \r\nПодпись\r\n"
    assert read_eml(raw + body.encode(), "a.eml").text == (
        "Первая строка абзаца продолжается здесь.\n\n-- \nПодпись"
    )


def test_an_address_without_a_display_name_is_the_author() -> None:
    data = make_eml("Body", sender="press@example.org")
    assert read_eml(data, "a.eml").authors == ("press@example.org",)


def test_attachments_are_listed_and_never_opened(tmp_path: Path) -> None:
    docx = make_docx(["Приложение: отчёт", "Текст отчёта."])
    data = make_eml(
        "См. вложения.",
        attachments=[
            ("заметки.txt", "text/plain", "Заметки к интервью.".encode()),
            (
                "report.docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                docx,
            ),
            ("../../etc/passwd", "application/octet-stream", b"root:x:0:0"),
        ],
    )
    document = read_eml(data, "with-files.eml")
    assert document.text == "См. вложения."
    names = [attachment.name for attachment in document.attachments]
    assert names == ["заметки.txt", "report.docx", "passwd"]
    assert document.attachments[1].data == docx
    assert document.attachments[0].content_type == "text/plain"
    # Each can be imported on its own, through the reader its name calls for.
    for attachment in document.attachments[:2]:
        suffix = Path(attachment.name).suffix
        imported = read_bytes(attachment.data, attachment.name, suffix)
        assert imported.text in ("Заметки к интервью.", "Приложение: отчёт\n\nТекст отчёта.")


def test_a_forwarded_message_is_one_attachment() -> None:
    from email.message import EmailMessage
    from email.parser import BytesParser
    from email.policy import default

    inner = BytesParser(policy=default).parsebytes(make_eml("Исходное письмо.", subject="Fwd"))
    outer = EmailMessage()
    outer["Subject"] = "Пересылаю"
    outer["From"] = "a@example.org"
    outer.set_content("Смотри ниже.")
    outer.add_attachment(inner)
    document = read_eml(outer.as_bytes(), "fwd.eml")
    assert document.text == "Смотри ниже."
    assert [a.name for a in document.attachments] == ["forwarded-message.eml"]
    assert read_eml(document.attachments[0].data, "inner.eml").text == "Исходное письмо."


@pytest.mark.parametrize(
    ("data", "reasons"),
    [
        (b"\x00\x01binary junk that is no mail", ("not an e-mail message (no headers)",)),
        (b"Subject: nothing\r\n\r\n   \r\n", ("the message has no text",)),
        (
            b"Subject: x\r\nContent-Type: text/plain; charset=utf-8\r\n"
            b"Content-Transfer-Encoding: base64\r\n\r\n"
            b"iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAA=\r\n",
            ("this is a binary file, not text", "the text encoding could not be recognised"),
        ),
    ],
    ids=["binary", "empty-body", "binary-body"],
)
def test_what_is_not_a_readable_message_gets_a_clear_reason(
    data: bytes, reasons: tuple[str, ...]
) -> None:
    with pytest.raises(ImportFailedError) as caught:
        read_eml(data, "mail.eml")
    assert caught.value.reason in reasons
    assert "\n" not in str(caught.value)


def test_a_message_saved_from_mbox_and_an_unnamed_attachment_are_understood() -> None:
    from email.message import EmailMessage

    message = EmailMessage()
    message["Subject"] = "Отчёт"
    message["From"] = "a@example.org"
    message.set_content("Во вложении отчёт.")
    message.add_attachment(b"%PDF-1.7 ...", maintype="application", subtype="pdf")
    data = b"From a@example.org Tue Mar  5 10:00:00 2024\n" + message.as_bytes()
    document = read_eml(data, "saved.eml")
    assert document.text == "Во вложении отчёт."
    assert [(a.name, a.content_type) for a in document.attachments] == [
        ("attachment.pdf", "application/pdf")
    ]
