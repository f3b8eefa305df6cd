"""Attribute tables: each attribute of a config-block resource declared once.

In the spirit of cisco.ios ``rm_templates``, a table is a list of ``Line`` entries in the order
IOS prints them. A line pairs the options it carries (type, choices, doc text, ``no_log``, the
value rule keyed by the option's full path) with the Jinja that writes it and the TextFSM
pattern that reads it. Everything else is derived from the table:

- at run time: the options (argspec shape), the value rules (``config.<path>``);
- by ``make generate`` (tools/generate_attribute_files.py), what Ansible and ntc need literal:
  the module's DOCUMENTATION options, the argspec in ``module_utils``, the Jinja template in
  ``templates/``, the TextFSM template in ``parsers/`` and the field lists of the parser test
  fixtures. tests/sanity/test_attribute_files.py fails when one of them is stale.

A parser value is named after its option's path (``auto_enroll.percent`` ->
``AUTO_ENROLL_PERCENT``, see ``shape.value_name``), so shape.py needs nothing per attribute.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .shape import value_name

Check = Callable[[Any, str], Any]


@dataclass(frozen=True)
class Option:
    """One option: its path in ``config[]`` (``enrollment.url``) and how it is declared."""

    path: str
    type: str = "str"
    doc: str | tuple[str, ...] = ""
    rule: Check | None = None  # the value check of validate.py, for this path only
    value: str = r"\S+"  # the TextFSM regex of its parser value
    elements: str | None = None
    choices: tuple[str, ...] | None = None
    required: bool = False
    default: Any = None
    no_log: bool | None = None
    parser_list: bool = False  # a TextFSM ``List`` value (items of a list of dicts)
    # Turns the value read from the device into the form a task gives (type 7 -> plain).
    from_device: Callable[[Any], Any] | None = None

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(self.path.split("."))

    @property
    def value_name(self) -> str:
        return value_name(self.parts)

    def spec(self) -> dict[str, Any]:
        spec: dict[str, Any] = {"type": self.type}
        if self.elements is not None:
            spec["elements"] = self.elements
        if self.choices is not None:
            spec["choices"] = list(self.choices)
        if self.default is not None:
            spec["default"] = self.default
        if self.no_log is not None:
            spec["no_log"] = self.no_log
        if self.required:
            spec["required"] = True
        return spec


@dataclass(frozen=True)
class Group:
    """A dict (or list of dicts) option holding suboptions: its doc and argspec rules."""

    path: str
    doc: str | tuple[str, ...]
    type: str = "dict"
    rules: dict[str, Any] = field(default_factory=dict)  # mutually_exclusive, required_by, no_log


@dataclass(frozen=True)
class Line:
    """One configuration line: the options it carries, its Jinja and its TextFSM rule.

    ``write`` is written when ``when`` (a Jinja test) holds; with ``when=None`` it is a whole
    Jinja block of its own (a loop). ``read`` is the TextFSM rule without ``^\\s*`` and
    ``\\s*$$``.
    """

    options: tuple[Option, ...]
    write: str
    read: str
    when: str | None = None


@dataclass(frozen=True)
class Table:
    """The attributes of one resource, with what frames them on IOS and in the parser."""

    keyword: str  # "crypto pki trustpoint"
    variable: str  # the Jinja variable holding one complete block ("tp")
    state: str  # the TextFSM state inside a block ("Trustpoint")
    name: Option
    groups: tuple[Group, ...]
    lines: tuple[Line, ...]
    block_rules: dict[str, Any] = field(default_factory=dict)  # rules between options
    template_comment: str = ""
    parser_comment: str = ""

    def all_options(self) -> Iterator[Option]:
        yield self.name
        for line in self.lines:
            yield from line.options

    def options(self) -> dict[str, Any]:
        """The argspec ``options`` of one block, nested as the paths say."""

        def group_spec(group: Any) -> dict[str, Any]:
            elements = {"elements": "dict"} if group.type == "list" else {}
            return {"type": group.type, **elements, "options": {}, **group.rules}

        return self._nested(group_spec, "options", lambda option: option.spec())

    def value_rules(self) -> dict[str, Check]:
        """The value checks, keyed by the option's full path under ``config``."""
        return {f"config.{o.path}": o.rule for o in self.all_options() if o.rule is not None}

    def from_device(self) -> dict[str, Callable[[Any], Any]]:
        """The device-to-task conversions of top-level options (``BlockResource``)."""
        return {o.path: o.from_device for o in self.all_options() if o.from_device}

    def docs(self) -> dict[str, Any]:
        """The DOCUMENTATION suboptions of ``config``."""

        def group_doc(group: Any) -> dict[str, Any]:
            elements = {"elements": "dict"} if group.type == "list" else {}
            return {
                "description": _doc(group.doc),
                "type": group.type,
                **elements,
                "suboptions": {},
            }

        def option_doc(option: Any) -> dict[str, Any]:
            spec = {k: v for k, v in option.spec().items() if k != "no_log"}
            return {"description": _doc(option.doc), **spec}

        return self._nested(group_doc, "suboptions", option_doc)

    def _nested(
        self, group_entry: Callable[[Any], dict], children: str, option_entry: Callable[[Any], Any]
    ) -> dict[str, Any]:
        """Every option under its groups (``enrollment.url`` in ``enrollment``'s children)."""
        groups = {group.path: group for group in self.groups}
        result: dict[str, Any] = {}
        for option in self.all_options():
            node = result
            for depth, part in enumerate(option.parts[:-1], start=1):
                if part not in node:
                    node[part] = group_entry(groups[".".join(option.parts[:depth])])
                node = node[part][children]
            node[option.parts[-1]] = option_entry(option)
        return result

    def jinja(self) -> str:
        """The Jinja template of one block (templates/)."""
        out = [f"{{# {self.template_comment} #}}"] if self.template_comment else []
        out.append(f"{self.keyword} {{{{ {self.variable}.name }}}}")
        for line in self.lines:
            if line.when is None:
                out.append(line.write)
            else:
                # The blank line ends a write whose last Jinja tag would swallow its newline;
                # render.render_lines drops blank lines.
                out += [f"{{% if {line.when} %}}", line.write, "", "{% endif %}"]
        return "\n".join(out) + "\n"

    def textfsm(self) -> str:
        """The TextFSM template reading every block of this kind (parsers/)."""
        values = []
        for option in self.all_options():
            flag = "Required " if option is self.name else "List " if option.parser_list else ""
            values.append(f"Value {flag}{option.value_name} ({option.value})")
        keyword = r"\s+".join(self.keyword.split())
        rules = [f"  ^\\s*{line.read}\\s*$$" for line in self.lines]
        body = [
            "",
            *(f"# {c}" if c else "#" for c in self.parser_comment.splitlines()),
            "",
            "Start",
            f"  ^\\s*{keyword}\\s+${{{self.name.value_name}}}\\s*$$ -> {self.state}",
            "",
            self.state,
            *rules,
            f"  # The block ends at the next {self.state.lower()}, any other top-level "
            "line, or `!`.",
            f"  ^\\s*{keyword}\\s -> Continue.Record",
            f"  ^\\s*{keyword}\\s+${{{self.name.value_name}}}\\s*$$",
            r"  ^\s*! -> Record Start",
            r"  ^\s*crypto\s -> Record Start",
            r"  ^\S -> Record Start",
        ]
        return "\n".join(values + body) + "\n"

    def fields(self) -> list[str]:
        """The keys of a parsed record, as the parser test fixtures spell them."""
        return [option.value_name.lower() for option in self.all_options()]

    def empty_field(self, name: str) -> Any:
        option = next(o for o in self.all_options() if o.value_name.lower() == name)
        return [] if option.parser_list else ""


def _doc(text: str | tuple[str, ...]) -> str | list[str]:
    return list(text) if isinstance(text, tuple) else text
