"""``show crypto pki trustpool`` -> one fact per trustpool CA certificate.

Each fact has the shape of a ``show crypto pki certificates`` fact (``certificate_fact``:
serial, subject, issuer, dates, ``days_remaining``, ``expired``) plus ``trustpool``: where
the certificate came from, ``downloaded`` (imported) or ``built-in``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from . import parse
from .certificates import certificate_fact

TRUSTPOOL_COMMAND = "show crypto pki trustpool"


def trustpool_fact(record: Mapping[str, Any], now: dt.datetime) -> dict[str, Any]:
    fact = certificate_fact(record, now)
    fact["trustpool"] = (record.get("TRUSTPOOL") or "").strip().lower() or None
    return fact


def trustpool_facts(text: str, now: dt.datetime) -> list[dict[str, Any]]:
    records = parse.parse_output(TRUSTPOOL_COMMAND, text) if text.strip() else []
    return [trustpool_fact(record, now) for record in records]


def expiring_in_pool(pool: list[Mapping[str, Any]], days: int) -> list[dict[str, Any]]:
    """Trustpool certificates, not yet expired, ending within ``days`` days (the rows of
    ``pki_info``'s ``expiring``, with ``trustpoint: Trustpool``)."""
    return [
        {
            "trustpoint": "Trustpool",
            "kind": cert["kind"],
            "serial": cert["serial"],
            "subject_cn": cert.get("subject_cn"),
            "not_after": cert["not_after"],
            "days_remaining": cert["days_remaining"],
        }
        for cert in pool
        if cert.get("days_remaining") is not None
        and not cert["expired"]
        and cert["days_remaining"] < days
    ]
