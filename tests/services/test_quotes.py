"""Quotes: exact code-point spans, attribution, tags, filters and sorts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import text

from models.tables import QuoteKind
from services.errors import InvalidInputError, NotFoundError
from services.library import Library
from services.quotes import QuoteSort
from services.readmodels import ArticleMeta, QuoteDraft, QuoteEdit, QuoteFilter, SpeakerFields
from services.text import CONTEXT_WIDTH, context_around
from tests.services.dump import dump_tables
from tests.services.factories import ARTICLE, add_article, quote, span


def test_add_with_a_new_speaker_and_new_tags(library: Library) -> None:
    article_id = add_article(library)
    start, end = span(ARTICLE, "the pier would be rebuilt")
    draft = QuoteDraft(
        article_id,
        start,
        end,
        QuoteEdit("Ruth Penhallow", QuoteKind.INDIRECT, ("Pier", "promises", "pier"), " why "),
    )

    change = library.quotes.add(draft)

    speaker = library.speakers.resolve("Ruth Penhallow")
    assert change.new_speaker_id == speaker.id
    tags = {library.tags.resolve(name).id for name in ("pier", "promises")}
    assert set(change.new_tag_ids) == tags
    info = change.quote
    assert (info.start, info.end, info.text) == (start, end, "the pier would be rebuilt")
    assert info.article_id == article_id
    assert info.article_title == "Harbour council"
    assert info.speaker_name == "Ruth Penhallow"
    assert info.speaker_color == speaker.color
    assert info.kind is QuoteKind.INDIRECT
    assert info.tags == ("Pier", "promises")
    assert info.note == "why"
    assert info.created_at.tzinfo is not None
    assert library.quotes.get(info.id) == info
    assert library.articles.summary(article_id).quote_count == 1


def test_second_quote_reuses_speaker_and_tags(library: Library) -> None:
    article_id = add_article(library)
    first = quote(library, article_id, "the pier would be rebuilt", tags=("pier",))
    second = quote(library, article_id, "It is not safe", "ruth  PENHALLOW", tags=("PIER", "new"))
    assert second.new_speaker_id is None
    assert second.quote.speaker_id == first.quote.speaker_id
    assert second.new_tag_ids == (library.tags.resolve("new").id,)
    assert second.quote.tags == ("new", "pier")


def test_existing_speaker_found_by_alias_ignoring_case_and_spaces(library: Library) -> None:
    mayor = library.speakers.create(SpeakerFields("Ruth Penhallow", aliases=("The Mayor",)))
    article_id = add_article(library)
    change = quote(library, article_id, "It is not safe", "  the   MAYOR ")
    assert change.new_speaker_id is None
    assert change.quote.speaker_id == mayor.id
    assert change.quote.speaker_name == "Ruth Penhallow"
    assert library.counts().speakers == 1


@pytest.mark.parametrize(
    ("start", "end", "reason"),
    [
        (-1, 5, "outside"),
        (0, len(ARTICLE) + 1, "outside"),
        (10, 10, "outside"),  # empty
        (12, 5, "outside"),  # reversed
        (21, 23, "white space"),  # "\n\n" between headline and body
    ],
)
def test_bad_spans_are_refused_and_change_nothing(
    library: Library, start: int, end: int, reason: str
) -> None:
    article_id = add_article(library)
    assert ARTICLE[21:23] == "\n\n"
    before = dump_tables(library.engine)
    draft = QuoteDraft(article_id, start, end, QuoteEdit("New Speaker", tags=("new tag",)))
    with pytest.raises(InvalidInputError, match=reason) as raised:
        library.quotes.add(draft)
    assert raised.value.item == f"article {article_id}"
    assert dump_tables(library.engine) == before


def test_refusals_that_come_after_the_speaker_is_looked_up_change_nothing(
    library: Library,
) -> None:
    article_id = add_article(library)
    existing = quote(library, article_id, "It is not safe", tags=("safety",))
    before = dump_tables(library.engine)

    with pytest.raises(InvalidInputError, match="needs a speaker"):
        library.quotes.add(QuoteDraft(article_id, 0, 7, QuoteEdit("  ", tags=("brand new",))))
    with pytest.raises(NotFoundError):
        library.quotes.add(QuoteDraft(999, 0, 7, QuoteEdit("Somebody New")))
    with pytest.raises(NotFoundError, match="occurrence 4"):
        library.quotes.add_text(article_id, "said", 4, QuoteEdit("Somebody New"))
    with pytest.raises(InvalidInputError, match="needs a speaker"):
        library.quotes.update(existing.quote.id, QuoteEdit("", tags=("other",)))
    with pytest.raises(NotFoundError):
        library.quotes.update(999, QuoteEdit("Somebody New", tags=("other",)))

    assert dump_tables(library.engine) == before


def test_context_is_stored_on_both_sides(library: Library) -> None:
    article_id = add_article(library)
    start, end = span(ARTICLE, "the columns were corroded")
    info = library.quotes.add(QuoteDraft(article_id, start, end, QuoteEdit("Tomás Ibarra"))).quote
    assert (info.context_before, info.context_after) == context_around(ARTICLE, start, end)
    assert len(info.context_before) == CONTEXT_WIDTH
    assert info.context_before.endswith("warned that ")
    assert info.context_after == ". “It is not safe,” he said."  # shorter: the text ends

    first = library.quotes.add(QuoteDraft(article_id, 0, 7, QuoteEdit("Tomás Ibarra"))).quote
    assert first.context_before == ""
    assert first.context_after == ARTICLE[7 : 7 + CONTEXT_WIDTH]


def test_emoji_and_combining_marks_before_a_quote_keep_spans_exact(library: Library) -> None:
    prefix = "👍🏽 👨‍👩‍👧 Q\u0301 ẞ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 — "
    body = f"{prefix}Zoë said: “The 🐟 market closes at noon.” Then Zoë left."
    article_id = library.articles.add(body, ArticleMeta(title="Emoji")).summary.id
    stored = library.articles.get(article_id).text
    assert stored == body

    words = "The 🐟 market closes at noon."
    start = stored.index(words)
    assert len(prefix.encode("utf-16-le")) // 2 > len(prefix), "UTF-16 would count differently"

    by_span = library.quotes.add(
        QuoteDraft(article_id, start, start + len(words), QuoteEdit("Zoë Marchetti"))
    ).quote
    by_text = library.quotes.add_text(article_id, "Zoë", 2, QuoteEdit("Zoë Marchetti")).quote

    assert stored[by_span.start : by_span.end] == by_span.text == words
    assert by_span.start == start
    assert by_span.context_before.endswith("said: “")
    assert stored[by_text.start : by_text.end] == by_text.text == "Zoë"
    assert by_text.start == stored.rindex("Zoë")


def test_add_text_finds_the_requested_occurrence(library: Library) -> None:
    article_id = add_article(library)
    first = library.quotes.add_text(article_id, "said", 1, QuoteEdit("A")).quote
    second = library.quotes.add_text(article_id, "said", 2, QuoteEdit("A")).quote
    assert first.start < second.start
    assert (first.start, first.end) == span(ARTICLE, "said", 1)
    assert (second.start, second.end) == span(ARTICLE, "said", 2)
    with pytest.raises(NotFoundError, match="is not in it"):
        library.quotes.add_text(article_id, "not in the article", 1, QuoteEdit("A"))


def test_update_changes_speaker_tags_kind_and_note_but_never_the_words(
    library: Library,
) -> None:
    article_id = add_article(library)
    original = quote(library, article_id, "It is not safe", tags=("safety", "pier")).quote

    change = library.quotes.update(
        original.id, QuoteEdit("Tomás Ibarra", QuoteKind.PARAPHRASE, ("engineering", "Safety"), "n")
    )

    info = change.quote
    assert change.new_speaker_id == library.speakers.resolve("Tomás Ibarra").id
    assert change.new_tag_ids == (library.tags.resolve("engineering").id,)
    assert info.speaker_name == "Tomás Ibarra"
    assert info.tags == ("engineering", "safety")
    assert info.kind is QuoteKind.PARAPHRASE
    assert info.note == "n"
    assert (info.start, info.end, info.text) == (original.start, original.end, original.text)
    assert info.created_at == original.created_at
    assert info.updated_at >= original.updated_at
    assert library.tags.get(library.tags.resolve("pier").id).quote_count == 0

    again = library.quotes.update(original.id, QuoteEdit("Ruth Penhallow"))
    assert again.new_speaker_id is None
    assert again.quote.tags == ()


def test_delete_and_restore_keep_the_id_and_tags(library: Library) -> None:
    article_id = add_article(library)
    change = quote(library, article_id, "It is not safe", tags=("safety", "pier"))
    before = dump_tables(library.engine)

    snapshot = library.quotes.delete(change.quote.id)

    assert snapshot.id == change.quote.id
    assert library.quotes.ids() == []
    with pytest.raises(NotFoundError):
        library.quotes.get(change.quote.id)
    with pytest.raises(NotFoundError):
        library.quotes.delete(change.quote.id)

    restored = library.quotes.restore(snapshot)

    assert restored == change.quote
    assert dump_tables(library.engine) == before


def test_at_lists_covering_quotes_innermost_first(library: Library) -> None:
    article_id = add_article(library)
    other = add_article(library, ARTICLE + " Extra.", "Other")
    outer = quote(library, article_id, "“It is not safe,” he said.").quote
    middle = quote(library, article_id, "It is not safe").quote
    inner = quote(library, article_id, "not safe").quote
    quote(library, other, "It is not safe")

    position = ARTICLE.index("safe")
    assert [q.id for q in library.quotes.at(article_id, position)] == [
        inner.id,
        middle.id,
        outer.id,
    ]
    assert [q.id for q in library.quotes.at(article_id, middle.start)] == [middle.id, outer.id]
    assert [q.id for q in library.quotes.at(article_id, inner.start - 1)] == [
        middle.id,
        outer.id,
    ]
    assert [q.id for q in library.quotes.at(article_id, inner.end)] == [outer.id]
    assert [q.id for q in library.quotes.at(article_id, outer.start)] == [outer.id]
    assert library.quotes.at(article_id, outer.end) == [], "the end is exclusive"
    assert library.quotes.at(article_id, 0) == []


def test_for_article_is_in_reading_order(library: Library) -> None:
    article_id = add_article(library)
    late = quote(library, article_id, "It is not safe").quote
    early = quote(library, article_id, "the pier would be rebuilt").quote
    assert [q.id for q in library.quotes.for_article(article_id)] == [early.id, late.id]


def test_to_json_has_the_documented_fields(library: Library) -> None:
    article_id = add_article(library)
    info = quote(library, article_id, "It is not safe", tags=("b", "a")).quote
    data = info.to_json()
    assert {"id", "article_id", "start", "end", "text", "speaker", "tags", "note", "kind"} <= set(
        data
    )
    assert data["speaker"] == "Ruth Penhallow"
    assert data["tags"] == ["a", "b"]
    assert data["kind"] == "direct"


# --------------------------------------------------------------------------- filters and sorts


class Corpus:
    """Three articles and quotes whose every sort key differs, so each order is unambiguous."""

    def __init__(self, library: Library) -> None:
        articles = library.articles
        self.bravo = articles.add(
            "Zebra words. Министр сказал: «ТАРИФЫ вырастут». Straße.",
            ArticleMeta(title="Bravo", published=date(2024, 1, 1)),
        ).summary.id
        self.alpha = articles.add(
            "apple words and 100% of the catch",
            ArticleMeta(title="alpha", published=date(2023, 5, 5)),
        ).summary.id
        self.charlie = articles.add("Mango time", ArticleMeta(title="Charlie")).summary.id
        self.q1 = quote(library, self.bravo, "Zebra words", "Anna", tags=("b-tag",)).quote.id
        self.q2 = library.quotes.add_text(
            self.alpha,
            "apple words",
            1,
            QuoteEdit("boris", QuoteKind.INDIRECT, ("a-tag", "z-tag"), "про министра"),
        ).quote.id
        self.q3 = library.quotes.add_text(
            self.charlie, "Mango", 1, QuoteEdit("Clara", QuoteKind.PARAPHRASE)
        ).quote.id
        self.q4 = quote(library, self.bravo, "«ТАРИФЫ вырастут»", "Anna").quote.id
        self.q5 = quote(library, self.alpha, "100% of", "boris").quote.id
        self.q6 = quote(library, self.bravo, "Straße", "Anna").quote.id
        # Creation times one minute apart, so the order never depends on the clock's resolution.
        base = datetime(2025, 1, 1, tzinfo=UTC)
        with library.engine.begin() as connection:
            for minute, quote_id in enumerate((self.q1, self.q2, self.q3)):
                connection.execute(
                    text("UPDATE quote SET created_at = :at WHERE id = :id"),
                    {"at": base + timedelta(minutes=minute), "id": quote_id},
                )
        self.speaker = {s.name: s.id for s in library.speakers.list()}
        self.tag = {t.name: t.id for t in library.tags.list()}


@pytest.fixture
def corpus(library: Library) -> Corpus:
    return Corpus(library)


def test_text_filter_is_case_insensitive_in_any_script_and_searches_notes(
    library: Library, corpus: Corpus
) -> None:
    def found(needle: str) -> set[int]:
        return set(library.quotes.ids(QuoteFilter(text=needle)))

    assert found("тарифы") == {corpus.q4}
    assert found("ТаРиФы ВЫРАСТУТ") == {corpus.q4}
    assert found("МИНИСТРА") == {corpus.q2}, "the note is searched too"
    assert found("STRASSE") == {corpus.q6}
    assert found("WORDS") == {corpus.q1, corpus.q2}
    assert found("100%") == {corpus.q5}, "% is not a wildcard"
    assert found("1_0") == set()
    assert found("   ") == set(library.quotes.ids()), "blank text means any"


def test_speaker_article_kind_and_tag_filters(library: Library, corpus: Corpus) -> None:
    def ids(filters: QuoteFilter) -> set[int]:
        return set(library.quotes.ids(filters))

    anna, boris = corpus.speaker["Anna"], corpus.speaker["boris"]
    assert ids(QuoteFilter(speaker_ids=(anna,))) == {corpus.q1, corpus.q4, corpus.q6}
    assert ids(QuoteFilter(speaker_ids=(anna, boris))) == {
        corpus.q1,
        corpus.q2,
        corpus.q4,
        corpus.q5,
        corpus.q6,
    }
    assert ids(QuoteFilter(article_ids=(corpus.alpha,))) == {corpus.q2, corpus.q5}
    assert ids(QuoteFilter(article_ids=(corpus.alpha, corpus.charlie))) == {
        corpus.q2,
        corpus.q3,
        corpus.q5,
    }
    assert ids(QuoteFilter(kinds=(QuoteKind.PARAPHRASE,))) == {corpus.q3}
    assert ids(QuoteFilter(kinds=(QuoteKind.INDIRECT, QuoteKind.PARAPHRASE))) == {
        corpus.q2,
        corpus.q3,
    }
    a_tag, b_tag, z_tag = corpus.tag["a-tag"], corpus.tag["b-tag"], corpus.tag["z-tag"]
    assert ids(QuoteFilter(tag_ids=(a_tag,))) == {corpus.q2}
    assert ids(QuoteFilter(tag_ids=(a_tag, z_tag))) == {corpus.q2}, "every tag must be present"
    assert ids(QuoteFilter(tag_ids=(a_tag, b_tag))) == set()
    assert ids(QuoteFilter(speaker_ids=(boris,), kinds=(QuoteKind.DIRECT,))) == {corpus.q5}
    assert ids(QuoteFilter(speaker_ids=(999,))) == set()


def test_date_filters_use_the_article_published_date(library: Library, corpus: Corpus) -> None:
    def ids(start: date | None, end: date | None) -> set[int]:
        return set(library.quotes.ids(QuoteFilter(published_from=start, published_to=end)))

    in_2024 = {corpus.q1, corpus.q4, corpus.q6}
    in_2023 = {corpus.q2, corpus.q5}
    assert ids(date(2024, 1, 1), None) == in_2024
    assert ids(None, date(2023, 12, 31)) == in_2023
    assert ids(date(2023, 5, 5), date(2024, 1, 1)) == in_2024 | in_2023
    assert ids(date(2023, 5, 6), date(2023, 12, 31)) == set()
    assert corpus.q3 not in ids(date(1900, 1, 1), date(2999, 1, 1)), "undated never matches"


@pytest.mark.parametrize(
    ("sort", "ascending"),
    [
        (QuoteSort.TEXT, ("q2", "q3", "q1")),  # apple, Mango, Zebra
        (QuoteSort.SPEAKER, ("q1", "q2", "q3")),  # Anna, boris, Clara
        (QuoteSort.ARTICLE, ("q2", "q1", "q3")),  # alpha, Bravo, Charlie
        (QuoteSort.TAGS, ("q3", "q2", "q1")),  # none, a-tag, b-tag
        (QuoteSort.KIND, ("q1", "q2", "q3")),  # direct, indirect, paraphrase
        (QuoteSort.CREATED, ("q1", "q2", "q3")),
    ],
)
def test_every_sort_in_both_directions(
    library: Library, corpus: Corpus, sort: QuoteSort, ascending: tuple[str, ...]
) -> None:
    three = {corpus.q1, corpus.q2, corpus.q3}
    expected = [getattr(corpus, name) for name in ascending]

    def ordered(descending: bool) -> list[int]:
        return [i for i in library.quotes.ids(QuoteFilter(), sort, descending) if i in three]

    assert ordered(False) == expected
    assert ordered(True) == expected[::-1]


def test_date_sort_puts_undated_articles_last_in_both_directions(
    library: Library, corpus: Corpus
) -> None:
    three = {corpus.q1, corpus.q2, corpus.q3}

    def ordered(descending: bool) -> list[int]:
        ids = library.quotes.ids(QuoteFilter(), QuoteSort.DATE, descending)
        return [i for i in ids if i in three]

    assert ordered(False) == [corpus.q2, corpus.q1, corpus.q3]  # 2023, 2024, undated
    assert ordered(True) == [corpus.q1, corpus.q2, corpus.q3]  # 2024, 2023, undated
    every = library.quotes.ids(QuoteFilter(), QuoteSort.DATE, True)
    assert every[-1] == corpus.q3, "the undated quote is last of all quotes too"


def test_ties_fall_back_to_reading_order(library: Library, corpus: Corpus) -> None:
    anna_in_bravo = library.quotes.ids(QuoteFilter(article_ids=(corpus.bravo,)), QuoteSort.SPEAKER)
    assert anna_in_bravo == [corpus.q1, corpus.q4, corpus.q6]


def test_rows_and_list_fetch_more_than_one_chunk(library: Library) -> None:
    article_id = add_article(library)
    speaker_id = library.speakers.create(SpeakerFields("Bulk Speaker")).id
    tag_id = quote(
        library, article_id, "It is not safe", "Bulk Speaker", tags=("bulk",)
    ).new_tag_ids[0]
    stamp = datetime(2025, 1, 1, tzinfo=UTC)
    with library.engine.begin() as connection:
        connection.execute(
            text(
                'INSERT INTO quote (article_id, speaker_id, start, "end", text, kind,'
                " created_at, updated_at) VALUES (:article, :speaker, :start, :end, :text,"
                " 'direct', :stamp, :stamp)"
            ),
            [
                {
                    "article": article_id,
                    "speaker": speaker_id,
                    "start": 0,
                    "end": 7,
                    "text": ARTICLE[0:7],
                    "stamp": stamp,
                }
                for _ in range(1200)
            ],
        )
        connection.execute(
            text("INSERT INTO quote_tag SELECT id, :tag FROM quote WHERE start = 0"),
            {"tag": tag_id},
        )
    ids = library.quotes.ids()
    assert len(ids) == 1201

    rows = library.quotes.rows([*ids, 999_999])

    assert set(rows) == set(ids)
    assert all(row.tags == ("bulk",) for row in rows.values())
    assert len(library.quotes.list()) == 1201
    assert len(library.quotes.ids(QuoteFilter(tag_ids=(tag_id,)))) == 1201

    snapshot = library.articles.delete(article_id)  # snapshots are read in chunks too
    assert len(snapshot.quotes) == 1201
    assert all(q.tag_ids == (tag_id,) for q in snapshot.quotes)
    library.articles.restore(snapshot)
    assert library.quotes.ids() == ids
