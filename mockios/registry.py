"""Command registry and IOS-style matching (abbreviations, caret errors).

``register(mode, spec, handler, priv=15)`` adds a command to a mode. The modes are data,
``MODES`` below: ``exec``, ``config`` and its sub-modes (``ca-trustpoint``,
``ca-profile-enroll``, ``config-cert-chain``, ``config-if``), and ``config-pki-hexmode``, whose
lines a dialog reads (certificate chain hex entry). Registering the same (mode, spec) again
replaces the earlier handler, so the PKI code can override core commands (e.g.
``no crypto pki trustpoint WORD``).

Spec grammar: words separated by spaces.
- ``lowercase-word``: a keyword; the user may type any unambiguous prefix.
- ``WORD`` / any other ALL-CAPS name (``NAME``, ``URL``, ``LABEL``): one token.
- ``NUM``: one decimal integer.
- ``LINE``: the rest of the line, spaces kept, at least one token.
- a trailing ``?`` on any element makes it optional (``rsa LINE?``, ``terminal pem?``).

Matching goes token by token like IOS: an exact keyword wins; else a unique keyword prefix;
several prefixes → ``% Ambiguous command``; no keyword → a placeholder if one fits; nothing →
caret at that token. Running out of tokens before a spec ends → ``% Incomplete command.``

Handlers are called as ``handler(ctx: CommandContext)`` and return a string (output, may be
empty) or a dialog generator (see ``mockios.dialog``). ``priv`` is the minimum privilege level
(1 for user EXEC commands); exec commands default to 15.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from mockios.device import Device

Handler = Callable[["CommandContext"], Any]
_TOKEN = re.compile(r"\S+")


@dataclass(frozen=True)
class Mode:
    name: str
    configures: bool = True  # not EXEC: `do`, Ctrl-Z and the reject_config fault apply
    parent: str | None = None  # a sub-mode also runs its parent's commands; `exit` goes there


MODES = {
    mode.name: mode
    for mode in (
        Mode("exec", configures=False),
        Mode("config"),
        Mode("ca-trustpoint", parent="config"),
        Mode("ca-profile-enroll", parent="config"),
        Mode("config-cert-chain", parent="config"),
        Mode("config-if", parent="config"),
        Mode("cs-server", parent="config"),  # crypto pki server NAME
        Mode("ca-trustpool", parent="config"),  # crypto pki trustpool policy
        Mode("config-pki-hexmode"),  # certificate chain hex lines, read by a dialog
    )
}
CONFIG_SUBMODES = tuple(name for name, mode in MODES.items() if mode.parent == "config")


class SessionView(Protocol):
    """What a command handler may read or change of the CLI session it runs in."""

    user: str
    peer: str
    mode: str
    priv: int
    target: str | None  # trustpoint/profile/chain/interface being edited
    term_length: int
    term_width: int
    monitor: bool

    @property
    def prompt(self) -> str: ...

    def enter_mode(self, mode: str, target: str | None = None) -> None: ...

    def close(self) -> None: ...


@dataclass
class CommandContext:
    device: Device
    session: SessionView
    args: list[str]  # placeholder values, in spec order
    words: list[str]  # keywords expanded, placeholders as typed
    line: str  # the line as typed
    mode: str  # mode the command runs in

    @property
    def command(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True)
class _Element:
    text: str

    @property
    def is_keyword(self) -> bool:
        return not self.text.isupper()

    def accepts(self, token: str) -> bool:
        return not (self.text == "NUM" and not token.isdigit())


@dataclass
class CommandSpec:
    mode: str
    spec: str
    elements: tuple[_Element, ...]
    handler: Handler
    priv: int


@dataclass
class Match:
    spec: CommandSpec
    args: list[str]
    words: list[str]


@dataclass
class ParseFailure:
    kind: str  # "invalid" | "ambiguous" | "incomplete"
    column: int = 0  # where the caret goes, for "invalid"
    depth: int = 0  # how many tokens matched before failing


def _expand(spec: str) -> list[tuple[_Element, ...]]:
    """Turn optional elements into every concrete variant."""
    choices = []
    for word in spec.split():
        if word.endswith("?"):
            choices.append((word[:-1], None))
        else:
            choices.append((word,))
    variants = []
    for combo in itertools.product(*choices):
        variants.append(tuple(_Element(w) for w in combo if w is not None))
    return variants


@dataclass
class Registry:
    specs: dict[tuple[str, str], list[CommandSpec]] = field(default_factory=dict)

    def register(self, mode: str, spec: str, handler: Handler, priv: int = 15) -> None:
        self.specs[(mode, spec)] = [
            CommandSpec(mode, spec, elements, handler, priv) for elements in _expand(spec)
        ]

    def _candidates(self, mode: str, priv: int) -> list[CommandSpec]:
        return [
            s for (m, _), group in self.specs.items() if m == mode for s in group if s.priv <= priv
        ]

    def match(self, mode: str, line: str, priv: int = 15) -> Match | ParseFailure:
        tokens = [(m.group(), m.start()) for m in _TOKEN.finditer(line)]
        alive = self._candidates(mode, priv)
        args: dict[int, list[str]] = {id(s): [] for s in alive}
        words: list[str] = []
        for index, (token, column) in enumerate(tokens):
            chosen, failure = _choose_keyword(alive, index, token, column)
            if failure:
                failure.depth = index
                return failure
            if chosen is not None:
                alive = [s for s in alive if _keyword_at(s, index) == chosen]
                words.append(chosen)
                continue
            rest = line[column:].rstrip()
            line_specs = [s for s in alive if _placeholder_at(s, index) == "LINE"]
            if line_specs:  # LINE swallows the rest: the command is complete
                spec = min(line_specs, key=lambda s: len(s.elements))
                return Match(spec, [*args[id(spec)], rest], [*words, rest])
            alive = [
                s for s in alive if _placeholder_at(s, index) and s.elements[index].accepts(token)
            ]
            if not alive:
                return ParseFailure("invalid", column, index)
            for s in alive:
                args[id(s)].append(token)
            words.append(token)
        complete = [s for s in alive if len(s.elements) == len(tokens)]
        if complete:
            return Match(complete[0], args[id(complete[0])], words)
        return ParseFailure("incomplete" if tokens else "empty", 0, len(tokens))


def _keyword_at(spec: CommandSpec, index: int) -> str | None:
    if index < len(spec.elements) and spec.elements[index].is_keyword:
        return spec.elements[index].text
    return None


def _placeholder_at(spec: CommandSpec, index: int) -> str | None:
    if index < len(spec.elements) and not spec.elements[index].is_keyword:
        return spec.elements[index].text
    return None


def _choose_keyword(
    alive: list[CommandSpec], index: int, token: str, column: int
) -> tuple[str | None, ParseFailure | None]:
    keywords = {kw for s in alive if (kw := _keyword_at(s, index))}
    lowered = token.lower()
    if lowered in keywords:
        return lowered, None
    prefixed = sorted(kw for kw in keywords if kw.startswith(lowered))
    if len(prefixed) == 1:
        return prefixed[0], None
    if len(prefixed) > 1:
        return None, ParseFailure("ambiguous", column)
    return None, None


def invalid_input(prompt: str, column: int) -> str:
    """IOS's caret under ``column`` of the line typed after ``prompt``."""
    caret = " " * (len(prompt) + column) + "^"
    return f"{caret}\r\n% Invalid input detected at '^' marker.\r\n\r\n"


def failure_message(failure: ParseFailure, line: str, offset: int, prompt: str) -> str:
    """What IOS prints for a line that matched no command (``offset``: where ``line`` starts
    in what was typed, e.g. after ``do``)."""
    if failure.kind == "ambiguous":
        return f'% Ambiguous command:  "{line.strip()}"\r\n'
    if failure.kind in ("incomplete", "empty"):
        return "% Incomplete command.\r\n\r\n"
    return invalid_input(prompt, offset + failure.column)


REGISTRY = Registry()


def register(mode: str, spec: str, handler: Handler, priv: int = 15) -> None:
    """Add (or replace) a command in a mode of every device. See the module docstring."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}: the modes are {', '.join(MODES)}")
    REGISTRY.register(mode, spec, handler, priv)
