"""E-books: chapters in spine order, Dublin Core metadata, DRM recognised."""

from __future__ import annotations

import io
from datetime import date

import pytest

from services.errors import ImportFailedError
from services.importers.epub import read_epub
from tests.services.office_fixtures import (
    LANGUAGES,
    SAMPLES,
    make_docx,
    make_epub,
    make_odt,
    rezip,
    xhtml,
)

METADATA = (
    "<dc:title>{title}</dc:title>"
    '<dc:creator id="a1">Анна Иванова</dc:creator>'
    '<dc:creator id="a2">Jörg Müller</dc:creator>'
    '<dc:creator id="t1">Translator Person</dc:creator>'
    '<meta refines="#a1" property="role" scheme="marc:relators">aut</meta>'
    '<meta refines="#a2" property="role" scheme="marc:relators">aut</meta>'
    '<meta refines="#t1" property="role" scheme="marc:relators">trl</meta>'
    "<dc:date>2024-03-05</dc:date><dc:language>{language}</dc:language>"
    "<dc:publisher>Издательство «Пример»</dc:publisher>"
)


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_script_comes_back_exactly_in_spine_order(language: str) -> None:
    heading, first, second = SAMPLES[language]
    chapters = [xhtml([second], title="two"), xhtml([heading, first], title="one", heading=True)]
    data = make_epub(
        chapters, spine=[1, 0], metadata=METADATA.format(title=heading, language=language)
    )
    document = read_epub(data, "book.epub")
    assert document.text == "\n\n".join([heading, first, second])
    assert document.source_format == "epub"
    assert document.title == heading
    assert document.authors == ("Анна Иванова", "Jörg Müller")
    assert document.outlet == "Издательство «Пример»"
    assert document.published == date(2024, 3, 5)
    assert document.language == language
    assert document.csl_type == "book"


def test_epub2_roles_and_publication_event_are_understood() -> None:
    metadata = (
        "<dc:title>Old book</dc:title>"
        '<dc:creator opf:role="edt">An Editor</dc:creator>'
        '<dc:creator opf:role="aut">The Author</dc:creator>'
        '<dc:date opf:event="modification">2020-01-01</dc:date>'
        '<dc:date opf:event="publication">1999</dc:date>'
    )
    data = make_epub([xhtml(["Text"])], metadata=metadata, version="2.0")
    document = read_epub(data, "old.epub")
    assert document.authors == ("The Author",)
    assert document.published == date(1999, 1, 1)


def test_markup_is_read_as_a_reader_sees_it() -> None:
    chapter = (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title/>'
        "<style>p { color: red }</style><script>alert('x')</script></head><body>"
        "<section><h2>Глава  первая</h2>\n<p>Слова   с\n пробелами и <em>курсивом</em>,"
        "<br/>и перенос.</p><div><p>Вложенный</p> хвост</div>"
        "<p><ruby>東京<rt>とうきょう</rt></ruby>の会見</p>"
        "<pre>  два\n  пробела</pre><script>document.write('nope')</script>"
        "<table><tr><td>ячейка 1</td><td>ячейка 2</td></tr></table></section></body></html>"
    )
    assert read_epub(make_epub([chapter]), "a.epub").text == (
        "Глава первая\n\nСлова с пробелами и курсивом,\nи перенос.\n\nВложенный\n\nхвост\n\n"
        "東京の会見\n\nдва\nпробела\n\nячейка 1\n\nячейка 2"
    )


def test_html_that_is_not_well_formed_xml_is_still_read() -> None:
    """Named HTML entities (undefined in XML without a DTD) and unclosed tags."""
    chapter = (
        "<html><head><meta charset='windows-1251'><title>x</title></head><body>"
        "<p>Цена&nbsp;&mdash; 5&euro;<p>Второй абзац</body></html>"
    )
    data = make_epub([xhtml(["Первая глава"])])
    data = rezip(data, {"OEBPS/chapter0.xhtml": chapter.encode("cp1251", "xmlcharrefreplace")})
    assert read_epub(data, "a.epub").text == "Цена\xa0— 5€\n\nВторой абзац"


def test_the_navigation_document_is_not_part_of_the_text() -> None:
    document = read_epub(make_epub([xhtml(["Only this"])]), "a.epub")
    assert document.text == "Only this"
    assert "Contents" not in document.text


def test_a_book_written_by_ebooklib_reads() -> None:
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier("id-1")
    book.set_title("Книга")
    book.set_language("ru")
    book.add_author("Анна Иванова")
    first = epub.EpubHtml(title="1", file_name="c1.xhtml", lang="ru")
    first.content = "<h1>Глава 1</h1><p>Первый абзац.</p>"
    second = epub.EpubHtml(title="2", file_name="c2.xhtml", lang="ru")
    second.content = "<p>Второй абзац.</p>"
    for item in (first, second, epub.EpubNcx(), epub.EpubNav()):
        book.add_item(item)
    book.toc = (first, second)
    book.spine = ["nav", first, second]
    buffer = io.BytesIO()
    epub.write_epub(buffer, book)
    document = read_epub(buffer.getvalue(), "written.epub")
    assert document.text == "Глава 1\n\nПервый абзац.\n\nВторой абзац."
    assert (document.title, document.authors, document.language) == (
        "Книга",
        ("Анна Иванова",),
        "ru",
    )


ENCRYPTION = (
    '<?xml version="1.0"?><encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
    'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>'
    '<enc:EncryptionMethod Algorithm="{algorithm}"/><enc:CipherData>'
    '<enc:CipherReference URI="{uri}"/></enc:CipherData></enc:EncryptedData></encryption>'
)


def test_drm_encrypted_content_is_refused_with_a_reason() -> None:
    encryption = ENCRYPTION.format(
        algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc", uri="OEBPS/chapter0.xhtml"
    )
    data = make_epub([xhtml(["x"])], extra={"META-INF/encryption.xml": encryption.encode()})
    with pytest.raises(ImportFailedError) as caught:
        read_epub(data, "drm.epub")
    assert caught.value.reason == "the e-book is DRM-protected (its text is encrypted)"


def test_adobe_rights_file_is_refused_as_drm() -> None:
    data = make_epub([xhtml(["x"])], extra={"META-INF/rights.xml": b"<rights/>"})
    with pytest.raises(ImportFailedError, match=r"DRM-protected \(Adobe\)"):
        read_epub(data, "drm.epub")


def test_font_obfuscation_is_not_drm() -> None:
    encryption = ENCRYPTION.format(
        algorithm="http://www.idpf.org/2008/embedding", uri="OEBPS/fonts/font.otf"
    )
    data = make_epub(
        [xhtml(["Readable"])],
        extra={
            "META-INF/encryption.xml": encryption.encode(),
            "OEBPS/fonts/font.otf": b"\x13\x37obfuscated font bytes",
        },
    )
    assert read_epub(data, "fonts.epub").text == "Readable"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (make_odt(["x"]), "this is an OpenDocument file, not EPUB"),
        (make_docx(["x"]), "this is a Microsoft Office file, not EPUB"),
        (
            rezip(make_epub([xhtml(["x"])]), {"META-INF/container.xml": None}),
            "damaged EPUB file (no META-INF/container.xml)",
        ),
        (
            rezip(make_epub([xhtml(["x"])]), {"OEBPS/chapter0.xhtml": None}),
            "damaged EPUB file (There is no item named 'OEBPS/chapter0.xhtml' in the archive",
        ),
        (
            rezip(make_epub([xhtml(["x"])]), {"OEBPS/content.opf": b"<package/>"}),
            "damaged EPUB file",
        ),
        (make_epub([xhtml([" "])]), "the e-book has no text"),
    ],
    ids=["odt", "docx", "no-container", "missing-chapter", "bad-package", "no-text"],
)
def test_what_is_not_a_readable_book_gets_a_clear_reason(data: bytes, reason: str) -> None:
    with pytest.raises(ImportFailedError) as caught:
        read_epub(data, "book.epub")
    assert caught.value.reason.startswith(reason)
    assert "\n" not in str(caught.value)
