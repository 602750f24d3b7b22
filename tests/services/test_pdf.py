"""PDF import: paragraphs rebuilt exactly, page furniture dropped, every script, hostile files.

Fixtures are typeset by :mod:`tests.services.pdf_fixtures`; where a test depends on where a
line breaks (a hyphen at a line end, a paragraph running onto the next page) it first checks
that the fixture really breaks there, so a change in reportlab's metrics fails loudly instead
of silently testing nothing.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A5
from reportlab.lib.pdfencrypt import StandardEncryption

import services.importers.pdf as pdf_reader
from services.errors import ImportFailedError
from services.importers import read_bytes
from services.importers.pdf import pdf_date, plausible_title, read_pdf, split_authors
from services.importers.pdf_layout import (
    Line,
    build_paragraphs,
    is_page_number,
    join_lines,
    remove_furniture,
    vocabulary,
)
from services.importers.plain import read_plain_text
from services.importing import import_file
from services.library import Library
from services.text import canonicalize
from tests.services.pdf_fixtures import (
    Block,
    Heading,
    Lines,
    NewPage,
    Style,
    Text,
    build_pdf,
    image_only_pdf,
    japanese_font,
    pageless_pdf,
    typeset,
    unicode_font,
    without_unicode_map,
)

SHY = "\u00ad"
HEADER = "Harbour Authority — Annual Review 2025"


def _two_styles(page: int, total: int) -> str:
    return f"Page {page} of {total}" if page % 2 else f"— {page} —"


REPORT_STYLE = Style(header=HEADER, justify=True, page_size=A5, margin=48, page_number=_two_styles)
#: One page cannot show which lines repeat, so short fixtures go without a running header.
ONE_PAGE = Style(justify=True, page_size=A5, margin=48)

REPORT: list[Block] = [
    Heading("A year of repairs"),
    Text(
        "The harbour had a difficult year. Storms in February closed the outer basin for "
        "eleven days, and the ferry operators lost a fortnight of summer trade while the north "
        "pier was shut."
    ),
    Text(
        f"After a long public consultation the board approved the recon{SHY}struction of the "
        "north pier, which will reopen to ferries and fishing boats next spring."
    ),
    Text(
        "Engineers replaced the cast-iron columns under the landing stage, and they "
        "strengthened the deck, which has for years been a well-known weak point of the pier."
    ),
    Text(
        "“We will not let the pier fall into the sea,” the chair of the board told reporters "
        "after the vote. The harbour master added that divers had found the piles in better "
        "shape than the survey of 2019 suggested, and that the contractor expected to finish "
        "the landing stage before the first ferries of the season arrive in April. Residents "
        "of the old town have asked for the promenade on the pier to reopen first."
    ),
    Heading("Trade and partners"),
    Text(
        "In May the harbour welcomed a delegation of the Kazakh-Japanese logistics council. "
        "Its members toured the container terminal and signed a memorandum on grain transit."
    ),
    Text(
        "Container traffic grew by nine per cent over the year, bulk cargo held steady, and "
        "passenger numbers recovered to the level last seen before the pandemic. The cruise "
        "terminal, opened in April, received forty-one calls, twice the number the business "
        "plan had assumed, and the shops on the quay reported their best summer in a decade. "
        "Much of the growth came from two new liner services to the Baltic, which now call "
        "every week, and from the return of the overnight ferry to the islands, which had been "
        "suspended for three winters while its operator looked for a new vessel. The rail "
        "siding to the container terminal, closed since the floods, carried its first train "
        "again in October."
    ),
    Heading("Finances"),
    Text(
        "Revenue rose to 4.2 million euros, mostly from berth fees and the new cruise "
        "terminal. Costs rose less quickly than expected, because the dredging contract was "
        "tendered again and the winning bid came in a fifth below the old price. The authority "
        "ends the year without debt and with reserves equal to eight months of operating "
        "costs, which the board intends to keep for the second phase of the pier works, "
        "planned for 2027 and 2028."
    ),
    Text(
        "Wages, pensions and training took just under half of all spending. The authority "
        "hired six apprentices, the first in twelve years, and paid for two of its pilots to "
        "qualify for the largest cruise ships now calling at the port. Energy costs fell after "
        "solar panels went up on the roof of the warehouse on the east quay, which now covers "
        "most of the terminal's daytime consumption in summer."
    ),
    Heading("Outlook"),
    Text(
        "The board expects another busy year. Bookings from cruise lines for 2026 already "
        "exceed this year's calls, the ferry company has ordered a second vessel, and two "
        "grain traders have asked for longer leases on the silos by the west basin. The second "
        "phase of the pier works will replace the remaining timber piles and add a shore power "
        "connection, so that ships at berth can switch off their engines; the authority has "
        "applied for a regional grant that would pay for a third of the cost, and expects an "
        "answer before the summer. If the grant is refused, the board will borrow the money "
        "over ten years rather than delay the works, since every winter without new piles "
        "adds to the risk that the storms of February return. The works will be tendered in "
        "the autumn, and the board will report on their progress in next year's review."
    ),
    Text("The accounts were audited in January and approved without qualification."),
    Heading("The board"),
    Text(
        "The board met eleven times. Two members stood down in June and were replaced by "
        "representatives of the ferry operators and of the residents of the old town."
    ),
]


def _paragraphs(blocks: list[Block]) -> list[str]:
    """What a reader should get back: each heading and paragraph, soft hyphens invisible."""
    texts = [block.text for block in blocks if isinstance(block, Heading | Text)]
    return [text.replace(SHY, "") for text in texts]


def _lines_ending(pages: list[list[str]], ending: str) -> list[int]:
    """The pages on which a line ends with ``ending``."""
    return [
        number for number, lines in enumerate(pages, 1) for line in lines if line.endswith(ending)
    ]


# --- The English report -------------------------------------------------------------------


def test_report_premises() -> None:
    pages = typeset(REPORT, REPORT_STYLE)
    assert len(pages) == 3
    assert _lines_ending(pages, "recon-") == [1]  # a typesetter's hyphen
    assert _lines_ending(pages, " well-") == [1]  # a compound's own hyphen at a line end
    assert _lines_ending(pages, "Kazakh-") == [1]
    assert pages[1][:2] == ["train again in October.", "Finances"]  # runs onto page 2 …
    assert pages[2][:2] == ["qualification.", "The board"]  # … and onto page 3


def test_report_paragraphs_are_rebuilt_exactly() -> None:
    data = build_pdf(REPORT, REPORT_STYLE, title="Annual Review 2025", author="Jane Doe")
    document = read_pdf(data, "review.pdf")
    assert document.text.split("\n\n") == _paragraphs(REPORT)
    assert "reconstruction of the north pier" in document.text
    assert "a well-known weak point" in document.text
    assert "Kazakh-Japanese logistics council" in document.text
    assert "Harbour Authority —" not in document.text
    assert "Page " not in document.text
    assert "— 2 —" not in document.text
    assert canonicalize(document.text) == document.text


def test_report_remembers_the_page_each_paragraph_starts_on() -> None:
    document = read_pdf(build_pdf(REPORT, REPORT_STYLE), "review.pdf")
    assert document.paragraph_pages == (1,) * 8 + (2,) * 6 + (3,) * 2


def test_report_metadata() -> None:
    data = build_pdf(
        REPORT[:3],
        ONE_PAGE,
        title="Annual Review 2025",
        author="Jane Doe; John Smith",
        created="D:20250312094500+01'00'",
    )
    document = read_pdf(data, "review.pdf")
    assert document.title == "Annual Review 2025"
    assert document.authors == ("Jane Doe", "John Smith")
    assert str(document.published) == "2025-03-12"
    assert document.csl_type == "report"
    assert document.source_format == "pdf"
    assert document.language == ""  # left to detection


def test_placeholder_metadata_is_ignored_and_a_big_first_heading_is_the_title() -> None:
    data = build_pdf(
        REPORT[:3], ONE_PAGE, title="Microsoft Word - draft.docx", author="Administrator"
    )
    document = read_pdf(data, "draft.pdf")
    assert document.title == "A year of repairs"
    assert document.authors == ()


def test_imported_report_cites_the_page_of_a_quote(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "review.pdf"
    path.write_bytes(build_pdf(REPORT, REPORT_STYLE, title="Annual Review 2025"))
    added = import_file(library, path)
    article = library.articles.get(added.summary.id)
    assert article.meta.csl_type == "report"
    assert article.meta.language == "en"
    assert len(article.paragraph_pages) == len(article.text.split("\n\n"))
    assert article.page_at(article.text.index("reconstruction")) == 1
    assert article.page_at(article.text.index("Wages, pensions")) == 2
    assert article.page_at(article.text.index("The accounts were audited")) == 2
    assert article.page_at(article.text.index("The board met")) == 3


# --- Other languages and scripts ----------------------------------------------------------

INTERVIEW: list[Block] = [
    Heading("«Порт должен работать круглый год»"),
    Text(
        "Начальник порта Анна Ковалёва рассказала нашему изданию о ремонте северного пирса, "
        "о новых паромных линиях и о том, почему порт не боится зимних штормов."
    ),
    Text(
        "Анна Сергеевна, в феврале порт на одиннадцать дней закрыл внешний бассейн. Что произошло?",
        bold=True,
    ),
    Text(
        "Шторм был самым сильным за последние двадцать лет. Волна повредила чугунные колонны "
        "под причалом, и мы не могли рисковать людьми. Паромщики потеряли две недели, но никто "
        "не пострадал, и это главное."
    ),
    Text("Когда пирс откроется снова?", bold=True),
    Text(
        "Мы рассчитываем закончить работы к весне. Водолазы обнаружили, что сваи в лучшем "
        "состоянии, чем показало обследование 2019 года, поэтому подрядчик обещает уложиться "
        "в срок. «Мы не позволим пирсу упасть в море», – сказала я тогда журналистам, и я "
        "готова это повторить."
    ),
    Text(
        "Говорят, что к вам приезжала делегация из Казахстана и Японии. Чем закончилась встреча?",
        bold=True,
    ),
    Text(
        "Мы подписали меморандум о транзите казахстанского зерна. Казахстанско-японский "
        "логистический совет давно ищет маршрут через Балтику, и порт оказался удобнее "
        "соседних. Кто-нибудь скажет, что это мелочь, но для нас это сорок тысяч тонн в год "
        "и новые рабочие места."
    ),
    Text("Не мешает ли ремонт туристам?", bold=True),
    Text(
        "Напротив. Круизный терминал принял сорок один заход – вдвое больше, чем предполагал "
        "бизнес-план. Магазины на набережной провели лучшее лето за десять лет. Жители "
        "старого города просят открыть прогулочную часть пирса первой, и мы постараемся это "
        "сделать уже в апреле, до начала сезона."
    ),
    Text("Что будет дальше?", bold=True),
    Text(
        "Вторая очередь работ заменит оставшиеся деревянные сваи и даст судам береговое "
        f"электро{SHY}питание, чтобы у причала они могли выключать двигатели. Мы подали "
        "заявку на региональный грант, который покроет треть расходов. Ответ ждём до лета, а "
        "пока продолжаем готовиться к сезону и надеемся на спокойную зиму."
    ),
]


def _interview_style() -> Style:
    font, bold = unicode_font()
    return Style(
        font=font,
        bold_font=bold,
        indent=16,
        paragraph_space=0,
        page_size=A5,
        margin=48,
        header="Морской вестник · Интервью",
        number_in_header=True,
        page_number=lambda page, _total: f"стр. {page}",
    )


def test_russian_interview_with_indents_and_bold_questions() -> None:
    style = _interview_style()
    pages = typeset(INTERVIEW, style)
    assert len(pages) == 2
    assert _lines_ending(pages, " Кто-") == [1]
    assert _lines_ending(pages, "электро-") == [2]
    document = read_pdf(build_pdf(INTERVIEW, style, author="Ирина Петрова, Олег Смирнов"), "x")
    assert document.text.split("\n\n") == _paragraphs(INTERVIEW)
    assert "Кто-нибудь скажет" in document.text
    assert "береговое электропитание" in document.text
    assert document.paragraph_pages == (1,) * 10 + (2, 2)
    assert document.authors == ("Ирина Петрова", "Олег Смирнов")


GREEK = (
    "Ο λιμενάρχης δήλωσε ότι η βόρεια προβλήτα θα ανοίξει ξανά την επόμενη άνοιξη, μετά το "
    "τέλος των μεγάλων εργασιών αποκατάστασης που ξεκίνησαν τον χειμώνα."
)
GERMAN = (
    "Der Hafenmeister erklärte, dass die nördliche Mole im nächsten Frühjahr wieder öffnen "
    "werde. „Wir lassen die Mole nicht ins Meer stürzen“, sagte die Vorsitzende gegenüber "
    "Journalisten – die Größe der Aufgabe sei ihr bewusst."
)


def test_greek_and_german_exactly() -> None:
    font, bold = unicode_font()
    blocks: list[Block] = [Heading("Λιμάνι"), Text(GREEK), Heading("Größere Schäden"), Text(GERMAN)]
    style = Style(font=font, bold_font=bold, page_size=A5, margin=48)
    document = read_pdf(build_pdf(blocks, style), "mixed.pdf")
    assert document.text.split("\n\n") == ["Λιμάνι", GREEK, "Größere Schäden", GERMAN]


def test_japanese_lines_join_without_spaces() -> None:
    text = (
        "港湾局の局長は、北側の桟橋が来年の春に再開すると述べた。「桟橋を海に落とすことはない」"
        "と記者団に語った。冬に始まった大規模な修復工事は予定より早く終わる見込みだ。"
    )
    font = japanese_font()
    style = Style(font=font, bold_font=font, page_size=A5, margin=48, page_number=None)
    assert len(typeset([Text(text)], style)[0]) > 1
    document = read_pdf(build_pdf([Text(text), Text(text)], style), "ja.pdf")
    assert document.text.split("\n\n") == [text, text]


@pytest.mark.parametrize(
    "text",
    [
        "قال رئيس الميناء إن الرصيف الشمالي سيفتح من جديد في الربيع المقبل بعد انتهاء أعمال "
        "الترميم الكبيرة التي بدأت في الشتاء.",
        "ראש הנמל אמר כי המזח הצפוני ייפתח מחדש באביב הבא לאחר סיום עבודות השיקום הגדולות "
        "שהחלו בחורף.",
    ],
    ids=["arabic", "hebrew"],
)
def test_right_to_left_text_is_stored_in_logical_order(text: str) -> None:
    """A PDF draws right-to-left lines in visual order; the text must read in logical order."""
    font, bold = unicode_font()
    style = Style(font=font, bold_font=bold, rtl=True, page_size=A5, margin=48)
    assert len(typeset([Text(text)], style)[0]) > 1
    document = read_pdf(build_pdf([Text(text), Text(text)], style), "rtl.pdf")
    assert document.text.split("\n\n") == [text, text]


def test_two_columns_drawn_line_by_line_read_column_by_column() -> None:
    first = (
        "The first column tells how the storm began: a swell from the north-west that rose "
        "through the night and broke over the outer wall before dawn, flooding the quay."
    )
    second = (
        "The second column tells how it ended, with the wind dropping at noon and the "
        "harbour master reopening the basin to the fishing boats two days later."
    )
    style = Style(columns=2, interleave=True, page_number=None, size=10, leading=12)
    document = read_pdf(
        build_pdf([Heading("Storm"), Text(first), NewPage(), Text(second)], style), "columns.pdf"
    )
    assert document.text.split("\n\n") == ["Storm", first, second]


def test_a_diagonal_watermark_is_not_text() -> None:
    style = Style(justify=True, page_size=A5, margin=48, watermark="DRAFT ONLY")
    document = read_pdf(build_pdf(REPORT[:3], style), "draft.pdf")
    assert document.text.split("\n\n") == _paragraphs(REPORT[:3])


def test_soft_hyphens_and_ligatures_in_the_text_layer() -> None:
    font, bold = unicode_font()
    style = Style(font=font, bold_font=bold, page_number=None)
    blocks: list[Block] = [
        Lines((f"The co{SHY}operative's ﬁnal offer was ac{SHY}", "cepted by the ﬂeet."))
    ]
    document = read_pdf(build_pdf(blocks, style), "shy.pdf")
    assert document.text == "The cooperative's final offer was accepted by the fleet."


# --- Hostile and unreadable files ---------------------------------------------------------


def test_encrypted_pdf_is_refused_with_a_clear_message() -> None:
    data = build_pdf(REPORT[:2], REPORT_STYLE, encrypt="secret")
    with pytest.raises(ImportFailedError) as raised:
        read_pdf(data, "locked.pdf")
    assert str(raised.value) == "locked.pdf: the PDF is password-protected"


def test_pdf_with_only_an_owner_password_is_read() -> None:
    """Permissions without a password to open: any reader shows the text, so do we."""
    owner_only = StandardEncryption("", ownerPassword="owner", canCopy=0)
    data = build_pdf(REPORT[:2], ONE_PAGE, encrypt=owner_only)
    assert read_pdf(data, "restricted.pdf").text.startswith("A year of repairs")


def test_image_only_pdf_has_no_text_layer() -> None:
    with pytest.raises(ImportFailedError) as raised:
        read_pdf(image_only_pdf(), "scan.pdf")
    assert str(raised.value) == f"scan.pdf: {pdf_reader.NO_TEXT}"
    assert "no text layer (scanned?)" in str(raised.value)


def test_fonts_without_a_unicode_map_give_an_unreadable_text_layer() -> None:
    data = build_pdf(INTERVIEW, _interview_style(), compress=False)
    assert read_pdf(data, "ok.pdf").text.startswith("«Порт")
    with pytest.raises(ImportFailedError) as raised:
        read_pdf(without_unicode_map(data), "garbled.pdf")
    assert raised.value.reason == pdf_reader.UNREADABLE


def test_page_numbers_alone_are_no_text_layer() -> None:
    """A scan with only the page numbers typed onto it has no text worth importing."""
    style = Style(page_number=lambda page, _total: str(page))
    with pytest.raises(ImportFailedError, match="no text layer"):
        read_pdf(build_pdf([NewPage(), NewPage()], style), "scan.pdf")


@pytest.mark.parametrize(
    "data",
    [
        b"this is not a PDF at all, just text with a .pdf name\n" * 20,
        bytes(range(256)) * 40,
        b"%PDF-1.7\n" + b"\x00garbage\xff" * 500 + b"\n%%EOF\n",
    ],
    ids=["text", "binary", "header-only"],
)
def test_garbage_is_a_damaged_pdf(data: bytes) -> None:
    with pytest.raises(ImportFailedError) as raised:
        read_pdf(data, "junk.pdf")
    assert raised.value.item == "junk.pdf"
    assert raised.value.reason.startswith("damaged PDF: ")


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.95])
def test_truncated_pdf_is_damaged(keep: float) -> None:
    data = build_pdf(REPORT, REPORT_STYLE)
    with pytest.raises(ImportFailedError) as raised:
        read_pdf(data[: int(len(data) * keep)], "cut.pdf")
    assert raised.value.reason == "damaged PDF: the file is cut short (it has no end-of-file mark)"


def test_pdf_without_pages() -> None:
    with pytest.raises(ImportFailedError) as raised:
        read_pdf(pageless_pdf(), "empty.pdf")
    assert raised.value.reason == "the PDF has no pages"


def test_too_many_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 2)
    with pytest.raises(ImportFailedError) as raised:
        read_pdf(build_pdf(REPORT, REPORT_STYLE), "long.pdf")
    assert raised.value.reason == "the PDF has 3 pages; Quotebook reads at most 2"


def test_pdf_is_read_through_the_registry() -> None:
    document = read_bytes(build_pdf(REPORT[:2], ONE_PAGE), "review.pdf", ".PDF")
    assert document.text.startswith("A year of repairs\n\nThe harbour had")


# --- Metadata helpers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "title"),
    [
        ("Annual Review 2025", "Annual Review 2025"),
        ("  Годовой   отчёт ", "Годовой отчёт"),
        ("Microsoft Word - draft.docx", ""),
        ("Microsoft Word - Annual Review", ""),
        ("untitled", ""),
        ("Document1", ""),
        ("report_final_v3.pdf", ""),
        ("C:\\Users\\jd\\report.doc", ""),
        ("https://example.org/report", ""),
        ("2025", ""),
        ("", ""),
    ],
)
def test_plausible_title(raw: str, title: str) -> None:
    assert plausible_title(raw) == title


@pytest.mark.parametrize(
    ("raw", "authors"),
    [
        ("Jane Doe; John Smith", ("Jane Doe", "John Smith")),
        ("Jane Doe, John Smith", ("Jane Doe", "John Smith")),
        ("Jane Doe and John Smith", ("Jane Doe", "John Smith")),
        ("Ирина Петрова и Олег Смирнов", ("Ирина Петрова", "Олег Смирнов")),
        ("Smith, John", ("Smith, John",)),
        ("Reuters", ("Reuters",)),
        ("Administrator", ()),
        ("jsmith", ()),
        ("anonymous", ()),
        ("", ()),
    ],
)
def test_split_authors(raw: str, authors: tuple[str, ...]) -> None:
    assert split_authors(raw) == authors


@pytest.mark.parametrize(
    ("raw", "day"),
    [
        ("D:20250312094500+01'00'", "2025-03-12"),
        ("D:2024", "2024-01-01"),
        ("20231105", "2023-11-05"),
        ("D:20251341", None),
        ("D:18500101", None),
        ("yesterday", None),
        ("", None),
    ],
)
def test_pdf_date(raw: str, day: str | None) -> None:
    found = pdf_date(raw)
    assert (str(found) if found else None) == day


# --- The layout rules, line by line -------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "3",
        "12",
        "3 / 12",
        "3/12",
        "Page 3 of 12",
        "page 3",
        "— 3 —",
        "- 3 -",
        "стр. 3",
        "Страница 3 из 12",
        "Seite 3 von 12",
        "p. 7",
        "iv",
        "XII",
        "[3]",
        "٣",
    ],
)
def test_page_numbers(text: str) -> None:
    assert is_page_number(text)


@pytest.mark.parametrize(
    "text", ["3 ships", "Page one", "Chapter 3", "2025 was a hard year", "I said", "", "Table 3"]
)
def test_not_page_numbers(text: str) -> None:
    assert not is_page_number(text)


@pytest.mark.parametrize(
    ("first", "second", "joined"),
    [
        ("the recon-", "struction of", "the reconstruction of"),
        ("the Kazakh-", "Japanese council", "the Kazakh-Japanese council"),
        ("Абу Али ибн-", "Сина писал", "Абу Али ибн-Сина писал"),
        ("a well-", "known point", "a well-known point"),
        ("a self-", "made man", "a self-made man"),
        ("state-of-the-", "art cranes", "state-of-the-art cranes"),
        ("a cost-effec-", "tive plan", "a cost-effective plan"),
        ("a 10-", "year plan", "a 10-year plan"),
        ("COVID-", "19 rules", "COVID-19 rules"),
        ("кто-", "нибудь скажет", "кто-нибудь скажет"),
        ("мес-", "то встречи", "место встречи"),
        (f"soft hy{SHY}", "phen", "soft hyphen"),
        ("the years 2010–", "2020 saw", "the years 2010–2020 saw"),
        ("Япония –", "наш сосед", "Япония – наш сосед"),
        ("港湾局の局長は、", "北側の桟橋", "港湾局の局長は、北側の桟橋"),
        ("ends here.", "Next", "ends here. Next"),
        ("a dash -", "then", "a dash - then"),
    ],
)
def test_join_lines(first: str, second: str, joined: str) -> None:
    assert join_lines(first, second) == joined


def test_the_document_decides_ambiguous_hyphens() -> None:
    words = vocabulary(
        [
            "the long-term plan and the short-term plan are shown",
            "a small dockside building stands on the quay",
            "our торгово-экономические связи растут быстро",
        ]
    )
    assert join_lines("a long-", "term view", words) == "a long-term view"
    assert join_lines("the short-", "term view", words) == "the short-term view"
    assert join_lines("the dock-", "side building", words) == "the dockside building"
    assert join_lines("торгово-", "экономические", words) == "торгово-экономические"
    assert join_lines("the dock-", "side building") == "the dockside building"


def _line(
    text: str, page: int, top: float, *, start: float = 72, end: float = 500, size: float = 11
) -> Line:
    return Line(text, page, start, end, top, size, first_word=30)


def test_running_headers_and_page_numbers_are_removed_from_the_edges_only() -> None:
    body = ["Storms closed the basin.", "The pier was shut.", "Divers found the piles.", "Fine."]
    pages = [
        [
            _line("Harbour Authority — Annual Review 2025", page, 40, size=9),
            _line(body[page - 1], page, 80),
            _line("Harbour Authority — Annual Review 2025", page, 300),  # quoted in the body
            _line(f"Closing line {'ABCD'[page - 1]}", page, 700),
            _line(f"Page {page} of 4", page, 800, size=9),
        ]
        for page in range(1, 5)
    ]
    kept = remove_furniture(pages)
    assert [line.text for line in kept[0]] == [
        "Storms closed the basin.",
        "Harbour Authority — Annual Review 2025",
        "Closing line A",
    ]


def test_a_line_repeated_on_few_pages_is_body_text() -> None:
    """Twice in seven pages is less than the 40 % a running header needs."""
    pages = [
        [
            _line("Introduction" if page in (1, 4) else f"Section {'ABCDEFGH'[page]}", page, 40),
            _line(f"Text that only page {'ABCDEFGH'[page]} has", page, 80),
        ]
        for page in range(1, 8)
    ]
    kept = remove_furniture(pages)
    assert [line.text for line in kept[0]] == ["Introduction", "Text that only page B has"]


def test_paragraph_breaks_at_gaps_indents_and_short_lines() -> None:
    lines = [
        _line("A first paragraph that fills", 1, 100),
        _line("the line and ends short.", 1, 114, end=250),
        _line("A second after a short line", 1, 128),
        _line("and a third after a gap.", 1, 142),
        _line("Gap above this one,", 1, 170),
        _line("closing the fourth.", 1, 184),
        _line("An indented fifth begins", 1, 198, start=90),
        _line("here and goes on", 1, 212),
        _line("to the page's end", 1, 226),
    ]
    paragraphs = build_paragraphs([lines])
    assert [paragraph.text for paragraph in paragraphs] == [
        "A first paragraph that fills the line and ends short.",
        "A second after a short line and a third after a gap.",
        "Gap above this one, closing the fourth.",
        "An indented fifth begins here and goes on to the page's end",
    ]


def test_list_items_and_block_quotations() -> None:
    lines = [
        _line("The board agreed on three points, which", 1, 100),
        _line("are listed below:", 1, 114, end=200),
        _line("• the pier reopens in spring, with the", 1, 128),
        _line("promenade first;", 1, 142, start=84, end=180),
        _line("• fees stay as they are;", 1, 156, end=220),
        _line("• the reserves are kept for the second phase", 1, 170),
        _line("of the works.", 1, 184, start=84, end=150),
        _line("“We will not let the pier fall into the", 1, 198, start=108, end=462),
        _line("sea,” the chair said.", 1, 212, start=108, end=250),
        _line("After the quotation the text goes on at the", 1, 226),
        _line("margin again.", 1, 240, end=150),
    ]
    assert [paragraph.text for paragraph in build_paragraphs([lines])] == [
        "The board agreed on three points, which are listed below:",
        "• the pier reopens in spring, with the promenade first;",
        "• fees stay as they are;",
        "• the reserves are kept for the second phase of the works.",
        "“We will not let the pier fall into the sea,” the chair said.",
        "After the quotation the text goes on at the margin again.",
    ]


def test_presentation_forms_and_ligatures_become_plain_letters() -> None:
    lines = [_line("\ufee3\ufeae\ufea3\ufe92\ufe8e \ufb01ne \ufb02ow", 1, 100)]
    assert build_paragraphs([lines])[0].text == "مرحبا fine flow"


def test_paragraph_continues_across_a_page_break_unless_the_next_page_indents() -> None:
    pages = [
        [_line("A paragraph that runs", 1, 100), _line("to the bottom of", 1, 114)],
        [_line("the page and on.", 2, 100, end=250), _line("Indented, a new one.", 2, 114)],
        [_line("Continued?", 3, 100, start=100)],
    ]
    paragraphs = build_paragraphs(pages)
    assert [(paragraph.text, paragraph.page) for paragraph in paragraphs] == [
        ("A paragraph that runs to the bottom of the page and on.", 1),
        ("Indented, a new one.", 2),
        ("Continued?", 3),
    ]


# --- The reference article: .txt, .pdf and .docx give the same paragraphs ----------------


def _blocks(text: str) -> list[str]:
    """The non-empty lines of a text, white space collapsed.

    The reference .txt puts a question and its answer on consecutive lines (one newline) and
    separates the exchanges by a blank line. A PDF or a Word file has only one kind of
    paragraph, so each line of the .txt becomes one paragraph there; the texts are compared
    as sequences of these blocks.
    """
    return [" ".join(line.split()) for line in canonicalize(text).split("\n") if line.strip()]


def _reference_blocks(path: Path) -> list[str]:
    return _blocks(read_plain_text(path.read_bytes(), path.name).text)


@pytest.mark.parametrize("justify", [False, True], ids=["ragged", "justified"])
def test_reference_article_pdf_matches_txt(reference_article: Path, justify: bool) -> None:
    font, bold = unicode_font()
    expected = _reference_blocks(reference_article)
    style = Style(
        font=font,
        bold_font=bold,
        size=10.5,
        leading=13,
        justify=justify,
        indent=0 if justify else 18,
        paragraph_space=5 if justify else 0,
        page_size=A5,
        margin=48,
        header="Казахстан и Япония: интервью с политологом",
        page_number=lambda page, total: f"стр. {page}" if page % 2 else f"{page} / {total}",
    )
    assert len(typeset([Text(block) for block in expected], style)) >= 4
    data = build_pdf([Text(block) for block in expected], style, title="Казахстан и Япония")
    document = read_pdf(data, "interview.pdf")
    assert _blocks(document.text) == expected
    assert len(document.paragraph_pages) == len(expected)
    assert document.paragraph_pages[0] == 1
    assert document.paragraph_pages[-1] >= 3


def test_reference_article_docx_matches_txt(reference_article: Path) -> None:
    pytest.importorskip("services.importers.word", reason="the DOCX reader is not written yet")
    import docx

    from services.importers.word import read_docx

    expected = _reference_blocks(reference_article)
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Казахстан и Япония: интервью"
    for block in expected:
        document.add_paragraph(block)
    buffer = io.BytesIO()
    document.save(buffer)
    imported = read_docx(buffer.getvalue(), "interview.docx")
    assert _blocks(imported.text) == expected
