"""Each matching rule of the search, in English, Russian, German and Japanese."""

from __future__ import annotations

import pytest

from services.readmodels import ArticleMeta, QuoteDraft, QuoteEdit
from services.search import SearchResults
from tests.services.search.conftest import ENGLISH, GERMAN, JAPANESE, RUSSIAN, Newsroom


def search(newsroom: Newsroom, query: str) -> SearchResults:
    return newsroom.library.search.search(query)


def quote_ids(newsroom: Newsroom, query: str) -> set[int]:
    return {hit.quote_id for hit in search(newsroom, query).quotes}


def article_ids(newsroom: Newsroom, query: str) -> set[int]:
    return {hit.article_id for hit in search(newsroom, query).articles}


def marked(newsroom: Newsroom, query: str, article: int) -> list[str]:
    """The words highlighted in ``article``'s snippet."""
    (hit,) = [hit for hit in search(newsroom, query).articles if hit.article_id == article]
    return [hit.snippet.text[start:end] for start, end in hit.snippet.highlights]


def first_match(newsroom: Newsroom, query: str, article: int, text: str) -> str:
    (hit,) = [hit for hit in search(newsroom, query).articles if hit.article_id == article]
    return text[hit.match_start : hit.match_end]


# --------------------------------------------------------------------------- case


@pytest.mark.parametrize(
    ("query", "article", "text", "expected"),
    [
        ("PIER", "english", ENGLISH, "pier"),
        ("астане", "russian", RUSSIAN, "Астане"),
        ("BRÜCKE", "german", GERMAN, "Brücke"),
        ("ｔｏｋｙｏ", "english", ENGLISH, None),  # full-width Latin folds, finds nothing here
    ],
)
def test_case_does_not_matter_in_any_script(
    newsroom: Newsroom, query: str, article: str, text: str, expected: str | None
) -> None:
    article_id = getattr(newsroom, article)
    if expected is None:
        assert article_id not in article_ids(newsroom, query)
        return
    assert first_match(newsroom, query, article_id, text) == expected


# --------------------------------------------------------------------------- accents


def test_accents_are_folded(newsroom: Newsroom) -> None:
    assert first_match(newsroom, "tomas", newsroom.english, ENGLISH) == "Tomás"
    assert first_match(newsroom, "TOMÁS", newsroom.english, ENGLISH) == "Tomás"
    assert first_match(newsroom, "brucke", newsroom.german, GERMAN) == "Brücke"
    assert quote_ids(newsroom, "tomas herrera") == {newsroom.quotes["residents"]}


def test_cyrillic_e_finds_yo_and_back(newsroom: Newsroom) -> None:
    assert first_match(newsroom, "елка", newsroom.russian, RUSSIAN) == "Ёлка"
    assert quote_ids(newsroom, "ёлка") == {newsroom.quotes["ёлка"]}
    assert quote_ids(newsroom, "ЕЛКА") == {newsroom.quotes["ёлка"]}


def test_short_i_is_a_letter_not_an_accented_i(newsroom: Newsroom) -> None:
    library = newsroom.library
    text = "Бойко выступил на съезде."
    article = library.articles.add(text, _meta("Съезд", "ru")).summary.id
    quote = library.quotes.add(QuoteDraft(article, 0, 24, QuoteEdit("Бойко"))).quote.id
    assert quote_ids(newsroom, "speaker:бойко") == {quote}
    assert quote_ids(newsroom, "speaker:боико") == set()


def _meta(title: str, language: str) -> ArticleMeta:
    return ArticleMeta(title=title, language=language)


# --------------------------------------------------------------------------- inflection


@pytest.mark.parametrize(
    ("query", "article", "text", "expected"),
    [
        ("minister", "english", ENGLISH, "ministers"),
        ("ministers", "english", ENGLISH, "ministers"),
        ("Токаеву", "russian", RUSSIAN, "Токаевым"),
        ("Токаев", "russian", RUSSIAN, "Токаевым"),
        ("министр", "russian", RUSSIAN, "Министры"),
        ("пошлина", "russian", RUSSIAN, "пошлины"),
        ("Brücken", "german", GERMAN, "Brücke"),
        ("eröffnen", "german", GERMAN, "eröffnete"),
    ],
)
def test_inflected_forms_match_in_the_articles_language(
    newsroom: Newsroom, query: str, article: str, text: str, expected: str
) -> None:
    assert first_match(newsroom, query, getattr(newsroom, article), text) == expected


def test_every_inflected_form_is_highlighted(newsroom: Newsroom) -> None:
    assert marked(newsroom, "Токаеву", newsroom.russian) == ["Токаевым", "Токаев"]
    assert marked(newsroom, "minister", newsroom.english)[:2] == ["ministers", "minister"]


def test_inflection_does_not_blur_different_words(newsroom: Newsroom) -> None:
    assert newsroom.english not in article_ids(newsroom, "ministry")
    assert newsroom.english not in article_ids(newsroom, "minstrel")


# --------------------------------------------------------------------------- phrases


@pytest.mark.parametrize(
    ("query", "article", "text", "expected"),
    [
        ('"the pier"', "english", ENGLISH, "the pier"),
        ("“raise taxes”", "english", ENGLISH, "raise taxes"),
        ("«сказал Токаев»", "russian", RUSSIAN, "сказал Токаев"),
        ("„neue Brücke“", "german", GERMAN, "neue Brücke"),
        ("「新しい政策」", "japanese", JAPANESE, "新しい政策"),
    ],
)
def test_phrases_in_any_quotation_marks(
    newsroom: Newsroom, query: str, article: str, text: str, expected: str
) -> None:
    assert first_match(newsroom, query, getattr(newsroom, article), text) == expected


def test_a_phrase_needs_its_words_together_and_in_order(newsroom: Newsroom) -> None:
    assert newsroom.english not in article_ids(newsroom, '"pier the"')
    assert newsroom.english not in article_ids(newsroom, '"ministers pier"')
    assert newsroom.russian not in article_ids(newsroom, "«Токаев сказал»")
    assert newsroom.english in article_ids(newsroom, "ministers pier"), "as words they match"


# --------------------------------------------------------------------------- prefixes


@pytest.mark.parametrize(
    ("query", "article", "text", "expected"),
    [
        ("minist*", "english", ENGLISH, "ministers"),
        ("harb*", "english", ENGLISH, "harbour"),
        ("Токае*", "russian", RUSSIAN, "Токаевым"),
        ("Brü*", "german", GERMAN, "Brücke"),
        ("会*", "japanese", JAPANESE, "会"),
    ],
)
def test_prefixes(newsroom: Newsroom, query: str, article: str, text: str, expected: str) -> None:
    assert first_match(newsroom, query, getattr(newsroom, article), text) == expected


def test_a_prefix_starts_a_word(newsroom: Newsroom) -> None:
    assert newsroom.english not in article_ids(newsroom, "inisters*")
    assert newsroom.english in article_ids(newsroom, "tom*"), "Tomás"


# --------------------------------------------------------------------------- exclusion


def test_excluded_words_and_phrases(newsroom: Newsroom) -> None:
    assert quote_ids(newsroom, "not") == {newsroom.quotes["taxes"], newsroom.quotes["residents"]}
    assert quote_ids(newsroom, "not -taxes") == {newsroom.quotes["residents"]}
    assert quote_ids(newsroom, 'not -"raise taxes"') == {newsroom.quotes["residents"]}
    assert newsroom.russian not in article_ids(newsroom, "Токаев -ёлка")
    assert newsroom.german not in article_ids(newsroom, "Brücke -Bürgermeisterin")
    assert quote_ids(newsroom, "-taxes") == set(newsroom.quotes.values()) - {
        newsroom.quotes["taxes"]
    }


# --------------------------------------------------------------------------- CJK


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("知事", "知事"),
        ("東京都知事", "東京都知事"),
        ("政策", "政策"),
        ("京都", "京都"),
        ("策", "策"),
    ],
)
def test_japanese_without_spaces(newsroom: Newsroom, query: str, expected: str) -> None:
    assert first_match(newsroom, query, newsroom.japanese, JAPANESE) == expected


def test_japanese_quote_and_tag(newsroom: Newsroom) -> None:
    assert quote_ids(newsroom, "協力") == {newsroom.quotes["協力"]}
    assert quote_ids(newsroom, "段階") == {newsroom.quotes["協力"]}
    assert quote_ids(newsroom, "外交") == {newsroom.quotes["協力"]}, "its tag"
    assert quote_ids(newsroom, "山本") == {newsroom.quotes["協力"]}, "its speaker"
    assert quote_ids(newsroom, "段落") == set()


# --------------------------------------------------------------------------- compounds


def test_german_compounds_are_matched_inside(newsroom: Newsroom) -> None:
    assert first_match(newsroom, "Bürgermeisterin", newsroom.german, GERMAN) == (
        "Oberbürgermeisterin"
    )
    assert first_match(newsroom, "meisterin", newsroom.german, GERMAN) == "Oberbürgermeisterin"
    assert newsroom.german not in article_ids(newsroom, "rbu"), "too short to look inside words"


def test_english_words_are_not_matched_inside_others(newsroom: Newsroom) -> None:
    assert newsroom.english not in article_ids(newsroom, "vinced")
    assert newsroom.english not in article_ids(newsroom, "arbour")


# --------------------------------------------------------------------------- where it looks


def test_quote_notes_speakers_aliases_and_tags_are_searched(newsroom: Newsroom) -> None:
    taxes = newsroom.quotes["taxes"]
    assert quote_ids(newsroom, "pledge") == {taxes}, "note"
    assert quote_ids(newsroom, "petrova") == {taxes}, "speaker"
    assert quote_ids(newsroom, '"the minister"') == {taxes}, "alias"
    assert quote_ids(newsroom, '"on record"') == {taxes}, "tag"
    assert quote_ids(newsroom, "цифры") == {newsroom.quotes["пошлины"]}, "Russian note"


def test_article_titles_outlets_and_authors_are_searched(newsroom: Newsroom) -> None:
    assert article_ids(newsroom, "stall") == {newsroom.english}, "title"
    assert article_ids(newsroom, "вести") == {newsroom.russian}, "outlet"
    assert article_ids(newsroom, "jane doe") == {newsroom.english}, "author"
    hit = search(newsroom, "stall").articles[0]
    assert (hit.match_start, hit.match_end) == (0, 0), "matched in the title only"
    assert hit.title == "Pier talks stall"


def test_quotes_come_first_ranked_and_grouped(newsroom: Newsroom) -> None:
    results = search(newsroom, "taxes")
    assert [hit.quote_id for hit in results.quotes] == [newsroom.quotes["taxes"]]
    quote = results.quotes[0]
    assert (quote.article_id, quote.speaker, quote.text) == (
        newsroom.english,
        "Anna Petrova",
        "We will not raise taxes",
    )
    assert [quote.snippet.text[s:e] for s, e in quote.snippet.highlights] == ["taxes"]
    assert [hit.article_id for hit in results.articles] == [newsroom.english]


def test_ranking_prefers_more_and_weightier_matches(newsroom: Newsroom) -> None:
    library = newsroom.library
    once = library.articles.add("A pier.\n\n" + "Filler words. " * 40, _meta("Harbour", "en"))
    often = library.articles.add("The pier, the pier, the pier.", _meta("Pier", "en"))
    ranked = [hit.article_id for hit in search(newsroom, "pier").articles]
    assert ranked.index(often.summary.id) < ranked.index(once.summary.id)


def test_snippet_offsets_open_the_article_at_the_match(newsroom: Newsroom) -> None:
    library = newsroom.library
    text = "Intro.\n\n" + "Nothing here. " * 60 + "🚢 The harbour master resigned."
    article = library.articles.add(text, _meta("Long", "en")).summary.id
    (hit,) = search(newsroom, "resigned").articles
    assert hit.article_id == article
    assert text[hit.match_start : hit.match_end] == "resigned"
    assert hit.snippet.text.startswith("…")
    (start, end) = hit.snippet.highlights[0]
    assert hit.snippet.text[start:end] == "resigned"
    assert "\n" not in hit.snippet.text


def test_limit_applies_to_each_group(newsroom: Newsroom) -> None:
    results = newsroom.library.search.search("not", limit=1)
    assert (len(results.quotes), len(results.articles)) == (1, 1)
    assert newsroom.library.search.search("not", limit=0) == SearchResults()


def test_an_empty_query_finds_nothing(newsroom: Newsroom) -> None:
    assert search(newsroom, "  ") == SearchResults()
    assert newsroom.library.search.quote_ids("") == []
