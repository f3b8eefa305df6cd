"""Whatever a router (or a broken transcript) prints, parsing returns records or raises ParseError.

Real samples are cut short, sprinkled with foreign lines and replaced by junk; none of it
may raise anything else or hang. Garbled output that holds no record is a ParseError, with a
message that names the command.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.errors import ParseError
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.facts.parse import parse_output
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SAMPLES_DIR = Path(__file__).resolve().parent
_COMMANDS = [
    "show crypto pki certificates",
    "show crypto pki certificates verbose",
    "show crypto pki trustpoints status",
    "show crypto pki timers",
    "show crypto pki server",
    "show crypto key mypubkey all",
    "show running-config | section crypto pki certificate chain",
]
_SAMPLE_TEXTS = [p.read_text() for p in sorted(SAMPLES_DIR.glob("*/*.raw"))]
_FOREIGN_LINES = [
    "*Nov 27 10:01:03.441: %PKI-6-CERTRET: Certificate received from Certificate Authority",
    "Certificate",
    "Issuer:",
    "Subject:",
    "Trustpoint X:",
    "  |",
    " Key Data:",
    "quit",
    "certificate ca",
    "\x00\x01\x02\xff",
    "=" * 300,
    "cn=" + "+" * 200,
    " " * 500,
    "--More--",
]
_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _parse_or_parse_error(command: str, text: str) -> list[dict]:
    try:
        records = parse_output(command, text)
    except ParseError:
        return []
    assert isinstance(records, list)
    assert all(isinstance(record, dict) for record in records)
    return records


@_SETTINGS
@given(command=st.sampled_from(_COMMANDS), text=st.text(max_size=2000))
def test_random_text_gives_records_or_parse_error(command: str, text: str) -> None:
    _parse_or_parse_error(command, text)


@_SETTINGS
@given(
    command=st.sampled_from(_COMMANDS),
    sample=st.sampled_from(_SAMPLE_TEXTS),
    cut=st.floats(min_value=0.0, max_value=1.0),
)
def test_truncated_samples_give_records_or_parse_error(
    command: str, sample: str, cut: float
) -> None:
    _parse_or_parse_error(command, sample[: int(len(sample) * cut)])


@_SETTINGS
@given(
    command=st.sampled_from(_COMMANDS),
    sample=st.sampled_from(_SAMPLE_TEXTS),
    insertions=st.lists(
        st.tuples(st.integers(min_value=0, max_value=200), st.sampled_from(_FOREIGN_LINES)),
        max_size=6,
    ),
)
def test_samples_with_foreign_lines_give_records_or_parse_error(
    command: str, sample: str, insertions: list[tuple[int, str]]
) -> None:
    lines = sample.splitlines()
    for position, foreign in insertions:
        lines.insert(position % (len(lines) + 1), foreign)
    _parse_or_parse_error(command, "\n".join(lines))


@pytest.mark.parametrize(
    "text",
    [
        # a certificate block whose header line is missing
        "  Status: Available\n  Certificate Serial Number (hex): 01\n  Issuer:\n    cn=CA\n",
        # binary junk
        "\x1b[2J\x00\x07\xfe\xfd garbage \x90\x91\n\x00\x00\n",
        # the router rejected the command
        "                          ^\n% Invalid input detected at '^' marker.\n",
        # output of another command
        "Interface              IP-Address      OK? Method Status                Protocol\n"
        "GigabitEthernet1       10.0.0.1        YES NVRAM  up                    up\n",
    ],
    ids=["no-header", "binary", "invalid-input", "foreign-command"],
)
def test_garbled_certificate_output_is_a_clear_parse_error(text: str) -> None:
    with pytest.raises(ParseError, match="show crypto pki certificates"):
        parse_output("show crypto pki certificates", text)


@pytest.mark.parametrize("command", _COMMANDS)
def test_blank_output_is_no_records(command: str) -> None:
    assert parse_output(command, "") == []
    assert parse_output(command, "\r\n  \n") == []


@pytest.mark.parametrize("command", _COMMANDS)
def test_very_long_lines_parse_to_records_or_parse_error(command: str) -> None:
    # Patterns must stay linear: catastrophic backtracking on these lines would hang here.
    hostile = "\n".join(
        [
            "Certificate",
            "  Issuer:",
            "    cn=" + "a " * 20000 + "+",
            "  Subject:",
            "    serialNumber=" + "x" * 40000,
            "  Associated Trustpoints:" + " TP" * 5000,
            "|" + "1" * 20000 + ":" + "2" * 20000,
            "  " + "ABCD " * 10000 + "Z",
        ]
    )
    _parse_or_parse_error(command, hostile)


@pytest.mark.parametrize(
    "text",
    ["PKI Timers\n", "PKI Timers\n|       8:34.417\nExpiry Alert Timers\nCRL Timers\n"],
)
def test_timers_without_running_timers_is_no_records(text: str) -> None:
    assert parse_output("show crypto pki timers", text) == []
