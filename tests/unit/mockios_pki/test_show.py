"""Show renderers against the real certificates a device holds."""

from __future__ import annotations

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding

from mockios.pki.device_certs import find_cert
from mockios.pki.ios_format import fingerprint, ios_date
from mockios.pki.show_timers import countdown


def _enrolled(cli) -> None:
    cli.config(
        "crypto pki trustpoint TP",
        "enrollment url http://ca.lab.example",
        "serial-number",
        "ip-address none",
        "password x",
        "auto-enroll 80",
        "exit",
    )
    cli.dialog("crypto pki authenticate TP", "yes")
    cli.dialog("crypto pki enroll TP", "yes")
    cli.device.run_pending_timers()
    cli.type("end")


def _block(text: str, header: str) -> list[str]:
    blocks = text.split("\n\n")
    return (
        next(b for b in blocks if b.lstrip("\n").startswith(header + "\n")).strip("\n").splitlines()
    )


def test_certificates_plain(router, state_lab):
    _enrolled(router)
    out = router.type("show crypto pki certificates")
    cert = find_cert(router.device, "TP", "router")
    mine = _block(out, "Certificate")
    assert mine[:4] == [
        "Certificate",
        "  Status: Available",
        f"  Certificate Serial Number (hex): {cert.serial_number:02X}",
        "  Certificate Usage: General Purpose",
    ]
    assert "  Issuer: " in mine and "    cn=netpki Lab Issuing CA" in mine
    assert "    Name: R1.lab.example" in mine
    assert f"    Serial Number: {router.device.serial}" in mine
    assert f"    start date: {ios_date(cert.not_valid_before_utc)}" in mine
    assert f"    end   date: {ios_date(cert.not_valid_after_utc)}" in mine
    assert any(line.startswith("    renew date: ") for line in mine)
    assert "  Associated Trustpoints: TP " in mine
    ca = _block(out, "CA Certificate")
    assert "  Certificate Usage: Signature" in ca
    assert "    cn=netpki Lab Root CA" in ca  # the issuer of the issuing CA
    assert f"  Certificate Serial Number (hex): {state_lab.issuing.cert.serial_number:02X}" in ca


def test_certificates_verbose_fingerprints_match_cryptography(router, state_lab):
    _enrolled(router)
    out = router.type("show crypto pki certificates verbose TP")
    cert = find_cert(router.device, "TP", "router")
    for shown, subject in (
        (_block(out, "Certificate"), cert),
        (_block(out, "CA Certificate"), None),
    ):
        subject = subject or state_lab.issuing.cert
        md5 = subject.fingerprint(hashes.MD5()).hex().upper()
        grouped = " ".join(md5[i : i + 8] for i in range(0, 32, 8))
        assert f"  Fingerprint MD5: {grouped} " in shown
        assert "  Version: 3" in shown
    assert "  Key Label: R1.lab.example" in _block(out, "Certificate")
    assert "    X509v3 Key Usage: A0000000" in _block(out, "Certificate")


def _grouped(digest: bytes) -> str:
    text = digest.hex().upper()
    return " ".join(text[i : i + 8] for i in range(0, len(text), 8))


def test_certificates_verbose_extensions_as_ios_prints_them(router, state_lab):
    _enrolled(router)
    out = router.type("show crypto pki certificates verbose TP")
    ca_cert = state_lab.issuing.cert
    subject_key = ca_cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    authority_key = ca_cert.extensions.get_extension_for_class(x509.AuthorityKeyIdentifier).value
    ca = _block(out, "CA Certificate")
    extensions = ca[ca.index("  X509v3 extensions:") :]
    assert extensions[:9] == [
        "  X509v3 extensions:",
        "    X509v3 Key Usage: 86000000",
        "      Digital Signature",
        "      Key Cert Sign",
        "      CRL Signature",
        f"    X509v3 Subject Key ID: {_grouped(subject_key.digest)} ",
        "    X509v3 Basic Constraints:",
        "        CA: TRUE",
        f"    X509v3 Authority Key ID: {_grouped(authority_key.key_identifier)} ",
    ]


def test_self_signed_subject_has_the_name_line(router):
    """Cisco's persistent self-signed example: `Name: IOS-Self-Signed-Certificate-N`."""
    router.config(
        "crypto pki trustpoint SS", "enrollment selfsigned", "serial-number none", "ip-address none"
    )
    router.dialog("crypto pki enroll SS", "yes")
    router.type("end")
    block = _block(router.type("show crypto pki certificates SS"), "Router Self-Signed Certificate")
    cn = find_cert(router.device, "SS", "self-signed").subject.rfc4514_string().removeprefix("CN=")
    assert cn.startswith("IOS-Self-Signed-Certificate-")
    subject = block[block.index("  Subject:") :][:3]
    assert subject == ["  Subject:", f"    Name: {cn}", f"    cn={cn}"]


def test_trustpoints_plain_and_status(router, state_lab):
    _enrolled(router)
    plain = router.type("show crypto pki trustpoints TP").lstrip("\n").splitlines()
    assert plain[:4] == [
        "Trustpoint TP:",
        "    Subject Name:",
        "    cn=netpki Lab Issuing CA",
        "    o=netpki lab",
    ]
    assert "    Certificate configured." in plain
    assert "    SCEP URL: http://ca.lab.example" in plain
    status = router.type("show crypto pki trustpoints TP status")
    issuing_der = state_lab.issuing.der
    assert f"    Fingerprint MD5: {fingerprint(issuing_der, 'MD5')} " in status
    assert "    Keys generated ............. Yes (General Purpose, non-exportable)" in status
    assert "    Issuing CA authenticated ....... Yes" in status
    assert "    Certificate request(s) ..... Yes" in status


def test_timers_show_the_renew_moment(router):
    _enrolled(router)
    out = router.type("show crypto pki timers detail")
    cert = find_cert(router.device, "TP", "router")
    start, end = cert.not_valid_before_utc, cert.not_valid_after_utc
    renew = start + (end - start) * 0.8
    assert out.startswith("\nPKI Timers\n")
    assert f"({renew:%Y-%m-%dT%H:%M:%SZ}) RENEW TP" in out


def test_countdown_format():
    assert countdown(7 * 60 + 58.124) == "7:58.124"
    assert countdown(3600 * 5 + 1) == "5:00:01.000"
    assert countdown(86400 * 291 + 3600 * 23 + 54 * 60 + 53.214) == "291d23:54:53.214"


def test_running_config_holds_the_real_chain_hex(router):
    _enrolled(router)
    out = router.type("show running-config | section certificate chain")
    cert = find_cert(router.device, "TP", "router")
    body = out.split(f"certificate {cert.serial_number:02X}\n")[1].split("quit")[0]
    assert bytes.fromhex("".join(body.split())) == cert.public_bytes(Encoding.DER)
