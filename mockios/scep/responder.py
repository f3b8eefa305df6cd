"""The lab CA's answers to SCEP operations: its capabilities, its certificates, and the
CertRep to each PKIOperation, through the request store (`mockios.pki.scep`) that keeps the
CA's grant mode (auto, manual, delay, reject) and that `python -m mockios ca grant` acts on.

An ECDSA lab CA answers through its RSA registration authority (`LabCA.ra`): GetCACert
returns the CA/RA chain, requests are enveloped for the RA's encryption certificate and
CertReps signed with its signature certificate (RFC 8894 section 2.1.2).
"""

from __future__ import annotations

import hmac
import sys
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from mockios.pki import scep as store
from mockios.pki.lab_ca import CaIdentity, LabCA

from . import ca_certs, messages
from .attributes import FailInfo, MessageType, PkiStatus
from .messages import PkiRequest, ScepFailure

CAPABILITIES = ("AES", "DES3", "POSTPKIOperation", "SCEPStandard", "SHA-1", "SHA-256")


class Responder:
    def __init__(self, lab: LabCA, challenge: str | None = None) -> None:
        self.lab = lab
        self._challenge = challenge

    def available(self) -> bool:
        """Whether anything answers SCEP here now (a router's certificate server may not)."""
        return True

    def crl_der(self) -> bytes | None:
        return self.lab.crl().public_bytes(Encoding.DER)

    def crl_path(self) -> str:
        return urlsplit(self.lab.cdp_url()).path

    def capabilities(self) -> bytes:
        # RFC 8894 section 3.5.2: GetNextCACert is offered while a rollover CA waits.
        rolling = ("GetNextCACert",) if self.lab.rollover_identity() is not None else ()
        return "\n".join((*CAPABILITIES, *rolling)).encode()

    def bundle_certificates(self) -> list[x509.Certificate]:
        """The trustpool bundle served beside SCEP: the root and the issuing CA."""
        return [self.lab.root.cert, self.lab.issuing.cert]

    def ca_certificates(self) -> tuple[bytes, str]:
        """The issuing CA and the root above it, as a CA chain (with the RA's certificates
        after the issuing CA's when there is an RA)."""
        self.lab.advance()
        ra = [identity.cert for identity in self.lab.ra or ()]
        return ca_certs.answer([self.lab.issuing.cert, *ra, self.lab.root.cert])

    def _decrypter(self) -> CaIdentity:
        """Who requests are enveloped for: the RA's encryption identity, else the CA."""
        return self.lab.ra[1] if self.lab.ra else self.lab.issuing

    def _signer(self) -> CaIdentity:
        """Who signs CertReps: the RA's signature identity, else the CA."""
        return self.lab.ra[0] if self.lab.ra else self.lab.issuing

    def next_ca_certificate(self) -> bytes | None:
        """GetNextCACert: the lab CA's rollover (shadow) issuing CA, signed by the active one;
        None while it has none."""
        from mockios.pki import rollover  # the PKI side of the rollover, on demand

        return rollover.lab_next_ca_answer(self.lab)

    def pki_operation(self, der: bytes, requester: str) -> bytes | None:
        """The CertRep for a PKIOperation; None when the message cannot be answered at all."""
        self.lab.advance()  # a rollover CA whose time has come is the active one
        try:
            request, signer = self._read(der)  # signer: the rollover CA's, or None
            stored, filed = self._request_for(request, requester, signer is not None)
        except ScepFailure as failure:
            # The reason stays in the CA's log; the requester sees only the failInfo.
            print(
                f"PKIOperation from {requester}: {failure.fail_info.name}: {failure}",
                file=sys.stderr,
                flush=True,
            )
            if failure.request is None:
                return None
            return self._reply(failure.request, PkiStatus.FAILURE, fail_info=failure.fail_info)
        if not filed:  # a delayed grant comes due at a poll, not at the request itself
            stored = store.poll(self.lab, stored.id)
        if stored.state == "granted":
            issued = stored.certificate(self.lab)
            return self._reply(request, PkiStatus.SUCCESS, issued, signer=signer)
        if stored.state == "rejected":
            return self._reply(
                request, PkiStatus.FAILURE, fail_info=FailInfo.BAD_REQUEST, signer=signer
            )
        return self._reply(request, PkiStatus.PENDING, signer=signer)

    def _read(self, der: bytes) -> tuple[PkiRequest, CaIdentity | None]:
        """The request, opened by the CA (or its RA), or else by the rollover CA: a request
        for a shadow certificate, which the rollover CA answers (then returned too)."""
        decrypter = self._decrypter()
        rollover = self.lab.rollover_identity()
        request, shadow = messages.read_request_either(
            der,
            (decrypter.cert, decrypter.key),
            (rollover.cert, rollover.key) if rollover is not None else None,
        )
        return request, rollover if shadow else None

    def _request_for(
        self, request: PkiRequest, requester: str, rollover: bool = False
    ) -> tuple[store.Request, bool]:
        """The stored request the message is about, filed anew for a new PKCSReq (then
        True)."""
        stored = store.find_transaction(self.lab, request.transaction_id)
        if request.message_type == MessageType.CERT_POLL.value:
            if stored is None or not _same_key(store.csr_of(self.lab, stored.id), request.signer):
                raise ScepFailure(FailInfo.BAD_CERT_ID, "no such transaction", request)
            return stored, False
        csr = request.csr
        if self._challenge is not None and not hmac.compare_digest(
            (request.challenge_password or "").encode(), self._challenge.encode()
        ):
            raise ScepFailure(FailInfo.BAD_REQUEST, "wrong challenge password", request)
        if not csr.is_signature_valid or not _same_key(csr, request.signer):
            raise ScepFailure(FailInfo.BAD_MESSAGE_CHECK, "the CSR is not the signer's", request)
        # A PKCSReq sent again unchanged (how some clients poll) continues its transaction.
        if stored is not None and (
            stored.state in ("pending", "granting") or store.csr_of(self.lab, stored.id) == csr
        ):
            return stored, False
        force = store.policy(self.lab, request.transaction_id) if _safe(request) else None
        filed = store.submit(
            self.lab,
            csr,
            requester,
            force=force,
            transaction_id=request.transaction_id,
            rollover=rollover,
        )
        return filed, True

    def _reply(
        self,
        request: PkiRequest,
        status: PkiStatus,
        issued: x509.Certificate | None = None,
        fail_info: FailInfo | None = None,
        signer: CaIdentity | None = None,
    ) -> bytes:
        answering = signer or self._signer()
        return messages.cert_rep(request, status, answering.cert, answering.key, issued, fail_info)


class ImpostorResponder(Responder):
    """A man in the middle: serves the lab's impostor CA (same subject as the issuing CA,
    another key) and can answer no PKIOperation, since it holds no key a router enveloped for."""

    def ca_certificates(self) -> tuple[bytes, str]:
        return ca_certs.answer([self.lab.mitm.cert])

    def bundle_certificates(self) -> list[x509.Certificate]:
        return [self.lab.root.cert, self.lab.mitm.cert]

    def next_ca_certificate(self) -> bytes | None:
        return None

    def pki_operation(self, der: bytes, requester: str) -> bytes | None:
        return None


def _safe(request: PkiRequest) -> bool:
    return request.transaction_id.isalnum()


def _same_key(
    holder: x509.CertificateSigningRequest | x509.Certificate, signer: x509.Certificate
) -> bool:
    def der(item: x509.CertificateSigningRequest | x509.Certificate) -> bytes:
        return item.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)

    return der(holder) == der(signer)
