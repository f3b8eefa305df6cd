"""PKI work in flight survives a restart: `<state-dir>/<device>/pki_state.json`.

It holds the SCEP requests still pending (transaction ID, CSR, the certificate the requests
are signed with, key label and, under `regenerate`, the new key that waits for its
certificate), the last enrollment status per trustpoint and when
each certificate was installed. `restart.resume_background_work` polls the pending
requests again once the device serves.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from .key_store import pair_from_record, pair_record, write_private
from .state import PendingEnrollment, Shadow, pki_state

if TYPE_CHECKING:
    from mockios.device import Device

_FILE = "pki_state.json"


def _path(device: Device) -> Path | None:
    state_dir = getattr(device, "state_dir", None)
    return Path(state_dir) / _FILE if state_dir is not None else None


def _pending_record(pending: PendingEnrollment) -> dict[str, Any]:
    return {
        "trustpoint": pending.trustpoint,
        "request_id": pending.request_id,
        "csr": pending.csr.public_bytes(Encoding.PEM).decode(),
        "key_label": pending.key_label,
        "submitted_at": pending.submitted_at.isoformat(),
        "new_key": pair_record(pending.new_key) if pending.new_key else None,
        "signer": pending.signer.public_bytes(Encoding.PEM).decode() if pending.signer else None,
        "rollover": pending.rollover,
    }


def _pending_from(record: dict[str, Any]) -> PendingEnrollment:
    signer = record.get("signer")
    return PendingEnrollment(
        trustpoint=record["trustpoint"],
        request_id=record["request_id"],
        csr=x509.load_pem_x509_csr(record["csr"].encode()),
        key_label=record["key_label"],
        submitted_at=datetime.fromisoformat(record["submitted_at"]),
        new_key=pair_from_record(record["new_key"]) if record["new_key"] else None,
        signer=x509.load_pem_x509_certificate(signer.encode()) if signer else None,
        rollover=record.get("rollover", False),
    )


def save_pki_state(device: Device) -> None:
    path = _path(device)
    if path is None:
        return
    state = pki_state(device)
    data = {
        "pending": [_pending_record(pending) for pending in state.pending.values()],
        "last_status": state.last_status,
        "install_times": {
            der.hex(): moment.isoformat() for der, moment in state.install_times.items()
        },
        "shadows": {  # a CA rollover's certificates, until they become active
            name: {
                kind: cert.public_bytes(Encoding.PEM).decode()
                for kind, cert in (("ca", held.ca), ("router", held.router))
                if cert is not None
            }
            for name, held in state.shadows.items()
        },
    }
    write_private(path, json.dumps(data))  # a regenerated key may wait in a request


def load_pki_state(device: Device) -> None:
    path = _path(device)
    if path is None or not path.exists():
        return
    data = json.loads(path.read_text())
    state = pki_state(device)
    for record in data.get("pending", []):
        pending = _pending_from(record)
        state.pending[pending.trustpoint] = pending
    state.last_status.update(data.get("last_status", {}))
    for der_hex, moment in data.get("install_times", {}).items():
        state.install_times[bytes.fromhex(der_hex)] = datetime.fromisoformat(moment)
    for name, held in data.get("shadows", {}).items():
        certs = {k: x509.load_pem_x509_certificate(pem.encode()) for k, pem in held.items()}
        state.shadows[name] = Shadow(certs.get("ca"), certs.get("router"))
