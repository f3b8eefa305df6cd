"""Distinguished names as IOS prints them (``cn=R1``, ``CN = R1``, ``a=1+b=2``) to data.

The result has the shapes ``certs.certificate_summary`` gives for a real X.509 name, so facts
read from a router and facts computed from a certificate compare directly:
``ordered`` is ``[["CN", "R1"], ["OU", "a"], ...]`` in printed order (a multi-valued RDN gives
one entry per attribute), and the dict maps each short name to its value (the last one when an
attribute repeats; the ordered list keeps them all).
"""

from __future__ import annotations

import re

# IOS spellings (lower-cased) -> the short names certs.py uses.
_SHORT_NAMES = {
    "cn": "CN",
    "commonname": "CN",
    "ou": "OU",
    "o": "O",
    "l": "L",
    "st": "ST",
    "sp": "ST",
    "c": "C",
    "dc": "DC",
    "street": "STREET",
    "uid": "UID",
    "e": "emailAddress",
    "ea": "emailAddress",
    "email": "emailAddress",
    "emailaddress": "emailAddress",
    "serialnumber": "serialNumber",
    "sn": "serialNumber",
    "hostname": "unstructuredName",
    "unstructuredname": "unstructuredName",
    "1.2.840.113549.1.9.2": "unstructuredName",
    "ipaddress": "unstructuredAddress",
    "unstructuredaddress": "unstructuredAddress",
    "1.2.840.113549.1.9.8": "unstructuredAddress",
    "1.2.840.113549.1.9.1": "emailAddress",
    "2.5.4.3": "CN",
    "2.5.4.5": "serialNumber",
    "2.5.4.6": "C",
    "2.5.4.7": "L",
    "2.5.4.8": "ST",
    "2.5.4.10": "O",
    "2.5.4.11": "OU",
    "2.5.4.45": "x500UniqueIdentifier",
    "0.9.2342.19200300.100.1.25": "DC",
}
# A `+` starts a new attribute only when a `name=` follows it (values may hold a `+`).
_RDN_SPLIT = re.compile(r"\+(?=\s*[A-Za-z0-9][\w.-]*\s*=)")
_ATTRIBUTE = re.compile(r"^\s*([A-Za-z0-9][\w.-]*)\s*=\s*(.*?)\s*$")


def short_name(key: str) -> str:
    lowered = key.lower()
    if lowered.startswith("oid."):
        lowered = lowered[4:]
    return _SHORT_NAMES.get(lowered, key[4:] if key.lower().startswith("oid.") else key)


def name_ordered(lines: list[str] | None) -> list[list[str]]:
    """The DN lines of one Subject or Issuer block, attribute by attribute."""
    ordered: list[list[str]] = []
    for line in lines or []:
        for part in _RDN_SPLIT.split(line):
            match = _ATTRIBUTE.match(part)
            if match:
                ordered.append([short_name(match.group(1)), match.group(2)])
    return ordered


def name_dict(ordered: list[list[str]]) -> dict[str, str]:
    """Short name to value, from either ``name_ordered`` (this one for IOS text, ``certs``'
    for an X.509 name); a repeated attribute keeps its last value."""
    return dict(ordered)


def comma_line(text: str | None) -> list[list[str]]:
    """The one-line form ``cn=Lab CA,o=Example`` of ``show crypto pki trustpoints status``."""
    if not text:
        return []
    parts = re.split(r",(?=\s*[A-Za-z0-9][\w.-]*\s*=)", text)
    return name_ordered(parts)
