"""CA key rollover (the guide's "Certificate Authority Key Rollover" and "Automated Client
Certificate and Key Rollover").

The CA side: an IOS certificate server with `auto-rollover [days]` makes its rollover
(shadow) CA key and certificate `days` before its active certificate expires (default 30);
the rollover certificate is valid from that expiry on, and becomes the active one then. The
lab CA rolls over on `python -m mockios ca rollover`. Both hand the rollover certificate out
with SCEP's GetNextCACert (RFC 8894 section 4.7), signed by the active CA, and sign requests
enveloped for the rollover certificate with its key: shadow certificates, valid from the
moment their CA becomes active.

The client side: a trustpoint with `auto-enroll` asks for its CA's rollover certificate once
90% of its CA certificate's lifetime has passed (the `SHADOW` timer of
`show crypto pki timers`; the real capture tests/transcripts/show/timers_detail_csr8kv.yml
has it 985.5 days into a 1095-day CA), then requests its shadow router certificate from
the rollover CA with the same key. When the active CA certificate expires the shadow
certificates replace the active ones. Until then `show crypto pki certificates` lists them
after the active ones. A router certificate that ends with its CA is not renewed by
auto-enroll: the rollover replaces it (the guide's tip on `crypto pki enroll`).

Everything happens at the lab's time (`mockios.clock`), checked lazily by the servers (at
each SCEP request and show) and by each router's auto-enroll ticker.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa

from mockios.scep import messages, signed
from mockios.scep.messages import PkiRequest, ScepError

from . import cert_server
from .ca_link import enrollment_url, resolves, scep_client
from .device_certs import ca_cert, find_cert, trustpoint_names
from .ios_format import now
from .state import Shadow, pki_state
from .state_store import save_pki_state

if TYPE_CHECKING:
    from mockios.config_model import CertServer, Trustpoint
    from mockios.device import Device

    from .cert_server import CertServerCA
    from .lab_ca import LabCA

NEXT_CA_CAPABILITY = "GetNextCACert"
# autoenroll.renew(device, trustpoint, cert, rollover_ca=...)
Renew = Callable[..., None]
SHADOW_PERCENT = 90
RETRY = timedelta(minutes=1)  # of lab time, while the CA has no rollover certificate yet


# ---- the IOS certificate server ------------------------------------------------------


def generation_moment(settings: CertServer, ca: CertServerCA) -> datetime | None:
    """When `auto-rollover` makes the rollover CA (None without it, or once made)."""
    if settings.auto_rollover is None or ca.rollover_cert is not None:
        return None
    return ca.cert.not_valid_after_utc - timedelta(days=settings.auto_rollover)


def advance(device: Device, settings: CertServer, ca: CertServerCA) -> None:
    """Bring the server's CA to the lab's time: make the rollover CA when due, and make it
    the active CA once the active certificate has expired."""
    changed = False
    with ca.lock:
        due = generation_moment(settings, ca)
        if due is not None and now() >= due:
            key = rsa.generate_private_key(public_exponent=65537, key_size=ca.key.key_size)
            ca.last_serial += 1
            start = ca.cert.not_valid_after_utc
            ca.rollover_cert = cert_server.ca_certificate(settings, key, start, ca.last_serial)
            ca.rollover_key, changed = key, True
            if settings.name in device.running.trustpoints:  # the server's own trustpoint
                shadows(device).setdefault(settings.name, Shadow()).ca = ca.rollover_cert
        if ca.rollover_cert is not None and now() >= ca.cert.not_valid_after_utc:
            ca.cert, ca.key = ca.rollover_cert, ca.rollover_key  # type: ignore[assignment]
            ca.rollover_cert, ca.rollover_key, changed = None, None, True
    if changed:
        cert_server.save(device, ca)


def advance_all(device: Device) -> None:
    for settings in getattr(device.running, "cert_servers", {}).values():
        ca = cert_server.servers(device).get(settings.name)
        if ca is not None and not settings.shutdown:
            advance(device, settings, ca)


def next_ca_answer(ca: CertServerCA) -> bytes | None:
    """The GetNextCACert answer: the rollover certificate, signed by the active CA."""
    if ca.rollover_cert is None:
        return None
    return signed.sign(None, {}, ca.cert, ca.key, certificates=[ca.rollover_cert])


def read_request(ca: CertServerCA, der: bytes) -> tuple[PkiRequest, bool]:
    """The request, opened with the active CA's key or else the rollover CA's; True when it
    was enveloped for the rollover CA (a shadow certificate request)."""
    rollover = None
    if ca.rollover_cert is not None and ca.rollover_key is not None:
        rollover = (ca.rollover_cert, ca.rollover_key)
    return messages.read_request_either(der, (ca.cert, ca.key), rollover)


# ---- the lab CA ----------------------------------------------------------------------


def lab_next_ca_answer(lab: LabCA) -> bytes | None:
    shadow = lab.rollover_identity()
    active = lab.issuing
    if shadow is None or not isinstance(active.key, rsa.RSAPrivateKey):
        return None  # SCEP's signatures here are RSA: an ECDSA lab serves no rollover yet
    return signed.sign(None, {}, active.cert, active.key, certificates=[shadow.cert])


# ---- the client ----------------------------------------------------------------------


def shadows(device: Device) -> dict[str, Shadow]:
    return pki_state(device).shadows


def shadow_moment(trustpoint: Trustpoint, ca: x509.Certificate | None) -> datetime | None:
    """When an auto-enrolled trustpoint asks for its CA's rollover certificate."""
    if ca is None or not getattr(trustpoint, "auto_enroll", None):
        return None
    start, end = ca.not_valid_before_utc, ca.not_valid_after_utc
    return start + (end - start) * SHADOW_PERCENT / 100


def pending_shadow_moment(device: Device, name: str) -> datetime | None:
    """The `SHADOW` timer of a trustpoint: set until its shadow router certificate came."""
    held = shadows(device).get(name)
    if held is not None and held.router is not None:
        return None
    trustpoint = device.running.trustpoints[name]
    if find_cert(device, name, "router") is None:
        return None
    return shadow_moment(trustpoint, ca_cert(device, name))


def shadow_covers(device: Device, name: str) -> bool:
    """Whether an auto-enrolled trustpoint holds its shadow router certificate, starting no
    later than the active one ends (then IOS's expiry alerts stop)."""
    held = shadows(device).get(name)
    own = find_cert(device, name, "router")
    trustpoint = device.running.trustpoints[name]
    if held is None or held.router is None or own is None or not trustpoint.auto_enroll:
        return False
    return held.router.not_valid_before_utc <= own.not_valid_after_utc


def ends_with_its_ca(device: Device, name: str, cert: x509.Certificate) -> bool:
    """A router certificate cut short by its CA's expiry: the rollover renews it."""
    ca = ca_cert(device, name)
    return ca is not None and cert.not_valid_after_utc >= ca.not_valid_after_utc


def check_rollovers(device: Device, renew: Renew) -> None:
    """Activate due shadows and ask for missing ones (the auto-enroll ticker's part, which
    gives its `renew`: the request for a trustpoint's next certificate)."""
    state = pki_state(device)
    for name in trustpoint_names(device):
        ca = ca_cert(device, name)
        held = state.shadows.get(name)
        if ca is None:
            continue
        if held is not None and held.ca is not None and now() >= ca.not_valid_after_utc:
            _activate(device, name, held)
            continue
        moment = pending_shadow_moment(device, name)
        if moment is None or now() < moment or name in state.pending:
            continue
        if held is not None and held.next_try is not None and now() < held.next_try:
            continue
        _request_shadow(device, device.running.trustpoints[name], ca, renew)


def _request_shadow(
    device: Device, trustpoint: Trustpoint, ca: x509.Certificate, renew: Renew
) -> None:
    name = trustpoint.name
    held = shadows(device).setdefault(name, Shadow())
    held.next_try = now() + RETRY
    url = enrollment_url(device, trustpoint)
    cert = find_cert(device, name, "router")
    if cert is None or not resolves(device, url):
        return
    try:
        if held.ca is None:
            offered = scep_client(device, name, url).next_ca_certificates(ca)
            held.ca = next((c for c in offered if c.subject == ca.subject), None)
            save_pki_state(device)
        if held.ca is not None:
            renew(device, trustpoint, cert, rollover_ca=held.ca)
    except ScepError:
        return  # no rollover certificate yet, or the CA does not answer: try again later


def receive_shadow(device: Device, name: str, cert: x509.Certificate) -> None:
    shadows(device).setdefault(name, Shadow()).router = cert  # saved by the caller


def _activate(device: Device, name: str, held: Shadow) -> None:
    from .install import install

    assert held.ca is not None
    install(device, name, "ca", held.ca)
    if held.router is not None:
        install(device, name, "router", held.router)
    del shadows(device)[name]
    save_pki_state(device)
