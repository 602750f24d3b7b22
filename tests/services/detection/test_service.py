"""``suggest``: an article's suggestions, less what the journalist has already quoted."""

from __future__ import annotations

from services.detection import suggest
from services.library import Library
from services.readmodels import SpeakerFields
from tests.services.factories import add_article, quote

TEXT = (
    "Mayor Ruth Penhallow opened the meeting. "
    "“We will not let the pier fall into the sea,” she said.\n\n"
    "Engineer Tom Bassett warned that the columns were badly corroded. "
    "“It is not safe for anyone,” he said."
)


def test_suggestions_leave_out_existing_quotes(library: Library) -> None:
    article = add_article(library, TEXT)
    before = suggest(library, article)
    assert "We will not let the pier fall into the sea" in [item.text for item in before]
    quote(library, article, "We will not let the pier fall", "Ruth Penhallow")
    after = [item.text for item in suggest(library, article)]
    assert "We will not let the pier fall into the sea" not in after
    assert "It is not safe for anyone" in after


def test_suggestions_name_library_speakers(library: Library) -> None:
    created = library.speakers.create(
        SpeakerFields(name="Thomas Bassett", aliases=("Tom Bassett",))
    )
    article = add_article(library, TEXT)
    found = {item.text: item for item in suggest(library, article)}
    assert found["It is not safe for anyone"].speaker_id == created.id
    assert found["It is not safe for anyone"].speaker == "Thomas Bassett"
