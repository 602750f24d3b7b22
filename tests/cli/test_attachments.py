"""An e-mail's attachments: listed when the mail is imported, imported on request."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import Quotebook
from tests.mail_fixtures import press_release_mail


def test_attachments_are_listed_and_imported_only_when_asked(
    quotebook: Quotebook, tmp_path: Path
) -> None:
    mail = tmp_path / "release.eml"
    mail.write_bytes(press_release_mail())

    listed = quotebook("import", str(mail))
    assert listed.status == 0
    assert "attached: заявление.txt, photo.png (add --attachments to import them)" in listed.out
    assert len(quotebook("articles", "--json").json()) == 1

    again = quotebook("import", str(mail), "--attachments", "--json")
    assert again.status == 0
    records = again.json()["articles"]
    assert [record["file"] for record in records] == [str(mail), f"{mail}: заявление.txt"]
    assert records[0]["attachments"] == ["заявление.txt", "photo.png"]
    assert records[1]["created"]
    assert (
        "«Мы восстановим пирс к лету»."
        in quotebook("article", "show", str(records[1]["article"]["id"]), "--json").json()["text"]
    )
