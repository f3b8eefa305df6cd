"""Hostile text in every string option of every module, through the module's real action plugin.

Whatever the text, one of two things happens:
- validation refuses it before any connection, with a message that names the option; or
- the value is confined to one CLI line: it holds no control or line-breaking character, and
  (for modules with a ``rendered`` state) the rendered commands gain at most the one line that
  carries the value, with the whole value inside it and no new command after the header.

The options are read from the argspecs, so a module added later is covered as it lands.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterator
from typing import Any

import pytest
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.errors import ValidationError
from hostile_support import (
    StringOption,
    action_modules,
    baseline,
    make_action,
    run_action,
    string_options,
    value_at,
    with_value,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ACTIONS = action_modules()
# Where a value would travel on the wire: payloads that end, split or hijack a CLI line.
_PAYLOADS = [
    "\n", "\r", "\r\n", "\nend\n", "\n crypto pki trustpoint EVIL", "\rno crypto pki trustpoint X",
    "\nwrite erase\n", "\x03", "\x1a", "\x1b[A", "\x00", "\x7f", "\x85", "\u2028", "\u2029",
    "\x0b", "\x0c", "\x1c", "\x1e", "?", " ?", "\t", "\x08\x08\x08\x08",
]  # fmt: skip
# Shapes that satisfy the per-option checks, so payloads reach the line-safety check.
_PREFIXES = [
    "", "TP1", "CN=r1.example.com", "CN=r1, O=Example, C=US", "http://ca.example.com/",
    "http://[2001:db8::1]:80/x", "flash:", "GigabitEthernet0/0", "10.0.0.1", "r1.example.com",
    "AB" * 20, "none", "sha256", "crl", "proxy.example.com 8080",
]  # fmt: skip
HOSTILE_TEXT = st.one_of(
    st.sampled_from(_PREFIXES),
    st.text(max_size=48),
    st.builds(
        lambda prefix, payload, suffix: prefix + payload + suffix,
        st.sampled_from(_PREFIXES),
        st.sampled_from(_PAYLOADS),
        st.text(max_size=12),
    ),
)
_SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(autouse=True, scope="module")
def _in_scratch_directory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Modules that write files on the controller (audit_report) write them here."""
    before = os.getcwd()
    os.chdir(tmp_path_factory.mktemp("hostile"))
    yield
    os.chdir(before)


def _cases() -> list[Any]:
    cases = []
    for name, action in ACTIONS.items():
        multiline = getattr(action, "MULTILINE_OPTIONS", frozenset())
        for option in string_options(action.ARGUMENT_SPEC):
            # a multiline option is named by its dotted path (ca.ca_certificate of enrollment)
            if option.path[0] not in multiline and option.dotted not in multiline:
                cases.append(pytest.param(name, option, id=f"{name}:{option.dotted}"))
    return cases


CASES = _cases()


def _renders(action: type) -> bool:
    return "rendered" in (action.ARGUMENT_SPEC.get("state", {}).get("choices") or [])


def _breaks_a_line(text: str) -> bool:
    """Control characters, and anything ``splitlines`` or a terminal would treat as a break."""
    return len(f"x{text}x".splitlines()) != 1 or any(
        unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in text
    )


def _is_refusal(result: dict[str, Any]) -> bool:
    # With no inventory, an accepted task can only fail on its missing credentials.
    return bool(result.get("failed")) and "missing credential" not in result.get("msg", "")


def test_every_module_is_covered_and_its_baseline_is_accepted() -> None:
    assert {"trustpoints", "enrollment_profiles"} <= set(ACTIONS)
    for name, action in ACTIONS.items():
        assert string_options(action.ARGUMENT_SPEC), name
        result = run_action(action, name, baseline(name, action))
        assert not _is_refusal(result), (name, result)


@pytest.mark.parametrize(("name", "option"), CASES)
@_SETTINGS
@given(text=HOSTILE_TEXT)
def test_hostile_string_is_refused_naming_the_option_or_confined_to_one_line(
    name: str, option: StringOption, text: str
) -> None:
    action = ACTIONS[name]
    args = with_value(baseline(name, action), option, text, action.ARGUMENT_SPEC)
    result = run_action(action, name, args)
    try:
        params, _ = make_action(action, name, args)._validated_params()
    except ValidationError as refusal:  # the argspec and the value checks
        assert option.leaf in refusal.msg, refusal.msg
        return
    # Line safety is the generic layer's job: what passes it may not break a line.
    assert not _breaks_a_line(text), f"accepted a line-breaking value: {text!r} -> {result}"
    if _is_refusal(result):  # a module's own check before connecting
        assert "transcript_tail" not in result  # refused before any session existed
        # A no_log value is masked wherever it appears in the result, even in the message.
        assert option.leaf in result["msg"] or option.spec.get("no_log"), result["msg"]
        return
    canonical = value_at(params, option)
    values = canonical if isinstance(canonical, list) else [canonical]
    assert not any(_breaks_a_line(str(v)) for v in values)
    if _renders(action) and option.path[0] == "config":
        _assert_value_on_one_line(action, name, option, result, values)


def _assert_value_on_one_line(
    action: type, name: str, option: StringOption, result: dict, values: list
) -> None:
    rendered = result["rendered"]
    without = run_action(action, name, baseline(name, action))["rendered"]
    assert len(rendered) <= len(without) + 1, (rendered, without)
    assert not any(_breaks_a_line(line) for line in rendered)
    if option.spec.get("no_log"):
        return  # the value is masked out of the result, so it cannot be located
    header_keyword = without[0].rsplit(" ", 1)[0]
    assert rendered[0].startswith(header_keyword + " ")
    assert not any(line.startswith(("crypto ", "end", "exit")) for line in rendered[1:]), rendered
    for value in values:
        assert any(str(value) in line for line in rendered), (value, rendered)


@pytest.mark.parametrize(("name", "option"), CASES)
def test_one_megabyte_value_is_refused_naming_the_option(name: str, option: StringOption) -> None:
    action = ACTIONS[name]
    huge = "CN=" + "a" * (1024 * 1024)
    result = run_action(
        action, name, with_value(baseline(name, action), option, huge, action.ARGUMENT_SPEC)
    )
    assert _is_refusal(result), f"{option.dotted} accepted a 1 MB value"
    assert option.leaf in result["msg"]
    assert len(result["msg"]) < 4096  # the error does not echo the megabyte back


def test_report_writer_refuses_paths_outside_dest_and_unwritable_dest() -> None:
    action, name = ACTIONS["audit_report"], "audit_report"
    for basename in ("../escaped", "sub/report", "..", "/tmp/x"):
        result = run_action(action, name, {"results": {}, "basename": basename})
        assert _is_refusal(result) and "basename" in result["msg"], result
    with open("a-file", "w") as handle:
        handle.write("not a directory")
    for dest in ("", "a-file/reports"):
        result = run_action(action, name, {"results": {}, "dest": dest})
        assert _is_refusal(result) and "dest" in result["msg"], result
