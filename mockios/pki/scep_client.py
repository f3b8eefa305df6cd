"""The router side of SCEP: send a request to the lab CA, poll until it is granted.

Polling runs on the device timers (`device.call_later`), so the certificate arrives on its
own, announced by `%PKI-6-CERTRET`, even when nobody is connected. Requests in flight are
saved (`state_store`) and polled again after a restart (`restart`).
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from . import scep
from .cert_facts import public_key_der
from .install import install
from .ios_format import fingerprint, now
from .key_store import save_keys
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
) -> PendingEnrollment:
    lab = lab_for_device(device)
    grant = device.faults.scep_grant
    request = scep.submit(
        lab,
        csr,
        device.name,
        force=None if grant == "auto" else grant,
    )
    state = pki_state(device)
    pending = PendingEnrollment(trustpoint, request.id, csr, key_label, new_key=new_key)
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
    schedule_poll(device, trustpoint, request.id, FIRST_POLL_SECONDS)
    return pending


def schedule_poll(device: Device, trustpoint: str, request_id: str, seconds: float) -> None:
    """The next poll of a pending request (`show crypto pki timers` shows it as POLL)."""
    pending = pki_state(device).pending.get(trustpoint)
    if pending is not None:
        pending.next_poll = now() + timedelta(seconds=seconds)
    device.call_later(seconds, lambda: poll(device, trustpoint, request_id))


def poll(device: Device, trustpoint: str, request_id: str) -> None:
    """One poll; re-arms itself while the request stays pending."""
    state = pki_state(device)
    pending = state.pending.get(trustpoint)
    if pending is None or pending.request_id != request_id:
        return  # cancelled, or superseded by a newer request
    lab = lab_for_device(device)
    try:
        request = scep.poll(lab, request_id)
    except KeyError:
        request = None
    if request is not None and request.state == "granted":
        _receive(device, pending, request.certificate(lab))
    elif request is None or request.state == "rejected":
        del state.pending[trustpoint]
        state.last_status[trustpoint] = "Rejected"
        save_pki_state(device)
        device.notify(
            "%PKI-6-CERTREJECT: Certificate enrollment request was rejected by Certificate "
            "Authority"
        )
    else:
        schedule_poll(device, trustpoint, request_id, state.poll_interval)


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
    if pending.trustpoint in device.running.trustpoints:
        install(device, pending.trustpoint, "router", cert)
    state.last_status[pending.trustpoint] = "Granted"
    save_pki_state(device)
    device.notify("%PKI-6-CERTRET: Certificate received from Certificate Authority")
