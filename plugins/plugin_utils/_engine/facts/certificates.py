"""One ``show crypto pki certificates [verbose]`` record -> one certificate fact.

Dates become ISO 8601 UTC with ``days_remaining`` and ``expired`` computed against ``now``;
a date printed in a time zone we do not know stays ``None`` and the zone is named in
``time_zone_unknown``. Fingerprints and the verbose fields appear only when IOS printed them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from typing import Any

from ..x509.names import name_dict, name_ordered
from . import kinds
from .ios_time import IosTime, parse_ios_time


def is_pending(record: Mapping[str, Any]) -> bool:
    """A ``show crypto pki certificates`` block that is a request IOS waits on."""
    return (record.get("STATUS") or "").strip().lower() == "pending"


def certificate_fact(record: Mapping[str, Any], now: dt.datetime) -> dict[str, Any]:
    """The normalized fact of one parsed certificate block."""
    subject = name_ordered(record.get("SUBJECT"))
    issuer = name_ordered(record.get("ISSUER"))
    status = (record.get("STATUS") or "").strip()
    fact: dict[str, Any] = {
        "type": record["CERTIFICATE_TYPE"],
        "kind": kinds.from_heading(record["CERTIFICATE_TYPE"]),
        "status": status.lower() or None,
        "pending": is_pending(record),
        "serial": _serial(record.get("SERIAL_NUMBER")),
        "usage": _text(record.get("CERTIFICATE_USAGE")),
        "subject": name_dict(subject),
        "subject_ordered": subject,
        "subject_cn": _text(record.get("SUBJECT_CN")),
        "issuer": name_dict(issuer),
        "issuer_ordered": issuer,
        "issuer_cn": _text(record.get("ISSUER_CN")),
        "subject_hostname": _text(record.get("SUBJECT_NAME")),
        "subject_ip_address": _text(record.get("SUBJECT_IP")),
        "subject_serial_number": _text(record.get("SUBJECT_SERIAL_NUMBER")),
        "associated_trustpoints": list(record.get("ASSOCIATED_TRUSTPOINTS") or []),
        "crl_distribution_points": list(record.get("CRL_DISTRIBUTION_POINT") or []),
        "storage": _text(record.get("STORAGE")),
    }
    fact.update(validity(record, now))
    if fact["kind"] in kinds.ROLLOVER:
        # A shadow certificate takes over when its CA's active certificate expires, which
        # is when it starts to be valid.
        fact["becomes_active"] = fact["not_before"]
    fact.update(_verbose(record))
    if not fact["pending"]:
        fact["unreadable"] = unreadable_fields(record, fact["serial"])
    return {k: v for k, v in fact.items() if k in _ALWAYS or v not in (None, [], {})}


# Present even when empty, so templates and reports can rely on them.
_ALWAYS = (
    "type",
    "kind",
    "status",
    "pending",
    "serial",
    "subject",
    "subject_ordered",
    "subject_cn",
    "issuer",
    "issuer_ordered",
    "not_before",
    "not_after",
    "days_remaining",
    "expired",
    "associated_trustpoints",
)


def validity(record: Mapping[str, Any], now: dt.datetime) -> dict[str, Any]:
    """``not_before``/``not_after``/``renew_at`` in ISO UTC, ``days_remaining`` and ``expired``.

    A pending request has no dates: its days and expiry are ``None``, as are those of a date
    whose time zone is unknown.
    """
    start = parse_ios_time(record.get("START_DATE"))
    end = parse_ios_time(record.get("END_DATE"))
    renew = parse_ios_time(record.get("RENEW_DATE"))
    result: dict[str, Any] = {
        "not_before": start.iso if start else None,
        "not_after": end.iso if end else None,
        "renew_at": renew.iso if renew else None,
        "days_remaining": None,
        "expired": None,
    }
    if end is not None and end.moment is not None:
        result["days_remaining"] = days_until(end.moment, now)
        result["expired"] = now >= end.moment
    unknown = sorted({t.zone for t in (start, end, renew) if _zone_unknown(t)})
    if unknown:
        result["time_zone_unknown"] = unknown[0] if len(unknown) == 1 else unknown
    unreadable = [t.text for t in (start, end, renew) if t is not None and t.zone is None]
    if unreadable:
        result["date_unreadable"] = unreadable
    return result


def unreadable_fields(record: Mapping[str, Any], serial: str | None) -> list[str]:
    """The fields of an installed certificate that IOS printed unreadably, or not at all:
    its expiry is then unknown. A date in a time zone we do not know is read (its zone is
    named in ``time_zone_unknown``) and is not listed."""
    fields = [] if serial else ["serial"]
    for field, value in (("not_before", "START_DATE"), ("not_after", "END_DATE")):
        moment = parse_ios_time(record.get(value))
        if moment is None or (moment.moment is None and not _zone_unknown(moment)):
            fields.append(field)
    return fields


def days_until(moment: dt.datetime, now: dt.datetime) -> int:
    """Whole days left, rounded down (``-1`` from the first second after expiry)."""
    return math.floor((moment - now).total_seconds() / 86400)


def _zone_unknown(moment: IosTime | None) -> bool:
    return moment is not None and moment.zone is not None and not moment.zone_known


def _verbose(record: Mapping[str, Any]) -> dict[str, Any]:
    fingerprints = {
        algorithm: _fingerprint(record.get(f"FINGERPRINT_{algorithm.upper()}"))
        for algorithm in ("md5", "sha1", "sha256")
    }
    request = {
        algorithm: _fingerprint(record.get(f"REQUEST_FINGERPRINT_{algorithm.upper()}"))
        for algorithm in ("md5", "sha1")
    }
    size = record.get("KEY_SIZE")
    return {
        "fingerprints": {k: v for k, v in fingerprints.items() if v},
        "request_fingerprints": {k: v for k, v in request.items() if v},
        "version": int(record["VERSION"]) if record.get("VERSION") else None,
        "public_key_algorithm": _text(record.get("PUBLIC_KEY_ALGORITHM")),
        "public_key_size": int(size) if size else None,
        "public_key_size_unit": _text(record.get("KEY_SIZE_UNIT")),
        "signature_algorithm": _text(record.get("SIGNATURE_ALGORITHM")),
        "key_usage": list(record.get("KEY_USAGE") or []),
        "extended_key_usage": list(record.get("EXTENDED_KEY_USAGE") or []),
        "subject_alt_names": list(record.get("SUBJECT_ALT_NAME") or []),
        "basic_constraints_ca": _ca_flag(record.get("BASIC_CONSTRAINTS_CA")),
        "key_label": _text(record.get("KEY_LABEL")),
        "install_time": _iso_or_text(record.get("INSTALL_TIME")),
    }


def _iso_or_text(value: str | None) -> str | None:
    moment = parse_ios_time(value)
    if moment is None:
        return None
    return moment.iso or moment.text


def _fingerprint(value: str | None) -> str | None:
    """IOS format (``1461A5DC 22012AE8 ...``) whatever the spacing printed."""
    if not value:
        return None
    digits = "".join(value.split()).upper()
    return " ".join(digits[i : i + 8] for i in range(0, len(digits), 8))


def _serial(value: str | None) -> str | None:
    if not value:
        return None
    digits = value.upper().removeprefix("0X")
    if not re.fullmatch(r"[0-9A-F]+", digits):
        return value  # not hex (an edited serial): the token as IOS printed it
    return digits.zfill(len(digits) + len(digits) % 2)


def _ca_flag(value: str | None) -> bool | None:
    return None if not value else value.strip().upper() == "TRUE"


def _text(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None
