"""OpenDocument text: headings, paragraphs, lists and tables in order; ODF's white space."""

from __future__ import annotations

import re
from datetime import date

import pytest

from services.errors import ImportFailedError
from services.importers.opendocument import read_odt
from tests.services.office_fixtures import (
    LANGUAGES,
    SAMPLES,
    make_docx,
    make_epub,
    make_odt,
    odt_with_body,
    rezip,
    xhtml,
    zip_members,
)


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_script_comes_back_exactly_in_reading_order(language: str) -> None:
    heading, first, second = SAMPLES[language]
    data = make_odt(
        [heading, first],
        bullets=[second, heading],
        table=[[first, "42"]],
        title=heading,
        creator="Anna Schmidt; Jörg Müller",
        created="2024-03-05T10:00:00",
        language=f"{language}-XX",
    )
    document = read_odt(data, "story.odt")
    assert document.text == "\n\n".join([heading, first, second, heading, first, "42"])
    assert document.source_format == "odt"
    assert document.title == heading
    assert document.authors == ("Anna Schmidt", "Jörg Müller")
    assert document.published == date(2024, 3, 5)
    assert document.language == f"{language}-xx"


def test_spaces_tabs_and_line_breaks_are_what_the_reader_sees() -> None:
    data = make_odt(["Два  пробела,\tтаб\nи перенос   строки."], heading=False)
    assert read_odt(data, "a.odt").text == "Два  пробела,\tтаб\nи перенос   строки."


def test_raw_white_space_in_the_xml_collapses_as_odf_says() -> None:
    body = (
        "<text:p>\n   Первая   строка\n   <text:span>продолжается</text:span>"
        '<text:s text:c="2"/>здесь.\n</text:p>'
    )
    assert read_odt(odt_with_body(body), "a.odt").text == "Первая строка продолжается  здесь."


def test_footnotes_go_after_the_body_and_tracked_deletions_are_dropped() -> None:
    body = (
        "<text:tracked-changes><text:changed-region text:id='c1'><text:deletion>"
        "<text:p>deleted words</text:p></text:deletion></text:changed-region>"
        "</text:tracked-changes>"
        "<text:p>Министр сказал<text:note text:id='n1' text:note-class='footnote'>"
        "<text:note-citation>1</text:note-citation><text:note-body>"
        "<text:p>Интервью 5 марта.</text:p></text:note-body></text:note>"
        "<text:change text:change-id='c1'/> «да».</text:p>"
        "<text:h text:outline-level='2'><text:number>2.</text:number>Итоги</text:h>"
    )
    assert read_odt(odt_with_body(body), "a.odt").text == (
        "Министр сказал «да».\n\nИтоги\n\nИнтервью 5 марта."
    )


def test_sections_frames_and_nested_lists_are_read_in_order() -> None:
    body = (
        "<text:section text:name='s'><text:p>В разделе</text:p></text:section>"
        "<text:p>Рядом с рамкой<draw:frame><draw:text-box><text:p>Врезка</text:p>"
        "</draw:text-box></draw:frame></text:p>"
        "<text:list><text:list-item><text:p>Пункт</text:p><text:list><text:list-item>"
        "<text:p>Подпункт</text:p></text:list-item></text:list></text:list-item></text:list>"
        "<table:table><table:table-row><table:table-cell table:number-columns-spanned='2'>"
        "<text:p>Объединённая</text:p></table:table-cell><table:covered-table-cell/>"
        "</table:table-row></table:table>"
        "<text:table-of-content><text:index-body><text:p>Оглавление 1</text:p>"
        "</text:index-body></text:table-of-content>"
        "<text:p>Ruby: <text:ruby><text:ruby-base>東京</text:ruby-base>"
        "<text:ruby-text>とうきょう</text:ruby-text></text:ruby></text:p>"
    )
    assert read_odt(odt_with_body(body), "a.odt").text == (
        "В разделе\n\nРядом с рамкой\n\nВрезка\n\nПункт\n\nПодпункт\n\nОбъединённая\n\nRuby: 東京"
    )


def test_an_encrypted_document_is_refused_as_password_protected() -> None:
    data = make_odt(["Secret"])
    manifest = zip_members(data)["META-INF/manifest.xml"].decode()
    encrypted = re.sub(
        r'(<manifest:file-entry manifest:full-path="content.xml"[^>]*)/>',
        r'\1><manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x">'
        r'<manifest:algorithm manifest:algorithm-name="Blowfish CFB" '
        r'manifest:initialisation-vector="x"/></manifest:encryption-data></manifest:file-entry>',
        manifest,
    )
    assert encrypted != manifest
    data = rezip(data, {"META-INF/manifest.xml": encrypted.encode(), "content.xml": b"\x8f\x00"})
    with pytest.raises(ImportFailedError) as caught:
        read_odt(data, "secret.odt")
    assert caught.value.reason == "the document is password-protected"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (
            rezip(make_odt(["x"]), {"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}),
            "this is an OpenDocument spreadsheet, not a text document",
        ),
        (make_docx(["x"]), "this is a Microsoft Office file, not ODT"),
        (make_epub([xhtml(["x"])]), "this is an EPUB e-book, not ODT"),
        (rezip(make_odt(["x"]), {"content.xml": None}), "damaged ODT file (no content.xml)"),
        (
            rezip(make_odt(["x"]), {"content.xml": b"<office:document-content"}),
            "damaged ODT file (bad XML",
        ),
        (odt_with_body("<text:p> </text:p>"), "the document has no text"),
    ],
    ids=["spreadsheet", "docx", "epub", "no-content", "bad-xml", "empty"],
)
def test_what_is_not_a_readable_text_document_gets_a_clear_reason(data: bytes, reason: str) -> None:
    with pytest.raises(ImportFailedError) as caught:
        read_odt(data, "story.odt")
    assert caught.value.reason.startswith(reason)
    assert "\n" not in str(caught.value)


def test_an_old_manifest_doctype_and_utf16_content_are_fine() -> None:
    """OpenOffice 2 wrote a DOCTYPE naming Manifest.dtd (never loaded: nothing is fetched);
    XML may be UTF-16. Neither is an entity declaration, so neither is refused."""
    data = make_odt(["Заголовок", "Текст"])
    members = zip_members(data)
    manifest = (
        members["META-INF/manifest.xml"]
        .decode()
        .replace(
            "?>",
            '?>\n<!DOCTYPE manifest:manifest PUBLIC "-//OpenOffice.org//DTD Manifest 1.0//EN"'
            ' "Manifest.dtd">',
            1,
        )
    )
    content = members["content.xml"].decode().replace("encoding='UTF-8'", "encoding='UTF-16'")
    assert "UTF-16" in content
    data = rezip(
        data, {"META-INF/manifest.xml": manifest.encode(), "content.xml": content.encode("utf-16")}
    )
    assert read_odt(data, "old.odt").text == "Заголовок\n\nТекст"
