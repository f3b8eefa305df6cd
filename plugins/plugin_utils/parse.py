"""TextFSM over ``parsers/index``: CLI text in, list of records out.

The folder follows the ntc-templates layout, so the same templates work with
``ntc_templates.parse.parse_output(..., template_dir=...)`` and ``ansible.utils.cli_parse``.
"""

from __future__ import annotations

import functools
from pathlib import Path

from .deps import require
from .errors import ParseError

PARSERS_DIR = Path(__file__).resolve().parents[2] / "parsers"
PLATFORM = "cisco_ios"


@functools.lru_cache(maxsize=1)
def _table():
    # CliTable compiles and caches every template it meets: build it once per process.
    return require("textfsm.clitable").CliTable("index", str(PARSERS_DIR))


def parse_output(command: str, text: str) -> list[dict]:
    """Parse ``text`` printed by ``command``; keys are the templates' UPPERCASE value names.

    Raises ParseError when no template matches the command, when TextFSM rejects the text,
    or when non-blank output yields no record at all (garbled or foreign text).
    """
    table = _table()
    clitable = require("textfsm.clitable")
    try:
        table.ParseCmd(text, {"Command": command, "Platform": PLATFORM})
    except clitable.CliTableError as exc:
        raise ParseError(f"no parser for command {command!r}: {exc}") from exc
    except Exception as exc:  # textfsm raises its own errors on template-declared failures
        raise ParseError(f"could not parse the output of {command!r}: {exc}") from exc
    records = [dict(zip(table.header, row, strict=True)) for row in table]
    if not records and text.strip() and not _is_empty_answer(text):
        raise ParseError(f"the output of {command!r} holds nothing the parser recognises")
    return records


def _is_empty_answer(text: str) -> bool:
    # IOS prints nothing, or only a '%' notice, when there is nothing to show.
    return all(not line.strip() or line.lstrip().startswith("%") for line in text.splitlines())
