"""Choosing the library, opening the window, and how the program exits."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cli.main import run
from tests.cli.conftest import Quotebook, write

ROOT = Path(__file__).resolve().parents[2]


def test_library_from_the_environment(
    tmp_path: Path,
    article_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from_env = tmp_path / "env" / "library.sqlite"
    monkeypatch.setenv("QUOTEBOOK_LIBRARY", str(from_env))
    assert run(["import", str(article_file)]) == 0
    assert from_env.is_file()
    capsys.readouterr()
    assert run(["articles", "--json"]) == 0
    assert '"title": "Minister defends the budget"' in capsys.readouterr().out
    # --library wins over the environment.
    explicit = tmp_path / "explicit.sqlite"
    assert run(["--library", str(explicit), "articles", "--json"]) == 0
    assert capsys.readouterr().out == "[]\n"
    assert explicit.is_file()


def test_no_command_opens_the_window(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.app

    opened: list[str] = []

    def fake_run_app(location: str) -> int:
        opened.append(location)
        return 0

    monkeypatch.setattr(ui.app, "run_app", fake_run_app)
    assert run(["--library", str(tmp_path / "w.sqlite")]) == 0
    monkeypatch.setenv("QUOTEBOOK_LIBRARY", str(tmp_path / "env.sqlite"))
    assert run([]) == 0
    assert opened == [str(tmp_path / "w.sqlite"), str(tmp_path / "env.sqlite")]


def test_library_that_cannot_be_opened(quotebook: Quotebook, tmp_path: Path) -> None:
    quotebook.library_path.write_bytes(b"this is not a database\n" * 200)
    line = quotebook.fails("articles")
    assert line.startswith(f"quotebook: {quotebook.library_path}: not a Quotebook library")
    article = write(tmp_path, "a.txt", "Title\n\nText.\n")
    assert quotebook.fails("import", str(article), str(article)) == line
    folder = tmp_path / "folder"
    folder.mkdir()
    quotebook.library_path = folder
    assert quotebook.fails("speakers") == f"quotebook: {folder}: is a folder, not a library file"


def test_help_version_and_usage_errors(quotebook: Quotebook) -> None:
    result = quotebook("--help")
    assert result.status == 0
    assert "quote" in result.out and "--library PATH" in result.out
    result = quotebook("--version")
    assert result.status == 0 and result.out.startswith("quotebook ")
    assert quotebook("frobnicate").status == 2
    assert quotebook("articles", "--library", "other.sqlite").status == 2
    assert quotebook("articles", "--jso").status == 2  # no abbreviations: scripts stay stable
    assert run(["--library", "", "articles"]) == 2


def _quotebook(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        cwd=ROOT,
        capture_output=True,
        env={**os.environ, **(env or {})},
        timeout=120,
        check=False,
    )


def test_exit_statuses_of_the_real_program(tmp_path: Path, article_file: Path) -> None:
    library = str(tmp_path / "library.sqlite")
    done = _quotebook("--library", library, "import", str(article_file))
    assert (done.returncode, done.stderr) == (0, b"")
    done = _quotebook(
        "--library", library, "quote", "add", "1", "--text", "absent", "--speaker", "X"
    )
    assert done.returncode == 1
    assert done.stdout == b""
    assert done.stderr.decode("utf-8") == "quotebook: article 1: the text 'absent' is not in it\n"
    done = _quotebook("--library", library, "quote", "add", "1", "--speaker", "X")
    assert done.returncode == 2
    assert b"usage: quotebook quote add" in done.stderr
    assert b"Traceback" not in done.stderr


def test_output_is_utf8_whatever_the_locale(tmp_path: Path) -> None:
    """Cyrillic survives a Latin-1 terminal encoding, and commands never load Qt."""
    article = write(tmp_path, "ru.txt", "Заголовок\n\n«Цитата» — сказал он.\n")
    library = str(tmp_path / "library.sqlite")
    assert _quotebook("--library", library, "import", str(article)).returncode == 0
    done = _quotebook(
        "--library", library, "articles", env={"PYTHONIOENCODING": "latin-1", "LC_ALL": "C"}
    )
    assert done.returncode == 0
    assert "Заголовок" in done.stdout.decode("utf-8")
    probe = (
        "import sys; from cli.main import run; "
        f"status = run(['--library', {library!r}, 'speakers']); "
        "sys.exit(status + (10 if any(m.startswith('PySide6') for m in sys.modules) else 0))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
