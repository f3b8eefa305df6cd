"""IOS output filters: ``| include``, ``| exclude``, ``| begin``, ``| section``, ``| count``."""

from __future__ import annotations

import re
from dataclasses import dataclass

FILTER_NAMES = (
    "append",
    "begin",
    "count",
    "exclude",
    "format",
    "include",
    "redirect",
    "section",
    "tee",
)
SUPPORTED = ("begin", "count", "exclude", "include", "section")


@dataclass(frozen=True)
class Filter:
    name: str
    pattern: re.Pattern[str]


def split(line: str) -> tuple[str, list[str]]:
    """Split ``show x | inc a | exc b`` into the command and the raw filter texts.

    The first ``|`` ends the command. A later one starts another filter only when spaced and
    followed by a filter keyword (IOS-XE chains pipes); otherwise it belongs to the regex, as
    in ``| section crypto pki|^hostname``.
    """
    command, bar, rest = line.partition("|")
    if not bar:
        return command, []
    filters = [""]
    for index, piece in enumerate(rest.split("|")):
        if index and _starts_filter(filters[-1], piece):
            filters.append(piece)
        else:
            filters[-1] += ("|" if index else "") + piece
    return command, filters


def _starts_filter(before: str, after: str) -> bool:
    keyword = after.lstrip().partition(" ")[0].lower()
    spaced = before.endswith((" ", "\t")) and after[:1] in (" ", "\t")
    return spaced and bool(keyword) and any(n.startswith(keyword) for n in FILTER_NAMES)


def parse(raw_filters: list[str], offset: int) -> list[Filter] | int:
    """Parse filter texts; on error return the column of the bad token (relative to line)."""
    result = []
    column = offset
    for raw in raw_filters:
        stripped = raw.lstrip()
        start = column + len(raw) - len(stripped)
        keyword, _, regex = stripped.partition(" ")
        names = [n for n in FILTER_NAMES if n.startswith(keyword.lower())] if keyword else []
        if len(names) != 1 or names[0] not in SUPPORTED or not regex.strip():
            return start
        try:
            pattern = re.compile(regex.strip())
        except re.error:
            return start + len(keyword) + 1
        result.append(Filter(names[0], pattern))
        column += len(raw) + 1
    return result


def _section(lines: list[str], pattern: re.Pattern[str]) -> list[str]:
    """Blocks (a top-level line and its indented children) whose header or a child matches."""
    kept: list[str] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if block and (not line.startswith(" ") or not line):
            if pattern.search(block[0]):
                kept.extend(block)
            else:
                children = [c for c in block[1:] if pattern.search(c)]
                kept.extend([block[0], *children] if children else [])
            block = []
        if line:
            block.append(line)
    return kept


def _one(lines: list[str], flt: Filter) -> list[str]:
    if flt.name == "include":
        return [line for line in lines if flt.pattern.search(line)]
    if flt.name == "exclude":
        return [line for line in lines if not flt.pattern.search(line)]
    if flt.name == "begin":
        for index, line in enumerate(lines):
            if flt.pattern.search(line):
                return lines[index:]
        return []
    if flt.name == "count":
        matching = sum(bool(flt.pattern.search(line)) for line in lines)
        return [f"Number of lines which match regexp = {matching}"]
    return _section(lines, flt.pattern)


def apply(filters: list[Filter], text: str) -> str:
    if not filters or not text:
        return text
    lines = text.replace("\r\n", "\n").rstrip("\n").split("\n")
    for flt in filters:
        lines = _one(lines, flt)
    return "\n".join(lines) + "\n" if lines else ""
