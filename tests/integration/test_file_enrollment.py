"""File enrollment round trip through a real TFTP server (tftpd-hpa started here).

Cisco's "Configuring TFTP Certificate Enrollment": the router reads the CA certificate from
`PATH.ca`, writes its request to `PATH.req`, and imports the certificate the CA put at
`PATH.crt`. Our modules drive the router; the test plays the CA: it signs the request with the
lab CA (cryptography) and drops the certificate where IOS reads it. The host of the URL is a
name of the lab's names map (hosts.json), as SCEP URLs are.
"""

from __future__ import annotations

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding, pkcs12
from device_helpers import LogWindow, run_tasks, write_inventory
from enrollment_helpers import typed
from mockios_proc import start_mockios
from tftp_server import start_tftpd

from mockios.pki.lab_ca import LabCA

URL = "tftp://ca.netpki.lab/pki/r1"


def _sha256(cert: x509.Certificate) -> str:
    return cert.fingerprint(hashes.SHA256()).hex()


def test_tftp_enrollment_round_trip(tmp_path, monkeypatch):
    with start_tftpd(tmp_path / "tftp", create=True) as server:
        monkeypatch.setenv("MOCKIOS_TFTP_PORT", str(server.port))
        with start_mockios(tmp_path / "state") as run:
            inventory = write_inventory(tmp_path / "inventory.yml", run.devices)
            lab = LabCA(run.state_dir / "ca")
            (server.root / "pki").mkdir()
            (server.root / "pki" / "r1.ca").write_text(lab.issuing.pem)
            trustpoint = {
                "name": "TFTP",
                "enrollment": {"url": URL},
                "subject_name": "CN=r1.netpki.lab",
                "serial_number": False,
                "ip_address": "none",
                "revocation_check": ["none"],
                "rsakeypair": {"label": "TFTP"},
            }
            pin = _sha256(lab.issuing.cert)
            key = {"label": "TFTP", "size": 2048, "exportable": True}
            tasks = [
                {"name": "key", "netpki.ios.crypto_keys": key},
                {"name": "tp", "netpki.ios.trustpoints": {"config": [trustpoint]}},
                {
                    "name": "auth",
                    "netpki.ios.ca_authenticate": {"trustpoint": "TFTP", "fingerprint": pin},
                },
                {"name": "enroll", "netpki.ios.enroll": {"trustpoint": "TFTP"}},
            ]
            done = run_tasks(tmp_path, inventory, tasks, name="enroll.yml", diff=True)
            assert done.rc == 0, done.output[-3000:]
            assert done.result("auth")["changed"] is True
            enrolled = done.result("enroll")
            assert enrolled["state"] == "pending_import"
            assert enrolled["request_path"] == f"{URL}.req"
            written = (server.root / "pki" / "r1.req").read_text()
            csr = x509.load_pem_x509_csr(enrolled["csr"].encode())
            assert csr == x509.load_pem_x509_csr(written.encode())
            assert csr.subject.rfc4514_string().startswith("CN=r1.netpki.lab")

            window = LogWindow(run.device)
            early = run_tasks(
                tmp_path, inventory,
                [{"name": "import", "netpki.ios.certificate_import": {
                    "trustpoint": "TFTP", "from_enrollment_url": True}}],
                name="early.yml",
            )  # fmt: skip
            (record,) = early.for_task("import")
            assert record["status"] == "failed"
            assert f"could not read {URL}.crt" in record["result"]["msg"]
            assert typed(window, "crypto pki import") == []

            signed = lab.sign(csr)  # the CA grants the request ...
            (server.root / "pki" / "r1.crt").write_bytes(  # ... and leaves it at PATH.crt
                signed.public_bytes(Encoding.PEM)
            )
            imports = [
                {"name": "import", "netpki.ios.certificate_import": {
                    "trustpoint": "TFTP", "from_enrollment_url": True}},
                {"name": "info", "netpki.ios.pki_info": {"trustpoint": "TFTP"}},
            ]  # fmt: skip
            window = LogWindow(run.device)
            planned = run_tasks(
                tmp_path, inventory, imports[:1], name="plan.yml", check=True, diff=True
            )
            assert planned.result("import")["changed"] is True
            assert format(signed.serial_number, "X") in planned.result("import")["diff"]["after"]
            assert typed(window, "crypto pki import") == []  # check mode reads, imports nothing
            first = run_tasks(tmp_path, inventory, imports, name="import.yml", diff=True)
            assert first.rc == 0, first.output[-3000:]
            result = first.result("import")
            assert result["changed"] is True
            assert result["commands"] == ["crypto pki import TFTP certificate"]
            assert result["certificate"]["serial"] == format(signed.serial_number, "X").zfill(2)
            info = first.result("info")
            assert "TFTP" in str(info["certificates"])
            assert result["certificate"]["fingerprints"]["sha256"].replace(" ", "") in str(
                info
            ).replace(" ", "")
            again = run_tasks(tmp_path, inventory, imports[:1], name="again.yml")
            assert again.result("import")["changed"] is False

            # The router writes a PKCS#12 of the trustpoint to the same TFTP server.
            export = {
                "trustpoint": "TFTP",
                "pkcs12_url": "tftp://ca.netpki.lab/pki/r1.p12",
                "passphrase": "P12-Backup-77",
            }
            task = {"name": "export", "netpki.ios.certificate_export": export}
            exported = run_tasks(tmp_path, inventory, [task], name="export.yml")
            assert exported.rc == 0, exported.output[-3000:]
            key, cert, extra = pkcs12.load_key_and_certificates(
                (server.root / "pki" / "r1.p12").read_bytes(), b"P12-Backup-77"
            )
            assert cert == signed and extra == [lab.issuing.cert]
            assert key.public_key() == signed.public_key()
