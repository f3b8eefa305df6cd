"""Per-device PKI state that is not configuration: requests in flight and history."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from cryptography import x509

from .ios_format import now
from .keys import KeyPair

if TYPE_CHECKING:
    from mockios.device import Device
    from mockios.scep.client import Enrollment


@dataclass
class PendingEnrollment:
    """A request sent to a CA (SCEP) whose certificate has not arrived yet."""

    trustpoint: str
    request_id: str  # the SCEP transaction ID
    csr: x509.CertificateSigningRequest
    key_label: str
    submitted_at: datetime = field(default_factory=now)
    next_poll: datetime | None = None
    # With `regenerate`, the new key replaces the old one only when the certificate arrives.
    new_key: KeyPair | None = None
    signer: x509.Certificate | None = None  # the certificate its SCEP messages are signed with
    # In memory only: the SCEP exchange, and whether the PKCSReq's own answer was acted on.
    enrollment: Enrollment | None = None
    answer_seen: bool = False
    rollover: bool = False  # a request for the shadow certificate, to the rollover CA


@dataclass
class Shadow:
    """A trustpoint's rollover certificates, held until its CA certificate expires
    (mockios.pki.rollover)."""

    ca: x509.Certificate | None = None
    router: x509.Certificate | None = None
    next_try: datetime | None = None  # when to ask the CA for its rollover certificate again


@dataclass
class PkiState:
    pending: dict[str, PendingEnrollment] = field(default_factory=dict)
    # CSRs shown by terminal enrollment, waiting for `crypto pki import TP certificate`.
    terminal_requests: dict[str, x509.CertificateSigningRequest] = field(default_factory=dict)
    last_status: dict[str, str] = field(default_factory=dict)
    # When each installed certificate (by DER) arrived, for `Cert install time:`.
    install_times: dict[bytes, datetime] = field(default_factory=dict)
    # Auto-enroll bookkeeping: trustpoint -> renew moment already scheduled.
    renew_scheduled: dict[str, datetime] = field(default_factory=dict)
    # The parsed CRL cache (`show crypto pki crls`): CRL issuer (DER) -> crls.HeldCrl.
    crls: dict[bytes, Any] = field(default_factory=dict)
    poll_interval: float = 1.0
    ticker_armed: bool = False
    # CA key rollover: trustpoint -> its shadow (rollover) CA and router certificates
    # (mockios.pki.rollover), held until the active CA certificate expires.
    shadows: dict[str, Shadow] = field(default_factory=dict)


def pki_state(device: Device) -> PkiState:
    """The device's PKI state, created on first use in the core's `pki` slot."""
    state = getattr(device, "pki", None)
    if not isinstance(state, PkiState):
        state = PkiState()
        device.pki = state
    return state
