"""What every `make generate` step shares: write the files whose text is stale, or with
``--check`` write nothing and exit 1 naming them (the sanity tests run the same check)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def stale(expected: dict[Path, str]) -> list[Path]:
    return [
        path for path, text in expected.items() if not path.exists() or path.read_text() != text
    ]


def write_or_check(description: str, expected: Callable[[], dict[Path, str]], argv=None) -> int:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--check", action="store_true", help="fail on stale files, write none")
    args = parser.parse_args(argv)
    wanted = expected()
    for path in stale(wanted):
        if args.check:
            print(f"{path.relative_to(REPO)}: stale, run `make generate`")
        else:
            path.write_text(wanted[path])
            print(f"wrote {path.relative_to(REPO)}")
    return 1 if args.check and stale(wanted) else 0
