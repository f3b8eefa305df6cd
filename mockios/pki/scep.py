"""The lab CA's SCEP requests, stored as files so that any process can grant them.

A request is `<ca>/requests/<id>.csr.pem` plus `<id>.json` (its state). The SCEP server
(`mockios.scep.responder`) files and polls them; `python -m mockios ca grant` (another
process) flips one to granted and issues. Grant mode is a CA setting: `auto`, `manual`
(pending until granted) or `delay` (granted by the first poll after `delay_seconds`).

A transaction may carry a policy of its own (`set_policy`: "pending", "reject" or
"delay:SECONDS"), which overrides the grant mode for that request: how a router's `scep_grant`
fault makes the CA treat its requests.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from .ios_format import now
from .lab_ca import LabCA, write_atomic


@dataclass
class Request:
    id: str
    requester: str
    subject: str
    state: str  # "pending" | "granted" | "rejected"
    submitted_at: str
    grant_at: str | None = None
    serial: str | None = None
    transaction_id: str | None = None  # a SCEP transaction's, when it came over HTTP
    rollover: bool = False  # enveloped for the rollover CA: a shadow certificate request

    def certificate(self, ca: LabCA) -> x509.Certificate | None:
        if self.serial is None:
            return None
        path = ca.directory / "issued" / f"{self.serial}.pem"
        return x509.load_pem_x509_certificate(path.read_bytes())


def _folder(ca: LabCA) -> Path:
    return ca.directory / "requests"


def _save(ca: LabCA, request: Request) -> None:
    write_atomic(_folder(ca) / f"{request.id}.json", json.dumps(asdict(request)).encode())


def load(ca: LabCA, request_id: str) -> Request:
    path = _folder(ca) / f"{request_id}.json"
    if not path.exists():
        raise KeyError(f"no request {request_id}")
    return Request(**json.loads(path.read_text()))


def csr_of(ca: LabCA, request_id: str) -> x509.CertificateSigningRequest:
    return x509.load_pem_x509_csr((_folder(ca) / f"{request_id}.csr.pem").read_bytes())


def submit(
    ca: LabCA,
    csr: x509.CertificateSigningRequest,
    requester: str,
    force: str | None = None,
    transaction_id: str | None = None,
    rollover: bool = False,
) -> Request:
    """File a request; `force` ("pending" | "reject" | "delay:SECONDS") overrides the CA
    grant mode."""
    settings = ca.settings()
    forced, _sep, seconds = (force or "").partition(":")
    mode = {"pending": "manual", "reject": "reject", "delay": "delay"}.get(forced, settings["mode"])
    delay = float(seconds) if forced == "delay" and seconds else settings["delay_seconds"]
    moment = now()
    request = Request(
        id=f"{moment:%Y%m%d%H%M%S}-{secrets.token_hex(3)}",
        requester=requester,
        subject=csr.subject.rfc4514_string(),
        state="pending",
        submitted_at=moment.isoformat(),
        transaction_id=transaction_id,
        rollover=rollover,
    )
    if mode == "delay":
        request.grant_at = (moment + timedelta(seconds=delay)).isoformat()
    write_atomic(
        _folder(ca) / f"{request.id}.csr.pem", csr.public_bytes(serialization.Encoding.PEM)
    )
    if mode == "reject":
        request.state = "rejected"
    _save(ca, request)
    if mode == "auto":
        return grant(ca, request.id)
    return request


def poll(ca: LabCA, request_id: str) -> Request:
    """The current state; a delayed request whose time has come is granted here."""
    request = load(ca, request_id)
    due = request.grant_at and datetime.fromisoformat(request.grant_at) <= now()
    if request.state == "pending" and due:
        return grant(ca, request_id)
    return request


def grant(ca: LabCA, request_id: str) -> Request:
    with ca.locked():
        request = load(ca, request_id)
        if request.state != "pending":
            return request
        request.state = "granting"
        _save(ca, request)
    try:
        cert = ca.sign(csr_of(ca, request_id), rollover=request.rollover)
    except ValueError:
        request.state = "rejected"
    else:
        request.state = "granted"
        request.serial = f"{cert.serial_number:X}"
    _save(ca, request)
    return request


def reject(ca: LabCA, request_id: str) -> Request:
    request = load(ca, request_id)
    if request.state == "pending":
        request.state = "rejected"
        _save(ca, request)
    return request


def set_policy(ca: LabCA, transaction_id: str, force: str) -> None:
    """The CA will answer the transaction's request `force` ("pending" | "reject" |
    "delay:SECONDS")."""
    write_atomic(_policy_path(ca, transaction_id), force.encode())


def policy(ca: LabCA, transaction_id: str) -> str | None:
    path = _policy_path(ca, transaction_id)
    return path.read_text() if path.exists() else None


def _policy_path(ca: LabCA, transaction_id: str) -> Path:
    if not transaction_id.isalnum():
        raise ValueError("a transaction ID names a policy file: letters and digits only")
    return ca.directory / "policies" / transaction_id


def pending(ca: LabCA) -> list[Request]:
    return [request for request in _all(ca) if request.state == "pending"]


def find_transaction(ca: LabCA, transaction_id: str) -> Request | None:
    """The latest request of a SCEP transaction, None when there is none."""
    found = [request for request in _all(ca) if request.transaction_id == transaction_id]
    return max(found, key=lambda request: request.submitted_at) if found else None


def _all(ca: LabCA) -> list[Request]:
    folder = _folder(ca)
    if not folder.is_dir():
        return []
    return [load(ca, path.name.removesuffix(".json")) for path in sorted(folder.glob("*.json"))]
