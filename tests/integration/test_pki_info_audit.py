"""netpki.ios.pki_info and the fleet audit against a mockios fleet in mixed PKI states.

The states (``audit_fleet``) are made through the simulator's own IOS dialogs over SSH and its
lab CA: R1 valid, R2 expiring, R3 expired, R4 pending, R5 no CA. Then real
``ansible-playbook`` runs pki_info and ``playbooks/audit.yml``, and headless Chromium reads the
HTML report back through its DOM.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import socket
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import netmiko
import pytest
import yaml
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.audit.html import COLUMNS
from ansible_run import PlaybookRun, run_playbook, write_playbook
from audit_fleet import STATES, add_trustpoint, audit_fleet, enroll, wait_for
from audit_schema import schema_errors
from chromium import run_chromium
from mockios_proc import REPO, MockiosRun, start_mockios

from mockios.log import config_lines, read_session_log, sessions, show_commands

OUTPUT_DIR = REPO / "tests" / "output"
ALL_COMMANDS = {
    "show crypto pki certificates verbose",
    "show crypto key mypubkey all",
    "show crypto pki timers detail",
    "show running-config | section crypto pki|^hostname|^ip domain",
}


@pytest.fixture(scope="module")
def fleet(tmp_path_factory) -> Iterator[MockiosRun]:
    with audit_fleet(tmp_path_factory.mktemp("pki_info") / "mockios") as run:
        yield run


def _play(tmp: Path, run: MockiosRun, tasks: list[dict], **options) -> PlaybookRun:
    playbook = write_playbook(
        tmp / "play.yml", {"hosts": "all", "gather_facts": False, "tasks": tasks}
    )
    return run_playbook(playbook, run.inventory, **options)


def _log(run: MockiosRun, device: str) -> list[dict]:
    return read_session_log(run.state_dir / device / "session.log")


# ---------------------------------------------------------------- pki_info facts


@pytest.fixture(scope="module")
def live(fleet, tmp_path_factory) -> dict[str, dict]:
    tmp = tmp_path_factory.mktemp("live")
    before = {d.name: len(_log(fleet, d.name)) for d in fleet.devices}
    task = {
        "name": "facts",
        "netpki.ios.pki_info": {"expiring_within_days": 30},
        "register": "pki",
    }
    outcome = _play(tmp, fleet, [task], check=True)
    assert outcome.rc == 0, outcome.output
    for device in fleet.devices:
        window = _log(fleet, device.name)[before[device.name] :]
        assert sessions(window) == 1
        # The simulator logs each command without its output filter.
        assert sorted(show_commands(window)) == sorted(c.split(" |")[0] for c in ALL_COMMANDS)
        assert config_lines(window) == []
    return {d.name: outcome.result("facts", d.name) for d in fleet.devices}


def test_facts_of_each_state(live) -> None:
    valid = live["R1"]["trustpoints"]["LAB"]
    assert valid["status"] == {
        "source": "derived",
        "keys_generated": True,
        "keys_detail": "General Purpose, non-exportable",
        "ca_authenticated": True,
        "certificate_request": "granted",
    }
    cert = valid["certificates"][0]
    assert cert["kind"] == "router" and cert["status"] == "available"
    assert cert["subject_cn"] == "R1.lab.example"
    assert cert["subject_ordered"][:2] == [["CN", "R1.lab.example"], ["O", "Netpki Lab"]]
    assert cert["issuer"]["CN"] == valid["ca_certificate"]["subject"]["CN"]
    assert cert["days_remaining"] in (364, 365) and cert["expired"] is False
    not_after = dt.datetime.fromisoformat(cert["not_after"].replace("Z", "+00:00"))
    assert abs((not_after - dt.datetime.now(dt.UTC)).days - 365) <= 1
    assert len(cert["fingerprints"]["sha1"].split()) == 5
    assert cert["key_label"] == "LAB.key" == valid["key_label"]
    assert valid["keys"][0]["size"] == 1024
    assert valid["config"]["rsakeypair"] == {"label": "LAB.key", "modulus": 1024}
    assert valid["config"]["password"] == "********"
    assert live["R1"]["expiring"] == []

    expiring = live["R2"]["trustpoints"]["LAB"]["certificates"][0]
    assert expiring["days_remaining"] == 9 and expiring["expired"] is False
    assert [(e["trustpoint"], e["kind"]) for e in live["R2"]["expiring"]] == [("LAB", "router")]

    expired = live["R3"]["trustpoints"]["LAB"]["certificates"][0]
    assert expired["expired"] is True and expired["days_remaining"] == -1
    assert live["R3"]["summary"]["expired"] == 1

    pending = live["R4"]["trustpoints"]["LAB"]
    assert pending["status"]["certificate_request"] == "pending"
    assert [c["status"] for c in pending["certificates"]] == ["pending"]
    assert pending["certificates"][0]["not_after"] is None
    assert pending["ca_certificate"]["kind"] == "ca"
    assert live["R4"]["summary"]["pending"] == 1

    no_ca = live["R5"]["trustpoints"]["LAB"]
    assert no_ca["status"]["ca_authenticated"] is False
    assert no_ca["status"]["keys_generated"] is False
    assert no_ca["ca_certificate"] is None and no_ca["certificates"] == []
    assert live["R5"]["summary"]["without_ca"] == 1


def test_derived_status_agrees_with_the_routers_own(fleet, live, tmp_path: Path) -> None:
    task = {
        "name": "status",
        "netpki.ios.pki_info": {"gather": ["trustpoints"]},
        "register": "pki",
    }
    outcome = _play(tmp_path, fleet, [task])
    assert outcome.rc == 0, outcome.output
    for device in fleet.devices:
        own = outcome.result("status", device.name)
        assert own["commands"] == ["show crypto pki trustpoints status"]
        asked = own["trustpoints"]["LAB"]["status"]
        derived = live[device.name]["trustpoints"]["LAB"]["status"]
        assert asked["source"] == "device"
        for key in ("keys_generated", "keys_detail", "ca_authenticated", "certificate_request"):
            assert asked[key] == derived[key], (device.name, key)


def test_outputs_mode_gives_the_live_facts_without_connecting(fleet, live, tmp_path: Path) -> None:
    device = next(d for d in fleet.devices if d.name == "R2")
    with netmiko.ConnectHandler(**device.netmiko()) as conn:
        conn.enable()
        outputs = {command: conn.send_command(command) for command in sorted(ALL_COMMANDS)}
    before = len(_log(fleet, "R2"))
    task = {
        "name": "offline",
        "netpki.ios.pki_info": {"outputs": outputs, "expiring_within_days": 30},
        "register": "pki",
    }
    outcome = _play(tmp_path, fleet, [task], limit="R2")
    assert outcome.rc == 0, outcome.output
    offline = outcome.result("offline", "R2")
    assert sessions(_log(fleet, "R2")[before:]) == 0
    assert offline["commands"] == []
    for key in ("trustpoints", "certificates", "keys", "timers", "profiles", "expiring", "summary"):
        assert offline[key] == live["R2"][key], key


# ---------------------------------------------------------------- the audit


@pytest.fixture(scope="module")
def audit(fleet, tmp_path_factory) -> tuple[Path, PlaybookRun]:
    report_dir = tmp_path_factory.mktemp("reports")
    before = {d.name: len(_log(fleet, d.name)) for d in fleet.devices}
    outcome = run_playbook(
        REPO / "playbooks" / "audit.yml",
        fleet.inventory,
        check=True,
        extra_vars={"report_dir": str(report_dir), "expiring_within_days": 30},
    )
    assert outcome.rc == 0, outcome.output
    for device in fleet.devices:
        assert config_lines(_log(fleet, device.name)[before[device.name] :]) == []
    return report_dir, outcome


def _flagged(rows: list[dict]) -> set[tuple[str, str]]:
    return {(row["router"], row["state"]) for row in rows if row["flagged"]}


def test_audit_flags_exactly_the_broken_states(audit) -> None:
    report_dir, _outcome = audit
    report = json.loads((report_dir / "pki-audit.json").read_text())
    assert report["summary"] == {
        "routers": 5,
        "routers_failed": 0,
        "trustpoints": 5,
        "certificates": 7,  # the CA on R1-R4 and the router certificates of R1-R3
        "expired": 1,
        "expiring": 1,
        "expiring_within_days": 30,
        "pending": 1,
        "without_ca": 1,
        "unknown": 0,
        "unexpected_ca": 0,
        "revoked": 0,
        "stale_crls": 0,
        "rollover_pending": 0,
        "rollover_missed": 0,
        "flagged": 4,
    }
    expected = {(router, state) for router, state in STATES.items() if state != "valid"}
    assert _flagged(report["rows"]) == expected
    assert schema_errors(report) == []
    router = next(
        row for row in report["rows"] if row["router"] == "R1" and row["kind"] == "router"
    )
    assert (router["key_type"], router["key_size"]) == ("RSA", 1024)
    assert router["signature_algorithm"] == "SHA256 with RSA Encryption"
    assert len(router["sha256"].split()) == 8  # from the DER in the running configuration
    assert {row["state"] for row in report["rows"] if row["router"] == "R1"} == {"valid"}
    csv_lines = (report_dir / "pki-audit.csv").read_text().splitlines()
    assert csv_lines[0].startswith("router,trustpoint,kind,")
    assert len(csv_lines) == 1 + len(report["rows"])


class _RowReader(HTMLParser):
    """The body rows of the report table: their attributes and each cell's sort key."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        found = dict(attrs)
        if tag == "tr" and found.get("data-state"):
            self.rows.append({**found, "cells": []})
        elif tag == "td" and self.rows:
            self.rows[-1]["cells"].append(found.get("data-sort", ""))


def _dom_rows(dom: str) -> list[dict]:
    reader = _RowReader()
    reader.feed(dom)
    return reader.rows


def _days(report: dict) -> list[str]:
    return [
        str(row["days_remaining"] if row["days_remaining"] is not None else -99999999)
        for row in report["rows"]
    ]


def test_html_report_in_headlessrun_chromium(audit, tmp_path: Path) -> None:
    report_dir, _outcome = audit
    page = (report_dir / "pki-audit.html").resolve()
    html = page.read_text()
    assert not re.search(r"<link|\b(?:src|href)\s*=", html)  # self-contained: no external assets
    report = json.loads((report_dir / "pki-audit.json").read_text())

    # Opened with `#sort=-days_remaining`, the page's own script orders the rows.
    sorted_page = page.as_uri() + "#sort=-days_remaining"
    dom = run_chromium("--dump-dom", sorted_page, profile=tmp_path / "p1")
    assert dom.returncode == 0, dom.stderr[-2000:]
    rows = _dom_rows(dom.stdout)
    assert len(rows) == len(report["rows"])
    flagged = {(r["data-router"], r["data-state"]) for r in rows if r["data-flagged"] == "true"}
    assert flagged == _flagged(report["rows"])
    days_column = [column for column, _heading in COLUMNS].index("days_remaining")
    days = [float(r["cells"][days_column]) for r in rows]
    assert days == sorted(days, reverse=True) and days != [float(d) for d in _days(report)]
    assert 'id="summary-expired"' in dom.stdout

    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    shot = OUTPUT_DIR / "pki-audit.png"
    shot.unlink(missing_ok=True)
    taken = run_chromium(
        f"--screenshot={shot}", "--window-size=1400,700", page.as_uri(), profile=tmp_path / "p2"
    )
    assert taken.returncode == 0, taken.stderr[-2000:]
    assert shot.stat().st_size > 10_000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_audit_reports_a_router_it_cannot_read_and_goes_on(fleet, tmp_path: Path) -> None:
    inventory = yaml.safe_load(fleet.inventory.read_text())
    hosts = inventory["all"]["children"]["routers"]["hosts"]
    hosts["R6"] = {**hosts["R1"], "ansible_port": _closed_port(), "ansible_command_timeout": 5}
    (tmp_path / "inventory.yml").write_text(yaml.safe_dump(inventory))
    outcome = run_playbook(
        REPO / "playbooks" / "audit.yml",
        tmp_path / "inventory.yml",
        extra_vars={"report_dir": str(tmp_path / "reports")},
    )
    assert outcome.rc == 0, outcome.output
    report = json.loads((tmp_path / "reports" / "pki-audit.json").read_text())
    assert report["summary"]["routers"] == 6 and report["summary"]["routers_failed"] == 1
    errors = [row for row in report["rows"] if row["state"] == "error"]
    assert [row["router"] for row in errors] == ["R6"]
    assert "unreachable" in errors[0]["detail"]
    assert _flagged(report["rows"]) - {("R6", "error")} == {
        (router, state) for router, state in STATES.items() if state != "valid"
    }


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again when the probe goes


def test_bad_arguments_fail_before_connecting(fleet, tmp_path: Path) -> None:
    before = len(_log(fleet, "R1"))
    tasks = [
        {
            "name": "newline in a name",
            "netpki.ios.pki_info": {"trustpoint": ["LAB\nshow running-config"]},
            "ignore_errors": True,
        },
        {
            "name": "unknown kind",
            "netpki.ios.pki_info": {"gather": ["certificates", "passwords"]},
            "ignore_errors": True,
        },
        {
            "name": "output nobody can parse",
            "netpki.ios.pki_info": {"outputs": {"show version": "Cisco IOS Software"}},
            "ignore_errors": True,
        },
    ]
    outcome = _play(tmp_path, fleet, tasks, limit="R1")
    messages = [outcome.result(task["name"], "R1") for task in tasks]
    statuses = [outcome.for_task(task["name"], "R1")[0]["status"] for task in tasks]
    assert statuses == ["failed"] * 3, messages
    assert "trustpoint[0]" in messages[0]["msg"]
    assert "passwords" in messages[1]["msg"]
    assert "no parser for 'show version'" in messages[2]["msg"]
    assert sessions(_log(fleet, "R1")[before:]) == 0


def test_iosxe17_router_with_auto_enroll_and_builtin_trustpoints(tmp_path: Path) -> None:
    with start_mockios(tmp_path / "xe", flavor="iosxe17") as run:
        with netmiko.ConnectHandler(**run.device.netmiko()) as conn:
            conn.enable()
            add_trustpoint(conn, "LAB")
            conn.send_config_set(["crypto pki trustpoint LAB", "auto-enroll 80"])
            # No rsakeypair: the router's default pair, R1.lab.example, generated beforehand.
            conn.send_config_set(
                [
                    "crypto key generate rsa modulus 1024",
                    "crypto pki trustpoint DEFAULT",
                    "enrollment url http://ca.lab.example",
                ]
            )
            enroll(conn, "LAB")
            assert "Status: Available" in wait_for(conn, "LAB", "Status: Available")
        inventory = tmp_path / "inventory.yml"
        host = {
            "ansible_host": run.device.host,
            "ansible_port": run.device.port,
            "ansible_user": run.device.username,
            "ansible_password": run.device.password,
            "ansible_become_password": run.device.secret,
            "ansible_connection": "local",
            "netpki_known_hosts_file": str(run.device.known_hosts),
        }
        inventory.write_text(yaml.safe_dump({"all": {"hosts": {"R1": host}}}))
        tasks = [
            {"name": "all", "netpki.ios.pki_info": {}, "register": "a"},
            {"name": "status", "netpki.ios.pki_info": {"gather": ["trustpoints"]}},
        ]
        playbook = write_playbook(
            tmp_path / "xe.yml", {"hosts": "all", "gather_facts": False, "tasks": tasks}
        )
        outcome = run_playbook(playbook, inventory)
        replaced = _replace_builtin_self_signed(run, tmp_path, inventory)
    assert outcome.rc == 0, outcome.output
    facts, own = outcome.result("all", "R1"), outcome.result("status", "R1")
    builtin = next(name for name in facts["trustpoints"] if name.startswith("TP-self-signed-"))
    assert {"SLA-TrustPoint", builtin, "LAB"} <= set(facts["trustpoints"])
    lab = facts["trustpoints"]["LAB"]
    cert = lab["certificates"][0]
    renew = [t for t in lab["timers"] if t["timer"] == "RENEW"]
    assert [t["expires_at"] for t in renew] == [cert["renew_at"]]
    assert lab["keys"][0]["size"] == 1024 and cert["public_key_size"] == 1024
    assert lab["config"]["auto_enroll"]["percent"] == 80
    assert facts["trustpoints"][builtin]["certificates"][0]["kind"] == "self_signed"
    assert facts["hostname"] == "R1"
    assert facts["trustpoints"]["DEFAULT"]["key_label"] == "R1.lab.example"
    assert facts["trustpoints"]["DEFAULT"]["status"]["keys_generated"] is True
    for name in ("LAB", builtin, "DEFAULT"):
        asked = own["trustpoints"][name]["status"]
        derived = facts["trustpoints"][name]["status"]
        for key in ("keys_generated", "keys_detail", "ca_authenticated", "certificate_request"):
            assert asked[key] == derived[key], (name, key)
    _builtins_raise_no_alarm(replaced, builtin)


def _replace_builtin_self_signed(run: MockiosRun, tmp_path: Path, inventory: Path) -> dict:
    """Self-signed enrollment of trustpoint HTTPS replaces the built-in TP-self-signed-*'s
    certificate (IOS asks first); then the audit playbook reports the router."""
    with netmiko.ConnectHandler(**run.device.netmiko()) as conn:
        conn.enable()
        conn.send_config_set(
            [
                "crypto pki trustpoint HTTPS",
                "enrollment selfsigned",
                "subject-name CN=R1-https",
                "serial-number none",
                "ip-address none",
                "rsakeypair HTTPS.key 1024",
            ]
        )
        conn.config_mode()
        asked = conn.send_command("crypto pki enroll HTTPS", expect_string=r"\[yes/no\]:")
        assert "Do you really want to replace it?" in asked
        conn.send_command("yes", expect_string=r"Generate Self Signed Router Certificate")
        conn.send_command("yes", expect_string=r"#")
        conn.exit_config_mode()
    outcome = run_playbook(
        REPO / "playbooks" / "audit.yml",
        inventory,
        extra_vars={"report_dir": str(tmp_path / "reports")},
    )
    assert outcome.rc == 0, outcome.output
    return json.loads((tmp_path / "reports" / "pki-audit.json").read_text())


def _builtins_raise_no_alarm(report: dict, builtin: str) -> None:
    states = {(row["trustpoint"], row["kind"], row["state"]) for row in report["rows"]}
    assert (builtin, None, "unused") in states  # was "no_ca: CA not authenticated"
    assert ("SLA-TrustPoint", "ca", "valid") in states
    assert ("HTTPS", "self_signed", "valid") in states
    assert {row["trustpoint"] for row in report["rows"] if row["flagged"]} == {"DEFAULT"}
    assert schema_errors(report) == []
