"""Three mockios routers enroll through micromdm's ``scepserver``, a SCEP server no one here
wrote, using only the collection's modules: ``ca_authenticate`` pinned to that server's CA by
SHA-256 (the engine checks the pin against the CA's own GetCACert answer) and ``enroll`` with
its challenge password. scepserver answers only at ``/scep``, so it sits behind a real nginx
that maps the path IOS requests (``/cgi-bin/pkiclient.exe``) to it; the routers reach the
proxy by the IP address in their enrollment URL. Their certificates verify against the CA
scepserver made with ``scepserver ca -init``.
"""

from __future__ import annotations

from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from device_helpers import device_show, run_tasks, write_inventory
from mockios_proc import start_mockios
from scep_proxy import scep_proxy
from scep_server import own_ca_scep_server, require_scepserver

CHALLENGE = "micromdm-lab-challenge"  # a lab value the test hands to scepserver and enroll
ROUTERS = 3


def test_three_routers_enroll_through_micromdm_scepserver(tmp_path: Path):
    require_scepserver()
    with (
        own_ca_scep_server(tmp_path, CHALLENGE) as scep_url,
        scep_proxy(scep_url, tmp_path) as proxy,
        start_mockios(tmp_path / "mockios", count=ROUTERS) as run,
    ):
        their_ca = x509.load_pem_x509_certificate(
            (tmp_path / "scep-own-depot" / "ca.pem").read_bytes()
        )
        pin = their_ca.fingerprint(hashes.SHA256()).hex(":").upper()
        inventory = write_inventory(tmp_path / "inventory.yml", run.devices)
        trustpoint = {
            "name": "MDM",
            "enrollment": {"url": proxy},
            "subject_name": "CN={{ inventory_hostname }}.micromdm.lab",
            "revocation_check": ["none"],
        }
        tasks = [
            {"name": "tp", "netpki.ios.trustpoints": {"config": [trustpoint]}},
            {
                "name": "auth",
                "netpki.ios.ca_authenticate": {"trustpoint": "MDM", "fingerprint": pin},
            },
            {
                "name": "enroll",
                "netpki.ios.enroll": {"trustpoint": "MDM", "challenge_password": CHALLENGE},
            },
        ]
        outcome = run_tasks(tmp_path, inventory, tasks, name="micromdm.yml")
        assert outcome.rc == 0, outcome.output[-3000:]
        for device in run.devices:
            result = outcome.result("enroll", host=device.name)
            assert result["state"] == "enrolled", result
            chain = device_show(
                device, "show running-config | section crypto pki certificate chain MDM"
            )
            cert = _router_certificate(chain, their_ca)
            cert.verify_directly_issued_by(their_ca)
            assert cert.subject.rfc4514_string() == f"CN={device.name}.micromdm.lab"
            assert int(result["certificate"]["serial"].replace(":", ""), 16) == cert.serial_number
    access = (tmp_path / "nginx" / "access.log").read_text()
    assert access.count("operation=PKIOperation") >= ROUTERS  # each router's PKCSReq, by GET
    # The routers' request lines as IOS writes them, HTTP/1.0 included (nginx logs them whole;
    # the controller's own GetCACert, for the SHA-256 pin, is not a router's).
    routers = [line for line in access.splitlines() if "Cisco PKI" in line]
    assert '"GET /cgi-bin/pkiclient.exe?operation=GetCACert&message=MDM HTTP/1.0"' in access
    assert routers and all(' HTTP/1.0" ' in line for line in routers)


def _router_certificate(chain: str, ca: x509.Certificate) -> x509.Certificate:
    """The router certificate of a `certificate chain` section (IOS's hex dump)."""
    blocks, current = [], None
    for line in chain.splitlines():
        words = line.split()
        if words[:1] == ["certificate"]:
            current = [] if words[1:2] != ["ca"] else None
            if current is not None:
                blocks.append(current)
        elif words == ["quit"]:
            current = None
        elif current is not None:
            current.append("".join(words))
    (hex_text,) = blocks
    return x509.load_der_x509_certificate(bytes.fromhex("".join(hex_text)))
