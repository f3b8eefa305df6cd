"""CA key rollover in the facts and the audit: `pki_info` reads the rollover certificates of
`show crypto pki certificates` (the sample is mockios's, no real capture being known), says
when they become active, and the audit lists a pending rollover and a missed one."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

from ansible_collections.netpki.ios.plugins.plugin_utils._engine.audit.report import (
    audit_rows,
    summarize,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.ops.pki_info import build_facts

SAMPLE = (
    Path(__file__).resolve().parents[1]
    / "parsers/show_crypto_pki_certificates/mockios_iosxe17_ca_rollover_shadow.raw"
)
NOW = dt.datetime(2027, 1, 3, 18, 0, tzinfo=dt.UTC)  # three days before the CA expires


def _facts(text: str) -> dict:
    return build_facts({"certificates": text}, ["certificates"], now=NOW)


def test_pki_info_reports_the_shadow_certificates_and_when_they_become_active() -> None:
    facts = _facts(SAMPLE.read_text())
    trustpoint = facts["trustpoints"]["CS"]
    assert trustpoint["ca_certificate"]["serial"] == "01"
    assert [c["serial"] for c in trustpoint["certificates"]] == ["02"]  # only the active one
    rollover = trustpoint["rollover"]
    assert rollover["ca_certificate"]["kind"] == "rollover_ca"
    assert rollover["certificate"]["kind"] == "rollover_router"
    assert rollover["certificate"]["serial"] == "04"
    assert rollover["becomes_active"] == "2027-01-06T16:19:22Z"
    assert rollover["becomes_active"] == trustpoint["ca_certificate"]["not_after"]
    assert facts["summary"]["rollover_pending"] == 1


def test_a_trustpoint_without_shadows_has_no_rollover() -> None:
    active_only = SAMPLE.read_text().split("\n\nRollover Certificate")[0]
    facts = _facts(active_only)
    assert facts["trustpoints"]["CS"]["rollover"] is None
    assert facts["summary"]["rollover_pending"] == 0


def test_the_audit_lists_a_pending_rollover_and_one_that_was_missed() -> None:
    rolled = _facts(SAMPLE.read_text())
    missed = _facts(SAMPLE.read_text().split("\n\nRollover Certificate")[0])
    rows = audit_rows({"R2": rolled, "R3": missed}, within_days=30)
    pending = [r for r in rows if r["state"] == "rollover_pending"]
    assert [(r["router"], r["kind"]) for r in pending] == [
        ("R2", "rollover_ca"),
        ("R2", "rollover_router"),
    ]
    assert all(not r["flagged"] and "becomes active 2027-01-06" in r["detail"] for r in pending)
    [lost] = [r for r in rows if r["state"] == "rollover_missed"]
    assert (lost["router"], lost["kind"], lost["flagged"]) == ("R3", "ca", True)
    # R2's own CA certificate ends as soon as R3's, but R2 holds the rollover: no alarm.
    assert not any(r["router"] == "R2" and r["state"] == "rollover_missed" for r in rows)
    summary = summarize(rows, 30)
    assert (summary["rollover_pending"], summary["rollover_missed"]) == (1, 1)


def test_a_ca_far_from_its_end_is_no_missed_rollover() -> None:
    rolled = _facts(SAMPLE.read_text())
    early = copy.deepcopy(_facts(SAMPLE.read_text().split("\n\nRollover Certificate")[0]))
    early["trustpoints"]["CS"]["ca_certificate"]["days_remaining"] = 300
    early["trustpoints"]["CS"]["ca_certificate"]["expired"] = False
    rows = audit_rows({"R2": rolled, "R3": early}, within_days=30)
    assert not any(r["state"] == "rollover_missed" for r in rows)
