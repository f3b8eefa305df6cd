"""A mockios router runs an IOS certificate server (`crypto pki server`), and two other
routers enroll with it over SCEP through the collection's modules, reaching it by its name
(`enrollment url http://R1:80`, resolved through the fleet's names map to R1's HTTP server).

The server grants by hand (IOS's default): the requests wait, `crypto pki server NAME info
requests` lists them, `grant all` issues them, and the clients' polling gets the
certificates, which verify with `cryptography` against the router CA's certificate.
"""

from __future__ import annotations

from pathlib import Path

import netmiko
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.facts.parse import parse_output
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from device_helpers import device_show, installed_certificates, run_tasks, write_inventory
from mockios_proc import start_mockios

SERVER = "LABCS"
PASSPHRASE = "cs-lab-passphrase"  # a lab value: protects the server's key


def _start_server(device) -> str:  # noqa: ANN001
    with netmiko.ConnectHandler(**device.netmiko()) as conn:
        conn.enable()
        conn.send_config_set(
            ["ip http server", f"crypto pki server {SERVER}", "issuer-name CN=LABCS, O=netpki"],
            exit_config_mode=False,
        )
        text = conn.send_command_timing("no shutdown", read_timeout=10)
        assert "% Please enter a passphrase to protect the private key" in text
        text += conn.send_command_timing(PASSPHRASE, read_timeout=10)
        assert "Re-enter password:" in text
        text += conn.send_command(
            PASSPHRASE, expect_string=r"cs-server\)#", read_timeout=10, cmd_verify=False
        )
        conn.exit_config_mode()
        return text


def test_two_routers_enroll_with_a_router_certificate_server(tmp_path: Path):
    with start_mockios(tmp_path / "mockios", count=3) as run:
        server, clients = run.devices[0], run.devices[1:]
        dialog = _start_server(server)
        assert "% Certificate Server enabled." in dialog
        assert PASSPHRASE not in dialog
        [status] = parse_output(
            "show crypto pki server", device_show(server, "show crypto pki server")
        )
        assert (status["SERVER"], status["STATUS"], status["STATE"]) == (
            SERVER,
            "enabled",
            "enabled",
        )
        assert status["GRANT_MODE"] == "manual" and status["LOCKED"] == "locked"
        ca = installed_certificates(server, SERVER)["ca"]
        assert ca.fingerprint(hashes.MD5()).hex().upper() == status["CA_FINGERPRINT"].replace(
            " ", ""
        )

        inventory = write_inventory(tmp_path / "inventory.yml", clients)
        trustpoint = {
            "name": "CS",
            "enrollment": {"url": f"http://{server.name}:80"},
            "subject_name": "CN={{ inventory_hostname }}.cs.lab",
            "revocation_check": ["none"],
        }
        sha1 = ca.fingerprint(hashes.SHA1()).hex().upper()  # noqa: S303  (IOS compares SHA1)
        tasks = [
            {"name": "tp", "netpki.ios.trustpoints": {"config": [trustpoint]}},
            {
                "name": "auth",
                "netpki.ios.ca_authenticate": {"trustpoint": "CS", "fingerprint": sha1},
            },
            {
                "name": "enroll",
                "netpki.ios.enroll": {"trustpoint": "CS", "challenge_password": "x", "wait": False},
            },
        ]
        first = run_tasks(tmp_path, inventory, tasks, name="request.yml")
        assert first.rc == 0, first.output[-3000:]

        requests = device_show(server, f"crypto pki server {SERVER} info requests")
        assert requests.count("pending") == 2, requests
        for client in clients:
            assert f"cn={client.name}.cs.lab" in requests
        with netmiko.ConnectHandler(**server.netmiko()) as conn:
            conn.enable()
            conn.send_command(f"crypto pki server {SERVER} grant all")
        assert "pending" not in device_show(server, f"crypto pki server {SERVER} info requests")

        tasks[-1]["netpki.ios.enroll"]["wait"] = True
        tasks[-1]["netpki.ios.enroll"]["wait_timeout"] = 30
        second = run_tasks(tmp_path, inventory, tasks, name="collect.yml")
        assert second.rc == 0, second.output[-3000:]
        for client in clients:
            held = installed_certificates(client, "CS")
            assert held["ca"] == ca
            issued = held["router"]
            assert issued.issuer == ca.subject
            ca.public_key().verify(
                issued.signature,
                issued.tbs_certificate_bytes,
                padding.PKCS1v15(),
                issued.signature_hash_algorithm,
            )
