"""Quotebook's launcher: a command runs on the command line; no command opens the window."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from cli.main import run  # noqa: PLC0415 - the window path must not pay for the CLI

    return run(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
