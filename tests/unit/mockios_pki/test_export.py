"""`crypto pki export`: PEM (certificates, and the key encrypted when a passphrase is given)
and PKCS#12 to a file system; a key generated without `exportable` is refused."""

from __future__ import annotations

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from mockios.pki.device_certs import find_cert
from mockios.pki.filesystem import place_file, read_file

PASSPHRASE = "Export-Pass-91"


def _enrolled(router, lab, exportable: bool):
    """A trustpoint enrolled through flash: (file enrollment), its key made beforehand."""
    words = " exportable" if exportable else ""
    router.config(f"crypto key generate rsa modulus 1024 label EXP{words}", "end")
    router.config(
        "crypto pki trustpoint EXP",
        "enrollment url flash:exp",
        "rsakeypair EXP",
        "revocation-check none",
        "exit",
    )
    place_file(router.device, "flash:exp.ca", lab.issuing.pem.encode())
    router.dialog("crypto pki authenticate EXP", "yes")
    router.dialog("crypto pki enroll EXP", "", "", "no", "no", "yes")
    csr = x509.load_pem_x509_csr(read_file(router.device, "flash:exp.req"))
    place_file(router.device, "flash:exp.crt", _pem(lab.sign(csr)).encode())
    assert "successfully imported" in router.type("crypto pki import EXP certificate")
    return router


def _pem(cert) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def _pems(text: str, label: str) -> list[str]:
    begin, end = f"-----BEGIN {label}-----", f"-----END {label}-----"
    return [begin + chunk.split(end)[0] + end + "\n" for chunk in text.split(begin)[1:]]


@pytest.mark.parametrize("cipher", ["3des", "aes"])
def test_pem_export_with_key(router, state_lab, cipher):
    _enrolled(router, state_lab, exportable=True)
    out = router.type(f"crypto pki export EXP pem terminal {cipher} password {PASSPHRASE}")
    assert out.lstrip().startswith("% CA certificate:\n-----BEGIN CERTIFICATE-----")
    assert (
        "% Key name: EXP\n   Usage: General Purpose Key\n-----BEGIN RSA PRIVATE KEY-----\n" in out
    )
    assert "Proc-Type: 4,ENCRYPTED\n" in out
    ca, cert = (x509.load_pem_x509_certificate(p.encode()) for p in _pems(out, "CERTIFICATE"))
    assert ca == state_lab.issuing.cert
    assert cert == find_cert(router.device, "EXP", "router")
    (key_pem,) = _pems(out, "RSA PRIVATE KEY")
    key = serialization.load_pem_private_key(key_pem.encode(), PASSPHRASE.encode())
    assert key.public_key() == cert.public_key()


def test_pem_export_without_password_has_no_key(router, state_lab):
    _enrolled(router, state_lab, exportable=False)
    out = router.type("crypto pki export EXP pem terminal")
    assert "% General Purpose Certificate:\n-----BEGIN CERTIFICATE-----" in out
    assert "PRIVATE KEY" not in out


def test_non_exportable_key_is_refused(router, state_lab):
    _enrolled(router, state_lab, exportable=False)
    out = router.type(f"crypto pki export EXP pem terminal 3des password {PASSPHRASE}")
    assert "% RSA keypair EXP is not exportable." in out
    assert "PRIVATE KEY" not in out
    out = router.type(f"crypto pki export EXP pkcs12 flash:exp.p12 password {PASSPHRASE}")
    assert "% RSA keypair EXP is not exportable." in out


def test_pkcs12_export_to_flash(router, state_lab):
    _enrolled(router, state_lab, exportable=True)
    out = router.type(f"crypto pki export EXP pkcs12 flash:exp.p12 password {PASSPHRASE}")
    assert out.rstrip().endswith("Destination filename [exp.p12]?")
    out = router.type("")
    assert "Writing file to flash:exp.p12\n" in out
    assert "CRYPTO_PKI: Exported PKCS12 file successfully." in out
    key, cert, extra = pkcs12.load_key_and_certificates(
        read_file(router.device, "flash:exp.p12"), PASSPHRASE.encode()
    )
    assert cert == find_cert(router.device, "EXP", "router")
    assert key.public_key() == cert.public_key()
    assert len(extra) == 1
