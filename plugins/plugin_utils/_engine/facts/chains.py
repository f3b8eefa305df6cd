"""The certificate chains of the running config (``crypto pki certificate chain TP``): one
reader for the trustpoint facts, ``pki_info``'s chains and fingerprints, and the config task
(which trustpoints hold certificates)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import ValidationError
from ..x509.certs import ios_hex_to_der, load_certificate
from . import kinds, parse

if TYPE_CHECKING:  # cryptography is imported lazily by certs (sanity import test)
    from cryptography import x509

CHAIN_COMMAND = "show running-config | section crypto pki certificate chain"
_HEADER = "crypto pki certificate chain"


@dataclass(frozen=True)
class ChainEntry:
    trustpoint: str
    kind: str  # kinds.CA, kinds.ROUTER, kinds.SELF_SIGNED (another word as printed)
    serial: str  # as printed
    hex: tuple[str, ...]  # empty: kept in a file (nvram:), not in the configuration

    def certificate(self) -> x509.Certificate:
        """The entry's certificate from its hex (``ValidationError`` when unreadable)."""
        der = ios_hex_to_der("\n".join(self.hex), f"{self.trustpoint} certificate")
        return load_certificate(der, f"certificate {self.serial} of {self.trustpoint}")


def chain_entries(text: str) -> list[ChainEntry]:
    """Every entry of every chain in ``text`` (any ``show running-config`` excerpt)."""
    if _HEADER not in text:
        return []
    return [
        ChainEntry(
            record.get("CHAIN") or "",
            kinds.from_chain_word(record.get("CERT_KIND")),
            record["SERIAL"],
            tuple(record.get("HEX") or ()),
        )
        for record in parse.parse_output(CHAIN_COMMAND, text)
    ]


def chain_certificates(text: str) -> dict[tuple[str, str], x509.Certificate]:
    """``(trustpoint, serial) -> certificate`` for every certificate the config holds in hex
    (serials upper-cased; an unreadable one is left out: the fact keeps what IOS printed)."""
    found = {}
    for entry in chain_entries(text):
        if not entry.hex:
            continue
        try:
            found[(entry.trustpoint, entry.serial.upper())] = entry.certificate()
        except ValidationError:
            continue
    return found
