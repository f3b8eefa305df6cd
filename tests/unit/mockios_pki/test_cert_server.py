"""The router certificate server's CA: grant modes, grants by hand, and its database across a
restart (a real `cryptography` CSR and the issued certificate verified against the CA)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

from mockios.config_model import CertServer
from mockios.pki import cert_server


def _csr(name: str) -> x509.CertificateSigningRequest:
    key = rsa.generate_private_key(public_exponent=65537, key_size=1024)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    return x509.CertificateSigningRequestBuilder().subject_name(subject).sign(key, hashes.SHA256())


def _ca(settings: CertServer) -> cert_server.CertServerCA:
    return cert_server.create(settings, rsa.generate_private_key(65537, 1024))


def test_grant_modes_decide_a_new_request():
    for grant, state in (("auto", "granted"), ("none", "rejected"), ("manual", "pending")):
        settings = CertServer("CS", issuer_name="CN=CS, O=lab", grant=grant)
        ca = _ca(settings)
        request = ca.file_request(settings, "T1", _csr("r2.lab"))
        assert request.state == state
    assert ca.cert.subject.rfc4514_string() == "CN=CS,O=lab"


def test_a_granted_request_is_signed_by_the_ca_and_the_database_survives_a_restart(tmp_path: Path):
    settings = CertServer("CS", lifetime_certificate=30)
    ca = _ca(settings)
    pending = ca.file_request(settings, "T1", _csr("r2.lab"))
    ca.grant(pending, settings)
    issued = ca.issued[pending.serial]
    ca.cert.public_key().verify(
        issued.signature,
        issued.tbs_certificate_bytes,
        padding.PKCS1v15(),
        issued.signature_hash_algorithm,
    )
    assert (issued.not_valid_after_utc - issued.not_valid_before_utc).days == 30
    assert pending.serial == 2 and pending.subject == "cn=r2.lab" and len(pending.fingerprint) == 32
    device = SimpleNamespace(state_dir=tmp_path)
    cert_server.save(device, ca)
    restarted = SimpleNamespace(state_dir=tmp_path)
    cert_server.load_all(restarted)
    again = cert_server.servers(restarted)["CS"]
    assert again.cert == ca.cert and again.issued == ca.issued
    assert [(r.id, r.state, r.transaction_id) for r in again.requests] == [(1, "granted", "T1")]
