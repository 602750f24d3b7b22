"""The annotated PDF of an article, read back as an editor's PDF reader would read it.

Text comes out through PDFium (see ``test_fonts`` for why): a quote's words must be in the
extracted text as they are in the article. Line breaks are not characters of the quote, so
whitespace runs are compared as single spaces.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pypdf
import pytest

from models.tables import QuoteKind
from services.errors import InvalidInputError
from services.export.annotated import export_annotated_pdf, gather
from services.export.options import AnnotatedPdfOptions, NotePlacement, Paper, QuoteChoice
from services.export.pdf import body
from services.importing import import_file
from services.library import Library
from services.progress import CancelledError, TaskContext
from services.readmodels import ArticleMeta, QuoteEdit, SpeakerFields
from tests.services.export.test_fonts import pdfium_text

SECRET_NAME = "Эльмира Скрытная"
SECRET_LABEL = "a senior diplomat"
SECRET_ROLE = "советник МИД"


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def sentences(text: str) -> list[str]:
    return [
        sentence
        for paragraph in text.split("\n\n")
        for sentence in re.split(r"(?<=[.!?])\s+", paragraph)
        if len(sentence) > 50
    ]


def add(
    library: Library,
    article_id: int,
    words: str,
    speaker: str,
    *,
    tags: tuple[str, ...] = (),
    note: str = "",
    kind: QuoteKind = QuoteKind.DIRECT,
) -> int:
    change = library.quotes.add_text(
        article_id, words, 1, QuoteEdit(speaker=speaker, tags=tags, note=note, kind=kind)
    )
    return change.quote.id


def make_confidential(library: Library) -> None:
    info = library.speakers.find(SECRET_NAME)
    assert info is not None
    library.speakers.update(
        info.id,
        SpeakerFields(
            name=SECRET_NAME,
            role=SECRET_ROLE,
            color=info.color,
            confidential=True,
            public_label=SECRET_LABEL,
        ),
    )


@pytest.fixture
def interview(library: Library, reference_article: Path) -> int:
    """The reference interview with quotes by three speakers, one of them confidential."""
    article_id = import_file(library, reference_article).summary.id
    library.articles.update_meta(
        article_id,
        ArticleMeta(
            title="Визит Токаева в Японию: интервью с политологом",
            outlet="Казахстанская правда",
            authors=("Айгерим Сейсенбаева",),
            url="https://example.kz/interview",
            language="ru",
        ),
    )
    said = sentences(library.articles.get(article_id).text)
    add(
        library,
        article_id,
        said[4],
        "Бакыт Бешимбаев",
        tags=("экономика",),
        note="Цифры <b>проверить</b>.",
    )
    add(library, article_id, said[8], "Бакыт Бешимбаев", tags=("визит",))
    add(library, article_id, said[12], "Касым-Жомарт Токаев", kind=QuoteKind.INDIRECT)
    add(
        library, article_id, said[13], SECRET_NAME, tags=("дипломатия",), note="Просил не называть."
    )
    add(library, article_id, said[20], SECRET_NAME, kind=QuoteKind.PARAPHRASE)
    add(library, article_id, said[25], "Касым-Жомарт Токаев", tags=("визит", "экономика"))
    make_confidential(library)
    return article_id


def export(library: Library, article_id: int, tmp_path: Path, **options: Any) -> Path:
    target = tmp_path / "annotated.pdf"
    written = export_annotated_pdf(library, article_id, target, AnnotatedPdfOptions(**options))
    assert written == target
    return target


def highlight_annotations(path: Path) -> list[Any]:
    found: list[Any] = []
    for page in pypdf.PdfReader(path).pages:
        for reference in page.get("/Annots", []) or []:
            found.append(reference.get_object())
    return found


def test_every_quote_is_in_the_extracted_text_verbatim(
    library: Library, interview: int, tmp_path: Path
) -> None:
    path = export(library, interview, tmp_path)
    text = flat(" ".join(pdfium_text(path)))
    quotes = library.quotes.for_article(interview)
    assert len(quotes) == 6
    for quote in quotes:
        assert flat(quote.text) in text
    article = flat(library.articles.get(interview).text)
    body_text = flat(" ".join(pdfium_text(path)[1:]))
    # The article's words come out in order, paragraph after paragraph, unchanged.
    for paragraph in library.articles.get(interview).text.split("\n\n"):
        assert flat(paragraph) in body_text or flat(paragraph) in article


def test_each_quote_is_a_native_highlight_annotation(
    library: Library, interview: int, tmp_path: Path
) -> None:
    path = export(library, interview, tmp_path)
    found = highlight_annotations(path)
    quotes = {f"quote-{quote.id}": quote for quote in library.quotes.for_article(interview)}
    names = {str(annotation["/NM"]).rsplit("-", 1)[0] for annotation in found}
    assert names == set(quotes)
    speakers = {info.id: info for info in library.speakers.list()}
    for annotation in found:
        quote = quotes[str(annotation["/NM"]).rsplit("-", 1)[0]]
        speaker = speakers[quote.speaker_id]
        assert annotation["/Subtype"] == "/Highlight"
        quads = [float(value) for value in annotation["/QuadPoints"]]
        assert quads and len(quads) % 8 == 0
        rect = [float(value) for value in annotation["/Rect"]]
        assert rect[0] <= min(quads[0::2]) and max(quads[0::2]) <= rect[2]
        expected = body.annotation_color(body.rgb(_hex(speaker.color)))
        assert [float(value) for value in annotation["/C"]] == pytest.approx(expected, abs=1e-3)
        assert str(annotation["/T"]) == speaker.public_name
        assert "/AP" in annotation
    first = next(
        a for a in found if str(a["/NM"]).startswith(f"quote-{min(q.id for q in quotes.values())}")
    )
    assert "Цифры <b>проверить</b>." in str(first["/Contents"])
    assert "экономика" in str(first["/Contents"])


def _hex(value: str) -> Any:
    from reportlab.lib.colors import HexColor

    return HexColor(value)


def test_confidential_speakers_appear_only_by_their_label(
    library: Library, interview: int, tmp_path: Path
) -> None:
    path = export(library, interview, tmp_path)
    reader = pypdf.PdfReader(path)
    text = " ".join(pdfium_text(path))
    assert SECRET_LABEL in text
    notes = [
        str(a.get("/T", "")) + str(a.get("/Contents", "")) for a in highlight_annotations(path)
    ]
    everywhere = [
        text,
        " ".join(notes),
        str(reader.metadata),
        _outline_titles(reader),
    ]
    for place in everywhere:
        assert SECRET_NAME not in place
        assert SECRET_ROLE not in place
    assert SECRET_LABEL in _outline_titles(reader)
    assert "real names of confidential sources" not in text


def test_real_names_only_when_asked_and_then_the_first_page_says_so(
    library: Library, interview: int, tmp_path: Path
) -> None:
    path = export(library, interview, tmp_path, reveal_confidential=True)
    pages = pdfium_text(path)
    assert SECRET_NAME in pages[0]
    assert "real names of confidential sources" in flat(pages[0])
    assert any(str(a["/T"]) == SECRET_NAME for a in highlight_annotations(path))


def test_first_page_has_the_source_the_legend_and_the_tags(
    library: Library, interview: int, tmp_path: Path
) -> None:
    path = export(library, interview, tmp_path)
    first = flat(pdfium_text(path)[0])
    for expected in (
        "Визит Токаева в Японию: интервью с политологом",
        "Казахстанская правда",
        "Айгерим Сейсенбаева",
        "https://example.kz/interview",
        "Citation (",
        "Бакыт Бешимбаев",
        "Касым-Жомарт Токаев",
        "confidential source",
        "2 quotes",
        "экономика (2)",
        "визит (2)",
        "дипломатия (1)",
        "Exported",
    ):
        assert expected in first, expected


def test_pages_are_numbered_and_headed(library: Library, interview: int, tmp_path: Path) -> None:
    path = export(library, interview, tmp_path)
    pages = pdfium_text(path)
    total = len(pages)
    assert total >= 3
    for number, text in enumerate(pages, start=1):
        assert re.search(rf"\b{number} /\s*{total}\b", text), number
    assert "Визит Токаева в Японию" in pages[1]


def test_metadata_and_bookmarks(library: Library, interview: int, tmp_path: Path) -> None:
    path = export(library, interview, tmp_path)
    reader = pypdf.PdfReader(path)
    metadata = reader.metadata
    assert metadata is not None
    assert metadata.title == "Визит Токаева в Японию: интервью с политологом"
    assert metadata.author == "Айгерим Сейсенбаева"
    assert "Казахстанская правда" in str(metadata.subject)
    keywords = str(metadata.get("/Keywords"))
    for tag in ("экономика", "визит", "дипломатия"):
        assert tag in keywords
    outline = reader.outline
    speakers = [item for item in outline if not isinstance(item, list)]
    assert [str(item.title).rsplit(" (", 1)[0] for item in speakers] == [
        "Бакыт Бешимбаев",
        "Касым-Жомарт Токаев",
        SECRET_LABEL,
    ]
    children = [item for item in outline if isinstance(item, list)]
    assert [len(group) for group in children] == [2, 2, 2]


def _outline_titles(reader: pypdf.PdfReader) -> str:
    titles: list[str] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(str(item.title))

    walk(reader.outline)
    return " | ".join(titles)


def test_endnotes_instead_of_margin_notes(library: Library, interview: int, tmp_path: Path) -> None:
    margin = pdfium_text(export(library, interview, tmp_path))
    path = export(library, interview, tmp_path, notes=NotePlacement.ENDNOTES)
    pages = pdfium_text(path)
    notes_page = pages[-1]
    assert notes_page.startswith("Notes\n")
    assert "Цифры <b>проверить</b>." in notes_page
    assert "Цифры" not in " ".join(pages[1:-1])  # no note beside the text
    assert "Цифры" in " ".join(margin[1:])
    none = pdfium_text(export(library, interview, tmp_path, notes=NotePlacement.NONE))
    assert "Цифры" not in " ".join(none)
    for quote in library.quotes.for_article(interview):
        assert flat(quote.text) in flat(" ".join(pages))


def test_letter_paper(library: Library, interview: int, tmp_path: Path) -> None:
    path = export(library, interview, tmp_path, paper=Paper.LETTER)
    for page in pypdf.PdfReader(path).pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == (612, 792)
    a4 = pypdf.PdfReader(export(library, interview, tmp_path)).pages[0]
    assert round(float(a4.mediabox.width)) == 595


def test_options_choose_the_quotes(library: Library, interview: int, tmp_path: Path) -> None:
    speaker = library.speakers.find("Касым-Жомарт Токаев")
    assert speaker is not None
    path = export(library, interview, tmp_path, choice=QuoteChoice(speaker_ids=(speaker.id,)))
    assert {str(a["/T"]) for a in highlight_annotations(path)} == {"Касым-Жомарт Токаев"}
    tag = next(tag for tag in library.tags.list() if tag.name == "дипломатия")
    chosen = gather(library, interview, AnnotatedPdfOptions(choice=QuoteChoice(tag_ids=(tag.id,))))
    assert [mark.label for mark in chosen.marks] == [SECRET_LABEL]
    kinds = QuoteChoice(kinds=(QuoteKind.PARAPHRASE, QuoteKind.INDIRECT))
    chosen = gather(library, interview, AnnotatedPdfOptions(choice=kinds))
    assert sorted(mark.kind for mark in chosen.marks) == ["indirect", "paraphrase"]


TEXT_WITH_MARKUP = (
    "Markup in the source\n\n"
    'The press release said <b>"record profits"</b> & <i>more</i>; &amp; stays &amp;.\n\n'
    "Overlapping: the minister said the tariffs would stay, and the adviser added that "
    "they would stay for a year at least, which nobody had expected."
)


def test_user_text_prints_as_written_and_overlapping_quotes_stay_readable(
    library: Library, tmp_path: Path
) -> None:
    article_id = library.articles.add(
        TEXT_WITH_MARKUP, ArticleMeta(title="<b>Not bold</b>")
    ).summary.id
    add(library, article_id, '<b>"record profits"</b> & <i>more</i>', "Press office")
    add(library, article_id, "the tariffs would stay, and the adviser added", "Minister")
    add(library, article_id, "added that they would stay", "Adviser")
    path = export(library, article_id, tmp_path)
    text = flat(" ".join(pdfium_text(path)))
    assert flat(TEXT_WITH_MARKUP.split("\n\n")[1]) in text
    assert "<b>Not bold</b>" in text
    for quote in library.quotes.for_article(article_id):
        assert flat(quote.text) in text
    laid_out = body.paginate(
        library.articles.get(article_id).text,
        gather(library, article_id, AnnotatedPdfOptions()).marks,
        _geometry(),
    )
    tracks = {mark.number: track for track, mark, _ in laid_out.pages[0].highlights}
    assert sorted(tracks.values()) == [0, 0, 1]  # the nested quote is drawn inset


def _geometry() -> body.Geometry:
    return body.Geometry(595, 842, 54, 778, 54, 339, notes_left=409, notes_width=150)


def test_many_quotes_on_one_paragraph_stack_without_overlapping(
    library: Library, tmp_path: Path
) -> None:
    words = [f"word{number}" for number in range(400)]
    article_id = library.articles.add(" ".join(words), ArticleMeta(title="Dense")).summary.id
    for number in range(0, 400, 10):
        add(
            library,
            article_id,
            " ".join(words[number : number + 3]),
            f"Speaker {number % 3}",
            note="A note that takes two lines in the margin at least.",
        )
    marks = gather(library, article_id, AnnotatedPdfOptions()).marks
    laid_out = body.paginate(library.articles.get(article_id).text, marks, _geometry())
    placed = 0
    for page in laid_out.pages:
        previous_bottom = 778.0 + 1
        for top, block in page.notes:
            assert top <= previous_bottom
            assert top - block.height >= 54 - 0.01
            previous_bottom = top - block.height
            placed += 1
    assert placed == len(marks) == 40
    numbers = [block.mark.number for page in laid_out.pages for _, block in page.notes]
    assert numbers == sorted(numbers)
    assert len(laid_out.pages) > max(laid_out.start_pages.values()) + 1  # notes carried over
    path = export(library, article_id, tmp_path)
    assert len(highlight_annotations(path)) == 40


MIXED = (
    "Voices\n\n"
    "قال الوزير في مؤتمر صحفي: «لن نرفع الرسوم الجمركية هذا العام»، مضيفاً أن الحكومة تدرس "
    "خيارات أخرى لحماية الصناعة المحلية.\n\n"
    'השר אמר במסיבת עיתונאים: "לא נעלה את המכסים השנה", והוסיף כי הממשלה בוחנת אפשרויות.\n\n'
    "東京都の知事は記者会見で「私たちは関税を引き上げるつもりはありません」と述べた。\n\n"
    "The crowd cheered 🎉😀 and the mayor said: “We did it 👍”."
)


def test_a_page_mixing_scripts_keeps_every_quote(library: Library, tmp_path: Path) -> None:
    article_id = library.articles.add(MIXED, ArticleMeta(title="Голоса — أصوات — 声")).summary.id
    quoted = [
        "«لن نرفع الرسوم الجمركية هذا العام»",
        '"לא נעלה את המכסים השנה"',
        "「私たちは関税を引き上げるつもりはありません」",
        "“We did it 👍”",
    ]
    for number, words in enumerate(quoted):
        add(library, article_id, words, f"Speaker {number}", note=words)
    path = export(library, article_id, tmp_path)
    body_text = "\n".join(pdfium_text(path)[1:])
    # Japanese has no spaces: a line break inside it is not read as one, so whitespace is
    # left out of the comparison altogether here.
    for paragraph in MIXED.split("\n\n")[1:]:
        assert unspaced(paragraph) in unspaced(body_text)
        if "東京" not in paragraph:
            assert flat(paragraph) in flat(body_text)
    for words in quoted:
        assert unspaced(words) in unspaced(body_text)
    assert len(highlight_annotations(path)) == 4


def unspaced(text: str) -> str:
    return "".join(text.split())


def test_a_missing_folder_is_a_clear_error(
    library: Library, interview: int, tmp_path: Path
) -> None:
    with pytest.raises(InvalidInputError, match="folder does not exist"):
        export_annotated_pdf(library, interview, tmp_path / "no" / "x.pdf", AnnotatedPdfOptions())


def test_cancelling_leaves_no_file(library: Library, interview: int, tmp_path: Path) -> None:
    task = TaskContext()
    task.cancel()
    target = tmp_path / "cancelled.pdf"
    with pytest.raises(CancelledError):
        export_annotated_pdf(library, interview, target, AnnotatedPdfOptions(), task)
    assert list(tmp_path.iterdir()) == [] or not target.exists()
    assert not any(path.suffix == ".part" for path in tmp_path.iterdir())


def test_quotes_from_a_paged_source_cite_their_page(library: Library, tmp_path: Path) -> None:
    text = "Annual report\n\nRevenue fell.\n\nThe board said costs would be cut by half."
    added = library.articles.add(
        text, ArticleMeta(title="Report"), source_format="pdf", paragraph_pages=(1, 2, 3)
    )
    add(library, added.summary.id, "costs would be cut by half", "The board")
    add(library, added.summary.id, "Revenue fell.", "The board")
    margin = flat(" ".join(pdfium_text(export(library, added.summary.id, tmp_path))))
    assert "direct · p. 2" in margin
    assert "direct · p. 3" in margin
    path = export(library, added.summary.id, tmp_path, notes=NotePlacement.ENDNOTES)
    assert "source p. 3" in pdfium_text(path)[-1]
