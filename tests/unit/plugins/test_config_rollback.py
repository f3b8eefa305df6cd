"""Rolling back a half-applied block run: only the blocks the run named, back as they were."""

from __future__ import annotations

from ansible_collections.netpki.ios.plugins.plugin_utils._engine.config.blocks import Step, commands
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.config.resources import TRUSTPOINTS
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.config.task import _undo_steps

BEFORE_A = {"name": "TP-A", "enrollment": {"url": "http://ca.example.com"}}


def test_changed_block_is_restored_new_block_removed_others_untouched() -> None:
    have = [BEFORE_A]
    current = [
        {**BEFORE_A, "fqdn": "r1.example.com"},  # the run got this far into TP-A
        {"name": "TP-NEW", "revocation_check": ["none"]},  # and created TP-NEW
        {"name": "TP-OTHER", "fqdn": "other.example.com"},  # another session's work
    ]
    steps = [
        Step("crypto pki trustpoint TP-A"),
        Step("fqdn r1.example.com"),
        Step("subject-name CN=r1"),  # refused here
        Step("crypto pki trustpoint TP-NEW"),
    ]
    undo = commands(_undo_steps(TRUSTPOINTS, have, current, steps, frozenset()))
    assert undo == [
        "crypto pki trustpoint TP-A",
        "no fqdn r1.example.com",
        "no crypto pki trustpoint TP-NEW",
    ]


def test_nothing_to_undo_when_the_refused_line_was_the_first() -> None:
    steps = [Step("crypto pki trustpoint TP-A"), Step("fqdn r1.example.com")]
    assert _undo_steps(TRUSTPOINTS, [BEFORE_A], [BEFORE_A], steps, frozenset()) == []
