"""Keyword options of one command line (`label L modulus N exportable ...`), IOS style.

The registry hands the rest of the line over as one string; this reads it word by word,
accepting unambiguous keyword prefixes, and reports the column of a bad word for the caret.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mockios.registry import CommandContext


class OptionError(ValueError):
    def __init__(self, column: int, kind: str = "invalid") -> None:
        super().__init__(kind)
        self.column = column
        self.kind = kind  # "invalid" | "incomplete"


@dataclass
class Options:
    flags: set[str] = field(default_factory=set)
    values: dict[str, str] = field(default_factory=dict)
    columns: dict[str, int] = field(default_factory=dict)  # where each value was typed


def parse_options(text: str | None, flags: tuple[str, ...], valued: dict[str, str]) -> Options:
    """`valued` maps a keyword to its value kind: "word" or "num"."""
    options = Options()
    tokens = [(m.group(), m.start()) for m in re.finditer(r"\S+", text or "")]
    index = 0
    while index < len(tokens):
        token, column = tokens[index]
        keyword = _keyword(token, (*flags, *valued), column)
        if keyword in flags:
            options.flags.add(keyword)
            index += 1
            continue
        if index + 1 >= len(tokens):
            raise OptionError(column, "incomplete")
        value, value_column = tokens[index + 1]
        if valued[keyword] == "num" and not value.isdigit():
            raise OptionError(value_column)
        options.values[keyword] = value
        options.columns[keyword] = value_column
        index += 2
    return options


def _keyword(token: str, keywords: tuple[str, ...], column: int) -> str:
    lowered = token.lower()
    if lowered in keywords:
        return lowered
    matches = [keyword for keyword in keywords if keyword.startswith(lowered)]
    if len(matches) != 1:
        raise OptionError(column, "ambiguous" if matches else "invalid")
    return matches[0]


def error_text(ctx: CommandContext, error: OptionError, rest_offset: int) -> str:
    """The IOS error for a bad option, caret under the offending word."""
    if error.kind == "incomplete":
        return "% Incomplete command.\n\n"
    if error.kind == "ambiguous":
        return f'% Ambiguous command:  "{ctx.line.strip()}"\n'
    prompt = ctx.session.prompt
    caret = " " * (len(prompt) + rest_offset + error.column) + "^"
    return f"{caret}\n% Invalid input detected at '^' marker.\n\n"
