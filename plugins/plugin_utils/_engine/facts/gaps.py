"""What ``pki_info`` could not read, said out loud instead of left as a silent ``null``.

Three kinds of gap, each a dict naming the trustpoint (``None`` when the text does not say
which), the field, the command and a message (returned in ``gaps`` and as warnings):

- a certificate whose serial or validity dates cannot be read (``field``: ``serial``,
  ``not_before``, ``not_after``): its expiry is unknown;
- an output that ends in the middle of a block (``field``: ``output``): a certificate block
  without its ``Associated Trustpoints:`` line, a trustpoint status without its
  ``Certificate request(s)`` line, a certificate chain without ``quit``;
- an output that is empty although the other outputs show the router has trustpoints
  (``field``: ``output``).

Every complete block of every capture in ``tests/parsers`` ends with the line looked for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

_CHAIN_HEADER = re.compile(r"^\s*crypto\s+pki\s+certificate\s+chain\s+(\S+)", re.M)
_CHAIN_CERT = re.compile(r"^\s*certificate\s+(?:\S+\s+)?([0-9A-Fa-f]+)\s*$", re.M)
_QUIT = re.compile(r"^\s*quit\s*$", re.M)


def gap(trustpoint: str | None, field: str, command: str, message: str, **extra: Any) -> dict:
    where = f"trustpoint {trustpoint}: " if trustpoint else ""
    return {
        "trustpoint": trustpoint,
        "field": field,
        "command": command,
        "message": where + message,
        **extra,
    }


def certificate_gaps(certificates: Iterable[Mapping[str, Any]], command: str) -> list[dict]:
    """Installed certificates with unreadable fields, per trustpoint they belong to (a block
    cut before its trustpoints is one gap of its own, see ``cut_certificate_block``)."""
    found = []
    for cert in certificates:
        if not cert["associated_trustpoints"]:
            continue
        for field in cert.get("unreadable") or []:
            serial = cert.get("serial")
            which = f"the {cert['kind']} certificate" + (f" {serial}" if serial else "")
            for trustpoint in cert["associated_trustpoints"]:
                found.append(
                    gap(
                        trustpoint,
                        field,
                        command,
                        f"{which} has no readable {field} in the output of {command!r}: "
                        "its expiry is unknown",
                        kind=cert["kind"],
                        serial=serial,
                    )
                )
    return found


def cut_certificate_block(certificates: Sequence[Mapping[str, Any]], command: str) -> list[dict]:
    found = []
    for cert in certificates:
        if not cert["associated_trustpoints"]:
            serial = cert.get("serial")
            found.append(
                gap(
                    None,
                    "output",
                    command,
                    f"the output of {command!r} ends in the middle of a {cert['kind']} "
                    f"certificate block (serial {serial or 'unreadable'}, no 'Associated "
                    "Trustpoints:' line): it looks truncated, facts may be missing",
                    kind=cert["kind"],
                    serial=serial,
                )
            )
    return found


def cut_status_block(records: Sequence[Mapping[str, Any]], text: str, command: str) -> list[dict]:
    if not records or records[-1].get("CERTIFICATE_REQUESTS"):
        return []
    if "State:" not in text and not any(r.get("CERTIFICATE_REQUESTS") for r in records):
        return []  # `show crypto pki trustpoints` without `status` prints no State at all
    name = records[-1]["TRUSTPOINT"]
    return [
        gap(
            name,
            "output",
            command,
            f"the output of {command!r} ends in the middle of its block (no 'Certificate "
            "request(s)' line): it looks truncated, facts may be missing",
        )
    ]


def cut_chain(config: str, command: str) -> list[dict]:
    """A running-config whose last chain certificate has no ``quit``."""
    certificates = list(_CHAIN_CERT.finditer(config))
    if not certificates or _QUIT.search(config, certificates[-1].end()):
        return []
    headers = [m for m in _CHAIN_HEADER.finditer(config) if m.start() < certificates[-1].start()]
    name = headers[-1].group(1) if headers else None
    return [
        gap(
            name,
            "output",
            command,
            f"the output of {command!r} ends inside certificate {certificates[-1].group(1)} of "
            "the certificate chain (no 'quit'): it looks truncated, facts may be missing",
        )
    ]


def empty_outputs(
    texts: Mapping[str, str], commands: Mapping[str, str], expected: Mapping[str, Sequence[str]]
) -> list[dict]:
    """Outputs that came back empty although the others show trustpoints they should list
    (``expected``: kind -> those trustpoints)."""
    found = []
    for kind, names in expected.items():
        if kind in texts and not texts[kind].strip():
            for name in names:
                found.append(
                    gap(
                        name,
                        "output",
                        commands[kind],
                        f"the output of {commands[kind]!r} is empty although the router has "
                        "this trustpoint (shown by the other outputs): no facts from it",
                    )
                )
    return found
