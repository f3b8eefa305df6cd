"""pki_info's CRL facts: a CRL marks a certificate revoked only if the trustpoint's CA signed it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from ansible_collections.netpki.ios.plugins.plugin_utils._engine.ops import pki_info as info
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding

BUNDLE = json.loads(
    (
        Path(__file__).resolve().parents[2]
        / "sanity"
        / "mockios_router_with_revoked_certificate.json"
    ).read_text()
)
TEXTS = {kind: BUNDLE[kind] for kind in ("certificates", "config", "crls")}
GENUINE = x509.load_pem_x509_crl(BUNDLE["crl_pem"].encode())
BEFORE_NEXT_UPDATE = GENUINE.next_update_utc - dt.timedelta(days=1)


def _facts(crl_der: bytes | None, now: dt.datetime = BEFORE_NEXT_UPDATE) -> dict:
    source = {BUNDLE["crl_url"]: crl_der}.get if crl_der is not None else None
    return info.build_facts(TEXTS, list(TEXTS), now=now, crl_source=source)


def _forged() -> bytes:
    """The same issuer name and revoked serial, signed by a key that is not the CA's."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(GENUINE.issuer)
        .last_update(GENUINE.last_update_utc)
        .next_update(GENUINE.next_update_utc)
    )
    for entry in GENUINE:
        builder = builder.add_revoked_certificate(entry)
    return builder.sign(key, hashes.SHA256()).public_bytes(Encoding.DER)


def test_a_crl_signed_by_the_ca_marks_the_certificate_revoked() -> None:
    facts = _facts(GENUINE.public_bytes(Encoding.DER))
    (cert,) = facts["trustpoints"]["LAB"]["certificates"]
    assert cert["revoked"] is True
    assert GENUINE.get_revoked_certificate_by_serial_number(int(cert["serial"], 16))
    assert facts["trustpoints"]["LAB"]["crl"]["verified"] is True
    assert facts["summary"]["revoked"] == 1 and facts["warnings"] == []


def test_a_forged_crl_is_not_believed() -> None:
    facts = _facts(_forged())
    (cert,) = facts["trustpoints"]["LAB"]["certificates"]
    assert "revoked" not in cert
    crl = facts["trustpoints"]["LAB"]["crl"]
    assert crl["verified"] is False and crl["revoked_count"] is None
    assert facts["summary"]["revoked"] == 0
    assert any("not signed by the trustpoint's CA" in w for w in facts["warnings"])


def test_without_the_crl_itself_only_what_the_router_printed_is_known() -> None:
    facts = _facts(None)
    crl = facts["trustpoints"]["LAB"]["crl"]
    assert crl["verified"] is None and crl["source_url"] == BUNDLE["crl_url"]
    assert "revoked" not in facts["trustpoints"]["LAB"]["certificates"][0]


def test_a_crl_past_its_next_update_is_stale() -> None:
    later = GENUINE.next_update_utc + dt.timedelta(minutes=1)
    facts = _facts(None, now=later)
    assert facts["crls"][0]["stale"] is True and facts["summary"]["stale_crls"] == 1


def test_outputs_name_the_crl_command_in_any_abbreviation() -> None:
    assert info.output_kind("sh cry pki crls") == "crls"
    assert info.output_kind("show crypto ca crls") == "crls"
