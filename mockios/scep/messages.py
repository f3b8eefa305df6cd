"""SCEP's PKI messages (RFC 8894 section 3.3): PKCSReq and CertPoll from the requester,
CertRep from the CA, each a SignedData over an EnvelopedData.

A requester signs with its own key and a certificate of that key (self-signed before its
first certificate), and envelopes for the CA/RA; the CA signs with its certificate and
envelopes the issued certificate for the requester's signing certificate.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field

from asn1crypto import core
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric.types import PublicKeyTypes
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat, pkcs7
from cryptography.x509.oid import AttributeOID

from . import envelope, signed
from .attributes import FailInfo, MessageType, PkiStatus
from .signed import SigningKey

NONCE_BYTES = 16


class ScepError(ValueError):
    """A SCEP message that cannot be used (on the requester's side)."""


class ScepFailure(Exception):
    """What the CA answers with FAILURE; `request` is what could be read of the message
    (None when not even its transaction could be read, and so no CertRep can be made)."""

    def __init__(self, fail_info: FailInfo, reason: str, request: PkiRequest | None) -> None:
        super().__init__(reason)
        self.fail_info = fail_info
        self.request = request


class IssuerAndSubject(core.Sequence):
    """CertPoll's content: the CA's name and the name asked for."""

    _fields = [("issuer", asn1_x509.Name), ("subject", asn1_x509.Name)]


@dataclass
class PkiRequest:
    """A PKCSReq or CertPoll as the CA reads it."""

    message_type: str
    transaction_id: str
    sender_nonce: bytes
    signer: x509.Certificate
    digest: str = "sha256"
    cipher: str = "AES"
    csr: x509.CertificateSigningRequest | None = None
    subject: str | None = None  # CertPoll: the subject asked for, as text

    @property
    def challenge_password(self) -> str | None:
        if self.csr is None:
            return None
        try:
            value = self.csr.attributes.get_attribute_for_oid(AttributeOID.CHALLENGE_PASSWORD)
        except x509.AttributeNotFound:
            return None
        return value.value.decode("utf-8", "replace")


@dataclass
class Sent:
    """A request as its sender keeps it, to read the CA's answer."""

    der: bytes
    transaction_id: str
    sender_nonce: bytes
    signer: x509.Certificate


@dataclass
class CertRep:
    status: PkiStatus
    transaction_id: str
    fail_info: FailInfo | None = None
    certificates: list[x509.Certificate] = field(default_factory=list)


def transaction_id_for(key: PublicKeyTypes) -> str:
    """One transaction per key (RFC 8894 section 3.2.1.1): a hash of the public key."""
    der = key.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    return hashlib.sha256(der).hexdigest().upper()


# ---- the requester's side -------------------------------------------------------------


def pkcs_req(
    csr: x509.CertificateSigningRequest,
    key: SigningKey,
    signer: x509.Certificate,
    recipient: x509.Certificate,
    cipher: str = "AES",
    digest: str = "sha256",
    transaction_id: str | None = None,
) -> Sent:
    """A PKCSReq carrying `csr` (with its challenge password, if any); the transaction is
    named by a hash of the key unless `transaction_id` says otherwise."""
    content = csr.public_bytes(Encoding.DER)
    return _request(
        MessageType.PKCS_REQ, content, key, signer, recipient, cipher, digest, transaction_id
    )


def cert_poll(
    issuer: x509.Name,
    subject: x509.Name,
    key: SigningKey,
    signer: x509.Certificate,
    recipient: x509.Certificate,
    cipher: str = "AES",
    digest: str = "sha256",
    transaction_id: str | None = None,
) -> Sent:
    """A CertPoll (GetCertInitial) for the pending request of `key`'s transaction (or of
    `transaction_id`)."""
    content = IssuerAndSubject(
        {
            "issuer": asn1_x509.Name.load(issuer.public_bytes()),
            "subject": asn1_x509.Name.load(subject.public_bytes()),
        }
    ).dump()
    return _request(
        MessageType.CERT_POLL, content, key, signer, recipient, cipher, digest, transaction_id
    )


def _request(
    message_type: MessageType,
    content: bytes,
    key: SigningKey,
    signer: x509.Certificate,
    recipient: x509.Certificate,
    cipher: str,
    digest: str,
    transaction_id: str | None,
) -> Sent:
    transaction_id = transaction_id or transaction_id_for(key.public_key())
    nonce = os.urandom(NONCE_BYTES)
    der = signed.sign(
        envelope.envelop(content, [recipient], cipher),
        {
            "message_type": message_type.value,
            "transaction_id": transaction_id,
            "sender_nonce": nonce,
        },
        signer,
        key,
        digest,
    )
    return Sent(der, transaction_id, nonce, signer)


def read_cert_rep(
    der: bytes, sent: Sent, key: SigningKey, ca_certs: list[x509.Certificate]
) -> CertRep:
    """The CA's answer to `sent`, its signature checked against the CA/RA certificates."""
    try:
        message = signed.read(der)
    except signed.SignatureError as error:
        raise ScepError(f"the CertRep cannot be read: {error}") from None
    signer = message.signer_certificate(ca_certs)
    if signer is None:
        raise ScepError("the CertRep is not signed by the CA or its RA")
    try:
        message.verify(signer)
    except signed.SignatureError as error:
        raise ScepError(f"the CertRep signature: {error}") from None
    attrs = message.attributes
    if attrs.get("message_type") != MessageType.CERT_REP.value:
        raise ScepError(f"expected a CertRep, got messageType {attrs.get('message_type')}")
    if attrs.get("transaction_id") != sent.transaction_id:
        raise ScepError("the CertRep answers another transaction")
    if attrs.get("recipient_nonce") != sent.sender_nonce:
        raise ScepError("the CertRep's recipientNonce is not the nonce sent")
    try:
        status = PkiStatus(attrs.get("pki_status"))
    except ValueError:
        raise ScepError(f"unknown pkiStatus {attrs.get('pki_status')!r}") from None
    answer = CertRep(status, sent.transaction_id)
    if status is PkiStatus.FAILURE:
        try:
            answer.fail_info = FailInfo(attrs.get("fail_info"))
        except ValueError:
            raise ScepError(f"unknown failInfo {attrs.get('fail_info')!r}") from None
    elif status is PkiStatus.SUCCESS:
        if message.content is None:
            raise ScepError("a SUCCESS CertRep without content")
        try:
            degenerate, _cipher = envelope.open_envelope(message.content, sent.signer, key)
            answer.certificates = pkcs7.load_der_pkcs7_certificates(degenerate)
        except ValueError as error:
            raise ScepError(f"the issued certificate cannot be read: {error}") from None
    return answer


# ---- the CA's side --------------------------------------------------------------------


def read_request_either(
    der: bytes,
    current: tuple[x509.Certificate, SigningKey],
    rollover: tuple[x509.Certificate, SigningKey] | None,
) -> tuple[PkiRequest, bool]:
    """The request, opened with the current CA's key or else the rollover CA's; True when it
    was enveloped for the rollover CA (a shadow certificate request). The current CA's
    failure is the one raised when neither opens it."""
    try:
        return read_request(der, *current), False
    except ScepFailure:
        if rollover is None:
            raise
        try:
            return read_request(der, *rollover), True
        except ScepFailure:
            pass
        raise


def read_request(der: bytes, ca_cert: x509.Certificate, ca_key: SigningKey) -> PkiRequest:
    """A PKCSReq or CertPoll, its signature checked and its envelope opened.

    Raises ScepFailure with the failInfo the CA answers (RFC 8894 section 3.2.1.4).
    """
    try:
        message = signed.read(der)
    except signed.SignatureError as error:
        raise ScepFailure(FailInfo.BAD_MESSAGE_CHECK, str(error), None) from None
    attrs = message.attributes
    transaction_id, nonce = attrs.get("transaction_id"), attrs.get("sender_nonce")
    signer = message.signer_certificate(message.certificates)
    if not (isinstance(transaction_id, str) and isinstance(nonce, bytes) and signer):
        raise ScepFailure(FailInfo.BAD_REQUEST, "transactionID, nonce or signer missing", None)
    request = PkiRequest(attrs.get("message_type"), transaction_id, nonce, signer)
    request.digest = message.digest
    try:
        message.verify(signer)
    except signed.SignatureError as error:
        info = FailInfo.BAD_ALG if error.unsupported else FailInfo.BAD_MESSAGE_CHECK
        raise ScepFailure(info, str(error), request) from None
    if message.content is None:
        raise ScepFailure(FailInfo.BAD_REQUEST, "no enveloped content", request)
    try:
        content, request.cipher = envelope.open_envelope(message.content, ca_cert, ca_key)
    except envelope.EnvelopeError as error:
        info = FailInfo.BAD_ALG if error.unsupported else FailInfo.BAD_MESSAGE_CHECK
        raise ScepFailure(info, str(error), request) from None
    try:
        if request.message_type == MessageType.PKCS_REQ.value:
            request.csr = x509.load_der_x509_csr(content)
        elif request.message_type == MessageType.CERT_POLL.value:
            request.subject = IssuerAndSubject.load(content)["subject"].human_friendly
        else:
            raise ScepFailure(
                FailInfo.BAD_REQUEST, f"unsupported messageType {request.message_type}", request
            )
    except (ValueError, TypeError) as error:
        raise ScepFailure(FailInfo.BAD_REQUEST, f"unreadable content: {error}", request) from None
    return request


def cert_rep(
    request: PkiRequest,
    status: PkiStatus,
    ca_cert: x509.Certificate,
    ca_key: SigningKey,
    issued: x509.Certificate | None = None,
    fail_info: FailInfo | None = None,
) -> bytes:
    """The CA's CertRep to `request`: SUCCESS carries `issued` enveloped for the requester."""
    scep_attributes: dict[str, object] = {
        "message_type": MessageType.CERT_REP.value,
        "transaction_id": request.transaction_id,
        "pki_status": status.value,
        "sender_nonce": os.urandom(NONCE_BYTES),
        "recipient_nonce": request.sender_nonce,
    }
    content = None
    if status is PkiStatus.FAILURE:
        scep_attributes["fail_info"] = (fail_info or FailInfo.BAD_REQUEST).value
    elif status is PkiStatus.SUCCESS:
        if issued is None:
            raise ValueError("a SUCCESS CertRep needs the issued certificate")
        degenerate = pkcs7.serialize_certificates([issued], Encoding.DER)
        content = envelope.envelop(degenerate, [request.signer], request.cipher)
    return signed.sign(content, scep_attributes, ca_cert, ca_key, request.digest)
