"""netpki.ios.ca_server over real SSH: a mockios router runs the IOS certificate server that
the module configures and starts; two other routers enroll with it through the collection's
modules, their requests wait (IOS's manual grant), and the module grants them, one by its ID,
the other by a pattern over its subject. Check mode grants nothing; a second run changes
nothing; the granted routers collect certificates that verify against the server's CA.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import netmiko
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from device_helpers import (
    LogWindow,
    device_show,
    installed_certificates,
    run_tasks,
    write_inventory,
)
from mockios_proc import DeviceParams, start_mockios

SERVER = "LABCS"
PASSPHRASE = "cs-module-passphrase"  # a lab value: protects the server's key
REQUESTS = f"show crypto pki server {SERVER} requests"


@dataclass
class Lab:
    tmp: Path
    server: DeviceParams
    clients: list[DeviceParams]
    server_inventory: Path
    client_inventory: Path
    ca: x509.Certificate

    def ca_server(self, name: str, check: bool = False, **options):  # noqa: ANN201
        task = {"name": "cs", "netpki.ios.ca_server": {"name": SERVER, **options}}
        return run_tasks(
            self.tmp, self.server_inventory, [task], name=f"{name}.yml", check=check, diff=True
        )

    def enroll(self, client: DeviceParams, wait: bool):  # noqa: ANN201
        tasks = [
            {
                "name": "tp",
                "netpki.ios.trustpoints": {
                    "config": [
                        {
                            "name": "CS",
                            "enrollment": {"url": f"http://{self.server.name}:80"},
                            "subject_name": "CN={{ inventory_hostname }}.cs.lab",
                            "revocation_check": ["none"],
                        }
                    ]
                },
            },
            {
                "name": "auth",
                "netpki.ios.ca_authenticate": {
                    "trustpoint": "CS",
                    "fingerprint": self.ca.fingerprint(hashes.SHA1()).hex(),  # noqa: S303
                },
            },
            {
                "name": "enroll",
                "netpki.ios.enroll": {
                    "trustpoint": "CS",
                    "challenge_password": "x",
                    "wait": wait,
                    **({"wait_timeout": 30} if wait else {}),
                },
            },
        ]
        run = run_tasks(
            self.tmp, self.client_inventory, tasks, name="enroll.yml", limit=client.name
        )
        assert run.rc == 0, run.output[-3000:]


def _requests(lab: Lab) -> dict[str, tuple[int, str]]:
    """Each client's request: its ID and state, read on the server with netmiko."""
    found = {}
    for line in device_show(lab.server, REQUESTS).splitlines():
        words = line.split()
        for client in lab.clients:
            if len(words) == 4 and f"cn={client.name}.cs.lab" in words[3]:
                found[client.name] = (int(words[0]), words[1])
    return found


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    tmp = tmp_path_factory.mktemp("ca_server")
    with start_mockios(tmp / "mockios", count=3) as run:
        server, clients = run.devices[0], run.devices[1:]
        with netmiko.ConnectHandler(**server.netmiko()) as conn:
            conn.enable()
            conn.send_config_set(["ip http server"])  # SCEP is served by the HTTP server
        server_inventory = write_inventory(tmp / "server.yml", [server])
        start = {"issuer_name": "CN=LABCS, O=netpki", "passphrase": PASSPHRASE}

        window = LogWindow(server)
        planned = run_tasks(
            tmp,
            server_inventory,
            [{"name": "cs", "netpki.ios.ca_server": {"name": SERVER, **start}}],
            name="plan.yml",
            check=True,
        )
        assert planned.result("cs")["changed"] is True
        assert window.config_lines == [], "check mode sent configuration"
        assert "crypto pki server" not in device_show(server, "show running-config")

        started = run_tasks(
            tmp,
            server_inventory,
            [{"name": "cs", "netpki.ios.ca_server": {"name": SERVER, **start}}],
            name="start.yml",
        )
        assert started.rc == 0, started.output[-3000:]
        result = started.result("cs")
        assert result["commands"] == [
            f"crypto pki server {SERVER}",
            "issuer-name CN=LABCS, O=netpki",
            "no shutdown",
            "********",
            "********",
        ]
        assert PASSPHRASE not in started.output
        assert result["server"]["ca_generated"] is True and result["server"]["shutdown"] is False
        ca = installed_certificates(server, SERVER)["ca"]
        assert set(ca.subject.rfc4514_string().split(",")) == {"CN=LABCS", "O=netpki"}

        lab = Lab(tmp, server, clients, server_inventory, tmp / "clients.yml", ca)
        write_inventory(lab.client_inventory, clients)
        again = lab.ca_server("start-again", **start)
        assert again.result("cs")["changed"] is False, again.result("cs")
        for client in clients:
            lab.enroll(client, wait=False)
        assert {state for _, state in _requests(lab).values()} == {"pending"}

        info_task = {"name": "info", "netpki.ios.pki_info": {"gather": ["servers"]}}
        info = run_tasks(tmp, server_inventory, [info_task], name="info.yml")
        [fact] = info.result("info")["servers"]
        assert (fact["name"], fact["status"], fact["pending_requests"]) == (SERVER, "enabled", 2)
        expiry = ca.not_valid_after_utc.strftime("%Y-%m-%dT%H:%M:%SZ")
        assert fact["ca_not_after"] == expiry
        yield lab


def _collects_a_certificate_from_the_server(lab: Lab, client: DeviceParams) -> None:
    lab.enroll(client, wait=True)
    issued = installed_certificates(client, "CS")["router"]
    assert issued.issuer == lab.ca.subject
    lab.ca.public_key().verify(
        issued.signature,
        issued.tbs_certificate_bytes,
        padding.PKCS1v15(),
        issued.signature_hash_algorithm,
    )


def test_a_pending_request_is_granted_by_its_id(lab: Lab) -> None:
    client, other = lab.clients
    request_id = _requests(lab)[client.name][0]
    grant = {"grant": {"ids": [request_id]}}

    window = LogWindow(lab.server)
    planned = lab.ca_server("grant-id-check", check=True, **grant)
    result = planned.result("cs")
    assert result["changed"] is True and result["granted"] == [request_id]
    assert result["commands"] == [f"crypto pki server {SERVER} grant {request_id}"]
    assert not [e for e in window.entries if " grant " in e.get("line", "")]
    assert _requests(lab)[client.name] == (request_id, "pending"), "check mode granted"

    done = lab.ca_server("grant-id", **grant)
    assert done.rc == 0, done.output[-3000:]
    assert done.result("cs")["granted"] == [request_id]
    assert f"-  request {request_id}: pending" in done.output  # the --diff
    assert f"+  request {request_id}: granted" in done.output
    states = _requests(lab)
    assert states[client.name] == (request_id, "granted")
    assert states[other.name][1] == "pending"

    again = lab.ca_server("grant-id-again", **grant)
    assert again.result("cs")["changed"] is False
    assert again.result("cs")["granted"] == [] and again.result("cs")["commands"] == []
    _collects_a_certificate_from_the_server(lab, client)


def test_a_pending_request_is_granted_by_a_subject_pattern(lab: Lab) -> None:
    client = lab.clients[1]
    request_id = _requests(lab)[client.name][0]
    grant = {"grant": {"subject": rf"cn={client.name}\.cs\.lab"}}

    window = LogWindow(lab.server)
    planned = lab.ca_server("grant-subject-check", check=True, **grant)
    assert planned.result("cs")["granted"] == [request_id]
    assert not [e for e in window.entries if " grant " in e.get("line", "")]
    assert _requests(lab)[client.name] == (request_id, "pending"), "check mode granted"

    done = lab.ca_server("grant-subject", **grant)
    assert done.rc == 0, done.output[-3000:]
    assert done.result("cs")["granted"] == [request_id]
    assert _requests(lab)[client.name] == (request_id, "granted")
    assert {r["id"]: r["state"] for r in done.result("cs")["requests"]}[request_id] == "granted"

    again = lab.ca_server("grant-subject-again", **grant)
    assert again.result("cs")["changed"] is False
    _collects_a_certificate_from_the_server(lab, client)


def test_a_server_is_changed_stopped_restarted_and_removed(tmp_path: Path) -> None:
    with start_mockios(tmp_path / "mockios", hostname="CA1") as run:
        inventory = write_inventory(tmp_path / "inventory.yml", run.devices)

        def task(name: str, **options):  # noqa: ANN202
            step = {"name": "cs", "netpki.ios.ca_server": {"name": SERVER, **options}}
            done = run_tasks(tmp_path, inventory, [step], name=f"{name}.yml", diff=True)
            assert done.rc == 0, done.output[-3000:]
            return done.result("cs")

        assert task("start", passphrase=PASSPHRASE)["server"]["shutdown"] is False
        # A running server's settings are locked: shut, changed, started again (no passphrase).
        changed = task("grant-auto", grant_mode="auto", lifetime={"certificate": 30})
        assert changed["commands"] == [
            f"crypto pki server {SERVER}",
            "shutdown",
            "grant auto",
            "lifetime certificate 30",
            "no shutdown",
        ]
        assert task("grant-auto-again", grant_mode="auto")["changed"] is False
        refused = run_tasks(
            tmp_path,
            inventory,
            [{"name": "cs", "netpki.ios.ca_server": {"name": SERVER, "issuer_name": "CN=Other"}}],
            name="issuer.yml",
        )
        assert "issuer_name: certificate server LABCS has made its CA" in refused.output

        stopped = task("stop", state="stopped")
        assert stopped["commands"] == [f"crypto pki server {SERVER}", "shutdown"]
        assert stopped["server"]["shutdown"] is True
        status = device_show(run.device, f"show crypto pki server {SERVER}")
        assert "Status: disabled" in status
        assert task("restart")["commands"] == [f"crypto pki server {SERVER}", "no shutdown"]

        removed = task("remove", state="absent")
        assert removed["commands"] == [f"no crypto pki server {SERVER}"]
        assert removed["server"] is None
        assert "crypto pki server" not in device_show(run.device, "show running-config")
        assert task("remove-again", state="absent")["changed"] is False
