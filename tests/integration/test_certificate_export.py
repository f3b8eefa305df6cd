"""netpki.ios.certificate_export over real SSH: certificates as PEM that cryptography loads,
the private key only when asked (encrypted with the passphrase, never in commands), PKCS#12
written by the router, and IOS's refusal of a key generated without `exportable`."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from device_helpers import LogWindow, run_tasks, write_inventory
from enrollment_helpers import lab_ca, typed

PASSPHRASE = "Export-Pass-2026"


@pytest.fixture
def enrolled(mockios_device, tmp_path: Path):
    """EXP (exportable key) and LOCKED (a key made without `exportable`), both enrolled."""
    run = mockios_device
    inventory = write_inventory(tmp_path / "inventory.yml", run.devices)
    ca_pem = lab_ca(run.state_dir, "cert")
    tasks = []
    for name, exportable in (("EXP", True), ("LOCKED", False)):
        trustpoint = {
            "name": name,
            "enrollment": {"terminal": True, "pem": True},
            "subject_name": f"CN={name.lower()}.netpki.lab",
            "revocation_check": ["none"],
            "rsakeypair": {"label": name},
        }
        key = {"label": name, "size": 2048, "exportable": exportable}
        tasks += [
            {"name": f"key {name}", "netpki.ios.crypto_keys": key},
            {"name": f"tp {name}", "netpki.ios.trustpoints": {"config": [trustpoint]}},
            {
                "name": f"auth {name}",
                "netpki.ios.ca_authenticate": {"trustpoint": name, "ca_certificate": ca_pem},
            },
            {"name": f"enroll {name}", "netpki.ios.enroll": {"trustpoint": name}},
        ]
    done = run_tasks(tmp_path, inventory, tasks, name="setup.yml")
    assert done.rc == 0, done.output[-3000:]
    imports = []
    for name in ("EXP", "LOCKED"):
        signed = lab_ca(
            run.state_dir, "sign", "--csr", "-", stdin=done.result(f"enroll {name}")["csr"]
        )
        imports.append(
            {
                "name": f"import {name}",
                "netpki.ios.certificate_import": {"trustpoint": name, "certificate": signed},
            }
        )
    imported = run_tasks(tmp_path, inventory, imports, name="import.yml")
    assert imported.rc == 0, imported.output[-3000:]
    return run, inventory, x509.load_pem_x509_certificate(ca_pem.encode())


def _export(tmp_path, inventory, *, check=False, diff=False, **options):
    task = {"name": "export", "netpki.ios.certificate_export": options}
    return run_tasks(tmp_path, inventory, [task], name="export.yml", check=check, diff=diff)


def test_certificates_only_unless_the_key_is_asked(enrolled, tmp_path):
    run, inventory, ca = enrolled
    plain = _export(tmp_path, inventory, trustpoint="EXP")
    assert plain.rc == 0, plain.output[-3000:]
    result = plain.result("export")
    assert result["changed"] is False and result["commands"] == []
    assert "private_key" not in result
    assert x509.load_pem_x509_certificate(result["ca_certificate"].encode()) == ca
    cert = x509.load_pem_x509_certificate(result["certificate"].encode())
    cert.verify_directly_issued_by(ca)

    window = LogWindow(run.device)
    planned = _export(
        tmp_path, inventory, check=True, trustpoint="EXP", include_private_key=True,
        passphrase=PASSPHRASE,
    )  # fmt: skip
    assert "private_key" not in planned.result("export")
    assert typed(window, "crypto pki export") == []  # check mode sends no config command

    window = LogWindow(run.device)
    saved = tmp_path / "exported.key"
    tasks = [
        {
            "name": "export",
            "netpki.ios.certificate_export": {
                "trustpoint": "EXP",
                "include_private_key": True,
                "passphrase": PASSPHRASE,
                "key_encryption": "3des",
            },
            "register": "backup",
        },
        {  # the play holds the key; the task's own result is censored
            "name": "save",
            "ansible.builtin.copy": {
                "content": "{{ backup.private_key }}||{{ backup.commands | join(',') }}",
                "dest": str(saved),
            },
            "no_log": True,
            "vars": {"ansible_python_interpreter": "{{ ansible_playbook_python }}"},
        },
    ]
    keyed = run_tasks(tmp_path, inventory, tasks, name="keyed.yml")
    assert keyed.rc == 0, keyed.output[-3000:]
    (record,) = keyed.for_task("export")
    assert "private_key" not in record["result"]  # no_log: Ansible shows it censored
    key_pem, commands = saved.read_text().split("||")
    assert commands == "crypto pki export EXP pem terminal 3des password ********"
    assert typed(window, "crypto pki export EXP pem terminal 3des password")
    assert "Proc-Type: 4,ENCRYPTED" in key_pem and "DES-EDE3-CBC" in key_pem
    with pytest.raises((TypeError, ValueError)):
        serialization.load_pem_private_key(key_pem.encode(), None)  # encrypted
    key = serialization.load_pem_private_key(key_pem.encode(), PASSPHRASE.encode())
    assert key.public_key() == cert.public_key()
    assert PASSPHRASE not in keyed.output
    assert key_pem.splitlines()[4] not in keyed.output


def test_pkcs12_written_by_the_router(enrolled, tmp_path):
    run, inventory, ca = enrolled
    options = {"trustpoint": "EXP", "pkcs12_url": "flash:backup/exp.p12", "passphrase": PASSPHRASE}
    planned = _export(tmp_path, inventory, check=True, diff=True, **options)
    assert planned.result("export")["changed"] is True
    target = run.state_dir / run.device.name / "flash" / "backup" / "exp.p12"
    assert not target.exists()
    done = _export(tmp_path, inventory, diff=True, **options)
    assert done.rc == 0, done.output[-3000:]
    assert done.result("export")["pkcs12_url"] == "flash:backup/exp.p12"
    key, cert, extra = pkcs12.load_key_and_certificates(target.read_bytes(), PASSPHRASE.encode())
    assert key.public_key() == cert.public_key()
    assert extra == [ca]


def test_non_exportable_key_is_refused_by_the_router(enrolled, tmp_path):
    run, inventory, _ = enrolled
    refused = _export(
        tmp_path, inventory, trustpoint="LOCKED", include_private_key=True, passphrase=PASSPHRASE
    )
    (record,) = refused.for_task("export")
    assert record["status"] == "failed"
    assert "not exportable" in record["result"]["msg"]
    assert "% RSA keypair LOCKED is not exportable." in record["result"]["transcript_tail"]
    assert "private_key" not in record["result"]

    window = LogWindow(run.device)
    short = _export(
        tmp_path, inventory, trustpoint="EXP", include_private_key=True, passphrase="short"
    )
    (record,) = short.for_task("export")
    assert "passphrase: must be at least 8 characters" in record["result"]["msg"]
    missing = _export(tmp_path, inventory, trustpoint="EXP", include_private_key=True)
    (record,) = missing.for_task("export")
    assert "passphrase: required" in record["result"]["msg"]
    bare = _export(tmp_path, inventory, trustpoint="EXP", pkcs12_url="tftp:", passphrase=PASSPHRASE)
    (record,) = bare.for_task("export")
    assert "pkcs12_url: 'tftp:' names no host" in record["result"]["msg"]
    assert window.sessions == 0  # refused before connecting
