"""Tables and sections: printed as they are (Markdown reads well in a terminal) and written
to a Markdown fragment that ``bench/run_all.py`` gathers into bench/RESULTS.md; the figures
of the headline table go beside it as JSON (same stem), which ``bench/kit/headline.py`` reads."""

from __future__ import annotations

import argparse
import json
import shlex
import statistics
import sys
from pathlib import Path


def fleet_arguments(doc: str, *, forks: int) -> argparse.ArgumentParser:
    """The options every fleet bench takes: ``--forks``, and ``--markdown`` for the section
    ``bench/run_all.py`` gathers. The bench adds its own before parsing."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--forks", type=int, default=forks)
    parser.add_argument("--markdown", type=Path, help="write the result section here")
    return parser


def table(headers: list[str], rows: list[list[object]]) -> str:
    def cell(value: object) -> str:
        return f"{value:.2f}" if isinstance(value, float) else str(value)

    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def reproduce(argv: list[str] | None = None) -> str:
    """The command that reproduces this bench, from the repository root."""
    args = argv if argv is not None else sys.argv
    script = Path(args[0]).resolve()
    try:
        script = script.relative_to(Path.cwd())
    except ValueError:
        pass
    rest, skip = [], False
    for arg in args[1:]:
        if skip or arg.startswith("--markdown"):
            skip = arg == "--markdown"
            continue
        rest.append(arg)
    return shlex.join([".venv/bin/python", str(script), *rest])


class Section:
    """A Markdown section: title, free text and tables, printed and optionally saved."""

    def __init__(self, title: str) -> None:
        self.parts = [f"## {title}"]

    def add(self, text: str) -> None:
        self.parts.append(text)

    def emit(self, markdown: Path | None) -> None:
        text = "\n\n".join(self.parts) + "\n"
        print(text, flush=True)
        if markdown is not None:
            markdown.parent.mkdir(parents=True, exist_ok=True)
            markdown.write_text(text)


def spread(values: list[float]) -> dict[str, object]:
    """A figure measured over rounds: its median, range and every round's value."""
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "rounds": list(values),
    }


def emit_figures(markdown: Path | None, figures: dict) -> None:
    """Write ``figures`` beside the Markdown fragment (``.json``), if there is one."""
    if markdown is not None:
        markdown.parent.mkdir(parents=True, exist_ok=True)
        markdown.with_suffix(".json").write_text(json.dumps(figures, indent=1) + "\n")
