"""`auto-enroll [P] [regenerate]`: renew by SCEP once P% of the lifetime has passed.

A per-device ticker (armed by PKI activity once the device runs on an event loop) checks
every trustpoint; renewal sends a request without any dialog, with the configured
password, serial and IP, and a new key with `regenerate`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cryptography import x509
from cryptography.x509.oid import NameOID

from mockios.scep.messages import ScepError

from . import rollover
from .ca_link import enrollment_url, resolves
from .csr import RequestContent, build_csr
from .device_certs import find_cert, renew_moment, trustpoint_names
from .ios_format import now
from .keys import new_keypair
from .names import UNSTRUCTURED_ADDRESS
from .request_content import alt_names, configured_ip, fqdn_of
from .scep_client import send_request
from .state import pki_state
from .trustpoint_keys import autogen_key

if TYPE_CHECKING:
    from mockios.config_model import Trustpoint
    from mockios.device import Device

TICK_SECONDS = 1.0


def ensure_ticker(device: Device) -> None:
    state = pki_state(device)
    if state.ticker_armed:
        return
    state.ticker_armed = True
    device.call_later(TICK_SECONDS, lambda: _tick(device))


def _tick(device: Device) -> None:
    try:
        check_renewals(device)
    finally:  # one failed renewal must not stop the later ones
        device.call_later(TICK_SECONDS, lambda: _tick(device))


def check_renewals(device: Device) -> list[str]:
    """Start a renewal for each trustpoint whose renew moment has passed; returns them."""
    renewed = []
    state = pki_state(device)
    rollover.advance_all(device)  # this router's certificate servers
    rollover.check_rollovers(device, renew)
    for name in trustpoint_names(device):
        trustpoint = device.running.trustpoints[name]
        cert = find_cert(device, name, "router")
        if cert is None or name in state.pending or not trustpoint.auto_enroll:
            continue
        if rollover.ends_with_its_ca(device, name, cert):
            continue  # its renewal is the CA rollover's shadow certificate
        moment = renew_moment(trustpoint, cert)
        if moment is None or moment > now():
            continue
        if not resolves(device, enrollment_url(device, trustpoint)):
            continue
        try:
            renew(device, trustpoint, cert)
        except ScepError:
            continue  # the CA does not answer: the next tick tries again
        renewed.append(name)
    return renewed


def _previous(cert: x509.Certificate, oid: x509.ObjectIdentifier) -> str | None:
    """What the current certificate carries, so that the renewal asks for the same."""
    values = cert.subject.get_attributes_for_oid(oid)
    return str(values[0].value) if values else None


def renew(
    device: Device,
    trustpoint: Trustpoint,
    cert: x509.Certificate,
    rollover_ca: x509.Certificate | None = None,
) -> None:
    """Request the next certificate; with `rollover_ca`, the shadow certificate from the
    CA's rollover certificate, for the same key."""
    pair = autogen_key(device, trustpoint)
    regenerate = (trustpoint.auto_enroll[1] or trustpoint.regenerate) and rollover_ca is None
    new_key = new_keypair(pair.label, pair.kind, pair.size, replacing=pair) if regenerate else None
    content = RequestContent(
        subject_name=trustpoint.subject_name or None,
        fqdn=fqdn_of(device, trustpoint),
        serial=_serial(device, trustpoint, cert),
        ip=configured_ip(device, trustpoint) or _previous(cert, UNSTRUCTURED_ADDRESS),
        alt_names=alt_names(trustpoint),
        challenge_password=trustpoint.password,
        hash_name=trustpoint.hash,
    )
    name = trustpoint.name
    csr = build_csr((new_key or pair).key, content)
    if rollover_ca is not None:
        send_request(device, name, csr, pair.label, None, ca_certs=[rollover_ca], rollover=True)
        return
    device.notify(f"%PKI-6-CERTRENEWAUTO: Renewing the router certificate for trustpoint {name}")
    send_request(device, name, csr, pair.label, new_key)


def _serial(device: Device, trustpoint: Trustpoint, cert: x509.Certificate) -> str | None:
    setting = trustpoint.serial_number
    if setting == "none":
        return None
    if setting == "" or _previous(cert, NameOID.SERIAL_NUMBER):
        return device.serial
    return None
