"""CA key rollover (Cisco's "Certificate Authority Key Rollover"), with time moved by the
lab's clock instead of waited for.

R1 runs an IOS certificate server whose CA lives 30 days, with `auto-rollover 10`; R2 and R3
enroll with it through the collection's modules and `auto-enroll 80`, R4 without auto-enroll.
Their certificates end with the CA. Past 20 days the server makes its rollover CA; past 27
days (90% of the CA's life, the clients' `SHADOW` timer) the clients fetch it (GetNextCACert)
and get their shadow certificates, which `show crypto pki certificates` lists as rollover
certificates and `pki_info` reports with the moment they become active; the fleet audit
lists the pending rollovers and R4, which missed it. Past 30 days the old CA has expired: the
shadows are the active certificates, on the server and on the clients.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import netmiko
from ansible_run import run_playbook
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from device_helpers import device_show, installed_certificates, run_tasks, write_inventory
from mockios_proc import REPO, start_mockios

SERVER = "ROLLCS"
PASSPHRASE = "cs-rollover-passphrase"  # a lab value: protects the server's key
WAIT = 20.0  # seconds for a router's auto-enroll ticker (1 s) and SCEP polls (0.2 s)


def _start_server(device) -> None:  # noqa: ANN001
    with netmiko.ConnectHandler(**device.netmiko()) as conn:
        conn.enable()
        conn.send_config_set(
            [
                "ip http server",
                f"crypto pki server {SERVER}",
                "issuer-name CN=ROLLCS, O=netpki",
                "grant auto",
                "lifetime ca-certificate 30",
                "auto-rollover 10",
            ],
            exit_config_mode=False,
        )
        conn.send_command_timing("no shutdown", read_timeout=10)
        conn.send_command_timing(PASSPHRASE, read_timeout=10)
        conn.send_command(
            PASSPHRASE, expect_string=r"cs-server\)#", read_timeout=10, cmd_verify=False
        )
        conn.exit_config_mode()


def _wait_for(device, command: str, text: str) -> str:  # noqa: ANN001
    """The output of `command` once it shows `text` (the routers' timers work on their own)."""
    deadline = time.monotonic() + WAIT
    while True:
        output = device_show(device, command)
        if text in output or time.monotonic() > deadline:
            assert text in output, output
            return output
        time.sleep(0.5)


def _verifies(cert, ca) -> None:  # noqa: ANN001
    ca.public_key().verify(
        cert.signature,
        cert.tbs_certificate_bytes,
        padding.PKCS1v15(),
        cert.signature_hash_algorithm,
    )


def test_the_ca_rolls_over_and_the_clients_get_their_shadow_certificates(tmp_path: Path):
    with start_mockios(tmp_path / "mockios", count=4, flavor="iosxe17") as run:
        server, clients, manual = run.devices[0], run.devices[1:3], run.devices[3]
        _start_server(server)
        old_ca = installed_certificates(server, SERVER)["ca"]
        cs_timers = device_show(server, "show crypto pki timers detail")
        assert "CS SHADOW CERT GENERATION" in cs_timers and "CS CERT EXPIRE" in cs_timers

        inventory = write_inventory(tmp_path / "inventory.yml", clients)
        trustpoint = {
            "name": "CS",
            "enrollment": {"url": f"http://{server.name}:80"},
            "subject_name": "CN={{ inventory_hostname }}.cs.lab",
            "revocation_check": ["none"],
            "auto_enroll": {"percent": 80},
        }
        sha1 = old_ca.fingerprint(hashes.SHA1()).hex().upper()  # noqa: S303  (IOS compares SHA1)
        tasks = [
            {"name": "tp", "netpki.ios.trustpoints": {"config": [trustpoint]}},
            {
                "name": "auth",
                "netpki.ios.ca_authenticate": {"trustpoint": "CS", "fingerprint": sha1},
            },
            {"name": "enroll", "netpki.ios.enroll": {"trustpoint": "CS", "wait_timeout": 30}},
        ]
        enrolled = run_tasks(tmp_path, inventory, tasks, name="enroll.yml")
        assert enrolled.rc == 0, enrolled.output[-3000:]
        # R4 enrolls by hand, without auto-enroll: it will miss the rollover.
        by_hand = write_inventory(tmp_path / "by_hand.yml", [manual])
        tasks[0]["netpki.ios.trustpoints"]["config"][0].pop("auto_enroll")
        enrolled = run_tasks(tmp_path, by_hand, tasks, name="enroll_by_hand.yml")
        assert enrolled.rc == 0, enrolled.output[-3000:]
        first = {c.name: installed_certificates(c, "CS")["router"] for c in clients}
        for cert in first.values():
            assert cert.not_valid_after_utc == old_ca.not_valid_after_utc  # cut short by its CA
        timers = device_show(clients[0], "show crypto pki timers detail")
        assert "SHADOW CS" in timers, timers

        run.clock("+27d2h")  # past the server's rollover (day 20) and the clients' SHADOW (27)
        for client in clients:
            shown = _wait_for(client, "show crypto pki certificates CS", "Rollover Certificate")
            assert "Rollover CA Certificate" in shown
        new_ca = None
        for client in clients:
            held = installed_certificates(client, "CS")
            assert held["ca"] == old_ca and held["router"] == first[client.name]  # still active

        info = run_tasks(
            tmp_path,
            inventory,
            [{"name": "info", "netpki.ios.pki_info": {"gather": ["certificates"]}}],
            name="info.yml",
        )
        assert info.rc == 0, info.output[-3000:]
        for client in clients:
            facts = info.result("info", client.name)
            rollover = facts["trustpoints"]["CS"]["rollover"]
            assert rollover["ca_certificate"]["kind"] == "rollover_ca"
            assert rollover["certificate"]["kind"] == "rollover_router"
            assert rollover["certificate"]["subject_cn"] == f"{client.name}.cs.lab"
            active_at = old_ca.not_valid_after_utc.strftime("%Y-%m-%dT%H:%M:%SZ")
            assert rollover["becomes_active"] == active_at
            assert facts["summary"]["rollover_pending"] == 1

        # The fleet audit lists the pending rollovers, and R4, which missed it.
        everyone = write_inventory(tmp_path / "everyone.yml", [*clients, manual])
        audited = run_playbook(
            REPO / "playbooks" / "audit.yml",
            everyone,
            extra_vars={"report_dir": str(tmp_path / "reports"), "expiring_within_days": 45},
        )
        assert audited.rc == 0, audited.output[-3000:]
        report = json.loads((tmp_path / "reports" / "pki-audit.json").read_text())
        rows = [r for r in report["rows"] if r["trustpoint"] == "CS"]
        pending = {(r["router"], r["kind"]) for r in rows if r["state"] == "rollover_pending"}
        assert pending == {
            (c.name, kind) for c in clients for kind in ("rollover_ca", "rollover_router")
        }
        missed = [(r["router"], r["kind"]) for r in rows if r["state"] == "rollover_missed"]
        assert missed == [(manual.name, "ca")]
        summary = report["summary"]
        assert (summary["rollover_pending"], summary["rollover_missed"]) == (2, 1)

        run.clock("+30d2h")  # the old CA has expired: the shadows take over
        for client in clients:
            _wait_for_active = _wait_until_rolled(client, old_ca)
            new_ca = _wait_for_active["ca"]
            router = _wait_for_active["router"]
            assert new_ca.subject == old_ca.subject and new_ca != old_ca
            assert new_ca.not_valid_before_utc == old_ca.not_valid_after_utc
            _verifies(router, new_ca)
            assert "Rollover" not in device_show(client, "show crypto pki certificates CS")
        served = _wait_until_rolled(server, old_ca, SERVER)["ca"]  # the server's trustpoint
        assert served == new_ca
        status = device_show(server, "show crypto pki server")
        md5 = new_ca.fingerprint(hashes.MD5()).hex().upper()  # noqa: S303  (as IOS prints it)
        assert f"CA cert fingerprint: {' '.join(md5[i : i + 8] for i in range(0, 32, 8))}" in status


def _wait_until_rolled(device, old_ca, trustpoint: str = "CS") -> dict:  # noqa: ANN001
    deadline = time.monotonic() + WAIT
    while True:
        held = installed_certificates(device, trustpoint)
        if held["ca"] != old_ca or time.monotonic() > deadline:
            assert held["ca"] != old_ca, "the rollover CA did not become active"
            return held
        time.sleep(0.5)
