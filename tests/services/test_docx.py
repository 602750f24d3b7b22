"""Word documents: text in reading order, character for character, and the core properties."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from services.errors import ImportFailedError
from services.importers import read_bytes
from services.importers.word import read_docx
from services.importing import import_file
from services.library import Library
from services.text import canonicalize
from tests.services.office_fixtures import (
    LANGUAGES,
    SAMPLES,
    docx_with_body,
    make_docx,
    make_odt,
    rezip,
    zip_members,
)


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_script_comes_back_exactly_with_paragraphs_and_table_in_order(language: str) -> None:
    heading, first, second = SAMPLES[language]
    data = make_docx(
        [heading, first],
        table=[[second, "42"], ["", heading]],
        after_table=[second],
        title=heading,
        author="Анна Иванова; 山田太郎",
        created=datetime(2024, 3, 5, 10, 0),
        language=language,
    )
    document = read_docx(data, "story.docx")
    assert document.text == "\n\n".join([heading, first, second, "42", heading, second])
    assert document.source_format == "docx"
    assert document.title == heading
    assert document.authors == ("Анна Иванова", "山田太郎")
    assert document.published == date(2024, 3, 5)
    assert document.language == language


def test_line_breaks_and_tabs_inside_a_paragraph_are_kept() -> None:
    document = read_docx(make_docx(["Вопрос:\tответ\nвторая строка"], heading=False), "a.docx")
    assert document.text == "Вопрос:\tответ\nвторая строка"


def test_the_reference_article_reads_the_same_as_its_text_file(
    library: Library, tmp_path: Path, reference_article: Path
) -> None:
    """A DOCX of the reference interview, one Word paragraph per line of the text file, gives
    exactly the text the .txt import gives."""
    text = reference_article.read_text(encoding="utf-8")
    paragraphs = [line for line in canonicalize(text).split("\n") if line.strip()]
    docx_path = tmp_path / "interview.docx"
    docx_path.write_bytes(make_docx(paragraphs, heading=False))
    from_docx = library.articles.get(import_file(library, docx_path).summary.id)
    from_text = library.articles.get(import_file(library, reference_article).summary.id)
    assert from_docx.text == from_text.text


def test_tracked_insertions_count_and_deletions_do_not() -> None:
    body = (
        "<w:p><w:r><w:t xml:space='preserve'>The minister </w:t></w:r>"
        "<w:del w:id='1' w:author='Ed'><w:r><w:delText>never </w:delText></w:r></w:del>"
        "<w:ins w:id='2' w:author='Ed'><w:r><w:t xml:space='preserve'>finally </w:t></w:r></w:ins>"
        "<w:moveFrom w:id='3'><w:r><w:t>moved away </w:t></w:r></w:moveFrom>"
        "<w:r><w:t>agreed.</w:t></w:r></w:p>"
    )
    assert read_docx(docx_with_body(body), "a.docx").text == "The minister finally agreed."


def test_text_in_wrappers_python_docx_skips_is_kept() -> None:
    """Content controls, smart tags, hyperlinks and simple fields all hold visible text."""
    body = (
        "<w:sdt><w:sdtPr><w:alias w:val='x'/></w:sdtPr><w:sdtContent>"
        "<w:p><w:r><w:t>In a content control.</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        "<w:p><w:smartTag w:uri='u' w:element='place'><w:r><w:t>Москва</w:t></w:r></w:smartTag>"
        "<w:r><w:t xml:space='preserve'> и </w:t></w:r>"
        "<w:hyperlink r:id='rId1' xmlns:r='http://schemas.openxmlformats.org/officeDocument/2006/"
        "relationships'><w:r><w:t>ссылка</w:t></w:r></w:hyperlink>"
        "<w:fldSimple w:instr='DATE'><w:r><w:t xml:space='preserve'> 5.3.2024</w:t></w:r>"
        "</w:fldSimple></w:p>"
    )
    assert read_docx(docx_with_body(body), "a.docx").text == (
        "In a content control.\n\nМосква и ссылка 5.3.2024"
    )


def test_field_instructions_and_furigana_are_not_text() -> None:
    body = (
        "<w:p><w:r><w:fldChar w:fldCharType='begin'/></w:r>"
        '<w:r><w:instrText> HYPERLINK "http://example.com" </w:instrText></w:r>'
        "<w:r><w:fldChar w:fldCharType='separate'/></w:r><w:r><w:t>リンク</w:t></w:r>"
        "<w:r><w:fldChar w:fldCharType='end'/></w:r></w:p>"
        "<w:p><w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>とうきょう</w:t></w:r></w:rt>"
        "<w:rubyBase><w:r><w:t>東京</w:t></w:r></w:rubyBase></w:ruby></w:r>"
        "<w:r><w:t>の会見</w:t></w:r></w:p>"
    )
    assert read_docx(docx_with_body(body), "a.docx").text == "リンク\n\n東京の会見"


def test_a_text_box_is_read_once_after_its_paragraph() -> None:
    """Word stores each text box twice (mc:Choice and a VML mc:Fallback)."""
    box = "<w:txbxContent><w:p><w:r><w:t>Цитата во врезке</w:t></w:r></w:p></w:txbxContent>"
    body = (
        "<w:p><w:r><w:t>Абзац с врезкой.</w:t></w:r><w:r><mc:AlternateContent>"
        f"<mc:Choice Requires='wps'><w:drawing><wps:txbx>{box}</wps:txbx></w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><v:textbox>{box}</v:textbox></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r></w:p><w:p><w:r><w:t>Дальше.</w:t></w:r></w:p>"
    )
    assert read_docx(docx_with_body(body), "a.docx").text == (
        "Абзац с врезкой.\n\nЦитата во врезке\n\nДальше."
    )


def test_merged_and_nested_table_cells_are_read_once_in_order() -> None:
    cell = "<w:tc><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc>"
    nested = f"<w:tbl><w:tr>{cell.format('inner 1')}{cell.format('inner 2')}</w:tr></w:tbl>"
    body = (
        "<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val='2'/></w:tcPr>"
        "<w:p><w:r><w:t>merged</w:t></w:r></w:p></w:tc></w:tr>"
        f"<w:tr><w:tc><w:tcPr><w:vMerge w:val='restart'/></w:tcPr>{nested}<w:p/></w:tc>"
        f"{cell.format('right')}</w:tr>"
        "<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>"
        f"{cell.format('last')}</w:tr></w:tbl>"
    )
    assert read_docx(docx_with_body(body), "a.docx").text == (
        "merged\n\ninner 1\n\ninner 2\n\nright\n\nlast"
    )


def test_footnotes_follow_the_body() -> None:
    data = make_docx(["Body text."], heading=False)
    members = zip_members(data)
    notes = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:footnote w:type='separator' w:id='-1'><w:p><w:r><w:separator/></w:r></w:p>"
        "</w:footnote><w:footnote w:id='1'><w:p><w:r><w:t>Интервью от 5 марта.</w:t></w:r>"
        "</w:p></w:footnote></w:footnotes>"
    )
    relation = (
        '<Relationship Id="rId99" Target="footnotes.xml" Type="http://schemas.openxmlformats'
        '.org/officeDocument/2006/relationships/footnotes"/></Relationships>'
    )
    types = (
        '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.wordprocessingml.footnotes+xml"/></Types>'
    )
    rels = members["word/_rels/document.xml.rels"].decode().replace("</Relationships>", relation)
    content_types = members["[Content_Types].xml"].decode().replace("</Types>", types)
    data = rezip(
        data,
        {
            "word/footnotes.xml": notes.encode(),
            "word/_rels/document.xml.rels": rels.encode(),
            "[Content_Types].xml": content_types.encode(),
        },
    )
    assert read_docx(data, "a.docx").text == "Body text.\n\nИнтервью от 5 марта."


# --- metadata -------------------------------------------------------------------------------


def test_authors_joined_with_and_are_split_and_modified_is_the_fallback_date() -> None:
    data = make_docx(
        ["Text"], author="Anna Schmidt and Jörg Müller", modified=datetime(2023, 1, 2, 3, 4)
    )
    data = rezip(data, {"docProps/core.xml": _core_without("dcterms:created", data)})
    document = read_docx(data, "a.docx")
    assert document.authors == ("Anna Schmidt", "Jörg Müller")
    assert document.published == date(2023, 1, 2)


def _core_without(element: str, data: bytes) -> bytes:
    import re

    core = zip_members(data)["docProps/core.xml"].decode()
    return re.sub(rf"<{element}[^>]*>[^<]*</{element}>", "", core).encode()


def test_an_explicit_publish_date_wins_over_the_file_dates() -> None:
    data = make_docx(["Text"], created=datetime(2020, 1, 1))
    cover = (
        '<?xml version="1.0" encoding="UTF-8"?><CoverPageProperties xmlns="http://schemas.'
        'microsoft.com/office/2006/coverPageProps"><PublishDate>2024-03-05</PublishDate>'
        "<Abstract/></CoverPageProperties>"
    )
    data = rezip(data, {"customXml/item2.xml": cover.encode()})
    assert read_docx(data, "a.docx").published == date(2024, 3, 5)


def test_a_document_without_core_properties_gets_no_invented_metadata() -> None:
    """python-docx makes up "Word Document", modified now, when core.xml is missing."""
    data = make_docx(["Text"], title="Real title")
    rels = zip_members(data)["_rels/.rels"].decode()
    import re

    rels = re.sub(r"<Relationship[^>]*core-properties[^>]*/>", "", rels)
    data = rezip(data, {"docProps/core.xml": None, "_rels/.rels": rels.encode()})
    document = read_docx(data, "a.docx")
    assert (document.title, document.authors, document.published) == ("", (), None)


def test_odd_metadata_never_fails_the_import(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "odd.docx"
    data = make_docx(["Body"], title="placeholder", language="x-none")
    core = zip_members(data)["docProps/core.xml"].replace(b"placeholder", b"x" * 2000)
    path.write_bytes(rezip(data, {"docProps/core.xml": core}))
    info = library.articles.get(import_file(library, path).summary.id)
    assert info.meta.title == "odd"  # the file name, since the claimed title is absurd
    assert info.meta.language in ("en", "")


# --- refusals -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (make_odt(["Text"]), "this is an OpenDocument file, not DOCX"),
        (
            rezip(make_docx(["Text"]), {"xl/workbook.xml": b"<workbook/>"}),
            "this is an Excel workbook, not a Word document",
        ),
        (
            rezip(make_docx(["Text"]), {"[Content_Types].xml": None}),
            "damaged DOCX file (no [Content_Types].xml: not a Word document)",
        ),
    ],
    ids=["odt", "xlsx", "no-content-types"],
)
def test_other_zip_files_named_docx_get_a_clear_reason(data: bytes, reason: str) -> None:
    with pytest.raises(ImportFailedError) as caught:
        read_docx(data, "story.docx")
    assert caught.value.reason == reason


@pytest.mark.parametrize(
    ("content_type", "reason"),
    [
        (
            "application/vnd.ms-word.document.macroEnabled.main+xml",
            "this is a macro-enabled Word document (.docm); save it as .docx",
        ),
        (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
            "this is a Word template (.dotx); save it as .docx",
        ),
    ],
    ids=["docm", "dotx"],
)
def test_word_files_python_docx_cannot_read_say_what_they_are(
    content_type: str, reason: str
) -> None:
    data = make_docx(["Text"])
    types = (
        zip_members(data)["[Content_Types].xml"]
        .decode()
        .replace(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
            content_type,
        )
    )
    with pytest.raises(ImportFailedError) as caught:
        read_docx(rezip(data, {"[Content_Types].xml": types.encode()}), "macro.docx")
    assert caught.value.reason == reason


def test_a_package_with_a_broken_main_part_is_damaged() -> None:
    data = rezip(make_docx(["Text"]), {"word/document.xml": b"<w:document><unclosed>"})
    with pytest.raises(ImportFailedError) as caught:
        read_bytes(data, "story.docx", ".docx")
    assert caught.value.reason.startswith("damaged DOCX file")
    assert "\n" not in str(caught.value)


def test_a_document_with_no_text_is_refused() -> None:
    with pytest.raises(ImportFailedError, match="the document has no text"):
        read_docx(docx_with_body("<w:p/><w:p><w:r><w:t> </w:t></w:r></w:p>"), "empty.docx")
