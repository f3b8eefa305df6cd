"""SCEP messages built and read by mockios.scep: round trips, every status and failInfo, a
tampered signature, and the lab CA's answers through its request store."""

from __future__ import annotations

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding, pkcs7
from cryptography.x509.oid import AttributeOID, NameOID

from mockios.pki import scep as store
from mockios.pki.keypool import generate_key
from mockios.scep import ca_certs, envelope, messages, signed
from mockios.scep.attributes import FailInfo, MessageType, PkiStatus
from mockios.scep.client import ScepClient, requester_certificate
from mockios.scep.http_server import start_in_thread
from mockios.scep.responder import Responder
from mockios.scep.urls import ios_request_url


@pytest.fixture(scope="module")
def key():
    return generate_key("rsa", 2048)


def _csr(key, name: str, challenge: str | None = "lab-challenge"):
    builder = x509.CertificateSigningRequestBuilder().subject_name(
        x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    )
    if challenge is not None:
        builder = builder.add_attribute(AttributeOID.CHALLENGE_PASSWORD, challenge.encode())
    return builder.sign(key, hashes.SHA256())


@pytest.mark.parametrize("cipher", ["AES", "AES256", "DES3", "DES"])
def test_pkcs_req_round_trip_and_success(lab, key, cipher):
    csr = _csr(key, f"rt-{cipher}")
    signer = requester_certificate(key, csr.subject)
    sent = messages.pkcs_req(csr, key, signer, lab.issuing.cert, cipher)

    request = messages.read_request(sent.der, lab.issuing.cert, lab.issuing.key)
    assert request.message_type == MessageType.PKCS_REQ.value
    assert request.transaction_id == sent.transaction_id
    assert request.sender_nonce == sent.sender_nonce
    assert request.cipher == cipher
    assert request.csr == csr
    assert request.challenge_password == "lab-challenge"

    issued = lab.sign(request.csr)
    der = messages.cert_rep(request, PkiStatus.SUCCESS, lab.issuing.cert, lab.issuing.key, issued)
    answer = messages.read_cert_rep(der, sent, key, [lab.issuing.cert, lab.root.cert])
    assert answer.status is PkiStatus.SUCCESS
    assert answer.certificates == [issued]
    issued.verify_directly_issued_by(lab.issuing.cert)


@pytest.mark.parametrize("fail_info", list(FailInfo))
def test_failure_carries_its_fail_info(lab, key, fail_info):
    csr = _csr(key, "failing")
    sent = messages.pkcs_req(csr, key, requester_certificate(key, csr.subject), lab.issuing.cert)
    request = messages.read_request(sent.der, lab.issuing.cert, lab.issuing.key)
    der = messages.cert_rep(
        request, PkiStatus.FAILURE, lab.issuing.cert, lab.issuing.key, fail_info=fail_info
    )
    answer = messages.read_cert_rep(der, sent, key, [lab.issuing.cert])
    assert (answer.status, answer.fail_info, answer.certificates) == (
        PkiStatus.FAILURE,
        fail_info,
        [],
    )


def test_pending_then_cert_poll_names_the_transaction(lab, key):
    csr = _csr(key, "polling")
    signer = requester_certificate(key, csr.subject)
    first = messages.pkcs_req(csr, key, signer, lab.issuing.cert)
    request = messages.read_request(first.der, lab.issuing.cert, lab.issuing.key)
    pending = messages.cert_rep(request, PkiStatus.PENDING, lab.issuing.cert, lab.issuing.key)
    assert messages.read_cert_rep(pending, first, key, [lab.issuing.cert]).status is (
        PkiStatus.PENDING
    )

    poll = messages.cert_poll(lab.issuing.cert.subject, csr.subject, key, signer, lab.issuing.cert)
    polled = messages.read_request(poll.der, lab.issuing.cert, lab.issuing.key)
    assert polled.message_type == MessageType.CERT_POLL.value
    assert polled.transaction_id == first.transaction_id  # one transaction per key
    assert polled.sender_nonce != first.sender_nonce
    assert "polling" in polled.subject


def test_a_tampered_signature_is_bad_message_check(lab, key):
    csr = _csr(key, "tampered")
    sent = messages.pkcs_req(csr, key, requester_certificate(key, csr.subject), lab.issuing.cert)
    der = bytearray(sent.der)
    der[-1] ^= 0x01  # the last byte belongs to the signature value
    with pytest.raises(messages.ScepFailure) as failure:
        messages.read_request(bytes(der), lab.issuing.cert, lab.issuing.key)
    assert failure.value.fail_info is FailInfo.BAD_MESSAGE_CHECK
    assert failure.value.request.transaction_id == sent.transaction_id  # still answerable


def test_a_certrep_signed_by_another_ca_is_refused(lab, key):
    csr = _csr(key, "impostor")
    sent = messages.pkcs_req(csr, key, requester_certificate(key, csr.subject), lab.issuing.cert)
    request = messages.read_request(sent.der, lab.issuing.cert, lab.issuing.key)
    forged = messages.cert_rep(request, PkiStatus.PENDING, lab.mitm.cert, lab.mitm.key)
    with pytest.raises(messages.ScepError, match="not signed by the CA"):
        messages.read_cert_rep(forged, sent, key, [lab.issuing.cert])


def test_an_unknown_cipher_is_bad_alg(lab, key):
    csr = _csr(key, "rc2")
    sent = messages.pkcs_req(csr, key, requester_certificate(key, csr.subject), lab.issuing.cert)
    envelope.CIPHERS["RC2"] = envelope._Cipher("rc2", 16, 8)
    try:
        content = envelope.envelop(csr.public_bytes(Encoding.DER), [lab.issuing.cert], "DES3")
        content = content.replace(
            bytes.fromhex("2a864886f70d0307"),  # des-ede3-cbc
            bytes.fromhex("2a864886f70d0302"),  # rc2-cbc
        )
    finally:
        del envelope.CIPHERS["RC2"]
    der = signed.sign(
        content,
        {"message_type": "19", "transaction_id": sent.transaction_id, "sender_nonce": b"n" * 16},
        requester_certificate(key, csr.subject),
        key,
    )
    with pytest.raises(messages.ScepFailure) as failure:
        messages.read_request(der, lab.issuing.cert, lab.issuing.key)
    assert failure.value.fail_info is FailInfo.BAD_ALG


def test_ca_certificates_both_forms():
    chain_certs = [requester_certificate(generate_key("rsa", 2048), _name("a"))]
    body, content_type = ca_certs.answer(chain_certs)
    assert content_type == ca_certs.SINGLE_CA
    assert ca_certs.read(body, content_type) == chain_certs


def test_ca_chain_recipient_is_the_issuing_ca(lab):
    body, content_type = ca_certs.answer([lab.root.cert, lab.issuing.cert])
    assert content_type == ca_certs.CA_RA_CHAIN
    read = ca_certs.read(body, content_type)
    assert set(read) == {lab.root.cert, lab.issuing.cert}
    assert ca_certs.recipient(read) == lab.issuing.cert
    # a chain under the single-certificate type still reads
    assert len(ca_certs.read(pkcs7.serialize_certificates(read, Encoding.DER))) == 2


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


# ---- the lab CA's answers -------------------------------------------------------------


def _ask(responder: Responder, sent: messages.Sent, key, lab) -> messages.CertRep:
    der = responder.pki_operation(sent.der, "unit test")
    return messages.read_cert_rep(der, sent, key, [lab.issuing.cert])


def test_responder_grants_in_auto_mode(lab):
    key = generate_key("rsa", 2048)
    csr = _csr(key, "auto")
    sent = messages.pkcs_req(csr, key, requester_certificate(key, csr.subject), lab.issuing.cert)
    answer = _ask(Responder(lab, "lab-challenge"), sent, key, lab)
    assert answer.status is PkiStatus.SUCCESS
    assert answer.certificates[0].subject == csr.subject


def test_responder_wrong_challenge_is_bad_request(lab):
    key = generate_key("rsa", 2048)
    csr = _csr(key, "wrong", challenge="not-it")
    sent = messages.pkcs_req(csr, key, requester_certificate(key, csr.subject), lab.issuing.cert)
    answer = _ask(Responder(lab, "lab-challenge"), sent, key, lab)
    assert (answer.status, answer.fail_info) == (PkiStatus.FAILURE, FailInfo.BAD_REQUEST)
    assert store.find_transaction(lab, sent.transaction_id) is None  # nothing was filed


def test_responder_manual_pending_then_granted_poll(lab):
    lab.update_settings(mode="manual")
    key = generate_key("rsa", 2048)
    csr = _csr(key, "manual")
    signer = requester_certificate(key, csr.subject)
    responder = Responder(lab, "lab-challenge")
    sent = messages.pkcs_req(csr, key, signer, lab.issuing.cert)
    assert _ask(responder, sent, key, lab).status is PkiStatus.PENDING

    poll = messages.cert_poll(lab.issuing.cert.subject, csr.subject, key, signer, lab.issuing.cert)
    assert _ask(responder, poll, key, lab).status is PkiStatus.PENDING
    store.grant(lab, store.find_transaction(lab, sent.transaction_id).id)
    poll = messages.cert_poll(lab.issuing.cert.subject, csr.subject, key, signer, lab.issuing.cert)
    granted = _ask(responder, poll, key, lab)
    assert granted.status is PkiStatus.SUCCESS
    assert granted.certificates[0].public_key() == key.public_key()


def test_responder_reject_mode_and_unknown_poll(lab):
    lab.update_settings(mode="reject")
    key = generate_key("rsa", 2048)
    csr = _csr(key, "rejected")
    signer = requester_certificate(key, csr.subject)
    responder = Responder(lab)
    answer = _ask(responder, messages.pkcs_req(csr, key, signer, lab.issuing.cert), key, lab)
    assert (answer.status, answer.fail_info) == (PkiStatus.FAILURE, FailInfo.BAD_REQUEST)

    stranger = generate_key("rsa", 2048)
    stranger_signer = requester_certificate(stranger, _name("stranger"))
    poll = messages.cert_poll(
        lab.issuing.cert.subject, _name("stranger"), stranger, stranger_signer, lab.issuing.cert
    )
    answer = _ask(responder, poll, stranger, lab)
    assert (answer.status, answer.fail_info) == (PkiStatus.FAILURE, FailInfo.BAD_CERT_ID)


def test_responder_refuses_garbage_without_a_certrep(lab):
    assert Responder(lab).pki_operation(b"\x30\x03\x02\x01\x00", "unit test") is None


@pytest.mark.parametrize(
    ("enrollment_url", "requested"),
    [
        ("http://10.1.1.1", "http://10.1.1.1/cgi-bin/pkiclient.exe"),
        ("http://ca.lab:8080/", "http://ca.lab:8080/cgi-bin/pkiclient.exe"),
        ("http://10.0.0.3:8080/scep/myscep", "http://10.0.0.3:8080/scep/myscep/pkiclient.exe"),
        (
            "http://ndes/CertSrv/mscep/mscep.dll",
            "http://ndes/CertSrv/mscep/mscep.dll/pkiclient.exe",
        ),
    ],
)
def test_ios_request_url(enrollment_url, requested):
    assert ios_request_url(enrollment_url) == requested


def test_ios_request_url_refuses_a_non_http_url():
    with pytest.raises(ValueError, match="enrollment url"):
        ios_request_url("tftp://10.1.1.1/ca")


def test_the_router_side_speaks_http_1_0_as_ios_does(lab):
    """IOS's request lines end in HTTP/1.0 (docs/scep-wire.md); so must the simulated
    router's, whatever the server answers with."""
    seen: list[str] = []
    server = start_in_thread(Responder(lab), "127.0.0.1", 0)
    original = server.RequestHandlerClass.parse_request

    def parse_request(handler) -> bool:
        ok = original(handler)
        seen.append(handler.requestline)
        return ok

    server.RequestHandlerClass = type(
        "RecordingHandler", (server.RequestHandlerClass,), {"parse_request": parse_request}
    )
    try:
        scep = ScepClient(f"http://127.0.0.1:{server.port}/cgi-bin/pkiclient.exe", post=False)
        scep.identifier = "TP"
        assert scep.ca_certificates()
        assert "POSTPKIOperation" in scep.capabilities()
    finally:
        server.stop()
    assert seen == [
        "GET /cgi-bin/pkiclient.exe?operation=GetCACert&message=TP HTTP/1.0",
        "GET /cgi-bin/pkiclient.exe?operation=GetCACaps&message=TP HTTP/1.0",
    ]
