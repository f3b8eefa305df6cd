"""pki_info/audit: SHA1 and SHA256 computed from the certificate the router holds, and the
``expected_ca_fingerprints`` check that finds a CA installed without verification."""

from __future__ import annotations

import datetime as dt

import pytest
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.audit import report as audit
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.errors import ValidationError
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.ops import pki_info as info
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.x509 import certs
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.x509.fingerprints import (
    expected_pins,
)
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

NOW = dt.datetime(2026, 11, 27, 12, 0, tzinfo=dt.UTC)


def _ca(cn: str) -> x509.Certificate:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(2)
        .not_valid_before(NOW - dt.timedelta(days=1))
        .not_valid_after(NOW + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )


@pytest.fixture(scope="module")
def genuine():
    return _ca("Genuine CA")


@pytest.fixture(scope="module")
def impostor():
    return _ca("Genuine CA")  # same name, other key: only a fingerprint tells them apart


def _texts(cert: x509.Certificate, with_config: bool = True) -> dict[str, str]:
    prints = certs.certificate_fingerprints(cert)
    shown = (
        "CA Certificate\n  Status: Available\n  Certificate Serial Number (hex): 02\n"
        "  Certificate Usage: Signature\n  Issuer: \n    cn=Genuine CA\n  Subject: \n"
        "    cn=Genuine CA\n  Validity Date: \n    start date: 12:00:00 UTC Nov 26 2026\n"
        "    end   date: 12:00:00 UTC Nov 24 2036\n"
        f"  Fingerprint MD5: {prints['md5']} \n  Fingerprint SHA1: {prints['sha1']} \n"
        "  Associated Trustpoints: LAB \n\n"
    )
    texts = {"certificates": shown}
    if with_config:
        texts["config"] = (
            "crypto pki trustpoint LAB\n enrollment url http://ca.lab/scep\n"
            " revocation-check none\n!\ncrypto pki certificate chain LAB\n certificate ca 02\n"
            + certs.certificate_to_ios_hex(cert)
            + "\n  \tquit\n"
        )
    return texts


def _facts(texts, expected=None):
    gather = ["certificates", "config"] if "config" in texts else ["certificates"]
    return info.build_facts(
        texts, gather, now=NOW, expected_ca_fingerprints=expected_pins(expected)
    )


def test_sha1_and_sha256_are_computed_from_the_certificate(genuine):
    facts = _facts(_texts(genuine))
    ca = facts["trustpoints"]["LAB"]["ca_certificate"]
    assert ca["fingerprints_from"] == "certificate"
    assert ca["fingerprints"]["sha256"] == certs.certificate_fingerprint(genuine, "sha256").ios
    assert ca["fingerprints"]["sha1"] == certs.certificate_fingerprint(genuine, "sha1").ios
    assert ca["fingerprints"]["md5"] == certs.certificate_fingerprint(genuine, "md5").ios
    (entry,) = facts["trustpoints"]["LAB"]["chain"]
    assert entry["fingerprints"]["sha256"] == ca["fingerprints"]["sha256"]


@pytest.mark.parametrize("algorithm", ["md5", "sha1", "sha256", "sha384", "sha512"])
def test_expected_fingerprint_of_any_length_matches_the_genuine_ca(genuine, algorithm):
    pin = certs.certificate_fingerprint(genuine, algorithm).hex.lower()
    facts = _facts(_texts(genuine), {"LAB": [pin]})
    assert facts["trustpoints"]["LAB"]["ca_expected"] is True
    assert facts["summary"]["unexpected_ca"] == 0
    assert not [w for w in facts["warnings"] if "expected_ca_fingerprints" in w]


def test_an_impostor_installed_earlier_is_flagged(genuine, impostor):
    pins = {"LAB": [certs.certificate_fingerprint(genuine, "sha256").ios]}
    facts = _facts(_texts(impostor), pins)
    assert facts["trustpoints"]["LAB"]["ca_expected"] is False
    assert facts["summary"]["unexpected_ca"] == 1
    (warning,) = [w for w in facts["warnings"] if "expected_ca_fingerprints" in w]
    assert certs.certificate_fingerprint(impostor, "sha256").ios in warning
    result = {"r1": {"changed": False, **facts}}
    (row,) = [r for r in audit.build_report(result, 30)["rows"] if r["kind"] == "ca"]
    assert row["state"] == "unexpected_ca" and row["flagged"] is True
    assert row["sha256"] == certs.certificate_fingerprint(impostor, "sha256").ios


def test_without_the_certificate_only_printed_digests_compare_and_others_fail_closed(genuine):
    sha1 = certs.certificate_fingerprint(genuine, "sha1").hex
    sha256 = certs.certificate_fingerprint(genuine, "sha256").hex
    printed = _texts(genuine, with_config=False)
    assert _facts(printed, {"LAB": [sha1]})["trustpoints"]["LAB"]["ca_expected"] is True
    assert _facts(printed, {"LAB": [sha256]})["trustpoints"]["LAB"]["ca_expected"] is False


def test_audit_report_checks_its_own_expected_fingerprints(genuine, impostor):
    result = {"r1": {"changed": False, **_facts(_texts(impostor))}}
    pins = expected_pins({"LAB": [certs.certificate_fingerprint(genuine, "sha256").hex]})
    report = audit.build_report(result, 30, expected=pins)
    assert report["summary"]["unexpected_ca"] == 1
    assert audit.build_report(result, 30)["summary"]["unexpected_ca"] == 0
    assert "sha256" in audit.to_csv(report["rows"]).splitlines()[0]


def test_bad_expected_fingerprints_name_the_field():
    with pytest.raises(ValidationError, match=r"expected_ca_fingerprints\.LAB\[1\]"):
        expected_pins({"LAB": ["AA" * 20, "not hex"]})
    with pytest.raises(ValidationError, match="expected_ca_fingerprints.LAB"):
        expected_pins({"LAB": []})
