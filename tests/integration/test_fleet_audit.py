"""netpki.ios.fleet_audit against a mockios fleet in mixed PKI states (``audit_fleet``).

The fleet audit reads every router from one task; its report must be the one the per-host
path (``playbooks/audit.yml``: pki_info on each host, then audit_report) writes for the same
routers, and a router it cannot read must be reported without stopping the others.
"""

from __future__ import annotations

import json
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from ansible_run import BIN, PlaybookRun, run_playbook, write_playbook
from audit_fleet import STATES, audit_fleet
from mockios_proc import REPO, MockiosRun

from mockios.log import config_lines, read_session_log, sessions, show_commands

WRONG_PASSWORD = "Wr0ng-Pa55-for-R7"


@pytest.fixture(scope="module")
def fleet(tmp_path_factory) -> Iterator[MockiosRun]:
    with audit_fleet(tmp_path_factory.mktemp("fleet_audit") / "mockios") as run:
        yield run


def _fleet_audit(
    tmp: Path, inventory: Path, *, run_once: bool = True, **options
) -> tuple[PlaybookRun, Path]:
    reports = tmp / "reports"
    task = {
        "name": "audit",
        "netpki.ios.fleet_audit": {"dest": str(reports), "expiring_within_days": 30},
        "run_once": run_once,
    }
    playbook = write_playbook(
        tmp / "fleet_audit.yml", {"hosts": "all", "gather_facts": False, "tasks": [task]}
    )
    return run_playbook(playbook, inventory, **options), reports


def _log(run: MockiosRun, device: str) -> list[dict]:
    return read_session_log(run.state_dir / device / "session.log")


def _report(reports: Path) -> dict:
    report = json.loads((reports / "pki-audit.json").read_text())
    report.pop("generated_at")
    return report


def test_the_report_is_the_one_the_per_host_audit_writes(fleet, tmp_path: Path) -> None:
    per_host = run_playbook(
        REPO / "playbooks" / "audit.yml",
        fleet.inventory,
        extra_vars={"report_dir": str(tmp_path / "per_host"), "expiring_within_days": 30},
    )
    assert per_host.rc == 0, per_host.output
    before = {d.name: len(_log(fleet, d.name)) for d in fleet.devices}
    reports = tmp_path / "reports"
    outcome = run_playbook(
        REPO / "playbooks" / "fleet_audit.yml",
        fleet.inventory,
        extra_vars={"report_dir": str(reports), "expiring_within_days": 30, "concurrency": 2},
    )
    assert outcome.rc == 0, outcome.output
    result = outcome.result("Read every router and write the audit report on the controller")
    assert result["failed_hosts"] == []
    assert _report(reports) == _report(tmp_path / "per_host")
    csv = (reports / "pki-audit.csv").read_text()
    assert csv == (tmp_path / "per_host" / "pki-audit.csv").read_text()
    assert {(f["router"], f["state"]) for f in result["flagged"]} == {
        (router, state) for router, state in STATES.items() if state != "valid"
    }
    for device in fleet.devices:  # one session and pki_info's show commands, nothing else
        entries = _log(fleet, device.name)[before[device.name] :]
        assert sessions(entries) == 1, device.name
        # pki_info's five, `show crypto pki crls` and `show crypto pki server` (no server: no
        # request table)
        assert len(show_commands(entries)) == 6, device.name
        assert config_lines(entries) == [], device.name


def test_routers_it_cannot_read_are_reported_and_the_rest_audited(fleet, tmp_path: Path) -> None:
    inventory = yaml.safe_load(fleet.inventory.read_text())
    hosts = inventory["all"]["children"]["routers"]["hosts"]
    empty_known_hosts = tmp_path / "known_hosts"
    empty_known_hosts.write_text("")
    hosts["R6"] = {**hosts["R1"], "ansible_port": _closed_port(), "ansible_command_timeout": 5}
    hosts["R7"] = {**hosts["R1"], "ansible_password": WRONG_PASSWORD}
    hosts["R8"] = {**hosts["R1"], "netpki_known_hosts_file": str(empty_known_hosts)}
    (tmp_path / "inventory.yml").write_text(yaml.safe_dump(inventory))
    outcome, reports = _fleet_audit(tmp_path, tmp_path / "inventory.yml", verbosity=3)
    assert outcome.rc == 0, outcome.output
    failed = {f["host"]: f["msg"] for f in outcome.result("audit")["failed_hosts"]}
    assert sorted(failed) == ["R6", "R7", "R8"]
    assert "unreachable" in failed["R6"]
    assert "login refused" in failed["R7"]
    assert "host key" in failed["R8"] and str(empty_known_hosts) in failed["R8"]
    report = _report(reports)
    assert report["summary"]["routers"] == 8 and report["summary"]["routers_failed"] == 3
    assert {(r["router"], r["state"]) for r in report["rows"] if r["flagged"]} == {
        (router, state) for router, state in STATES.items() if state != "valid"
    } | {("R6", "error"), ("R7", "error"), ("R8", "error")}
    written = "".join(path.read_text() for path in reports.iterdir())
    assert WRONG_PASSWORD not in outcome.output and WRONG_PASSWORD not in written


def test_limit_and_check_mode(fleet, tmp_path: Path) -> None:
    outcome, reports = _fleet_audit(tmp_path, fleet.inventory, limit="R2,R4", check=True)
    assert outcome.rc == 0, outcome.output
    result = outcome.result("audit")
    assert result["summary"]["routers"] == 2
    assert {(f["router"], f["state"]) for f in result["flagged"]} == {
        ("R2", "expiring"),
        ("R4", "pending"),
    }
    assert not reports.exists(), "check mode writes no file"


def test_refuses_to_run_on_every_host(fleet, tmp_path: Path) -> None:
    before = {d.name: len(_log(fleet, d.name)) for d in fleet.devices}
    outcome, _ = _fleet_audit(tmp_path, fleet.inventory, run_once=False, limit="R1,R2")
    assert outcome.rc != 0
    for host in ("R1", "R2"):
        assert "run_once: true" in outcome.result("audit", host)["msg"]
    assert all(len(_log(fleet, d.name)) == before[d.name] for d in fleet.devices)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again when the probe goes


def test_slices_merge_into_the_report_of_the_whole_fleet(fleet, tmp_path: Path) -> None:
    """As AWX/AAP job slicing runs it: the inventory's hosts dealt into slices (slice k of n
    takes hosts k-1, k-1+n, ...), each slice a separate ansible-playbook run writing its own
    report, then one audit_report that merges them without reading a router again."""
    listed = subprocess.run(
        [str(BIN / "ansible-inventory"), "-i", str(fleet.inventory), "--list"],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    hosts = sorted(json.loads(listed.stdout)["_meta"]["hostvars"])
    slices = [hosts[number::2] for number in range(2)]
    (tmp_path / "whole").mkdir()
    whole, whole_reports = _fleet_audit(tmp_path / "whole", fleet.inventory)
    assert whole.rc == 0, whole.output
    paths = []
    for number, part in enumerate(slices, start=1):
        outcome = run_playbook(
            REPO / "playbooks" / "fleet_audit.yml",
            fleet.inventory,
            limit=",".join(part),
            extra_vars={"report_dir": str(tmp_path / f"slice{number}")},
        )
        assert outcome.rc == 0, outcome.output
        paths.append(str(tmp_path / f"slice{number}" / "pki-audit.json"))
    before = {d.name: len(_log(fleet, d.name)) for d in fleet.devices}
    merge = {
        "name": "merge",
        "netpki.ios.audit_report": {"slice_reports": paths, "dest": str(tmp_path / "merged")},
        "run_once": True,
    }
    playbook = write_playbook(
        tmp_path / "merge.yml", {"hosts": "all", "gather_facts": False, "tasks": [merge]}
    )
    merged = run_playbook(playbook, fleet.inventory)
    assert merged.rc == 0, merged.output
    assert _report(tmp_path / "merged") == _report(whole_reports)
    assert all(len(_log(fleet, d.name)) == before[d.name] for d in fleet.devices), "no session"
    twice = {**merge, "netpki.ios.audit_report": {"slice_reports": [paths[0], paths[0]]}}
    write_playbook(tmp_path / "twice.yml", {"hosts": "all", "gather_facts": False,
                                            "tasks": [twice]})  # fmt: skip
    refused = run_playbook(tmp_path / "twice.yml", fleet.inventory)
    assert "is in both" in refused.result("merge", hosts[0])["msg"]
