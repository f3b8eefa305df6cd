"""File enrollment on a file system (`enrollment url flash:PATH`): PATH.ca, PATH.req, PATH.crt.

The same dialogs over real TFTP run in tests/integration/test_file_enrollment.py.
"""

from __future__ import annotations

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from mockios.pki.device_certs import ca_cert, find_cert
from mockios.pki.filesystem import place_file, read_file


def _flash_trustpoint(cli) -> None:
    cli.config(
        "crypto pki trustpoint FILETP",
        "enrollment url flash:certs/r1",
        "subject-name CN=r1.lab.example",
        "revocation-check none",
        "exit",
    )


def test_flash_round_trip(router, state_lab):
    device = router.device
    _flash_trustpoint(router)
    missing = router.type("crypto pki authenticate FILETP")
    assert "%Error opening flash:certs/r1.ca (No such file or directory)" in missing
    assert ca_cert(device, "FILETP") is None

    place_file(device, "flash:certs/r1.ca", state_lab.issuing.pem.encode())
    out = router.type("crypto pki authenticate FILETP")
    assert out.lstrip().startswith("Reading file from flash:certs/r1.ca\n")
    assert "Certificate has the following attributes:" in out
    assert "Trustpoint CA certificate accepted." in router.type("yes")
    assert ca_cert(device, "FILETP") == state_lab.issuing.cert

    out = router.dialog("crypto pki enroll FILETP", "", "", "no", "no")
    assert out.endswith("Send Certificate Request to tftp server? [yes/no]: ")
    out = router.type("yes")
    assert "Writing file to flash:certs/r1.req\n" in out
    assert "% Certificate request sent to file system\n" in out
    request = read_file(device, "flash:certs/r1.req")
    csr = x509.load_pem_x509_csr(request)
    assert csr.is_signature_valid

    nothing = router.type("crypto pki import FILETP certificate")
    assert "%Error opening flash:certs/r1.crt (No such file or directory)" in nothing
    signed = state_lab.sign(csr)
    der = signed.public_bytes(Encoding.DER)
    place_file(device, "flash:certs/r1.crt", der)  # a CA may leave DER
    out = router.type("crypto pki import FILETP certificate")
    assert "% Router Certificate successfully imported" in out
    assert find_cert(device, "FILETP", "router") == signed
    router.type("end")
    assert router.type("more flash:certs/r1.req").lstrip().startswith(request.decode())
