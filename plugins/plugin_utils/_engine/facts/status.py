"""Trustpoint state: keys generated, CA authenticated, certificate request.

Read from ``show crypto pki trustpoints status`` when it was gathered (``source: device``).
When the show-command budget drops that command, the same three answers are derived from the
certificates, the key pairs and the configuration (``source: derived``):
- CA authenticated: a CA (or the router's self-signed) certificate is associated;
- request: ``pending`` for a pending block, ``granted`` for a router certificate, else ``none``;
- keys generated: the key pair the trustpoint signs with exists (``None`` when its label
  cannot be told).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..x509.names import comma_line, name_dict
from . import kinds
from .records import key_summary

_REQUESTS = {"yes": "granted", "pending": "pending", "none": "none", "no": "none"}


def device_status(record: Mapping[str, Any]) -> dict[str, Any]:
    """The status of one trustpoint as the router reports it."""
    routers = [
        {
            "usage": usage,
            "subject": name_dict(comma_line(subject)),
            "fingerprints": _fingerprints(md5, sha1),
        }
        for usage, subject, md5, sha1 in zip(
            record.get("ROUTER_CERT_USAGE") or [],
            record.get("ROUTER_SUBJECT") or [],
            record.get("ROUTER_FINGERPRINT_MD5") or [],
            record.get("ROUTER_FINGERPRINT_SHA1") or [],
            strict=False,
        )
    ]
    ca_subject = comma_line(record.get("CA_SUBJECT"))
    return {
        "source": "device",
        "keys_generated": _yes_no(record.get("KEYS_GENERATED")),
        "keys_detail": record.get("KEYS_DETAIL") or None,
        "ca_authenticated": _yes_no(record.get("CA_AUTHENTICATED")),
        "certificate_request": _REQUESTS.get((record.get("CERTIFICATE_REQUESTS") or "").lower()),
        "last_enrollment_status": record.get("LAST_ENROLLMENT_STATUS") or None,
        "ca_subject": name_dict(ca_subject) if ca_subject else None,
        "ca_fingerprints": _fingerprints(
            record.get("CA_FINGERPRINT_MD5"), record.get("CA_FINGERPRINT_SHA1")
        ),
        "router_certificates": routers,
    }


def derived_status(
    certificates: Sequence[Mapping[str, Any]],
    key_label: str | None,
    keys: Sequence[Mapping[str, Any]],
) -> dict[str, Any]:
    """The status of one trustpoint from its certificate facts and the router's key pairs."""
    available = [c for c in certificates if not c["pending"]]
    if any(c["pending"] for c in certificates):
        request = "pending"
    elif any(c["kind"] in kinds.OWN for c in available):
        request = "granted"
    else:
        request = "none"
    pairs = [k for k in keys if key_label is not None and k["name"] == key_label]
    return {
        "source": "derived",
        "keys_generated": bool(pairs) if key_label is not None else None,
        "keys_detail": key_summary(pairs) if pairs else None,
        "ca_authenticated": any(c["kind"] in kinds.ISSUING for c in available),
        "certificate_request": request,
    }


def _yes_no(value: str | None) -> bool | None:
    if not value:
        return None
    return value.strip().lower() == "yes"


def _fingerprints(md5: str | None, sha1: str | None) -> dict[str, str]:
    found = {"md5": md5, "sha1": sha1}
    return {k: " ".join(v.split()).upper() for k, v in found.items() if v}
