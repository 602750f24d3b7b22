"""Running ``quotebook`` in-process against a fresh library, and snapshots to prove no change."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from cli.main import run
from services.library import Library

#: The keys of an article in the CLI's JSON (``articles``, ``import``), stable for scripts.
ARTICLE_KEYS = frozenset(
    {
        "id",
        "title",
        "outlet",
        "authors",
        "published",
        "url",
        "language",
        "type",
        "source_name",
        "source_format",
        "quote_count",
        "created_at",
    }
)


@dataclass(frozen=True)
class Result:
    status: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)

    @property
    def error_lines(self) -> list[str]:
        return self.err.splitlines()


class Quotebook:
    """``quotebook --library <this test's library> ARGS…``, with what it printed."""

    def __init__(self, library_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.library_path = library_path
        self._capsys = capsys

    def __call__(self, *args: str) -> Result:
        self._capsys.readouterr()
        status = run(["--library", str(self.library_path), *args])
        captured = self._capsys.readouterr()
        return Result(status, captured.out, captured.err)

    def ok(self, *args: str) -> Result:
        """Run a command that must succeed."""
        result = self(*args)
        assert result.status == 0, result.err
        assert result.err == ""
        return result

    def fails(self, *args: str) -> str:
        """Run a command that must fail with one line on stderr and nothing on stdout."""
        result = self(*args)
        assert result.status == 1, (result.out, result.err)
        assert len(result.error_lines) == 1, result.err
        assert result.err.startswith("quotebook: ")
        assert result.out == ""
        return result.error_lines[0]

    def state(self) -> tuple[Any, ...]:
        """Everything a command could change: counts, articles, quotes, speakers and tags."""
        library = Library.open(self.library_path)
        try:
            articles = [library.articles.get(a.id) for a in library.articles.list()]
            return (
                library.counts(),
                articles,
                library.quotes.list(),
                library.speakers.list(),
                library.tags.list(),
            )
        finally:
            library.close()


@pytest.fixture
def quotebook(library_path: Path, capsys: pytest.CaptureFixture[str]) -> Quotebook:
    return Quotebook(library_path, capsys)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def article_file(tmp_path: Path) -> Path:
    """A small English article with one phrase said twice."""
    return write(
        tmp_path,
        "budget.txt",
        "Minister defends the budget\n\n"
        "“We will not raise taxes,” the minister said on Monday.\n"
        "Asked again, she repeated: “We will not raise taxes.”\n"
        "The opposition leader called the plan “a fantasy”.\n",
    )
