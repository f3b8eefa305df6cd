"""certs: real X.509 made with cryptography, checked through the helpers."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess

import pytest
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.errors import (
    NetpkiError,
    ValidationError,
    VerificationError,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.x509 import certs
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID
from system_tools import require_tool

NOW = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)


def _name(*pairs: tuple[x509.ObjectIdentifier, str]) -> x509.Name:
    return x509.Name([x509.NameAttribute(oid, value) for oid, value in pairs])


def _make_cert(subject, issuer, key, signer, *, ca, days=365, start_days_ago=1, serial=0x0B):
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(serial)
        .not_valid_before(NOW - dt.timedelta(days=start_days_ago))
        .not_valid_after(NOW + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    return builder.sign(signer, hashes.SHA256())


@pytest.fixture(scope="module")
def pki():
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = _name((NameOID.COMMON_NAME, "Lab Root CA"), (NameOID.ORGANIZATION_NAME, "Lab"))
    ca = _make_cert(ca_name, ca_name, ca_key, ca_key, ca=True, days=3650, serial=1)
    leaf_key = ec.generate_private_key(ec.SECP256R1())
    leaf_name = _name(
        (NameOID.COMMON_NAME, "R1.lab"),
        (NameOID.ORGANIZATIONAL_UNIT_NAME, "net"),
        (NameOID.ORGANIZATIONAL_UNIT_NAME, "pki"),
        (NameOID.SERIAL_NUMBER, "9XVYC51FMT6"),
    )
    leaf = _make_cert(leaf_name, ca_name, leaf_key, ca_key, ca=False, days=30)
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    rogue = _make_cert(ca_name, ca_name, other_key, other_key, ca=True)
    expired = _make_cert(ca_name, ca_name, ca_key, ca_key, ca=True, days=-2, start_days_ago=10)
    return {
        "ca_key": ca_key,
        "ca": ca,
        "leaf_key": leaf_key,
        "leaf": leaf,
        "rogue": rogue,
        "expired": expired,
    }


def _pem(cert) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode()


# ------------------------------------------------------------------ loading


def test_pem_with_and_without_armor_and_odd_whitespace(pki):
    pem = _pem(pki["ca"])
    body = "".join(pem.splitlines()[1:-1])
    messy = "\n   " + "\r\n  ".join(body[i : i + 50] for i in range(0, len(body), 50)) + "  \n"
    assert certs.load_certificate(pem) == pki["ca"]
    assert certs.load_certificate(messy) == pki["ca"]
    indented = "\n".join("    " + line for line in pem.splitlines())
    assert certs.load_certificate(indented) == pki["ca"]


def test_several_certificates_in_one_pem(pki):
    bundle = _pem(pki["leaf"]) + "\n" + _pem(pki["ca"])
    assert certs.load_certificates(bundle) == [pki["leaf"], pki["ca"]]
    with pytest.raises(ValidationError, match="expected one certificate, found 2"):
        certs.load_certificate(bundle, field="ca_certificate")


def test_der_and_ios_hex_round_trip(pki):
    der = certs.certificate_to_der(pki["ca"])
    assert certs.load_certificate(der) == pki["ca"]
    hexed = certs.certificate_to_ios_hex(pki["ca"])
    first = hexed.splitlines()[0]
    assert first.startswith("  30820")
    assert all(len(group) == 8 for group in first.split())
    assert len(first.split()) == 8
    assert certs.ios_hex_to_der(hexed + "\n  \tquit\n") == der
    assert certs.load_certificate(hexed) == pki["ca"]


@pytest.mark.parametrize(
    "bad, message",
    [
        ("not a certificate at all!", "not valid base64"),
        ("-----BEGIN CERTIFICATE-----\nMIIB\n", "malformed PEM"),
        ("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", "not a valid X.509"),
        ("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----", "no CERTIFICATE block"),
    ],
)
def test_malformed_input_names_the_field(bad, message):
    with pytest.raises(ValidationError, match=f"ca_certificate: .*{message}"):
        certs.load_certificate(bad, field="ca_certificate")


def test_oversized_pem_refused_cleanly(pki):
    huge = _pem(pki["ca"]) * 100
    assert len(huge) > certs.MAX_PEM_BYTES
    with pytest.raises(ValidationError, match="certificate: .* byte limit"):
        certs.load_certificates(huge)
    with pytest.raises(ValidationError, match="byte limit"):
        certs.load_certificates(b"\x30" + b"\x00" * (10 * 1024 * 1024))


# ------------------------------------------------------------------ fingerprints


def test_fingerprints_in_ios_format(pki):
    der = certs.certificate_to_der(pki["ca"])
    prints = certs.certificate_fingerprints(pki["ca"])
    assert prints["sha1"].replace(" ", "") == hashlib.sha1(der).hexdigest().upper()
    assert prints["md5"].replace(" ", "") == hashlib.md5(der).hexdigest().upper()
    assert prints["sha256"].replace(" ", "") == hashlib.sha256(der).hexdigest().upper()
    groups = prints["sha1"].split(" ")
    assert len(groups) == 5 and all(len(g) == 8 and g == g.upper() for g in groups)
    assert len(prints["sha256"].split(" ")) == 8


@pytest.mark.parametrize(
    "spelling",
    [
        "CC594608 A263E8E2 FC43F9C3 D784785D FFB3EE31",
        "cc:59:46:08:a2:63:e8:e2:fc:43:f9:c3:d7:84:78:5d:ff:b3:ee:31",
        "cc594608a263e8e2fc43f9c3d784785dffb3ee31",
        " CC594608A263E8E2 FC43F9C3D784785D FFB3EE31 ",
    ],
)
def test_normalize_fingerprint_any_spelling(spelling):
    fp = certs.normalize_fingerprint(spelling)
    assert fp.algorithm == "sha1"
    assert fp.ios == "CC594608 A263E8E2 FC43F9C3 D784785D FFB3EE31"
    assert str(fp) == "SHA1 CC594608 A263E8E2 FC43F9C3 D784785D FFB3EE31"


def test_normalize_fingerprint_algorithm_by_length():
    assert certs.normalize_fingerprint("1461A5DC 22012AE8 76AF3058 EB7AF17C").algorithm == "md5"
    assert certs.normalize_fingerprint("ab" * 32).algorithm == "sha256"


@pytest.mark.parametrize(
    "bad, message",
    [
        ("1461A5DC 22012AE8", "16 hex digits is no known fingerprint"),
        ("ZZ594608A263E8E2FC43F9C3D784785DFFB3EE31", "must be hex digits"),
        ("CC594608-A263E8E2-FC43F9C3-D784785D-FFB3EE31", "must be hex digits"),
        ("", "must be hex digits"),
        ("ab" * 200, "too long"),
    ],
)
def test_normalize_fingerprint_refusals_name_the_field(bad, message):
    with pytest.raises(ValidationError, match=f"^fingerprint: .*{message}"):
        certs.normalize_fingerprint(bad)


def test_compare_displayed_with_pinned(pki):
    shown = certs.certificate_fingerprints(pki["ca"])["sha1"]
    assert certs.fingerprints_match(shown + " ", shown.lower().replace(" ", ":"))
    rogue = certs.certificate_fingerprints(pki["rogue"])["sha1"]
    assert not certs.fingerprints_match(rogue, shown)
    md5 = certs.certificate_fingerprints(pki["ca"])["md5"]
    assert not certs.fingerprints_match(md5, shown)  # different algorithms never match
    assert certs.certificate_matches_fingerprint(pki["ca"], md5)
    assert not certs.certificate_matches_fingerprint(pki["rogue"], md5)


# ------------------------------------------------------------------ summary and checks


def test_summary(pki):
    summary = certs.certificate_summary(pki["leaf"], now=NOW)
    assert summary["subject_ordered"] == [
        ["CN", "R1.lab"],
        ["OU", "net"],
        ["OU", "pki"],
        ["serialNumber", "9XVYC51FMT6"],
    ]
    assert summary["subject"]["CN"] == "R1.lab"
    assert summary["issuer"] == {"CN": "Lab Root CA", "O": "Lab"}
    assert summary["serial"] == "0B"
    assert summary["not_after"] == "2026-12-27T12:00:00Z"
    assert summary["not_before"] == "2026-11-26T12:00:00Z"
    assert summary["days_remaining"] == 30
    assert summary["expired"] is False
    assert summary["is_ca"] is False
    assert (summary["key_type"], summary["key_size"], summary["key_curve"]) == (
        "EC",
        256,
        "secp256r1",
    )
    ca_summary = certs.certificate_summary(pki["ca"], now=NOW)
    assert ca_summary["is_ca"] and ca_summary["self_signed"]
    assert (ca_summary["key_type"], ca_summary["key_size"]) == ("RSA", 2048)
    assert ca_summary["serial"] == "01"
    expired = certs.certificate_summary(pki["expired"], now=NOW)
    assert expired["expired"] is True and expired["days_remaining"] < 0


def test_ca_checks(pki):
    certs.require_ca(pki["ca"], now=NOW)
    with pytest.raises(VerificationError, match="ca_certificate: .*is not a CA"):
        certs.require_ca(pki["leaf"], now=NOW)
    with pytest.raises(VerificationError, match="expired on"):
        certs.require_ca(pki["expired"], now=NOW)


def test_public_key_match_from_mypubkey_hex(pki):
    spki = (
        pki["leaf_key"]
        .public_key()
        .public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    key_data = certs.der_to_ios_hex(spki, indent="  ")
    assert certs.public_key_matches(pki["leaf"], key_data)
    assert not certs.public_key_matches(pki["ca"], key_data)
    certs.require_key_match(pki["leaf"], key_data)
    with pytest.raises(VerificationError, match="does not match the trustpoint's key"):
        certs.require_key_match(pki["ca"], key_data)
    with pytest.raises(ValidationError, match="public_key: not valid IOS hex"):
        certs.load_public_key("Key Data: nothing")


def test_chain_verification_uses_the_signature(pki):
    assert certs.chains_to(pki["leaf"], pki["ca"])
    # Same subject name as the CA, different key: the issuer name matches, the signature not.
    assert not certs.chains_to(pki["leaf"], pki["rogue"])
    with pytest.raises(VerificationError, match="not issued by the trustpoint's CA"):
        certs.require_chain(pki["leaf"], pki["rogue"])


# ------------------------------------------------------------------ CSR


@pytest.fixture(scope="module")
def csr_pem(pki):
    csr = (
        x509.CertificateSigningRequestBuilder()
        .subject_name(_name((NameOID.COMMON_NAME, "R1.lab")))
        .sign(pki["leaf_key"], hashes.SHA256())
    )
    return csr.public_bytes(serialization.Encoding.PEM).decode()


def test_csr_from_bare_base64_as_ios_prints_it(csr_pem):
    body = csr_pem.splitlines()[1:-1]
    device = "\n".join(body) + "\n\n---End - This line not part of the certificate request---\n"
    assert certs.normalize_csr_pem(device) == csr_pem


def test_csr_with_armor_wrapped_oddly(csr_pem):
    body = "".join(csr_pem.splitlines()[1:-1])
    odd = "\n".join(body[i : i + 76] for i in range(0, len(body), 76))
    device = (
        "-----BEGIN CERTIFICATE REQUEST-----\n  " + odd + "  \n-----END CERTIFICATE REQUEST-----\n"
        "---End - This line not part of the certificate request---"
    )
    normalized = certs.normalize_csr_pem(device)
    assert normalized == csr_pem
    assert normalized.startswith("-----BEGIN CERTIFICATE REQUEST-----\n")


def test_csr_truncated_is_refused(csr_pem):
    body = "".join(csr_pem.splitlines()[1:-1])
    with pytest.raises(ValidationError, match="^csr: "):
        certs.normalize_csr_pem(body[: len(body) // 2 // 4 * 4])


# ------------------------------------------------------------------ legacy key


def _pkcs8_encrypted(key, passphrase: bytes) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase),
    ).decode()


def test_legacy_des3_key_round_trip(pki):
    key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    legacy = certs.legacy_encrypted_key_pem(_pkcs8_encrypted(key, b"s3cret!"), "s3cret!")
    lines = legacy.splitlines()
    assert lines[0] == "-----BEGIN RSA PRIVATE KEY-----"
    assert lines[1] == "Proc-Type: 4,ENCRYPTED"
    assert lines[2].startswith("DEK-Info: DES-EDE3-CBC,") and len(lines[2].split(",")[1]) == 16
    assert lines[3] == "" and lines[-1] == "-----END RSA PRIVATE KEY-----"
    assert all(len(line) <= 64 for line in lines[4:-1])
    loaded = serialization.load_pem_private_key(legacy.encode(), password=b"s3cret!")
    assert loaded.private_numbers() == key.private_numbers()


def test_legacy_key_reads_with_openssl(pki, tmp_path):
    openssl = require_tool("openssl", "openssl")
    legacy = certs.legacy_encrypted_key_pem(_pkcs8_encrypted(pki["leaf_key"], b"pw123"), "pw123")
    assert legacy.startswith("-----BEGIN EC PRIVATE KEY-----")
    path = tmp_path / "k.pem"
    path.write_text(legacy)
    out = subprocess.run(
        [openssl, "pkey", "-in", str(path), "-passin", "pass:pw123", "-pubout"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    expected = (
        pki["leaf_key"]
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    assert out == expected


def test_legacy_key_wrong_passphrase(pki):
    with pytest.raises(ValidationError, match="^pem.key: cannot read") as info:
        certs.legacy_encrypted_key_pem(_pkcs8_encrypted(pki["leaf_key"], b"right"), "wrong")
    assert "wrong" not in str(info.value) and "right" not in str(info.value)


def test_missing_cryptography_is_one_clear_error(monkeypatch):
    monkeypatch.setattr(certs, "CRYPTOGRAPHY_IMPORT_ERROR", ImportError("No module named x"))
    with pytest.raises(NetpkiError, match="needs the Python package 'cryptography'"):
        certs.load_certificates("MIIB")


def test_summary_worked_out_once_still_follows_the_clock_and_is_a_copy(pki):
    first = certs.certificate_summary(pki["leaf"], now=NOW)
    first["subject"]["CN"] = "changed by a caller"
    first["fingerprints"].clear()
    later = certs.certificate_summary(pki["leaf"], now=NOW + dt.timedelta(days=10))
    assert later["days_remaining"] == first["days_remaining"] - 10
    assert later["subject"]["CN"] != "changed by a caller"
    assert later["fingerprints"]["sha256"]
    assert list(later) == list(first)  # the clock's keys keep their place
