"""The parsers agree with the real X.509 certificates behind one device's outputs.

The `mockios_iosxe17_*` samples were captured from one simulated router. Its running-config
chains hold the DER of every certificate; decoding them with `cryptography` gives the truth
that the `show crypto pki certificates`, `trustpoints status` and `mypubkey` records must match.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.facts.parse import parse_output
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from cryptography.x509.oid import NameOID

SAMPLES_DIR = Path(__file__).resolve().parent
_SAMPLE = "mockios_iosxe17_enrolled_and_selfsigned.raw"
_SAMPLE_TP = "mockios_iosxe17_enrolled_unauthenticated_selfsigned.raw"


def _read(folder: str, name: str = _SAMPLE) -> str:
    return (SAMPLES_DIR / folder / name).read_text()


def _der(hex_lines: list[str]) -> bytes:
    return bytes.fromhex("".join(hex_lines))


def _ios_fingerprint(der: bytes, algorithm: hashes.HashAlgorithm) -> str:
    digest = hashes.Hash(algorithm)
    digest.update(der)
    hex_digest = digest.finalize().hex().upper()
    return " ".join(hex_digest[i : i + 8] for i in range(0, len(hex_digest), 8))


def _ios_date(moment: datetime) -> str:
    # IOS prints `11:38:34 UTC Nov 27 2026`: no zero padding on the day.
    return f"{moment:%H:%M:%S} UTC {moment:%b} {moment.day} {moment.year}"


@pytest.fixture(scope="module")
def chain_certs() -> dict[str, tuple[str, x509.Certificate, bytes]]:
    """Serial (as IOS prints it) -> (trustpoint, certificate, DER) from the running-config."""
    records = parse_output(
        "show running-config | section crypto pki certificate chain",
        _read("show_running-config_crypto_pki_certificate_chain"),
    )
    certs = {}
    for record in records:
        der = _der(record["HEX"])
        certs[record["SERIAL"]] = (record["CHAIN"], x509.load_der_x509_certificate(der), der)
    assert len(certs) == 3
    return certs


def test_every_chain_certificate_is_described_by_show_certificates(chain_certs) -> None:
    shown = parse_output("show crypto pki certificates", _read("show_crypto_pki_certificates"))
    assert {record["SERIAL_NUMBER"] for record in shown} == set(chain_certs)
    for record in shown:
        trustpoint, cert, _der_bytes = chain_certs[record["SERIAL_NUMBER"]]
        assert int(record["SERIAL_NUMBER"], 16) == cert.serial_number
        assert record["ASSOCIATED_TRUSTPOINTS"] == [trustpoint]
        common_name = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
        assert record["SUBJECT_CN"] == common_name
        issuer_cn = cert.issuer.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
        assert record["ISSUER_CN"] == issuer_cn
        assert record["START_DATE"] == _ios_date(cert.not_valid_before_utc)
        assert record["END_DATE"] == _ios_date(cert.not_valid_after_utc)


def test_status_fingerprints_are_those_of_the_chain_certificates(chain_certs) -> None:
    status = parse_output(
        "show crypto pki trustpoints status",
        _read("show_crypto_pki_trustpoints_status", _SAMPLE_TP),
    )
    by_name = {record["TRUSTPOINT"]: record for record in status}
    for trustpoint, cert, der in chain_certs.values():
        record = by_name[trustpoint]
        is_ca = cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
        if is_ca:
            assert record["CA_FINGERPRINT_SHA1"] == _ios_fingerprint(der, hashes.SHA1())
            assert record["CA_FINGERPRINT_MD5"] == _ios_fingerprint(der, hashes.MD5())
        if not is_ca or cert.issuer == cert.subject:
            assert _ios_fingerprint(der, hashes.SHA1()) in record["ROUTER_FINGERPRINT_SHA1"]


def test_router_certificate_key_is_the_listed_key_pair(chain_certs) -> None:
    keys = parse_output(
        "show crypto key mypubkey all",
        _read("show_crypto_key_mypubkey_all", "mockios_iosxe17_two_rsa_keys.raw"),
    )
    key_der_by_name = {key["KEY_NAME"]: _der(key["KEY_DATA"]) for key in keys}
    _trustpoint, router_cert, _der_bytes = chain_certs["10"]
    public_der = router_cert.public_key().public_bytes(
        Encoding.DER, PublicFormat.SubjectPublicKeyInfo
    )
    assert key_der_by_name["LAB.key"] == public_der
