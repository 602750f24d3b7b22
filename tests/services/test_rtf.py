"""Rich Text Format: code pages, Unicode escapes, paragraphs and the \\info metadata."""

from __future__ import annotations

from datetime import date

import pytest

from services.errors import ImportFailedError
from services.importers.rtf import read_rtf
from tests.services.office_fixtures import (
    LANGUAGES,
    SAMPLES,
    make_docx,
    make_rtf,
    rtf_escape,
)

#: The code page and font charset a Windows word processor of each language writes.
CODE_PAGES = {"ru": (1251, 204), "ja": (932, 128), "ar": (1256, 178), "de": (1252, 0)}


@pytest.mark.parametrize("unicode", [True, False], ids=["u-escapes", "code-page-escapes"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_each_script_comes_back_exactly(language: str, unicode: bool) -> None:
    """Word writes ``\\uN`` with a code-page fallback; older writers only ``\\'xx`` bytes in
    the document's code page (Shift_JIS's two-byte characters included)."""
    code_page, charset = CODE_PAGES[language]
    paragraphs = SAMPLES[language]
    info = "{\\title " + rtf_escape(paragraphs[0], f"cp{code_page}", unicode) + "}"
    data = make_rtf(paragraphs, code_page=code_page, charset=charset, unicode=unicode, info=info)
    document = read_rtf(data, "story.rtf")
    assert document.text == "\n\n".join(paragraphs)
    assert document.title == paragraphs[0]
    assert document.source_format == "rtf"


def test_ansi_fonts_in_a_cyrillic_code_page_are_read_as_cyrillic() -> None:
    """WordPad-era generators declare \\ansicpg1251 with \\fcharset0 fonts and mean it."""
    data = make_rtf(["Привет, мир"], code_page=1251, charset=0, unicode=False)
    assert read_rtf(data, "a.rtf").text == "Привет, мир"


def test_info_gives_title_authors_and_creation_date() -> None:
    info = (
        "{\\title " + rtf_escape("Интервью", "cp1251", False) + "}"
        "{\\author " + rtf_escape("Анна Иванова; Boris Petrov", "cp1251", False) + "}"
        "{\\creatim\\yr2024\\mo3\\dy5\\hr10\\min0}{\\revtim\\yr2025\\mo1\\dy1}"
    )
    document = read_rtf(make_rtf(["Текст"], info=info), "a.rtf")
    assert document.title == "Интервью"
    assert document.authors == ("Анна Иванова", "Boris Petrov")
    assert document.published == date(2024, 3, 5)


def test_line_breaks_stay_inside_paragraphs_and_emoji_survive() -> None:
    data = make_rtf(["Вопрос:\nответ 🐟", "Второй\tабзац"])
    assert read_rtf(data, "a.rtf").text == "Вопрос:\nответ 🐟\n\nВторой\tабзац"


def test_fields_pictures_and_tables_read_as_a_reader_sees_them() -> None:
    body = (
        '{\\field{\\*\\fldinst{HYPERLINK "http://example.com/"}}{\\fldrslt{'
        + rtf_escape("ссылка", None)
        + "}}} "
        + rtf_escape("и текст", None)
        + "\\par\n{\\*\\shppict{\\pict\\pngblip\\picw10 89504e470d0a1a0a0000}}"
        "{\\pict\\wmetafile8\\bin6 {}{}\\}}visible after picture\\par\n"
        "\\trowd\\cellx1000\\cellx2000 A1\\cell B1\\cell\\row\n"
        "\\\\line is text\\par"
    )
    data = "{\\rtf1\\ansi\\ansicpg1251{\\fonttbl{\\f0\\fcharset204 Arial;}}\\f0 " + body + "}"
    assert read_rtf(data.encode("ascii"), "a.rtf").text == (
        "ссылка и текст\n\nvisible after picture\n\nA1\n\nB1\n\n\\line is text"
    )


def test_code_pages_python_names_differently_are_understood() -> None:
    mac_cyrillic = "".join(f"\\'{byte:02x}" for byte in "Щука".encode("mac_cyrillic"))
    mac_japanese = "".join(f"\\'{byte:02x}" for byte in "東京".encode("cp932"))
    data = (
        "{\\rtf1\\mac\\ansicpg10007{\\fonttbl{\\f0\\fnil Geneva;}{\\f1\\fcharset78 Osaka;}}"
        f"\\f0 {mac_cyrillic}\\par\\f1 {mac_japanese}\\par}}"
    )
    assert read_rtf(data.encode("ascii"), "a.rtf").text == "Щука\n\n東京"


def test_a_malformed_font_table_is_read_without_striprtfs_slow_path() -> None:
    """striprtf's font-table expression backtracks quadratically on an entry without ";";
    the table is rewritten before it sees it (this input would otherwise take minutes)."""
    table = "{\\fonttbl" + "\\f1\\fcharset204 " + "a" * 20_000 + "\\f2" * 5_000 + "}"
    data = "{\\rtf1\\ansi\\ansicpg1251" + table + "\\f1 " + "\\'cf\\'f0\\'e8\\'e2\\'e5\\'f2}"
    assert read_rtf(data.encode("ascii"), "a.rtf").text == "Привет"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"Just text in a file named .rtf", "not an RTF file"),
        (make_docx(["x"]), "this is a ZIP-based document (DOCX, ODT…), not RTF"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"),
            "this is an old Word 97–2003 (.doc) document, not RTF",
        ),
        (b"{\\rtf1\\ansi {\\fonttbl{\\f0 Arial;}}}", "the document has no text"),
        (b"{\\rtf1\\ansi \\uc text\\par}", "damaged RTF file"),
    ],
    ids=["text", "docx", "doc", "empty", "bad-escape"],
)
def test_what_is_not_readable_rtf_gets_a_clear_reason(data: bytes, reason: str) -> None:
    with pytest.raises(ImportFailedError) as caught:
        read_rtf(data, "story.rtf")
    assert caught.value.reason.startswith(reason)
    assert "\n" not in str(caught.value)


def test_hostile_unicode_escapes_do_not_break_the_text() -> None:
    data = b"{\\rtf1\\ansi \\u-10179?lone surrogate \\u9999999999?huge\\par}"
    with pytest.raises(ImportFailedError, match="damaged RTF file"):
        read_rtf(data, "a.rtf")
    lone = read_rtf(b"{\\rtf1\\ansi \\u-10179?lone surrogate\\par}", "a.rtf")
    assert lone.text == "\ufffdlone surrogate"


def test_many_unclosed_fields_do_not_trigger_striprtfs_backtracking() -> None:
    """striprtf's hyperlink expression is quadratic on fields that never close (about a
    minute for this input); field instructions are hidden from it first."""
    data = "{\\rtf1\\ansi " + "{\\field{\\*\\fldinst{" * 20_000 + "words}"
    with pytest.raises(ImportFailedError, match="the document has no text"):
        read_rtf(data.encode("ascii"), "a.rtf")
