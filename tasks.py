"""Set up and run Quotebook from a checkout: ``python3 tasks.py app`` or ``python3 tasks.py test``.

Both create (or refresh) a virtual environment in ``.venv`` from ``pyproject.toml`` first, so a
fresh machine needs nothing but Python 3.11+. The environment is rebuilt only when
``pyproject.toml`` changes, which keeps the second run instant.

This file runs under the system interpreter before any dependency exists, so it uses the
standard library only.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".quotebook-installed"


def _venv_python() -> Path:
    scripts = "Scripts" if os.name == "nt" else "bin"
    exe = "python.exe" if os.name == "nt" else "python"
    return VENV / scripts / exe


def _ensure_environment(extras: str) -> Path:
    """Create the venv and install the project with ``extras`` unless already current."""
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    python = _venv_python()
    if python.exists() and STAMP.exists() and STAMP.read_text().strip() == wanted:
        return python
    if not python.exists():
        print("Creating the virtual environment in .venv …", flush=True)
        venv.EnvBuilder(with_pip=True, clear=VENV.exists()).create(VENV)
    print("Installing Quotebook and its dependencies …", flush=True)
    target = f".[{extras}]" if extras else "."
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"],
        check=True,
        cwd=ROOT,
    )
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--editable", target],
        check=True,
        cwd=ROOT,
    )
    STAMP.write_text(wanted)
    return python


def _run(python: Path, *args: str, env: dict[str, str] | None = None) -> int:
    return subprocess.run([str(python), *args], cwd=ROOT, env=env, check=False).returncode


def app(argv: list[str]) -> int:
    """Start the desktop app (or any CLI command given after ``app``)."""
    python = _ensure_environment("")
    return _run(python, str(ROOT / "main.py"), *argv)


def test(argv: list[str]) -> int:
    """Lint, type-check and run the whole test suite, headless."""
    python = _ensure_environment("test")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONDONTWRITEBYTECODE="1")
    steps: list[tuple[str, list[str]]] = [
        ("ruff check", ["-m", "ruff", "check", "."]),
        ("ruff format --check", ["-m", "ruff", "format", "--check", "."]),
        ("mypy --strict", ["-m", "mypy"]),
        ("pytest", ["-m", "pytest", *argv]),
    ]
    for name, args in steps:
        print(f"── {name}", flush=True)
        status = _run(python, *args, env=env)
        if status != 0:
            print(f"✗ {name} failed (exit {status})", file=sys.stderr)
            return status
    return 0


def main() -> int:
    commands = {"app": app, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print("usage: python3 tasks.py app [ARGS…] | test [PYTEST ARGS…]", file=sys.stderr)
        return 2
    return commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
