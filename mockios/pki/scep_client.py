"""The router side of SCEP: send a PKCSReq to the trustpoint's CA, poll until it answers.

The PKCSReq goes out at once (the dialog reports a CA that cannot be reached); its answer
is acted on by the first poll, on the device timers (`device.call_later`), and while the CA
answers PENDING the router asks again with CertPoll (GetCertInitial), so the certificate
arrives on its own, announced by `%PKI-6-CERTRET`, even when nobody is connected. Requests
in flight (transaction ID, signer certificate, CSR) are saved (`state_store`) and polled
again after a restart (`restart`). A CA that does not answer a poll is asked again later.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import TYPE_CHECKING

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from mockios.scep import client as scep_wire
from mockios.scep.attributes import PkiStatus
from mockios.scep.messages import CertRep, ScepError, Sent

from . import rollover, scep
from .ca_link import enrollment_url, scep_client
from .cert_facts import public_key_der
from .install import install
from .ios_format import fingerprint, now
from .key_store import save_keys
from .keypool import PrivateKey
from .keys import KeyPair
from .lab_url import lab_for_device
from .state import PendingEnrollment, pki_state
from .state_store import save_pki_state

if TYPE_CHECKING:
    from mockios.device import Device

FIRST_POLL_SECONDS = 0.2


def send_request(
    device: Device,
    trustpoint: str,
    csr: x509.CertificateSigningRequest,
    key_label: str,
    new_key: KeyPair | None = None,
    ca_certs: list[x509.Certificate] | None = None,
    rollover: bool = False,
) -> PendingEnrollment:
    """Send the PKCSReq; ScepError when the CA cannot be reached or answers nonsense.

    `ca_certs` are the CA's certificates when known (the rollover CA's, for a `rollover`
    request: a shadow certificate), else asked for with GetCACert."""
    url = enrollment_url(device, device.running.trustpoints[trustpoint])
    client = scep_client(device, trustpoint, url)
    transaction_id = secrets.token_hex(16).upper()  # one per request, as a router's
    grant = device.faults.scep_grant
    if grant == "delay":  # pending, then granted by a poll once the delay has passed
        grant = f"delay:{device.faults.scep_grant_delay:g}"
    if grant != "auto":  # the lab CA will answer this router's request so
        scep.set_policy(lab_for_device(device), transaction_id, grant)
    key = _signing_key(device, key_label, new_key)
    enrollment = scep_wire.enroll(client, csr, key, ca_certs, transaction_id=transaction_id)
    state = pki_state(device)
    pending = PendingEnrollment(trustpoint, transaction_id, csr, key_label, new_key=new_key)
    pending.rollover = rollover
    pending.signer = enrollment.signer
    pending.enrollment = enrollment
    state.pending[trustpoint] = pending
    state.last_status[trustpoint] = "Pending"
    if device.flavor == "iosxe17":
        der = csr.public_bytes(Encoding.DER)
        device.notify(
            "%PKI-6-CSR_FINGERPRINT: \n"
            f" CSR Fingerprint MD5 : {fingerprint(der, 'MD5').replace(' ', '')}\n"
            f" CSR Fingerprint SHA1: {fingerprint(der, 'SHA1').replace(' ', '')}"
        )
    save_pki_state(device)
    schedule_poll(device, trustpoint, transaction_id, FIRST_POLL_SECONDS)
    return pending


def _signing_key(device: Device, key_label: str, new_key: KeyPair | None) -> PrivateKey:
    """The key the PKCSReq is signed with: the key being certified, RSA or EC (an EC key
    signs with ECDSA, and the CA envelopes its answer by ECDH key agreement; see
    tests/transcripts/GAPS.md, "SCEP with an EC key")."""
    return (new_key or device.keys[key_label]).key


def schedule_poll(device: Device, trustpoint: str, request_id: str, seconds: float) -> None:
    """The next poll of a pending request (`show crypto pki timers` shows it as POLL)."""
    pending = pki_state(device).pending.get(trustpoint)
    if pending is not None:
        pending.next_poll = now() + timedelta(seconds=seconds)
    device.call_later(seconds, lambda: poll(device, trustpoint, request_id))


def poll(device: Device, trustpoint: str, request_id: str) -> None:
    """One poll: the PKCSReq's answer, else a CertPoll; re-arms itself while pending."""
    state = pki_state(device)
    pending = state.pending.get(trustpoint)
    if pending is None or pending.request_id != request_id:
        return  # cancelled, or superseded by a newer request
    try:
        answer = _answer(device, pending)
    except ScepError:
        answer = None  # the CA does not answer now: ask again later
    if answer is not None and answer.status is PkiStatus.SUCCESS:
        _receive(device, pending, pending.enrollment.certificate)
    elif answer is not None and answer.status is PkiStatus.FAILURE:
        del state.pending[trustpoint]
        state.last_status[trustpoint] = "Rejected"
        save_pki_state(device)
        device.notify(
            "%PKI-6-CERTREJECT: Certificate enrollment request was rejected by Certificate "
            "Authority"
        )
    else:
        schedule_poll(device, trustpoint, request_id, state.poll_interval)


def _answer(device: Device, pending: PendingEnrollment) -> CertRep:
    """The PKCSReq's own answer, unless PENDING; else the answer of a new CertPoll."""
    enrollment = pending.enrollment
    first, pending.answer_seen = not pending.answer_seen, True
    if enrollment is not None and first and enrollment.answer.status is not PkiStatus.PENDING:
        return enrollment.answer
    if enrollment is None:  # after a restart: the transaction as saved
        url = enrollment_url(device, device.running.trustpoints[pending.trustpoint])
        client = scep_client(device, pending.trustpoint, url)
        key = _signing_key(device, pending.key_label, pending.new_key)
        signer = pending.signer or scep_wire.requester_certificate(key, pending.csr.subject)
        sent = Sent(b"", pending.request_id, b"", signer)
        answer = CertRep(PkiStatus.PENDING, pending.request_id)
        shadow = rollover.shadows(device).get(pending.trustpoint)
        if pending.rollover and shadow is not None and shadow.ca is not None:
            ca_list = [shadow.ca]  # the rollover CA answers a shadow certificate request
        else:
            ca_list = client.ca_certificates()
        enrollment = scep_wire.Enrollment(client, key, pending.csr, signer, ca_list, sent, answer)
        pending.enrollment = enrollment
    return scep_wire.poll(enrollment).answer


def _receive(device: Device, pending: PendingEnrollment, cert: x509.Certificate | None) -> None:
    state = pki_state(device)
    del state.pending[pending.trustpoint]
    if cert is None or public_key_der(cert) != public_key_der(pending.csr):
        state.last_status[pending.trustpoint] = "Failed"
        save_pki_state(device)
        return
    if pending.new_key is not None:
        device.keys[pending.key_label] = pending.new_key
        save_keys(device)
    if pending.rollover:
        rollover.receive_shadow(device, pending.trustpoint, cert)
    elif pending.trustpoint in device.running.trustpoints:
        install(device, pending.trustpoint, "router", cert)
    state.last_status[pending.trustpoint] = "Granted"
    save_pki_state(device)
    device.notify("%PKI-6-CERTRET: Certificate received from Certificate Authority")
