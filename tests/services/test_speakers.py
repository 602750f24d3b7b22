"""Speakers: colours, unique names and aliases, confidentiality, merge and undo."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import text

from services.errors import InvalidInputError, NotFoundError
from services.library import Library
from services.palette import PALETTE
from services.readmodels import SpeakerFields, SpeakerInfo
from tests.services.dump import dump_tables
from tests.services.factories import add_article, quote


def test_new_speakers_get_the_least_used_palette_colour(library: Library) -> None:
    first, second, third = (
        library.speakers.create(SpeakerFields(name)) for name in ("A", "B", "C")
    )
    assert [first.color, second.color, third.color] == list(PALETTE[:3])

    library.speakers.delete(second.id)
    assert library.speakers.create(SpeakerFields("D")).color == PALETTE[1], "the gap is refilled"

    chosen = library.speakers.create(SpeakerFields("E", color=PALETTE[3].lower()))
    assert chosen.color == PALETTE[3], "stored upper-case"
    assert library.speakers.create(SpeakerFields("F")).color == PALETTE[4]


def test_colours_repeat_evenly_once_the_palette_is_used_up(library: Library) -> None:
    colours = [library.speakers.create(SpeakerFields(f"S{i}")).color for i in range(30)]
    assert colours[: len(PALETTE)] == list(PALETTE)
    assert colours[len(PALETTE) : 2 * len(PALETTE)] == list(PALETTE)
    counts = {colour: colours.count(colour) for colour in PALETTE}
    assert max(counts.values()) - min(counts.values()) <= 1


def test_quote_with_a_new_speaker_gets_a_colour_too(library: Library) -> None:
    library.speakers.create(SpeakerFields("First"))
    article_id = add_article(library)
    change = quote(library, article_id, "It is not safe", "Second")
    assert change.quote.speaker_color == PALETTE[1]


@pytest.mark.parametrize(
    ("fields", "clash"),
    [
        (SpeakerFields("anna  PETROVA"), "'anna PETROVA' already names"),
        (SpeakerFields("The Minister"), "already names"),
        (SpeakerFields("Boris", aliases=("ANNA PETROVA",)), "already names"),
        (SpeakerFields("Boris", aliases=("the  minister",)), "already names"),
    ],
)
def test_names_and_aliases_are_unique_ignoring_case_and_spacing(
    library: Library, fields: SpeakerFields, clash: str
) -> None:
    library.speakers.create(SpeakerFields("Anna Petrova", aliases=("The Minister",)))
    other = library.speakers.create(SpeakerFields("Someone Else"))
    before = dump_tables(library.engine)

    with pytest.raises(InvalidInputError, match=clash):
        library.speakers.create(fields)
    with pytest.raises(InvalidInputError, match="merge the two instead"):
        library.speakers.update(other.id, replace(fields, color=other.color))

    assert dump_tables(library.engine) == before


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        (SpeakerFields("  "), "name is empty"),
        (SpeakerFields("Source", confidential=True), "needs a public label"),
        (SpeakerFields("Source", confidential=True, public_label="  "), "needs a public label"),
        (SpeakerFields("Red", color="red"), "not a #RRGGBB colour"),
        (SpeakerFields("Short", color="#12345"), "not a #RRGGBB colour"),
        (SpeakerFields("Bad hex", color="#GGGGGG"), "not a #RRGGBB colour"),
    ],
)
def test_invalid_fields_are_refused(library: Library, fields: SpeakerFields, reason: str) -> None:
    existing = library.speakers.create(SpeakerFields("Existing"))
    before = dump_tables(library.engine)
    with pytest.raises(InvalidInputError, match=reason):
        library.speakers.create(fields)
    with pytest.raises(InvalidInputError, match=reason):
        library.speakers.update(
            existing.id, fields if fields.color else replace(fields, color=existing.color)
        )
    assert dump_tables(library.engine) == before


def test_confidential_speaker_shows_the_public_label(library: Library) -> None:
    info = library.speakers.create(
        SpeakerFields("Deep Throat", confidential=True, public_label=" a  senior official ")
    )
    assert info.fields.public_label == "a senior official"
    assert info.public_name == "a senior official"
    plain = library.speakers.create(SpeakerFields("On Record"))
    assert plain.public_name == "On Record"


def test_update_replaces_fields_and_aliases(library: Library) -> None:
    info = library.speakers.create(SpeakerFields("Anna Petrova", aliases=("A. P.", "Minister")))
    updated = library.speakers.update(
        info.id,
        SpeakerFields(
            name=" Anna  Petrova-Smith ",
            role=" Minister of Trade ",
            affiliation="Government",
            color="#0072b2",
            notes=" met in May ",
            aliases=("Анна Петрова", "анна  петрова", "Anna Petrova-Smith", " ", "Petrova"),
        ),
    )
    assert updated.fields == SpeakerFields(
        name="Anna Petrova-Smith",
        role="Minister of Trade",
        affiliation="Government",
        color="#0072B2",
        notes="met in May",
        aliases=("Анна Петрова", "Petrova"),
    )
    assert library.speakers.get(info.id) == updated
    assert library.speakers.find("АННА ПЕТРОВА") == updated
    assert library.speakers.find("minister") is None, "the old alias is gone"
    assert library.speakers.completion_names() == ["Anna Petrova-Smith", "Petrova", "Анна Петрова"]


def test_a_speaker_may_keep_its_own_name_in_another_case(library: Library) -> None:
    info = library.speakers.create(SpeakerFields("anna petrova"))
    updated = library.speakers.update(info.id, replace(info.fields, name="Anna Petrova"))
    assert updated.name == "Anna Petrova"


def test_find_resolve_and_list(library: Library) -> None:
    zoe = library.speakers.create(SpeakerFields("Zoë Marchetti", aliases=("the shop owner",)))
    library.speakers.create(SpeakerFields("anna"))
    assert library.speakers.find("ZOË  MARCHETTI") == zoe
    assert library.speakers.find("Zoe\u0308 Marchetti") == zoe
    assert library.speakers.find("The Shop Owner") == zoe
    assert library.speakers.find("") is None
    assert library.speakers.resolve("the shop owner") == zoe
    with pytest.raises(NotFoundError, match="no speaker"):
        library.speakers.resolve("Nobody")
    assert [s.name for s in library.speakers.list()] == ["anna", "Zoë Marchetti"]
    with pytest.raises(NotFoundError):
        library.speakers.get(999)


def _speaker_rows(library: Library) -> list[tuple[object, ...]]:
    """Speaker rows without updated_at (an undo is itself an edit)."""
    with library.engine.connect() as connection:
        rows = connection.execute(text("SELECT * FROM speaker ORDER BY id")).all()
        columns = list(connection.execute(text("SELECT * FROM speaker")).keys())
    updated = columns.index("updated_at")
    return [tuple(v for i, v in enumerate(row) if i != updated) for row in rows]


def _attribution(library: Library) -> dict[int, int]:
    return {q.id: q.speaker_id for q in library.quotes.list()}


def test_merge_moves_quotes_and_names_and_unmerge_restores_exactly(library: Library) -> None:
    article_id = add_article(library)
    target = library.speakers.create(
        SpeakerFields("Ruth Penhallow", role="Mayor", aliases=("the mayor",))
    )
    source = library.speakers.create(
        SpeakerFields(
            "R. Penhallow",
            role="Councillor",
            notes="same person",
            aliases=("Mrs Penhallow", "Рут Пенхаллоу"),
        )
    )
    bystander = library.speakers.create(SpeakerFields("Tomás Ibarra"))
    q_target = quote(library, article_id, "the pier would be rebuilt", "Ruth Penhallow").quote
    q_source_1 = quote(library, article_id, "It is not safe", "R. Penhallow").quote
    q_source_2 = quote(library, article_id, "We will not", "mrs penhallow").quote
    q_other = quote(library, article_id, "columns", "Tomás Ibarra").quote
    infos_before = library.speakers.list()
    rows_before = _speaker_rows(library)
    attribution_before = _attribution(library)

    merge = library.speakers.merge(source.id, target.id)

    assert merge.moved_quote_ids == (q_source_1.id, q_source_2.id)
    merged = library.speakers.get(target.id)
    assert merged.fields.aliases == ("the mayor", "R. Penhallow", "Mrs Penhallow", "Рут Пенхаллоу")
    assert merged.fields.role == "Mayor"
    assert merged.quote_count == 3
    with pytest.raises(NotFoundError):
        library.speakers.get(source.id)
    assert library.speakers.find("R. Penhallow") == merged
    assert {q.speaker_id for q in library.quotes.list()} == {target.id, bystander.id}
    assert library.quotes.get(q_other.id).speaker_id == bystander.id
    assert library.quotes.get(q_target.id).speaker_id == target.id

    library.speakers.unmerge(merge)

    assert library.speakers.list() == infos_before
    assert _speaker_rows(library) == rows_before, "same ids, created_at and fields"
    assert _attribution(library) == attribution_before


def test_merge_refusals_change_nothing(library: Library) -> None:
    one = library.speakers.create(SpeakerFields("One"))
    before = dump_tables(library.engine)
    with pytest.raises(InvalidInputError, match="itself"):
        library.speakers.merge(one.id, one.id)
    with pytest.raises(NotFoundError):
        library.speakers.merge(one.id, 999)
    with pytest.raises(NotFoundError):
        library.speakers.merge(999, one.id)
    assert dump_tables(library.engine) == before


def test_delete_refuses_a_speaker_with_quotes(library: Library) -> None:
    article_id = add_article(library)
    speaker_id = quote(library, article_id, "It is not safe", "Quoted").quote.speaker_id
    before = dump_tables(library.engine)
    with pytest.raises(InvalidInputError, match="has 1 quote"):
        library.speakers.delete(speaker_id)
    assert library.speakers.delete_if_unused(speaker_id) is None
    assert dump_tables(library.engine) == before


def test_delete_if_unused_and_restore(library: Library) -> None:
    info = library.speakers.create(
        SpeakerFields(
            "Unused",
            role="Source",
            color="#123456",
            aliases=("U.",),
            confidential=True,
            public_label="a resident",
        )
    )
    rows_before = _speaker_rows(library)

    snapshot = library.speakers.delete_if_unused(info.id)

    assert snapshot is not None
    assert library.speakers.find("U.") is None
    assert library.speakers.delete_if_unused(info.id) is None, "already gone"
    restored = library.speakers.restore(snapshot)
    assert restored == info
    assert _speaker_rows(library) == rows_before


def test_delete_and_restore_keep_the_id(library: Library) -> None:
    info = library.speakers.create(SpeakerFields("Gone", aliases=("G",)))
    snapshot = library.speakers.delete(info.id)
    assert library.speakers.list() == []
    assert library.speakers.restore(snapshot) == info
    newer: SpeakerInfo = library.speakers.create(SpeakerFields("Newer"))
    assert newer.id > info.id
