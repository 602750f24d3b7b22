"""An e-mail with attachments, as a press office sends one, for the import tests."""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import SMTP


def press_release_mail() -> bytes:
    message = EmailMessage()
    message["Subject"] = "Пресс-релиз: ремонт пирса начнётся в марте"
    message["From"] = "Пресс-служба акимата <press@example.org>"
    message["To"] = "newsdesk@example.org"
    message["Date"] = "Tue, 24 Nov 2026 09:30:00 +0500"
    message.set_content(
        "Коллеги, добрый день!\n\nНаправляем пресс-релиз о ремонте пирса. "
        "«Работы начнутся в марте», — сообщил аким города.\n",
        charset="utf-8",
    )
    message.add_attachment(
        "Заявление акима\n\n«Мы восстановим пирс к лету».".encode(),
        maintype="text",
        subtype="plain",
        filename="заявление.txt",
    )
    message.add_attachment(
        b"\x89PNG\r\n\x1a\n" + bytes(64), maintype="image", subtype="png", filename="photo.png"
    )
    return message.as_bytes(policy=SMTP)
