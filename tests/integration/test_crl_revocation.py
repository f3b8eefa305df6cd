"""Revocation you can see: a certificate revoked in the lab CA is reported revoked by pki_info
and by the audit report (JSON and HTML), and a stale CRL is flagged.

Two mockios routers over real SSH, both with `revocation-check crl`, enrolled by SCEP from the
fleet's lab CA. The lab CA writes a CDP the controller can reach too (`ca cdp-url`, the lab
CA's loopback address), so pki_info downloads the same CRL the routers fetched and checks its
signature against the trustpoint's CA certificate. R1's certificate is revoked
(`python -m mockios ca revoke`), then R1 fetches the new CRL (`crypto pki crl request`). R2 is
enrolled while the lab CA issues backdated CRLs (`ca crl-lifetime 1h --backdate 2h`), so the
CRL it holds is past its NextUpdate from the start: stale, without waiting.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import netmiko
import pytest
from ansible_run import run_playbook, write_playbook
from audit_fleet import add_trustpoint, enroll, lab_ca, wait_for
from audit_schema import schema_errors
from cryptography import x509
from mockios_proc import REPO, MockiosRun, start_mockios

from mockios.hosts import read_hosts
from mockios.pki.lab_ca import LabCA

GATHER = ["trustpoints", "certificates", "keys", "timers", "config", "crls"]


def _crls_shown(conn, timeout: float = 10) -> str:
    """`show crypto pki crls` once the router's CRL check (after its enrollment) is done."""
    deadline = time.monotonic() + timeout
    while True:
        shown = conn.send_command("show crypto pki crls")
        if "CRL Issuer Name:" in shown or time.monotonic() > deadline:
            return shown
        time.sleep(0.2)


def _enroll_checking_crls(conn) -> str:
    add_trustpoint(conn, "LAB")
    conn.send_config_set(["crypto pki trustpoint LAB", "revocation-check crl"])
    enroll(conn, "LAB")
    assert "Status: Available" in wait_for(conn, "LAB", "Status: Available")
    return _crls_shown(conn)


@pytest.fixture(scope="module")
def fleet(tmp_path_factory) -> Iterator[tuple[MockiosRun, int]]:
    with start_mockios(tmp_path_factory.mktemp("crl") / "mockios", count=2) as run:
        ca_port = read_hosts(run.state_dir)["ca.netpki.lab"]["http_port"]
        lab_ca(run, "cdp-url", f"http://127.0.0.1:{ca_port}/crl/issuing.crl")
        r1, r2 = run.devices
        with netmiko.ConnectHandler(**r1.netmiko()) as conn:
            conn.enable()
            assert "Retrieved from CRL Distribution Point" in _enroll_checking_crls(conn)
            serial = _router_serial(run.state_dir)
            lab_ca(run, "revoke", f"{serial:X}")
            conn.send_config_set(["crypto pki crl request LAB"])
            logged = conn.send_command("show logging")
        lab_ca(run, "crl-lifetime", "1h", "--backdate", "2h")
        lab_ca(run, "crl")
        with netmiko.ConnectHandler(**r2.netmiko()) as conn:
            conn.enable()
            assert "CRL Issuer Name:" in _enroll_checking_crls(conn)
        run.extra["logged"] = logged
        yield run, serial


def _router_serial(state_dir: Path) -> int:
    (issued,) = (state_dir / "ca" / "issued").glob("*.pem")
    return x509.load_pem_x509_certificate(issued.read_bytes()).serial_number


def test_the_router_logs_its_revoked_certificate(fleet) -> None:
    run, serial = fleet
    assert f"(SN: {serial:02X}) is revoked" in run.extra["logged"]


@pytest.fixture(scope="module")
def audited(fleet, tmp_path_factory) -> tuple[dict, Path]:
    run, _serial = fleet
    tmp = tmp_path_factory.mktemp("audit")
    play = {
        "hosts": "all",
        "gather_facts": False,
        "tasks": [
            {
                "name": "facts",
                "netpki.ios.pki_info": {"gather": GATHER, "expiring_within_days": 30},
                "register": "pki",
            },
            {
                "name": "report",
                "netpki.ios.audit_report": {
                    "results": "{{ dict(ansible_play_hosts_all | zip(ansible_play_hosts_all"
                    " | map('extract', hostvars, 'pki'))) }}",
                    "dest": str(tmp / "reports"),
                    "expiring_within_days": 30,
                },
                "run_once": True,
                "delegate_to": "localhost",
            },
        ],
    }
    outcome = run_playbook(write_playbook(tmp / "play.yml", play), run.inventory)
    assert outcome.rc == 0, outcome.output
    facts = {d.name: outcome.result("facts", d.name) for d in run.devices}
    return facts, tmp / "reports"


def test_pki_info_reports_the_revoked_certificate(fleet, audited) -> None:
    run, serial = fleet
    facts, _reports = audited
    r1 = facts["R1"]
    assert "show crypto pki crls" in r1["commands"]
    cert = r1["trustpoints"]["LAB"]["certificates"][0]
    assert int(cert["serial"], 16) == serial
    assert cert["revoked"] is True and cert["revoked_at"].endswith("Z")
    crl = r1["trustpoints"]["LAB"]["crl"]
    assert crl["verified"] is True and crl["revoked_count"] == 1
    assert crl["source_url"].startswith("http://127.0.0.1:") and crl["stale"] is False
    assert crl["issuer"] == "cn=netpki Lab Issuing CA,o=netpki lab"
    assert r1["crls"][0]["trustpoints"] == ["LAB"]
    assert r1["summary"]["revoked"] == 1 and r1["summary"]["stale_crls"] == 0
    # What pki_info believed is the lab CA's own signed list.
    lab = LabCA(run.state_dir / "ca")
    assert lab.crl().get_revoked_certificate_by_serial_number(serial) is not None


def test_pki_info_flags_the_stale_crl(audited) -> None:
    facts, _reports = audited
    r2 = facts["R2"]
    crl = r2["trustpoints"]["LAB"]["crl"]
    assert crl["stale"] is True and crl["verified"] is True
    assert r2["summary"]["stale_crls"] == 1 and r2["summary"]["revoked"] == 0
    assert r2["trustpoints"]["LAB"]["certificates"][0]["revoked"] is False


def test_the_audit_report_flags_both(audited) -> None:
    _facts, reports = audited
    report = json.loads((reports / "pki-audit.json").read_text())
    assert schema_errors(report) == []
    flagged = {(r["router"], r["kind"], r["state"]) for r in report["rows"] if r["flagged"]}
    assert flagged == {("R1", "router", "revoked"), ("R2", None, "stale_crl")}
    assert report["summary"]["revoked"] == 1 and report["summary"]["stale_crls"] == 1
    html = (reports / "pki-audit.html").read_text()
    assert "<tr class='s-revoked' data-state='revoked'" in html
    assert "<tr class='s-stale_crl' data-state='stale_crl'" in html
    assert "<button type='button' data-state='revoked' aria-pressed='false'>revoked " in html
    csv = (reports / "pki-audit.csv").read_text()
    assert ",revoked," in csv and ",stale_crl," in csv


def test_fleet_audit_flags_the_same(fleet, audited, tmp_path: Path) -> None:
    """fleet_audit reads the routers with pki_info's code (CRLs included): the same rows."""
    run, _serial = fleet
    _facts, reports = audited
    outcome = run_playbook(
        REPO / "playbooks" / "fleet_audit.yml",
        run.inventory,
        extra_vars={"report_dir": str(tmp_path), "expiring_within_days": 30},
    )
    assert outcome.rc == 0, outcome.output
    fleet_report = json.loads((tmp_path / "pki-audit.json").read_text())
    per_host = json.loads((reports / "pki-audit.json").read_text())
    assert fleet_report["rows"] == per_host["rows"]
    assert fleet_report["summary"] == per_host["summary"]
