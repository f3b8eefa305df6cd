"""CRL facts: what ``show crypto pki crls`` says a router holds, and what the CRL itself says.

The router's text gives the issuer, the update times, where the CRL came from and its size.
Which serials are revoked comes only from the CRL itself (DER, fetched from the CDP URL the
router used): it is believed only when its signature verifies with the trustpoint's CA
certificate (from the running configuration's certificate chain), so an unsigned or forged
list never marks a certificate revoked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..x509.names import comma_line, short_name
from .ios_time import iso_utc, parse_ios_time

if TYPE_CHECKING:  # cryptography is imported lazily (sanity import test)
    from cryptography import x509

COMMAND = "show crypto pki crls"


def crl_fact(record: Mapping[str, Any], now: dt.datetime) -> dict[str, Any]:
    """One CRL of the router's cache, as IOS prints it."""
    next_update = parse_ios_time(record.get("NEXT_UPDATE"))
    moment = next_update.moment if next_update else None
    return {
        "issuer": record["ISSUER"],
        "this_update": _iso(record.get("LAST_UPDATE")),
        "next_update": iso_utc(moment) if moment else None,
        "downloaded_at": _iso(record.get("DOWNLOADED_AT")),
        "source_url": record.get("CDP_URL") or None,
        "via_scep": record.get("VIA_SCEP") == "SCEP",
        "der_bytes": int(record["DER_BYTES"]) if record.get("DER_BYTES") else None,
        # A CRL past its NextUpdate: the router holds no current revocation information.
        "stale": moment < now if moment else None,
        "verified": None,
        "revoked_count": None,
        "crl_number": None,
    }


def _iso(text: str | None) -> str | None:
    parsed = parse_ios_time(text)
    return iso_utc(parsed.moment) if parsed and parsed.moment else None


def dn_key(ordered: list[list[str]]) -> tuple[tuple[str, str], ...]:
    """A DN compared without case in the attribute names, spacing or order."""
    return tuple(sorted((short_name(k).lower(), " ".join(v.split())) for k, v in ordered))


def issuer_key(fact: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    return dn_key(comma_line(fact["issuer"]))


def verified_crl(der: bytes, ca_cert: x509.Certificate) -> x509.CertificateRevocationList | None:
    """The CRL in ``der`` if ``ca_cert`` issued and signed it; None otherwise."""
    from cryptography import x509

    try:
        crl = x509.load_der_x509_crl(der)
    except ValueError:
        return None
    if crl.issuer != ca_cert.subject:
        return None
    try:
        return crl if crl.is_signature_valid(ca_cert.public_key()) else None
    except (TypeError, ValueError):  # a key type CRLs cannot be signed with
        return None


def add_verified(fact: dict[str, Any], crl: x509.CertificateRevocationList | None) -> None:
    """What the signed CRL adds: its number and how many serials it revokes."""
    from cryptography import x509

    fact["verified"] = crl is not None
    if crl is None:
        return
    fact["revoked_count"] = len(crl)
    try:
        fact["crl_number"] = crl.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number
    except x509.ExtensionNotFound:
        fact["crl_number"] = None


def revocation(crl: x509.CertificateRevocationList, serial_hex: str | None) -> str | None:
    """The revocation date (ISO 8601 UTC) of ``serial_hex`` in ``crl``, None if not revoked."""
    if not serial_hex:
        return None
    try:
        serial = int(serial_hex, 16)
    except ValueError:
        return None
    entry = crl.get_revoked_certificate_by_serial_number(serial)
    return iso_utc(entry.revocation_date_utc) if entry is not None else None
