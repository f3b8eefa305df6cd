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


def _running_server(router) -> cert_server.CertServerCA:  # noqa: ANN001
    router.config("crypto pki server CS", "issuer-name CN=CS, O=lab")
    out = router.dialog("no shutdown", "lab-passphrase", "lab-passphrase")
    assert "% Certificate Server enabled." in out
    router.type("end")
    return cert_server.servers(router.device)["CS"]


def test_requests_keep_their_state_in_the_table_the_parser_reads(router):
    from ansible_collections.netpki.ios.plugins.plugin_utils._engine.facts import (
        cert_server as facts,
    )

    ca = _running_server(router)
    settings = router.device.running.cert_servers["CS"]
    for number in (1, 2, 3):
        ca.file_request(settings, f"T{number}", _csr(f"r{number}.lab"))
    router.type("crypto pki server CS grant 1")
    router.type("crypto pki server CS reject 2")
    table = router.type("show crypto pki server CS requests")
    assert table == router.type("crypto pki server CS info requests")
    rows = [(r["id"], r["kind"], r["state"], r["subject"]) for r in facts.requests(table)]
    assert rows == [
        (3, "router", "pending", "cn=r3.lab"),
        (2, "router", "rejected", "cn=r2.lab"),
        (1, "router", "granted", "cn=r1.lab"),
    ]


def test_shut_and_no_shut_of_a_server_with_its_ca_queue_an_event_and_ask_nothing(router):
    _running_server(router)
    out = router.config("crypto pki server CS", "shutdown")
    assert "Certificate server 'shut' event has been queued for processing." in out
    assert router.device.running.cert_servers["CS"].shutdown
    out = router.type("no shutdown")
    assert "Certificate server 'no shut' event has been queued for processing." in out
    assert "Password" not in out and not router.device.running.cert_servers["CS"].shutdown


def test_removing_a_server_asks_before_deleting_its_ca_and_key(router):
    _running_server(router)
    router.type("configure terminal")
    out = router.dialog("no crypto pki server CS", "no")
    assert "CA certificate, Keypair, CRL and database files will be deleted." in out
    assert "CS" in router.device.running.cert_servers
    router.dialog("no crypto pki server CS", "yes")
    assert "CS" not in router.device.running.cert_servers and "CS" not in router.device.keys
    assert "CS" not in cert_server.servers(router.device)
    assert "% Certificate server 'CS' is not known" in router.type("no crypto pki server CS")
