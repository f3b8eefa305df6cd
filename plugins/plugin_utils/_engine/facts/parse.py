"""TextFSM over ``parsers/index``: CLI text in, list of records out.

The folder follows the ntc-templates layout, so the same templates work with
``ntc_templates.parse.parse_output(..., template_dir=...)`` and ``ansible.utils.cli_parse``.
"""

from __future__ import annotations

import functools
import io
import re
import threading
from pathlib import Path

from ..deps import require
from ..errors import ParseError

PARSERS_DIR = Path(__file__).resolve().parents[4] / "parsers"
PLATFORM = "cisco_ios"

# A compiled template keeps its state while it parses; the fleet audit parses from threads.
_PARSING = threading.Lock()

# Output that carries no record by nature: '%' notices, and a timers listing with no timer
# running (its section headings and a bare countdown to the next check).
_EMPTY_LINE = re.compile(r"^\s*(%.*|[A-Za-z ]+ Timers:?|\|?\s*[\dd:.]+)?\s*$")


@functools.lru_cache(maxsize=1)
def _index():
    # Only the index is used from CliTable: its per-call table copies cost more than the parse.
    return require("textfsm.clitable").CliTable("index", str(PARSERS_DIR)).index


@functools.cache
def _fsm(names: str):
    # Compiling a template costs more than parsing a short output: once per process, then
    # Reset() before each use (a worker process parses one output at a time).
    textfsm = require("textfsm")
    return textfsm.TextFSM(io.StringIO((PARSERS_DIR / names.split(":")[0]).read_text()))


def parse_output(command: str, text: str) -> list[dict]:
    """Parse ``text`` printed by ``command``; keys are the templates' UPPERCASE value names.

    Raises ParseError when no template matches the command, when TextFSM rejects the text,
    or when non-blank output yields no record at all (garbled or foreign text).
    """
    return [
        {k: list(v) if isinstance(v, list) else v for k, v in r.items()}
        for r in _parsed(command, text)
    ]


# The steps of one task read the same output more than once (each step of the enrollment
# chain finds its trustpoint in the one read of the crypto pki section): it is parsed once.
# Callers get copies, so the kept records never change.
@functools.lru_cache(maxsize=16)
def _parsed(command: str, text: str) -> tuple[dict, ...]:
    textfsm = require("textfsm")
    index = _index()
    row = index.GetRowMatch({"Command": command, "Platform": PLATFORM})
    if not row:
        raise ParseError(f"no parser for command {command!r}")
    fsm = _fsm(index.index[row]["Template"])
    try:
        with _PARSING:
            fsm.Reset()
            records = fsm.ParseTextToDicts(text)
    except textfsm.TextFSMError as exc:  # the templates' Error rules: '% Invalid input' and co.
        raise ParseError(f"could not parse the output of {command!r}: {exc}") from exc
    if not records and not all(_EMPTY_LINE.match(line) for line in text.splitlines()):
        raise ParseError(f"the output of {command!r} holds nothing the parser recognises")
    return tuple(records)


def warm() -> None:
    """Compile the index and every template (see ``warm.warm_up``)."""
    try:
        for row in _index().index:
            _fsm(row["Template"])
    except Exception:  # noqa: BLE001 - best effort; the first real parse reports any problem
        pass
