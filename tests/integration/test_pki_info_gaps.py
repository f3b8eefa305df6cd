"""A certificates output cut short over real SSH: pki_info warns, the audit shows ``unknown``.

mockios's ``truncate_show`` fault keeps the first lines of ``show crypto pki certificates``
only, as a transport that lost the rest would: the self-signed certificate's block ends
before its ``Associated Trustpoints:`` line. pki_info must say so (a warning and a gap), and
``playbooks/audit.yml`` must count and show that certificate as ``unknown``.
"""

from __future__ import annotations

import json
from pathlib import Path

from ansible_run import run_playbook
from device_helpers import run_tasks, write_inventory
from mockios_proc import REPO

CUT_AFTER_LINES = 6  # header, status, serial, usage, "Issuer:", first issuer line


def test_truncated_certificates_output_warns_and_the_audit_shows_unknown(
    tmp_path: Path, mockios_device
) -> None:
    device = mockios_device.device
    inventory = write_inventory(tmp_path / "inventory.yml", [device])
    trustpoint = {
        "name": "SS",
        "enrollment": {"selfsigned": True},
        "subject_name": "CN=r1.netpki.lab",
        "rsakeypair": {"label": "SS-KEY", "modulus": 2048},
        "revocation_check": ["none"],
    }
    setup = [
        {"name": "tp", "netpki.ios.trustpoints": {"config": [trustpoint]}},
        {"name": "enroll", "netpki.ios.enroll": {"trustpoint": "SS"}},
    ]
    assert run_tasks(tmp_path, inventory, setup, name="setup.yml").rc == 0

    whole = run_tasks(tmp_path, inventory, [{"name": "info", "netpki.ios.pki_info": {}}])
    assert whole.result("info")["gaps"] == []

    mockios_device.fault(
        device.name, truncate_show="show crypto pki certificates", truncate_lines=CUT_AFTER_LINES
    )
    cut = run_tasks(tmp_path, inventory, [{"name": "info", "netpki.ios.pki_info": {}}])
    result = cut.result("info")
    (gap,) = result["gaps"]
    assert (gap["field"], gap["kind"]) == ("output", "self_signed")
    assert "ends in the middle of a self_signed certificate block" in gap["message"]
    assert gap["message"] in result["warnings"]
    assert "looks truncated" in cut.output  # the warning reaches the user's screen

    reports = tmp_path / "reports"
    audit = run_playbook(
        REPO / "playbooks" / "audit.yml", inventory, extra_vars={"report_dir": str(reports)}
    )
    assert audit.rc == 0, audit.output[-3000:]
    report = json.loads((reports / "pki-audit.json").read_text())
    unknown = [row for row in report["rows"] if row["state"] == "unknown"]
    assert [(row["kind"], row["detail"]) for row in unknown] == [("self_signed", gap["message"])]
    assert report["summary"]["unknown"] == 1
    assert "unknown" in (reports / "pki-audit.csv").read_text()
    assert "data-state='unknown'" in (reports / "pki-audit.html").read_text()
