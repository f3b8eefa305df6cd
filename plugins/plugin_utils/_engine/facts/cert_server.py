"""The IOS certificate server (``crypto pki server NAME``) as facts: its settings from the
running configuration, its status from ``show crypto pki server``, its enrollment requests
from ``show crypto pki server NAME requests``.

Pure text in, facts out: ``ca_server`` plans from them and ``pki_info`` reports them.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from . import parse
from .ios_time import iso_utc, parse_ios_time

CONFIG_COMMAND = "show running-config | section crypto pki server"
STATUS_COMMAND = "show crypto pki server"


def requests_command(name: str) -> str:
    return f"show crypto pki server {name} requests"


# IOS's defaults, which the running configuration leaves out.
DEFAULTS: dict[str, Any] = {
    "issuer_name": None,  # CN=<name>
    "grant_mode": "manual",
    "lifetime_certificate": 365,
    "lifetime_ca_certificate": 1095,
    "database_url": None,  # nvram:
    "database_level": "minimum",
    "auto_rollover": None,
    "shutdown": False,
}
_SERVER = re.compile(r"^crypto pki server (\S+)\s*$")
_SETTINGS: tuple[tuple[re.Pattern[str], str, Any], ...] = (
    (re.compile(r"^issuer-name (.+?)\s*$"), "issuer_name", str),
    (re.compile(r"^grant (auto|none)\b"), "grant_mode", str),
    (re.compile(r"^lifetime certificate (\d+)"), "lifetime_certificate", int),
    (re.compile(r"^lifetime ca-certificate (\d+)"), "lifetime_ca_certificate", int),
    (re.compile(r"^database url (\S+)"), "database_url", str),
    (re.compile(r"^database level (minimum|names|complete)\b"), "database_level", str),
    (re.compile(r"^auto-rollover(?: (\d+))?\s*$"), "auto_rollover", lambda d: int(d or 30)),
    (re.compile(r"^(shutdown)\s*$"), "shutdown", bool),
)


def configured(text: str) -> dict[str, dict[str, Any]]:
    """Every ``crypto pki server`` block of the configuration text, by name, defaults filled."""
    servers: dict[str, dict[str, Any]] = {}
    current: dict[str, Any] | None = None
    for line in text.splitlines():
        found = _SERVER.match(line)
        if found:
            current = servers.setdefault(found.group(1), {"name": found.group(1), **DEFAULTS})
            continue
        if not line[:1].isspace():
            current = None
        elif current is not None:
            for pattern, field, convert in _SETTINGS:
                match = pattern.match(line.strip())
                if match:
                    current[field] = convert(match.group(1))
    return servers


def statuses(text: str, now: dt.datetime) -> dict[str, dict[str, Any]]:
    """``show crypto pki server`` as one status per server, by name."""
    found = {}
    for record in parse.parse_output(STATUS_COMMAND, text) if text.strip() else []:
        timer = parse_ios_time(record["CA_EXPIRES"])
        expires = timer.moment if timer else None
        found[record["SERVER"]] = {
            "status": record["STATUS"] or None,
            "state": record["STATE"] or None,
            "ca_generated": record["LOCKED"] == "locked" or bool(record["CA_FINGERPRINT"]),
            "ca_fingerprint_md5": record["CA_FINGERPRINT"] or None,
            "issuer_name": record["ISSUER_NAME"] or None,
            "grant_mode": record["GRANT_MODE"] or None,
            "last_serial": record["LAST_SERIAL"] or None,
            "ca_not_after": iso_utc(expires) if expires else None,
            "ca_days_remaining": (expires - now).days if expires else None,
        }
    return found


def requests(text: str) -> list[dict[str, Any]]:
    """``show crypto pki server NAME requests`` (or ``info requests``), one dict a row."""
    return [
        {
            "id": int(record["REQUEST_ID"]),
            "kind": record["CATEGORY"].lower().replace(" ", "_"),
            "state": record["STATE"],
            "fingerprint_md5": record["FINGERPRINT"],
            "subject": record["SUBJECT_NAME"] or None,
        }
        for record in (parse.parse_output(requests_command("X"), text) if text.strip() else [])
    ]


def server_facts(
    status_text: str, requests_texts: dict[str, str], now: dt.datetime
) -> list[dict[str, Any]]:
    """One fact per certificate server ``show crypto pki server`` lists: its status, its CA's
    expiry and, when its table was read, its requests."""
    found = []
    for name, status in statuses(status_text, now).items():
        fact: dict[str, Any] = {"name": name, **status}
        if name in requests_texts:
            fact["requests"] = requests(requests_texts[name])
            fact["pending_requests"] = sum(1 for r in fact["requests"] if r["state"] == "pending")
        found.append(fact)
    return found
