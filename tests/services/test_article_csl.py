"""An article's stored CSL fields survive every edit, undo and import path."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from services.errors import InvalidInputError
from services.importers import ImportedDocument
from services.importing import MetaOverrides, ReadSource, new_article, overrides_from_csl
from services.library import Library
from services.readmodels import ArticleMeta, csl_text

EXTRA = {
    "type": "article-newspaper",
    "author": [{"family": "Gogh", "given": "Vincent", "non-dropping-particle": "van"}],
    "issued": {"date-parts": [[2025]]},
    "page": "A3",
}


def _add(library: Library) -> int:
    meta = ArticleMeta(title="Пирс", authors=("Vincent van Gogh",), csl_extra=csl_text(EXTRA))
    return library.articles.add("Текст статьи.", meta).summary.id


def test_added_article_keeps_its_csl_fields(library: Library) -> None:
    article_id = _add(library)
    assert library.articles.get(article_id).meta.csl_fields == EXTRA


def test_editing_metadata_keeps_the_csl_fields(library: Library) -> None:
    article_id = _add(library)
    edited = ArticleMeta(title="Новый заголовок", outlet="Коммерсантъ")  # as the dialog sends it
    summary = library.articles.update_meta(article_id, edited)
    assert summary.meta.title == "Новый заголовок"
    assert summary.meta.csl_fields == EXTRA
    replaced = replace(edited, csl_extra=csl_text({"page": "B7"}))
    assert library.articles.update_meta(article_id, replaced).meta.csl_fields == {"page": "B7"}


def test_delete_and_restore_keep_the_csl_fields(library: Library) -> None:
    article_id = _add(library)
    snapshot = library.articles.delete(article_id)
    library.articles.restore(snapshot)
    assert library.articles.get(article_id).meta.csl_fields == EXTRA


def test_csl_fields_that_are_not_an_object_are_refused(library: Library) -> None:
    with pytest.raises(InvalidInputError, match="not a JSON object"):
        library.articles.add("Text.", ArticleMeta(title="T", csl_extra="[1, 2]"))


def test_metadata_file_keeps_the_whole_item_and_flags_still_win(tmp_path: Path) -> None:
    path = tmp_path / "item.json"
    path.write_text(json.dumps({**EXTRA, "title": "Из файла"}, ensure_ascii=False), "utf-8")
    overrides = overrides_from_csl(path).under(MetaOverrides(title="Из флага"))
    meta = overrides.apply(ArticleMeta(title="Из документа"))
    assert meta.title == "Из флага"
    assert meta.csl_fields == {**EXTRA, "title": "Из файла"}


def _read(accessed: date | None) -> ReadSource:
    document = ImportedDocument("Text of the page.", "html", title="Page", url="https://x.example")
    return ReadSource(document, "https://x.example", "page.html", "page", accessed=accessed)


def test_a_web_import_records_the_accessed_date() -> None:
    article = new_article(_read(date(2026, 3, 5)))
    assert article.meta.csl_fields["accessed"] == {"date-parts": [[2026, 3, 5]]}
    assert "accessed" not in new_article(_read(None)).meta.csl_fields


def test_an_accessed_date_in_the_metadata_file_wins() -> None:
    stated = {"date-parts": [[2026, 1, 1]]}
    overrides = MetaOverrides(csl_extra=csl_text({"accessed": stated}))
    article = new_article(_read(date(2026, 3, 5)), overrides)
    assert article.meta.csl_fields["accessed"] == stated
