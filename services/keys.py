"""Row ids read back from the database."""

from __future__ import annotations

from collections.abc import Iterable


def stored_ids(ids: Iterable[int | None]) -> list[int]:
    """Ids selected from a primary-key column, typed as plain ``int``.

    The models declare ``id: int | None`` because a new row has no id until it is flushed; a
    stored row always has one, so this only narrows the type (nothing is ever dropped).
    """
    return [row_id for row_id in ids if row_id is not None]
