"""The second path to the CA certificate for strong pins (SCEP GetCACert from the controller),
and what ca_authenticate decides with strong and weak pins, on real certificates."""

from __future__ import annotations

import pytest
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.dialogs.checks import (
    fingerprint_check,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.errors import (
    ValidationError,
    VerificationError,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.facts.trustpoint import parse_facts
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.ops import (
    ca_authenticate as authenticate,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.x509 import ca_fetch
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.x509.certs import (
    certificate_fingerprint,
    normalize_fingerprint,
)
from cryptography.hazmat.primitives.serialization import Encoding, pkcs7
from enrollment_pki import lab_pki, running_config


@pytest.fixture(scope="module")
def pki():
    return lab_pki()


def _display(cert) -> str:
    md5 = certificate_fingerprint(cert, "md5").ios
    sha1 = certificate_fingerprint(cert, "sha1").ios
    return (
        "Certificate has the following attributes:\n"
        f"       Fingerprint MD5: {md5} \n      Fingerprint SHA1: {sha1} \n\n"
        "% Do you accept this certificate? [yes/no]: "
    )


def test_getcacert_urls_follow_ios_then_the_url_as_written():
    assert ca_fetch.getcacert_urls("http://ca.lab:80") == [
        "http://ca.lab:80/cgi-bin/pkiclient.exe?operation=GetCACert&message=CA",
        "http://ca.lab:80?operation=GetCACert&message=CA",
    ]
    ndes = ca_fetch.getcacert_urls("http://ndes/certsrv/mscep/mscep.dll")
    assert ndes[0] == (
        "http://ndes/certsrv/mscep/mscep.dll/pkiclient.exe?operation=GetCACert&message=CA"
    )


def test_ca_and_ra_bundle_and_single_der_are_read(pki):
    bundle = pkcs7.serialize_certificates([pki.other_ca, pki.ca], Encoding.DER)
    found = ca_fetch._certificates(bundle, "application/x-x509-ca-ra-cert")
    assert sorted(found, key=str) == sorted([pki.other_ca, pki.ca], key=str)
    der = pki.ca.public_bytes(Encoding.DER)
    assert ca_fetch._certificates(der, "application/x-x509-ca-cert") == [pki.ca]


def test_unreachable_ca_fails_closed_naming_ca_certificate():
    with pytest.raises(VerificationError, match="give ca_certificate"):
        ca_fetch.fetch_ca_certificates("http://127.0.0.1:9/scep", timeout=2)


def test_strong_pins_are_checked_by_the_engine_not_the_router(pki):
    for algorithm in ("sha256", "sha384", "sha512"):
        pin = certificate_fingerprint(pki.ca, algorithm)
        assert normalize_fingerprint(pin.hex) == pin
        pins, _ = authenticate.pins_from_params({"fingerprint": pin.hex})
        assert not ca_fetch.router_can_compare(pins)
    assert ca_fetch.router_can_compare([certificate_fingerprint(pki.ca, "sha1")])


def test_derived_pins_accept_only_the_verified_certificate(pki):
    """MD5 and SHA1 of the pin-verified certificate must both match what the router shows."""
    strong = certificate_fingerprint(pki.ca, "sha256")
    derived = [
        strong,
        certificate_fingerprint(pki.ca, "md5"),
        certificate_fingerprint(pki.ca, "sha1"),
    ]
    check = fingerprint_check(derived)
    assert check(_display(pki.ca))["fingerprint_sha1"] == certificate_fingerprint(pki.ca).ios
    with pytest.raises(VerificationError, match="mismatch"):
        check(_display(pki.other_ca))
    with pytest.raises(VerificationError, match="cannot compare"):
        fingerprint_check([strong])(_display(pki.ca))


def test_a_strong_fingerprint_line_in_the_trustpoint_is_refused(pki):
    sha256 = certificate_fingerprint(pki.ca, "sha256").hex
    facts = parse_facts(
        "TP", running_config(["enrollment url http://ca.lab/scep", f"fingerprint {sha256}"], [])
    )
    pins, _ = authenticate.pins_from_params({"fingerprint": sha256})
    with pytest.raises(ValidationError, match="only with MD5 or SHA1"):
        authenticate.check_router_pin(facts, pins)


def test_no_url_and_no_pem_means_no_second_path(pki):
    sha256 = certificate_fingerprint(pki.ca, "sha256").hex
    facts = parse_facts("TP", running_config(["enrollment terminal pem"], []))
    pins, _ = authenticate.pins_from_params({"fingerprint": sha256})
    with pytest.raises(ValidationError, match="give ca_certificate"):
        authenticate.comparable_pins(facts, pins)


def test_only_http_urls_are_fetched():
    with pytest.raises(VerificationError, match="http or https only"):
        ca_fetch.fetch_ca_certificates("tftp://10.0.0.1/ca.crt")
