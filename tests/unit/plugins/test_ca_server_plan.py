"""ca_server's plan from what the router has: config lines, the passphrase, and the requests
chosen to grant or reject."""

from __future__ import annotations

import pytest
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.errors import ValidationError
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.facts import cert_server
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.ops import ca_server as op
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.steps import commands

RUNNING = {"name": "CS", **cert_server.DEFAULTS, "status": "enabled", "ca_generated": True}


def _plan(have, state="started", passphrase=None, **want):  # noqa: ANN001, ANN202
    return commands(op.plan_server("CS", have, want, state, passphrase))


def test_a_new_server_is_configured_and_started_with_the_passphrase_masked() -> None:
    assert _plan(None, passphrase="secret-1", issuer_name="CN=CS") == [
        "crypto pki server CS",
        "issuer-name CN=CS",
        "no shutdown",
        "********",
        "********",
    ]
    with pytest.raises(ValidationError, match="^passphrase: required"):
        _plan(None)
    assert _plan(None, state="stopped", grant_mode="auto") == ["crypto pki server CS", "grant auto"]


def test_a_running_server_as_wanted_needs_nothing_and_its_ca_settings_are_fixed() -> None:
    assert _plan(RUNNING) == []
    assert _plan({**RUNNING, "issuer_name": "CN=CS, O=lab"}, issuer_name="cn=CS,O=lab") == []
    with pytest.raises(ValidationError, match="^lifetime.ca_certificate: "):
        _plan(RUNNING, lifetime_ca_certificate=30)
    assert _plan(RUNNING, auto_rollover=0) == []
    assert _plan(RUNNING, auto_rollover=10) == [
        "crypto pki server CS",
        "shutdown",
        "auto-rollover 10",
        "no shutdown",
    ]
    assert _plan(RUNNING, state="absent") == ["no crypto pki server CS"]
    assert _plan(None, state="absent") == []


REQUESTS = [
    {"id": 1, "state": "granted", "subject": "hostname=R1.lab,cn=R1"},
    {"id": 2, "state": "pending", "subject": "hostname=R2.lab,cn=R2"},
    {"id": 3, "state": "pending", "subject": "hostname=BR-3.lab,cn=BR-3"},
    {"id": 4, "state": "rejected", "subject": None},
]


def test_requests_are_chosen_by_id_subject_or_all_and_only_when_pending() -> None:
    warnings: list[str] = []
    assert op.choose(REQUESTS, {"ids": [1, 2]}, None, warnings) == {"grant": [2], "reject": []}
    assert warnings == []
    assert op.choose(REQUESTS, {"subject": r"BR-\d"}, {"ids": [2]}, warnings) == {
        "grant": [3],
        "reject": [2],
    }
    assert op.choose(REQUESTS, {"all": True}, {"ids": [3]}, warnings) == {
        "grant": [2],
        "reject": [3],
    }
    op.choose(REQUESTS, {"ids": [4, 9]}, None, warnings)
    assert warnings == [
        "grant: request 4 is rejected",
        "grant: no request 9 in the server's database",
    ]


def test_selectors_that_contradict_each_other_are_refused_before_connecting() -> None:
    base = {"state": "started"}
    with pytest.raises(ValidationError, match="both name request"):
        op._check_selectors({**base, "grant": {"ids": [2]}, "reject": {"ids": [2]}})
    with pytest.raises(ValidationError, match="state=started"):
        op._check_selectors({"state": "stopped", "grant": {"all": True}})
    with pytest.raises(ValidationError, match="^grant.subject: "):
        op.VALUE_RULES["grant.subject"]("(", "grant.subject")
