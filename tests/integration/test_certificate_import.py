"""netpki.ios.certificate_import over real SSH: pasted certificates are checked before pasting,
PEM bundles and PKCS#12 files install key, CA and certificate, and reruns change nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography import x509
from device_helpers import (
    LogWindow,
    device_show,
    installed_certificates,
    run_tasks,
    write_inventory,
)
from diff_texts import certificate_text
from enrollment_helpers import lab_ca, typed
from lab_material import issue
from mockios_proc import start_mockios
from tftp_server import start_tftpd

PASSPHRASE = "Bundle-Passphrase-77"


@pytest.fixture
def router(mockios_device, tmp_path: Path):
    run = mockios_device
    inventory = write_inventory(tmp_path / "inventory.yml", run.devices)
    trustpoints = [
        {
            "name": name,
            "enrollment": {"terminal": True, "pem": True},
            "subject_name": f"CN={name.lower()}.netpki.lab",
            "revocation_check": ["none"],
            "rsakeypair": {"label": name},
        }
        for name in ("TERM", "BUNDLE", "P12")
    ]
    setup = [
        {"name": "tp", "netpki.ios.trustpoints": {"config": trustpoints}},
        {
            "name": "auth",
            "netpki.ios.ca_authenticate": {
                "trustpoint": "TERM",
                "ca_certificate": lab_ca(run.state_dir, "cert"),
            },
        },
        {"name": "enroll", "netpki.ios.enroll": {"trustpoint": "TERM"}},
    ]
    done = run_tasks(tmp_path, inventory, setup, name="setup.yml")
    assert done.rc == 0, done.output[-2000:]
    return run, inventory, done.result("enroll")["csr"]


def _import(tmp_path, inventory, trustpoint="TERM", *, check=False, diff=False, **options):
    task = {
        "name": "import",
        "netpki.ios.certificate_import": {"trustpoint": trustpoint, **options},
    }
    return run_tasks(tmp_path, inventory, [task], name="import.yml", check=check, diff=diff)


def test_signed_csr_is_imported_once(router, tmp_path):
    run, inventory, csr = router
    assert csr.startswith("-----BEGIN CERTIFICATE REQUEST-----\n")
    signed = lab_ca(run.state_dir, "sign", "--csr", "-", stdin=csr)
    given = certificate_text("router certificate", x509.load_pem_x509_certificate(signed.encode()))
    headers = {"before_header": "trustpoint TERM", "after_header": "trustpoint TERM"}
    window = LogWindow(run.device)
    planned = _import(tmp_path, inventory, certificate=signed, check=True, diff=True)
    assert planned.result("import")["diff"] == {
        **headers,
        "before": "router certificate: none\n",
        "after": given,
    }
    assert typed(window, "crypto pki import") == []
    assert "router" not in installed_certificates(run.device, "TERM")

    first = _import(tmp_path, inventory, certificate=signed, diff=True)
    assert first.rc == 0, first.output[-2000:]
    assert first.result("import")["changed"] is True
    assert first.result("import")["certificate"]["subject"]["CN"] == "term.netpki.lab"
    held = certificate_text(
        "router certificate", installed_certificates(run.device, "TERM")["router"]
    )
    assert held == given
    assert first.result("import")["diff"] == {
        **headers,
        "before": "router certificate: none\n",
        "after": held,
    }
    window = LogWindow(run.device)
    second = _import(tmp_path, inventory, certificate=signed, diff=True)
    assert second.result("import")["changed"] is False
    assert second.result("import")["diff"] == {**headers, "before": held, "after": held}
    assert "--- before" not in second.output
    assert typed(window, "crypto pki import") == []


def test_certificate_for_another_key_is_refused_before_pasting(router, tmp_path):
    run, inventory, _csr = router
    foreign = issue(run.state_dir, "term.netpki.lab")
    window = LogWindow(run.device)
    refused = _import(tmp_path, inventory, certificate=foreign.certificate_pem)
    assert refused.rc != 0
    assert "does not match the trustpoint's key pair" in refused.result("import")["msg"]
    assert typed(window, "crypto pki import") == []


def test_certificate_from_another_ca_is_refused_before_pasting(router, tmp_path):
    run, inventory, csr = router
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    request = x509.load_pem_x509_csr(csr.encode())
    rogue_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    rogue_name = x509.Name([x509.NameAttribute(x509.oid.NameOID.COMMON_NAME, "Rogue CA")])
    now = dt.datetime.now(dt.UTC)
    rogue_cert = (
        x509.CertificateBuilder()
        .subject_name(request.subject)
        .issuer_name(rogue_name)
        .public_key(request.public_key())
        .serial_number(7)
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(rogue_key, hashes.SHA256())
    )
    window = LogWindow(run.device)
    refused = _import(
        tmp_path,
        inventory,
        certificate=rogue_cert.public_bytes(serialization.Encoding.PEM).decode(),
    )
    assert refused.rc != 0
    assert "was not issued by the trustpoint's CA" in refused.result("import")["msg"]
    assert typed(window, "crypto pki import") == []


def test_pem_bundle_installs_key_ca_and_certificate(router, tmp_path):
    run, inventory, _csr = router
    bundle = issue(run.state_dir, "bundle.netpki.lab")
    pem = {
        "ca_certificate": bundle.ca_pem,
        "private_key": bundle.encrypted_key_pem(PASSPHRASE),
        "certificate": bundle.certificate_pem,
        "passphrase": PASSPHRASE,
    }
    first = _import(tmp_path, inventory, trustpoint="BUNDLE", pem=pem)
    assert first.rc == 0, first.output[-3000:]
    assert first.result("import")["certificate"]["subject"]["CN"] == "bundle.netpki.lab"
    assert "Status: Available" in device_show(run.device, "show crypto pki certificates BUNDLE")
    second = _import(tmp_path, inventory, trustpoint="BUNDLE", pem=pem)
    assert second.result("import")["changed"] is False


def test_pkcs12_from_flash(router, tmp_path):
    run, inventory, _csr = router
    bundle = issue(run.state_dir, "p12.netpki.lab")
    flash = run.state_dir / run.device.name / "flash"
    flash.mkdir(parents=True, exist_ok=True)
    (flash / "router.p12").write_bytes(bundle.pkcs12(PASSPHRASE))
    options = {"pkcs12": {"url": "flash:router.p12", "passphrase": PASSPHRASE}}
    planned = _import(tmp_path, inventory, trustpoint="P12", check=True, diff=True, **options)
    assert planned.result("import")["diff"]["after"] == (
        "router certificate: the one in the PKCS#12 file (read by the router)\n"
    )
    assert PASSPHRASE not in planned.output
    first = _import(tmp_path, inventory, trustpoint="P12", diff=True, **options)
    assert first.rc == 0, first.output[-3000:]
    held = installed_certificates(run.device, "P12")["router"]
    assert held == x509.load_pem_x509_certificate(bundle.certificate_pem.encode())
    assert first.result("import")["diff"]["after"] == certificate_text("router certificate", held)
    assert PASSPHRASE not in first.output
    assert first.result("import")["certificate"]["subject"]["CN"] == "p12.netpki.lab"
    assert (
        _import(tmp_path, inventory, trustpoint="P12", **options).result("import")["changed"]
        is False
    )
    wrong = _import(
        tmp_path,
        inventory,
        trustpoint="P12",
        pkcs12={"url": "flash:router.p12", "passphrase": "not-the-passphrase"},
        force=True,
    )
    assert wrong.rc != 0


def test_pkcs12_from_tftp_answers_the_router_from_the_url(tmp_path, monkeypatch):
    """A PKCS#12 file read over real TFTP installs once; a URL without host or file (which
    would make the router ask for them) is refused before connecting."""
    with start_tftpd(tmp_path / "tftp") as server:
        monkeypatch.setenv("MOCKIOS_TFTP_PORT", str(server.port))
        with start_mockios(tmp_path / "xe", flavor="iosxe17") as run:
            inventory = write_inventory(tmp_path / "inventory.yml", run.devices)
            bundle = issue(run.state_dir, "p12.netpki.lab")
            (server.root / "pki").mkdir()
            (server.root / "pki" / "r1.p12").write_bytes(bundle.pkcs12(PASSPHRASE))
            trustpoint = {"name": "P12", "enrollment": {"pkcs12": True}}
            setup = [{"name": "tp", "netpki.ios.trustpoints": {"config": [trustpoint]}}]
            assert run_tasks(tmp_path, inventory, setup, name="setup.yml").rc == 0
            url = f"{server.host}/pki/r1.p12"
            options = {"pkcs12": {"url": f"tftp://{url}", "passphrase": PASSPHRASE}}
            first = _import(tmp_path, inventory, trustpoint="P12", **options)
            assert first.rc == 0, first.output[-3000:]
            assert first.result("import")["certificate"]["subject"]["CN"] == "p12.netpki.lab"
            again = _import(tmp_path, inventory, trustpoint="P12", **options)
            assert again.result("import")["changed"] is False
            window = LogWindow(run.device)
            bare = _import(
                tmp_path, inventory, trustpoint="P12", force=True,
                pkcs12={"url": "tftp:", "passphrase": PASSPHRASE},
            )  # fmt: skip
            (record,) = bare.for_task("import")
            assert record["status"] == "failed"
            assert "pkcs12.url: 'tftp:' names no host" in record["result"]["msg"]
            assert window.sessions == 0
