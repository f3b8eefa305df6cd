"""Random, truncated and spliced command output, through every parser a module reaches.

``tests/parsers/test_parser_robustness.py`` already drives ``parse_output`` over the show
commands; this adds what it leaves out: the running-config trustpoint and enrollment-profile
templates, and the two ways a user hands text to a module with no device behind it (the
``parsed`` state of the block modules, and ``pki_info`` ``outputs``). Whatever the text, the
parser returns records or raises ParseError, and a module returns facts or a clean failure.
"""

from __future__ import annotations

from pathlib import Path

from ansible_collections.netpki.ios.plugins.plugin_utils._engine.errors import ParseError
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.facts.parse import parse_output
from hostile_support import action_modules, run_action
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SAMPLES = Path(__file__).resolve().parents[2] / "parsers"
_RUNNING_CONFIG = {
    "show running-config | section crypto pki trustpoint": "crypto pki trustpoint",
    "show running-config | section crypto pki profile enrollment": "crypto pki profile",
}
_SAMPLE_TEXTS = [p.read_text() for p in sorted(SAMPLES.glob("*/*.raw"))]
_CONFIG_SAMPLES = [t for t in _SAMPLE_TEXTS if "crypto pki " in t and "\n " in t]
_FOREIGN = [
    "crypto pki trustpoint", "crypto pki trustpoint X Y Z", " enrollment url", " subject-name",
    " auto-enroll 999 regenerate", " rsakeypair", " parameter x value", " fingerprint",
    "crypto pki profile enrollment", " revocation-check", "\x00\xff", " " * 300, "!",
    "*Nov 27 10:01:03.441: %PKI-6-CERTRET: Certificate received", " --More-- ", "end",
]  # fmt: skip
_SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _spliced(sample: str, cut: float, insertions: list[tuple[int, str]]) -> str:
    lines = sample[: int(len(sample) * cut)].splitlines()
    for position, foreign in insertions:
        lines.insert(position % (len(lines) + 1), foreign)
    return "\n".join(lines)


HOSTILE_OUTPUT = st.one_of(
    st.text(max_size=600),
    st.builds(
        _spliced,
        st.sampled_from(_CONFIG_SAMPLES),
        st.floats(min_value=0.0, max_value=1.0),
        st.lists(st.tuples(st.integers(0, 100), st.sampled_from(_FOREIGN)), max_size=5),
    ),
)


@_SETTINGS
@given(command=st.sampled_from(sorted(_RUNNING_CONFIG)), text=HOSTILE_OUTPUT)
def test_running_config_parsers_give_records_or_parse_error(command: str, text: str) -> None:
    try:
        records = parse_output(command, text)
    except ParseError as error:
        assert command in error.msg or "parse" in error.msg.lower()
        return
    assert all(isinstance(record, dict) for record in records)


def _clean_outcome(result: dict) -> None:
    """Either facts or one clear failure; never an exception, never a connection attempt."""
    assert isinstance(result, dict)
    if result.get("failed"):
        assert result["msg"] and len(result["msg"]) < 8192, result
        assert "missing credential" not in result["msg"]  # no device was needed
        assert "Traceback" not in result["msg"]


@_SETTINGS
@given(module=st.sampled_from(["trustpoints", "enrollment_profiles"]), text=HOSTILE_OUTPUT)
def test_parsed_state_returns_structure_or_a_clean_failure(module: str, text: str) -> None:
    action = action_modules()[module]
    result = run_action(action, module, {"state": "parsed", "running_config": text})
    _clean_outcome(result)
    if not result.get("failed"):
        assert isinstance(result["parsed"], list)
        assert all(isinstance(block.get("name"), str) for block in result["parsed"])


_INFO_COMMANDS = [
    "show crypto pki trustpoints status",
    "show crypto pki certificates verbose",
    "show crypto key mypubkey all",
    "show crypto pki timers detail",
    "show running-config | section crypto pki",
]


@_SETTINGS
@given(
    outputs=st.dictionaries(
        st.sampled_from(_INFO_COMMANDS),
        st.one_of(
            HOSTILE_OUTPUT,
            st.builds(
                _spliced,
                st.sampled_from(_SAMPLE_TEXTS),
                st.floats(min_value=0.0, max_value=1.0),
                st.lists(st.tuples(st.integers(0, 100), st.sampled_from(_FOREIGN)), max_size=3),
            ),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_pki_info_outputs_give_facts_or_a_clean_failure(outputs: dict[str, str]) -> None:
    result = run_action(action_modules()["pki_info"], "pki_info", {"outputs": outputs})
    _clean_outcome(result)
