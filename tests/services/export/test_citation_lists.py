"""Citation lists in every format, each read back by the reader its users have."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import docx
import pypdfium2 as pdfium
import pytest
import rispy
from bibtexparser.entrypoint import parse_string as parse_bibtex
from lxml import html as lxml_html
from markdown_it import MarkdownIt
from pypdf import PdfReader

from services.errors import InvalidInputError
from services.export.citations import build_list, export_citations, preview_citations
from services.export.lists.document import CitationList
from services.export.lists.table import COLUMNS
from services.export.options import CitationFormat, CitationListOptions, GroupBy, SortBy
from services.export.richtext import plain
from services.export.sources import latex_unescape
from services.library import Library
from tests.services.export.citation_fixtures import (
    HOSTILE_NOTE,
    SECRET_LABEL,
    SECRET_NAME,
    SECRET_ROLE,
    Newsroom,
    build_newsroom,
)

TEXT_FORMATS = (
    CitationFormat.MARKDOWN,
    CitationFormat.HTML,
    CitationFormat.TEXT,
    CitationFormat.CSV,
    CitationFormat.CSL_JSON,
    CitationFormat.BIBTEX,
    CitationFormat.RIS,
)


@pytest.fixture
def newsroom(library: Library) -> Newsroom:
    return build_newsroom(library)


def _export(
    library: Library,
    newsroom: Newsroom,
    folder: Path,
    fmt: CitationFormat,
    **options: object,
) -> Path:
    chosen = CitationListOptions(format=fmt, **options)  # type: ignore[arg-type]
    target = folder / f"list{fmt.suffix}"
    assert export_citations(library, newsroom.all_quotes, target, chosen) == target
    return target


def _document(library: Library, newsroom: Newsroom, **options: object) -> CitationList:
    chosen = CitationListOptions(**options)  # type: ignore[arg-type]
    return build_list(library, newsroom.all_quotes, chosen)


def _readable(path: Path, fmt: CitationFormat) -> str:
    """All the text a reader of the file sees."""
    if fmt is CitationFormat.DOCX:
        return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    if fmt is CitationFormat.PDF:
        return "\n".join(page.extract_text() for page in PdfReader(path).pages)
    if fmt is CitationFormat.HTML:
        return str(lxml_html.parse(str(path)).getroot().text_content())
    if fmt is CitationFormat.MARKDOWN:
        rendered = MarkdownIt("commonmark").render(path.read_text(encoding="utf-8"))
        return str(lxml_html.fromstring(f"<div>{rendered}</div>").text_content())
    if fmt is CitationFormat.CSV:
        with path.open(encoding="utf-8-sig", newline="") as file:
            # Unprotected, as a spreadsheet shows a cell marked as text.
            cells = [cell.removeprefix("'") for row in csv.reader(file) for cell in row]
        return "\n".join(cells)
    if fmt is CitationFormat.CSL_JSON:
        items = json.loads(path.read_text(encoding="utf-8"))
        return "\n".join(str(value) for item in items for value in item.values())
    if fmt is CitationFormat.BIBTEX:
        # BibTeX escapes TeX specials (`#` is written `\#`); a reference manager decodes them.
        return latex_unescape(path.read_text(encoding="utf-8"))
    return path.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------- every format


@pytest.mark.parametrize("fmt", [*TEXT_FORMATS, CitationFormat.DOCX, CitationFormat.PDF])
def test_every_quote_verbatim_and_no_confidential_name(
    library: Library, newsroom: Newsroom, tmp_path: Path, fmt: CitationFormat
) -> None:
    path = _export(library, newsroom, tmp_path, fmt)
    seen = _readable(path, fmt)
    for quote_id in newsroom.all_quotes:
        assert library.quotes.get(quote_id).text in seen
    assert SECRET_LABEL in seen
    assert SECRET_NAME not in seen
    assert SECRET_ROLE not in seen
    assert "Ministry of Finance" not in seen


@pytest.mark.parametrize("fmt", [*TEXT_FORMATS, CitationFormat.DOCX, CitationFormat.PDF])
def test_revealed_names_appear_and_lists_say_so(
    library: Library, newsroom: Newsroom, tmp_path: Path, fmt: CitationFormat
) -> None:
    path = _export(library, newsroom, tmp_path, fmt, reveal_confidential=True)
    seen = _readable(path, fmt)
    assert SECRET_NAME in seen
    if not fmt.sources_only and fmt is not CitationFormat.CSV:
        assert "real names of confidential sources" in seen.lower()


@pytest.mark.parametrize(
    "fmt",
    [
        CitationFormat.MARKDOWN,
        CitationFormat.HTML,
        CitationFormat.TEXT,
        CitationFormat.DOCX,
        CitationFormat.PDF,
    ],
)
def test_documents_print_quotes_in_marks_locators_notes_and_sources(
    library: Library, newsroom: Newsroom, tmp_path: Path, fmt: CitationFormat
) -> None:
    path = _export(library, newsroom, tmp_path, fmt, group_by=GroupBy.TAG)
    seen = _readable(path, fmt)
    assert "«Мы не отступим»" in seen
    assert "„Wir bauen den Steg wieder auf.“" in seen
    assert "「桟橋を再建する」" in seen
    assert "p. 7" in seen
    assert "¶ 2" in seen
    # Markup in user text prints as the characters typed.
    assert HOSTILE_NOTE in seen
    assert "<b>the columns</b> are *corroded* | badly # now." in seen
    document = _document(library, newsroom, group_by=GroupBy.TAG)
    for _source, reference in document.bibliography:
        assert plain(reference) in seen
    assert "No tag" in seen
    # The minister's quote has two tags and is printed under both.
    assert seen.count("«Мы не отступим»") == 2


def test_unknown_style_fails_before_writing(
    library: Library, newsroom: Newsroom, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(InvalidInputError):
        export_citations(
            library,
            newsroom.all_quotes,
            folder / "list.md",
            CitationListOptions(style="no-such-style-x"),
        )
    assert list(folder.iterdir()) == []


def test_empty_selection_is_refused_and_leaves_no_file(
    library: Library, newsroom: Newsroom, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(InvalidInputError, match="no quotes"):
        export_citations(library, [999_999], folder / "list.md", CitationListOptions())
    assert list(folder.iterdir()) == []


def test_a_missing_folder_is_a_clear_error(
    library: Library, newsroom: Newsroom, tmp_path: Path
) -> None:
    with pytest.raises(InvalidInputError, match="folder"):
        export_citations(
            library, newsroom.all_quotes, tmp_path / "nope" / "list.md", CitationListOptions()
        )


# ---------------------------------------------------------------------------- CSV


def test_csv_has_bom_stable_columns_one_row_per_quote_and_no_formulas(
    library: Library, newsroom: Newsroom, tmp_path: Path
) -> None:
    path = _export(library, newsroom, tmp_path, CitationFormat.CSV, group_by=GroupBy.TAG)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with path.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    assert tuple(rows[0].keys()) == COLUMNS
    assert len(rows) == len(newsroom.all_quotes)
    by_id = {int(row["quote_id"]): row for row in rows}
    minister = by_id[newsroom.quotes["ru_minister"]]
    assert minister["quote"] == "Мы не отступим"
    assert minister["speaker"] == "Пётр Петров"
    assert minister["role"] == "министр"
    assert minister["tags"] == "политика; тарифы"
    assert minister["note"] == HOSTILE_NOTE
    assert minister["published"] == "2026-03-02"
    assert minister["paragraph"] == "2"
    assert minister["locator"] == "¶ 2"
    board = by_id[newsroom.quotes["pdf_board"]]
    assert (board["page"], board["locator"], board["kind"]) == ("7", "p. 7", "paraphrase")
    # A cell that a spreadsheet would run as a formula is marked as text.
    formula = by_id[newsroom.quotes["ru_formula"]]
    assert formula["quote"] == "'" + '=HYPERLINK("http://evil")'
    assert formula["speaker"] == SECRET_LABEL
    assert formula["role"] == ""
    assert by_id[newsroom.quotes["en_hostile"]]["note"] == "#1 - see <i>memo</i>"
    for row in rows:
        assert not any(value.startswith(("=", "+", "-", "@")) for value in row.values())


# ---------------------------------------------------------------------------- HTML


def test_html_is_a_standalone_page_with_escaped_text(
    library: Library, newsroom: Newsroom, tmp_path: Path
) -> None:
    path = _export(library, newsroom, tmp_path, CitationFormat.HTML, group_by=GroupBy.SPEAKER)
    source = path.read_text(encoding="utf-8")
    assert source.startswith("<!DOCTYPE html>")
    page = lxml_html.fromstring(source.encode("utf-8"))
    assert page.get("lang") == "en"
    assert page.xpath("//meta[@charset='utf-8']")
    assert page.xpath("//h1")[0].text_content() == "Quotations"
    headings = [h.text_content() for h in page.xpath("//section[@class='group']/h2")]
    assert SECRET_LABEL in headings
    blockquotes = page.xpath("//blockquote")
    assert len(blockquotes) == len(newsroom.all_quotes)
    languages = {bq.text_content(): bq.get("lang") for bq in blockquotes}
    assert languages["«Мы не отступим»"] == "ru"
    assert languages["「桟橋を再建する」"] == "ja"
    # User text never becomes elements.
    assert not page.xpath("//blockquote//b")
    assert not page.xpath("//p[@class='note']//b")
    assert not page.xpath("//p[@class='note']//i")
    references = page.xpath("//ul[@class='references']/li")
    assert len(references) == 5


def test_preview_is_the_html_body_cut_to_the_limit(
    library: Library, newsroom: Newsroom, tmp_path: Path
) -> None:
    options = CitationListOptions(group_by=GroupBy.ARTICLE, sort_by=SortBy.DATE)
    fragment = preview_citations(library, newsroom.all_quotes, options, limit=3)
    tree = lxml_html.fragment_fromstring(fragment)
    assert len(tree.xpath("//blockquote")) == 3
    assert f"{len(newsroom.all_quotes) - 3} more quotes" in tree.text_content()
    assert f"{len(newsroom.all_quotes)} quotes from 5 sources" in tree.text_content()
    full = preview_citations(library, newsroom.all_quotes, options, limit=100)
    page = _export(library, newsroom, tmp_path, CitationFormat.HTML, group_by=GroupBy.ARTICLE)
    body = full.split("<header>", 1)[1].rsplit("</div>", 1)[0]
    assert body in page.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------- Markdown


def test_markdown_renders_user_text_literally(
    library: Library, newsroom: Newsroom, tmp_path: Path
) -> None:
    path = _export(library, newsroom, tmp_path, CitationFormat.MARKDOWN)
    rendered = MarkdownIt("commonmark").render(path.read_text(encoding="utf-8"))
    tree = lxml_html.fromstring(f"<div>{rendered}</div>")
    assert not tree.xpath("//blockquote//b | //blockquote//em | //blockquote//strong")
    assert tree.xpath("//h1")[0].text_content() == "Quotations"
    groups = [h.text_content() for h in tree.xpath("//h2")]
    assert groups[-1] == "Sources"
    assert SECRET_LABEL in groups
    assert len(tree.xpath("//blockquote")) == len(newsroom.all_quotes)
    assert not tree.xpath("//h1[contains(., 'col')] | //table")


# ---------------------------------------------------------------------------- DOCX


def _style(paragraph: Any) -> str:
    return str(paragraph.style.name)


def test_docx_uses_real_styles(library: Library, newsroom: Newsroom, tmp_path: Path) -> None:
    path = _export(library, newsroom, tmp_path, CitationFormat.DOCX, group_by=GroupBy.SPEAKER)
    document = docx.Document(str(path))
    styled = [(_style(p), p.text) for p in document.paragraphs]
    assert styled[0] == ("Title", "Quotations")
    headings = [text for style, text in styled if style == "Heading 1"]
    assert headings[-1] == "Sources"
    assert SECRET_LABEL in headings
    quotes = [text for style, text in styled if style == "Quote"]
    assert "«Мы не отступим»" in quotes
    assert len(quotes) == len(newsroom.all_quotes)
    assert any(style == "Quote Details" and text.startswith("¶") for style, text in styled)
    bibliography = [p for p in document.paragraphs if _style(p) == "Bibliography"]
    assert len(bibliography) == 5
    indent = document.styles["Bibliography"].paragraph_format
    assert indent.first_line_indent < 0 < indent.left_indent
    # Italics come through from the citation's rich text, as runs, not as characters.
    cited = _document(library, newsroom)
    italic = {span.text for _s, ref in cited.bibliography for span in ref if span.italic}
    runs = {run.text for p in bibliography for run in p.runs if run.italic}
    assert italic <= runs
    section = document.sections[0]
    assert section.page_width is not None
    assert abs(section.page_width.mm - 210) < 1


def test_docx_letter_paper(library: Library, newsroom: Newsroom, tmp_path: Path) -> None:
    from services.export.options import Paper

    path = _export(library, newsroom, tmp_path, CitationFormat.DOCX, paper=Paper.LETTER)
    section = docx.Document(str(path)).sections[0]
    assert section.page_width is not None
    assert abs(section.page_width.inches - 8.5) < 0.01


# ---------------------------------------------------------------------------- source files


def test_csl_json_carries_every_source_with_its_quotes_as_notes(
    library: Library, newsroom: Newsroom, tmp_path: Path
) -> None:
    path = _export(library, newsroom, tmp_path, CitationFormat.CSL_JSON)
    items = json.loads(path.read_text(encoding="utf-8"))
    assert len(items) == 5
    by_title = {item["title"]: item for item in items}
    note = by_title["Интервью с министром"]["note"]
    assert "«Мы не отступим» — Пётр Петров, министр (¶ 2)" in note
    assert SECRET_LABEL in note
    assert SECRET_NAME not in json.dumps(items, ensure_ascii=False)


def test_bibtex_reads_back(library: Library, newsroom: Newsroom, tmp_path: Path) -> None:
    path = _export(library, newsroom, tmp_path, CitationFormat.BIBTEX)
    parsed = parse_bibtex(path.read_text(encoding="utf-8"))
    assert not parsed.failed_blocks
    assert len(parsed.entries) == 5
    everything = path.read_text(encoding="utf-8")
    assert "Мы не отступим" in everything


def test_ris_reads_back(library: Library, newsroom: Newsroom, tmp_path: Path) -> None:
    path = _export(library, newsroom, tmp_path, CitationFormat.RIS)
    records = rispy.loads(path.read_text(encoding="utf-8"))
    assert len(records) == 5
    notes = [note for record in records for note in record.get("notes", [])]
    assert len(notes) == len(newsroom.all_quotes)
    assert any(note.startswith("«Мы не отступим»") for note in notes)


# ---------------------------------------------------------------------------- PDF


def test_pdf_pages_bookmarks_and_metadata(
    library: Library, newsroom: Newsroom, tmp_path: Path
) -> None:
    path = _export(library, newsroom, tmp_path, CitationFormat.PDF, group_by=GroupBy.SPEAKER)
    reader = PdfReader(path)
    total = len(reader.pages)
    first = pdfium.PdfDocument(path)[0].get_textpage().get_text_range()
    assert f"1 / {total}" in first
    assert first.lstrip().startswith("Quotations")
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline[-1] == "Sources"
    assert SECRET_LABEL in outline
    assert SECRET_NAME not in str(reader.metadata)
    assert reader.metadata is not None
    assert reader.metadata.title == "Quotations"
    assert "тарифы" in str(reader.metadata.get("/Keywords"))
    assert abs(float(reader.pages[0].mediabox.width) - 595.3) < 1  # A4


def test_pdf_letter_paper(library: Library, newsroom: Newsroom, tmp_path: Path) -> None:
    from services.export.options import Paper

    options = CitationListOptions(format=CitationFormat.PDF, paper=Paper.LETTER)
    target = tmp_path / "letter.pdf"
    export_citations(library, newsroom.all_quotes, target, options)
    page = PdfReader(target).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (612, 792)


def test_pdf_right_to_left_quotes_copy_out_verbatim(library: Library, tmp_path: Path) -> None:
    from services.readmodels import ArticleMeta, QuoteEdit

    texts = {
        "ar": (
            "مؤتمر صحفي\n\nقال الوزير: لن نتراجع عن هذا القرار أبدا.",
            "لن نتراجع عن هذا القرار أبدا",
        ),
        "he": ("מסיבת עיתונאים\n\nהשר אמר: לא נסוג מההחלטה הזאת.", "לא נסוג מההחלטה הזאת"),
        "fr": (
            "Conférence\n\nLe ministre a dit : nous ne reculerons pas 😀.",
            "nous ne reculerons pas 😀",
        ),
    }
    ids = []
    for language, (text, words) in texts.items():
        article = library.articles.add(text, ArticleMeta(title=language, language=language))
        edit = QuoteEdit(speaker=f"Speaker {language}")
        ids.append(library.quotes.add_text(article.summary.id, words, 1, edit).quote.id)
    target = tmp_path / "rtl.pdf"
    export_citations(library, ids, target, CitationListOptions(format=CitationFormat.PDF))
    # pypdf returns right-to-left runs in logical order, as a reader's copy would give them.
    extracted = "\n".join(page.extract_text() for page in PdfReader(target).pages)
    assert "«لن نتراجع عن هذا القرار أبدا»" in extracted
    assert '"לא נסוג מההחלטה הזאת"' in extracted
    # French marks keep their narrow no-break spaces (PDFium reads them back as they are).
    copied = "\n".join(_pdfium_pages(target))
    assert "«\u202fnous ne reculerons pas 😀\u202f»" in copied


def _pdfium_pages(path: Path) -> list[str]:
    """Each page's text as PDFium (Chrome's engine) copies it: right-to-left text back in
    logical order, line breaks as "\\n"."""
    document = pdfium.PdfDocument(path)
    try:
        return [page.get_textpage().get_text_bounded().replace("\r\n", "\n") for page in document]
    finally:
        document.close()


LONG_ARABIC = (
    "قال الوزير في مؤتمر صحفي إن الحكومة لن تتراجع عن قرارها برفع الرسوم الجمركية على الواردات، "
    "وإن المفاوضات مع الشركاء التجاريين ستستمر حتى نهاية العام، مضيفاً أن الاقتصاد الوطني قادر "
    "على تحمل الضغوط وأن الأسعار ستستقر خلال الأشهر المقبلة بفضل الإجراءات الجديدة"
)
LONG_HEBREW = (
    "השר אמר במסיבת עיתונאים כי הממשלה לא תחזור בה מההחלטה להעלות את המכסים על היבוא, וכי "
    "המשא ומתן עם השותפות המסחריות יימשך עד סוף השנה, והוסיף כי הכלכלה המקומית מסוגלת לעמוד "
    "בלחצים וכי המחירים יתייצבו בחודשים הקרובים בזכות הצעדים החדשים (שננקטו השבוע)"
)
FRENCH = "Vraiment\u202f? Nous ne reculerons pas\u202f; c’est 10\u2009000\u00a0€ de trop\u202f!"


def _in_order(words: list[str], text: str) -> bool:
    """True when each of ``words`` occurs in ``text`` after the one before it."""
    position = 0
    for word in words:
        position = text.find(word, position)
        if position < 0:
            return False
        position += len(word)
    return True


def test_pdf_wrapped_right_to_left_quotes_read_in_order(library: Library, tmp_path: Path) -> None:
    """A long Arabic or Hebrew quote (and note) wraps over several lines; each line is put in
    right-to-left order on its own, so the lines read top to bottom and copying the quote out
    gives it exactly. French spaces stay in a Paragraph's text."""
    from services.readmodels import ArticleMeta, QuoteEdit

    # A note is a left-to-right line ("Note: …"); PDFium guesses each line's direction from its
    # letters when it copies, so the note is checked word by word (no punctuation to move).
    arabic_note = LONG_ARABIC.replace("،", "")
    quotes = {
        "ar": (LONG_ARABIC, arabic_note, "«{}»"),
        "he": (LONG_HEBREW, "", '"{}"'),
        "fr": (FRENCH, "À vérifier\u202f: la somme exacte.", "«\u202f{}\u202f»"),
    }
    ids = []
    for language, (words, note, _marks) in quotes.items():
        text = f"Source {language}\n\nIntro. {words} Fin."
        meta = ArticleMeta(title=f"Source {language}", language=language)
        article = library.articles.add(text, meta)
        edit = QuoteEdit(speaker=f"Speaker {language}", note=note)
        ids.append(library.quotes.add_text(article.summary.id, words, 1, edit).quote.id)
    target = tmp_path / "wrapped.pdf"
    export_citations(library, ids, target, CitationListOptions(format=CitationFormat.PDF))
    copied = "\n".join(_pdfium_pages(target))
    joined = copied.replace("\n", " ")  # a line ends where a space was
    for language, (words, _note, marks) in quotes.items():
        quote = marks.format(words)
        at = joined.find(quote)
        assert at >= 0, language
        if language != "fr":
            assert copied[at : at + len(quote)].count("\n") >= 2, language  # 3 lines or more
    note_words = arabic_note.split()
    note_at = copied.find(note_words[0], copied.find(LONG_ARABIC[-20:]))
    note_lines = copied[note_at:].split("\n")
    assert len(note_lines) > 2 and note_words[-1] not in note_lines[0]  # it wraps
    assert _in_order(note_words, copied[note_at:])
    assert "Note: À vérifier\u202f: la somme exacte." in copied
