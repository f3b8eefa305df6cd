"""Broken certificates meet a clear error, in certs and in the modules that take PEM.

Real X.509 made with ``cryptography``: a malformed PEM, a certificate that is not a CA, an
expired CA, a key and certificate that do not belong together, and a 10 MB PEM. Through the
modules' real action plugins, each is refused before any connection (no inventory is given,
so reaching for a device would fail as a missing credential instead), and the message names
the option.
"""

from __future__ import annotations

import datetime as dt

import pytest
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.errors import (
    ValidationError,
    VerificationError,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.x509 import certs
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from hostile_support import action_modules, run_action

NOW = dt.datetime.now(dt.UTC)
ACTIONS = action_modules()


def _cert(name: str, key, signer, issuer: str, *, ca: bool, not_after: dt.datetime):
    return (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
        .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - dt.timedelta(days=400))
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .sign(signer, hashes.SHA256())
    )


def _pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode()


@pytest.fixture(scope="module")
def pki() -> dict:
    ca_key = ec.generate_private_key(ec.SECP256R1())
    leaf_key = ec.generate_private_key(ec.SECP256R1())
    other_key = ec.generate_private_key(ec.SECP256R1())
    year = NOW + dt.timedelta(days=365)
    ca = _cert("Hostile Lab CA", ca_key, ca_key, "Hostile Lab CA", ca=True, not_after=year)
    leaf = _cert("r1.example.com", leaf_key, ca_key, "Hostile Lab CA", ca=False, not_after=year)
    expired = _cert(
        "Expired CA", ca_key, ca_key, "Expired CA", ca=True, not_after=NOW - dt.timedelta(days=1)
    )
    good = _pem(ca)
    lines = good.splitlines()
    return {
        "ca": ca,
        "leaf": leaf,
        "leaf_key": leaf_key,
        "other_key": other_key,
        "expired": expired,
        "malformed": {
            "truncated": "\n".join(lines[: len(lines) // 2]) + "\n-----END CERTIFICATE-----\n",
            "no end line": "\n".join(lines[:-1]),
            "bad base64": lines[0] + "\n" + "!@#$" * 16 + "\n" + lines[-1] + "\n",
            "wrong label": good.replace("CERTIFICATE", "PUBLIC KEY"),
            "body flipped": good.replace(lines[3], lines[3][::-1]),
            "empty block": "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n",
        },
    }


# ------------------------------------------------------------------ certs itself


def test_certs_errors_are_clear(pki: dict) -> None:
    for label, text in pki["malformed"].items():
        with pytest.raises(ValidationError, match=r"^ca_certificate: ") as error:
            certs.load_certificate(text, "ca_certificate")
        assert len(error.value.msg) < 500, label
    with pytest.raises(VerificationError, match="is not a CA certificate"):
        certs.require_ca(pki["leaf"], "ca_certificate")
    with pytest.raises(VerificationError, match="expired on"):
        certs.require_ca(pki["expired"], "ca_certificate")
    with pytest.raises(VerificationError, match="does not match the trustpoint's key pair"):
        certs.require_key_match(pki["leaf"], pki["other_key"].public_key())
    certs.require_key_match(pki["leaf"], pki["leaf_key"].public_key())  # the right pair passes


# ------------------------------------------------------------------ ca_authenticate


def _authenticate(ca_certificate: str) -> dict:
    args = {"trustpoint": "TP-HOSTILE", "ca_certificate": ca_certificate}
    return run_action(ACTIONS["ca_authenticate"], "ca_authenticate", args)


def _assert_refused(result: dict, field: str, *words: str) -> None:
    assert result.get("failed"), result
    assert "missing credential" not in result["msg"], "validation let it through to connect"
    assert field in result["msg"], result["msg"]
    for word in words:
        assert word in result["msg"], result["msg"]
    assert len(result["msg"]) < 1000


@pytest.mark.parametrize(
    "label",
    ["truncated", "no end line", "bad base64", "wrong label", "body flipped", "empty block"],
)
def test_ca_authenticate_refuses_malformed_pem(pki: dict, label: str) -> None:
    text = pki["malformed"][label]
    _assert_refused(_authenticate(text), "ca_certificate")


def test_ca_authenticate_refuses_a_certificate_that_is_not_a_ca(pki: dict) -> None:
    _assert_refused(_authenticate(_pem(pki["leaf"])), "ca_certificate", "not a CA")


def test_ca_authenticate_refuses_an_expired_ca(pki: dict) -> None:
    _assert_refused(_authenticate(_pem(pki["expired"])), "ca_certificate", "expired")


def test_ca_authenticate_refuses_a_ten_megabyte_pem() -> None:
    huge = (
        "-----BEGIN CERTIFICATE-----\n" + "QUFB\n" * (2 * 1024 * 1024) + "-----END CERTIFICATE-----"
    )
    assert len(huge) > 10 * 1024 * 1024
    _assert_refused(_authenticate(huge), "ca_certificate", "limit")


def test_ca_authenticate_accepts_a_good_ca_up_to_the_connection(pki: dict) -> None:
    result = _authenticate(_pem(pki["ca"]))
    assert result.get("failed") and "missing credential" in result["msg"], result


# ------------------------------------------------------------------ certificate_import


def _import(**args: object) -> dict:
    return run_action(
        ACTIONS["certificate_import"], "certificate_import", {"trustpoint": "TP-HOSTILE", **args}
    )


def _key_pem(key, passphrase: str) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase.encode()),
    ).decode()


def _bundle(pki: dict, **override: object) -> dict:
    bundle = {
        "ca_certificate": _pem(pki["ca"]),
        "certificate": _pem(pki["leaf"]),
        "private_key": _key_pem(pki["leaf_key"], "Bundle-Pass1"),
        "passphrase": "Bundle-Pass1",
    }
    return {**bundle, **override}


def test_import_accepts_a_good_bundle_up_to_the_connection(pki: dict) -> None:
    result = _import(pem=_bundle(pki))
    assert result.get("failed") and "missing credential" in result["msg"], result


@pytest.mark.parametrize("legacy_key", ["auto", "never"])
def test_import_refuses_a_key_that_does_not_match_the_certificate(
    pki: dict, legacy_key: str
) -> None:
    wrong = _key_pem(pki["other_key"], "Bundle-Pass1")
    result = _import(pem=_bundle(pki, private_key=wrong, legacy_key=legacy_key))
    _assert_refused(result, "pem.private_key", "does not match")


@pytest.mark.parametrize(
    "tail", ["\nquit\nend\nwrite erase\n", "\n\nconfigure terminal\n", "\x03\n"]
)
def test_import_refuses_anything_around_the_private_key_block(pki: dict, tail: str) -> None:
    key = _key_pem(pki["leaf_key"], "Bundle-Pass1") + tail
    result = _import(pem=_bundle(pki, private_key=key, legacy_key="never"))
    _assert_refused(result, "pem.private_key")


def test_import_refuses_a_ten_megabyte_private_key(pki: dict) -> None:
    body = "QUFB\n" * (2 * 1024 * 1024)
    key = f"-----BEGIN ENCRYPTED PRIVATE KEY-----\n{body}-----END ENCRYPTED PRIVATE KEY-----\n"
    result = _import(pem=_bundle(pki, private_key=key, legacy_key="never"))
    _assert_refused(result, "pem.private_key", "limit")


def test_import_refuses_a_bundle_whose_ca_is_no_ca_or_expired(pki: dict) -> None:
    result = _import(pem=_bundle(pki, ca_certificate=_pem(pki["leaf"])))
    _assert_refused(result, "pem.ca_certificate", "not a CA")
    result = _import(pem=_bundle(pki, ca_certificate=_pem(pki["expired"])))
    _assert_refused(result, "pem.ca_certificate", "expired")


def test_import_refuses_a_certificate_the_bundle_ca_did_not_issue(pki: dict) -> None:
    result = _import(pem=_bundle(pki, certificate=_pem(pki["expired"])))
    _assert_refused(result, "pem.certificate", "not issued")


@pytest.mark.parametrize(
    "label",
    ["truncated", "no end line", "bad base64", "wrong label", "body flipped", "empty block"],
)
def test_import_refuses_malformed_certificates(pki: dict, label: str) -> None:
    _assert_refused(_import(certificate=pki["malformed"][label]), "certificate")
    result = _import(pem=_bundle(pki, certificate=pki["malformed"][label]))
    _assert_refused(result, "pem.certificate")


def test_import_refuses_a_ten_megabyte_certificate() -> None:
    huge = (
        "-----BEGIN CERTIFICATE-----\n" + "QUFB\n" * (2 * 1024 * 1024) + "-----END CERTIFICATE-----"
    )
    _assert_refused(_import(certificate=huge), "certificate", "limit")
