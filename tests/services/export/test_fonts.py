"""Every script prints with a real glyph and copies out of the PDF as it went in.

Text is read back with PDFium (pypdfium2), the engine of Chrome's and many other readers'
copy-and-paste. For right-to-left text that is the only fair judge: the PDF holds Arabic and
Hebrew in visual order (that is how PDF draws), and PDFium restores logical order (mirroring
brackets back) as a reader's copy does, so the extracted string must equal the source exactly.
pypdf returns the visual order, which is why it is used here only for left-to-right text.
"""

from __future__ import annotations

import threading
import unicodedata
from pathlib import Path
from typing import Any

import pypdf
import pypdfium2
import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate

from services.export.pdf import fonts
from services.export.pdf.textlayout import TextStyle, baseline_drop, draw_line, layout

SAMPLES = {
    "latin": "Zoë’s café — “naïve” façade, Ærø, Øresund, ß, Łódź & Co.",
    "cyrillic": "«Мы не будем повышать тарифы», — сказал министр. Ёлка, щи, ЪЫЬ.",
    "greek": "Η Ελλάδα είναι μια χώρα — «ναι», είπε ο υπουργός.",
    "japanese": "東京で「こんにちは」と言った。カタカナ、ひらがな、漢字。",
    "chinese": "他说：“我们不会提高关税。”这是北京的决定。",
    "korean": "대한민국 서울에서 장관이 말했다.",
    "arabic": "قال الوزير: «لن نرفع الرسوم الجمركية» (اليوم)، مضيفاً أن الحكومة تدرس الخيارات.",
    "hebrew": 'השר אמר: "לא נעלה את המכסים" (היום), והוסיף כי הממשלה בוחנת אפשרויות.',
    "emoji": "Great 😀 👍🏽 ❤️ 👨‍👩‍👧 🇯🇵 done",
}


def pdfium_text(path: Path) -> list[str]:
    """Each page's text as PDFium extracts it, with its line breaks as "\\n"."""
    document = pypdfium2.PdfDocument(path)
    try:
        return [page.get_textpage().get_text_bounded().replace("\r\n", "\n") for page in document]
    finally:
        document.close()


def _visible(char: str) -> bool:
    return unicodedata.category(char) not in ("Cf", "Mn", "Zs") and not (
        0xFE00 <= ord(char) <= 0xFE0F or 0xE0020 <= ord(char) <= 0xE007F
    )


@pytest.mark.parametrize("script", list(SAMPLES))
def test_every_character_has_a_font_with_its_glyph(script: str) -> None:
    text = SAMPLES[script]
    assert fonts.missing(text) == set()
    for run in fonts.segment(text):
        for char in text[run.start : run.end]:
            if _visible(char):
                assert fonts.covers(run.font, char), (script, char, run.font)


def test_a_combining_mark_stays_in_its_base_letters_font() -> None:
    text = "مُضيفاً and e\u0301"
    runs = fonts.segment(text)
    arabic = next(run for run in runs if run.start == 0)
    assert arabic.end >= 7  # the damma and the tanween stay with their letters
    accented = next(run for run in runs if run.start <= len(text) - 2 < run.end)
    assert accented.end == len(text)


def test_a_script_no_bundled_font_has_is_reported() -> None:
    assert fonts.missing("ಕನ್ನಡ") != set()  # Kannada: not bundled


def _laid_out_pdf(path: Path, samples: list[str]) -> None:
    fonts.ensure_fonts()
    # Not reportlab's default first font (Helvetica, never embedded): only ours are in the file.
    canvas = Canvas(str(path), initialFontName=fonts.SERIF)
    style = TextStyle()
    top = 800.0
    for sample in samples:
        for line in layout(sample, 480, style):
            draw_line(canvas, line, 50, top - baseline_drop(style))
            top -= style.leading
        top -= 20
    canvas.save()


@pytest.mark.parametrize("script", list(SAMPLES))
def test_laid_out_text_copies_out_exactly(tmp_path: Path, script: str) -> None:
    target = tmp_path / "sample.pdf"
    _laid_out_pdf(target, [SAMPLES[script]])
    assert pdfium_text(target)[0] == SAMPLES[script]


@pytest.mark.parametrize("script", list(SAMPLES))
def test_paragraph_markup_copies_out_exactly(tmp_path: Path, script: str) -> None:
    fonts.ensure_fonts()
    target = tmp_path / "paragraph.pdf"
    style = ParagraphStyle("body", fontName=fonts.SERIF, fontSize=11, leading=15)
    SimpleDocTemplate(str(target)).build([Paragraph(fonts.markup(SAMPLES[script]), style)])
    assert pdfium_text(target)[0] == SAMPLES[script]


def test_pypdf_reads_left_to_right_samples_too(tmp_path: Path) -> None:
    ltr = [key for key in SAMPLES if key not in ("arabic", "hebrew")]
    target = tmp_path / "ltr.pdf"
    _laid_out_pdf(target, [SAMPLES[key] for key in ltr])
    extracted = pypdf.PdfReader(target).pages[0].extract_text()
    for key in ltr:
        assert SAMPLES[key] in extracted, key


def test_emoji_beyond_the_basic_plane_copy_out(tmp_path: Path) -> None:
    """reportlab alone writes U+1F600 into the ToUnicode map as <1F600>, read back as "ὠ"."""
    fonts.ensure_fonts()
    target = tmp_path / "emoji.pdf"
    canvas = Canvas(str(target), initialFontName=fonts.SYMBOLS)
    canvas.setFont(fonts.SYMBOLS, 14)
    canvas.drawString(50, 700, "😀 🎉 𝄞")
    canvas.save()
    assert pdfium_text(target)[0] == "😀 🎉 𝄞"
    assert pypdf.PdfReader(target).pages[0].extract_text().strip() == "😀 🎉 𝄞"
    cmaps = [
        font["/ToUnicode"].get_object().get_data() for font in _fonts_of(pypdf.PdfReader(target))
    ]
    assert any(b"<D83DDE00>" in cmap for cmap in cmaps)
    assert not any(b"<1F600>" in cmap for cmap in cmaps)


def _fonts_of(reader: pypdf.PdfReader) -> list[Any]:
    found: list[Any] = []
    for page in reader.pages:
        resources: Any = page["/Resources"].get_object()
        for font in resources["/Font"].get_object().values():
            found.append(font.get_object())
    return found


def test_fonts_are_embedded_and_subset(tmp_path: Path) -> None:
    target = tmp_path / "all.pdf"
    _laid_out_pdf(target, list(SAMPLES.values()))
    reader = pypdf.PdfReader(target)
    used = _fonts_of(reader)
    assert len(used) >= 6
    for font in used:
        assert font["/Subtype"] == "/TrueType"
        assert "+" in str(font["/BaseFont"])  # a subset's name: six letters, "+", the font
        assert "/FontFile2" in font["/FontDescriptor"].get_object()


def test_markup_escapes_user_text() -> None:
    marked = fonts.markup('An article with <b>bold</b> & <font face="x">, &amp; <br/>')
    assert "<b>" not in marked
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;font face=" in marked
    assert "&amp;amp;" in marked


def test_escaped_markup_prints_the_characters(tmp_path: Path) -> None:
    fonts.ensure_fonts()
    target = tmp_path / "escaped.pdf"
    text = "Prints <b>as is</b> & <i>never</i> bold"
    style = ParagraphStyle("body", fontName=fonts.SERIF, fontSize=11, leading=15)
    SimpleDocTemplate(str(target)).build([Paragraph(fonts.markup(text), style)])
    assert pdfium_text(target)[0] == text


def test_markup_keeps_line_breaks_and_style() -> None:
    assert fonts.markup("one\ntwo") == "one<br/>two"
    assert fonts.markup("bold", bold=True) == "<b>bold</b>"
    assert 'face="QuotebookArabicSerif-Bold"' in fonts.markup("مرحبا", bold=True)


def test_right_to_left_paragraphs_are_ordered_line_by_line() -> None:
    """Bidi reordering happens per line: the paragraph's first words are on its first line,
    drawn at the right edge."""
    text = SAMPLES["hebrew"] * 3
    lines = layout(text, 200, TextStyle())
    assert len(lines) > 2
    assert lines[0].start == 0
    assert [line.start for line in lines] == sorted(line.start for line in lines)
    first = lines[0]
    rightmost = max(first.pieces, key=lambda piece: piece.x)
    assert rightmost.start == 0
    assert first.x + first.width == pytest.approx(200)


def test_ensure_fonts_is_safe_from_many_threads() -> None:
    errors: list[BaseException] = []

    def register() -> None:
        try:
            fonts.ensure_fonts()
            fonts.text_width("Проверка 東京 مرحبا", 10)
        except BaseException as error:  # noqa: BLE001 - collected for the assertion below
            errors.append(error)

    threads = [threading.Thread(target=register) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert fonts.font(fonts.SERIF) is fonts.font(fonts.SERIF)


def test_a_word_longer_than_the_line_is_cut_between_characters() -> None:
    address = "https://example.org/" + "very-long-path/" * 20
    lines = layout(f"See {address} now", 200, TextStyle())
    assert len(lines) > 3
    assert all(line.width <= 200 + 0.01 for line in lines)
    assert "".join(line.text[line.start : line.end] for line in lines) == f"See {address} now"


#: Every space reportlab would break a line at, or print as a plain space, inside words.
SPACED = (
    "Vraiment\u202f? «\u202foui\u202f» ; 10\u2009000 € ; 3\u00a0km ; n°\u20077 ;"
    " en\u2002space ; em\u2003space ; math\u205fspace ; hair\u200aspace"
)


def _paragraph_pdf(path: Path, text: str, width: float) -> None:
    fonts.ensure_fonts()
    style = ParagraphStyle("body", fontName=fonts.SERIF, fontSize=11, leading=15)
    document = SimpleDocTemplate(str(path), leftMargin=50, rightMargin=595 - 50 - width)
    document.build([Paragraph(fonts.markup(text), style)])


@pytest.mark.parametrize("how", ["paragraph", "layout"])
def test_unicode_spaces_copy_out_exactly(tmp_path: Path, how: str) -> None:
    """A narrow no-break space before "?" (French), a thin space in "10 000": copying the
    quote gives these characters, not plain spaces."""
    target = tmp_path / "spaces.pdf"
    if how == "paragraph":
        _paragraph_pdf(target, SPACED, 500)
    else:
        _laid_out_pdf(target, [SPACED])
    assert pdfium_text(target)[0] == SPACED


def test_an_ideographic_space_copies_out(tmp_path: Path) -> None:
    """PDFium folds U+3000 into a plain space beside Latin letters (not beside CJK ones), so
    the Latin case is read with pypdf, which takes the PDF's character map as it is."""
    cjk, latin = "東京\u3000大阪", "Tokyo\u3000Osaka"
    for how, target in (("paragraph", tmp_path / "p.pdf"), ("layout", tmp_path / "l.pdf")):
        if how == "paragraph":
            _paragraph_pdf(target, f"{cjk} {latin}", 500)
        else:
            _laid_out_pdf(target, [f"{cjk} {latin}"])
        assert pdfium_text(target)[0].startswith(cjk), how
        assert latin in pypdf.PdfReader(target).pages[0].extract_text(), how


@pytest.mark.parametrize("how", ["paragraph", "layout"])
def test_lines_never_break_at_no_break_or_thin_spaces(tmp_path: Path, how: str) -> None:
    """Wrapped into a narrow column, the text breaks only at plain spaces: no line starts
    with a "?" or "»" torn from its word, and every special space is still there."""
    text = " ".join([SPACED] * 4)
    target = tmp_path / "narrow.pdf"
    if how == "paragraph":
        _paragraph_pdf(target, text, 120)
    else:
        fonts.ensure_fonts()
        canvas = Canvas(str(target), initialFontName=fonts.SERIF)
        style = TextStyle()
        top = 800.0
        for line in layout(text, 120, style):
            draw_line(canvas, line, 50, top - baseline_drop(style))
            top -= style.leading
        canvas.save()
    lines = pdfium_text(target)[0].split("\n")
    assert len(lines) > 8
    assert not [line for line in lines if line.startswith(("?", "»", "€", "km", "000"))]
    # A line ends where a plain space was; nothing else is lost or added.
    assert " ".join(lines) == text
