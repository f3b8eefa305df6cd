"""The certificates template's speed layout keeps its meaning.

For speed, the template writes one state five times (Start, Validity, KeyInfo, Extensions,
Tail), each time in a different rule order. That is only safe while the five hold the same
rules, keep the Associated-Trustpoints Continue chain in order, and move only among
themselves where the plain template went to Start. These tests pin that down, so an edit to
one copy that is not made to the others fails here, not on a router.
"""

from __future__ import annotations

import io
from pathlib import Path

import textfsm

TEMPLATE = (
    Path(__file__).resolve().parents[2]
    / "parsers"
    / "cisco_ios_show_crypto_pki_certificates.textfsm"
)
START_LIKE = ("Start", "Validity", "KeyInfo", "Extensions", "Tail")


def _states() -> dict[str, list]:
    return textfsm.TextFSM(io.StringIO(TEMPLATE.read_text())).states


def _meaning(rule) -> tuple[str, str, str, str]:
    # A move to any of the five copies means "back to Start".
    target = "Start" if rule.new_state in START_LIKE else rule.new_state
    return rule.match, rule.line_op, rule.record_op, target


def test_start_like_states_hold_the_same_rules() -> None:
    states = _states()
    reference = sorted(_meaning(rule) for rule in states["Start"])
    for name in START_LIKE[1:]:
        assert sorted(_meaning(rule) for rule in states[name]) == reference, name


def test_start_like_states_keep_no_duplicate_rule() -> None:
    for name in START_LIKE:
        rules = [rule.match for rule in _states()[name]]
        assert len(rules) == len(set(rules)), name


def test_continue_rules_keep_their_order_and_their_closing_rule() -> None:
    # The trustpoint chain reads the Nth name with the Nth Continue rule and must end on the
    # bare `Associated Trustpoints:` rule right after it; the header's Continue.Record must be
    # followed by the rule that reads the header.
    for name in START_LIKE:
        rules = _states()[name]
        chain = [n for n, rule in enumerate(rules) if rule.line_op == "Continue"]
        trustpoint_chain = [n for n in chain if "Associated" in rules[n].match]
        assert trustpoint_chain == list(range(trustpoint_chain[0], trustpoint_chain[0] + 10))
        assert [f"{{{k}}}" in rules[n].match for k, n in enumerate(trustpoint_chain)] == [True] * 10
        closing = rules[trustpoint_chain[-1] + 1]
        assert closing.match.endswith("Trustpoints?:") and closing.line_op != "Continue"
        header = [n for n in chain if rules[n].record_op == "Record"]
        assert len(header) == 1 and "CERTIFICATE_TYPE" in rules[header[0] + 1].match


def test_every_state_is_reachable_and_known() -> None:
    states = _states()
    targets = {
        rule.new_state
        for rules in states.values()
        for rule in rules
        if rule.new_state and rule.line_op != "Error"  # an Error rule's state is its message
    }
    assert targets - set(states) == set()
    assert set(states) - targets <= {"Start"}
