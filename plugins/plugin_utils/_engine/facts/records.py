"""Key pairs (read by ``keys``) and timers (``show crypto pki timers detail``) as ``pki_info``
facts. Key data (the public key) is left out: it is long and says nothing to an audit."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from .ios_time import iso_utc, parse_ios_time, parse_iso_time
from .keys import key_record


def key_fact(record: Mapping[str, Any]) -> dict[str, Any]:
    key = key_record(record)
    generated = parse_ios_time(key.generated_at)
    fact: dict[str, Any] = {
        "name": key.label,
        "type": key.type.upper() or None,
        "size": key.size,
        "curve": key.curve,
        "usage": key.usage,
        "exportable": key.exportable,
        "storage": key.storage,
        "redundancy": key.redundancy,
        "temporary": key.temporary,
        "generated_at": generated.iso if generated else None,
    }
    if generated is not None and generated.moment is None and generated.zone:
        fact["time_zone_unknown"] = generated.zone
    return fact


def timer_fact(record: Mapping[str, Any], now: dt.datetime) -> dict[str, Any]:
    """One timer: its kind and target apart, the countdown as printed and in seconds, and its
    absolute time (printed by newer releases; else ``now`` plus the countdown)."""
    seconds = countdown_seconds(record.get("COUNTDOWN"))
    printed = parse_iso_time(record.get("EXPIRES_AT"))
    if printed is None and seconds is not None:
        moment = now + dt.timedelta(seconds=seconds)
    else:
        moment = printed
    return {
        "section": record.get("SECTION") or None,
        "timer": record["TIMER"],
        "target": record.get("TARGET") or None,
        "trustpoint": record.get("TRUSTPOINT") or None,
        "countdown": record.get("COUNTDOWN") or None,
        "countdown_seconds": seconds,
        "expires_at": iso_utc(moment) if moment else None,
        "expires_at_printed": printed is not None,
        "crl_url": record.get("CRL_URL") or None,
    }


_COUNTDOWN = re.compile(
    r"^(?:(?P<days>\d+)d\s*)?(?:(?:(?P<hours>\d+):)?(?P<minutes>\d+):)?(?P<seconds>\d+(?:\.\d+)?)$"
)


def countdown_seconds(text: str | None) -> float | None:
    """``304d23:58:41.613``, ``1283d 6:19:02.213``, ``4:33.164`` or ``48.241`` in seconds."""
    match = _COUNTDOWN.match((text or "").strip())
    if not match:
        return None
    days, hours, minutes = (int(match[g] or 0) for g in ("days", "hours", "minutes"))
    return round(((days * 24 + hours) * 60 + minutes) * 60 + float(match["seconds"]), 3)


def key_summary(pairs: list[Mapping[str, Any]]) -> str:
    """``General Purpose, non-exportable``: the words of ``trustpoints status`` for the key
    pair(s) of one label (usage keys are two pairs: ``Signature, Encryption, ...``)."""
    words = list(dict.fromkeys(_purpose(p) for p in pairs))
    exportable = pairs[0].get("exportable") if pairs else None
    if exportable is not None:
        words.append("exportable" if exportable else "non-exportable")
    return ", ".join(words)


def _purpose(pair: Mapping[str, Any]) -> str:
    # IOS has no EC usage keys: the lone `Signature Key` it lists an EC key as
    # (tests/transcripts/show/mypubkey_ec*.yml) is the general-purpose key.
    if (pair.get("type") or "").upper() == "EC":
        return "General Purpose"
    return (pair.get("usage") or "General Purpose Key").removesuffix(" Key")
