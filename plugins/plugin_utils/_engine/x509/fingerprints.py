"""Fingerprints computed from the certificates themselves, and the expected-CA check.

``show crypto pki certificates verbose`` prints only MD5 and SHA1. The running
configuration holds every certificate's DER (``crypto pki certificate chain``): from it,
``cryptography`` gives the SHA1 and SHA256 of each certificate, and any digest an expected
fingerprint names (MD5, SHA1, SHA256, SHA384, SHA512, told apart by length).

``expected_ca_fingerprints`` (trustpoint name -> fingerprints) flags every CA certificate
that matches none of them, so a CA installed earlier without verification is found. A CA
certificate whose digests cannot be computed or read is flagged too: fail closed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..errors import ValidationError
from .certs import (
    Fingerprint,
    certificate_fingerprint,
    normalize_fingerprint,
)

if TYPE_CHECKING:  # cryptography is imported lazily by certs (sanity import test)
    from cryptography import x509

_COMPUTED = ("sha1", "sha256")


def add_digests(fact: dict[str, Any], cert: x509.Certificate) -> None:
    """SHA1 and SHA256 from the DER into ``fact["fingerprints"]`` (MD5 too if IOS printed it)."""
    prints = dict(fact.get("fingerprints") or {})
    prints.update({alg: certificate_fingerprint(cert, alg).ios for alg in _COMPUTED})
    fact["fingerprints"] = prints
    fact["fingerprints_from"] = "certificate"


def expected_pins(expected: Mapping[str, Any] | None) -> dict[str, list[Fingerprint]]:
    """``expected_ca_fingerprints`` read and checked: a clear error names the bad entry."""
    pins: dict[str, list[Fingerprint]] = {}
    for name, values in (expected or {}).items():
        values = [values] if isinstance(values, str) else values
        if not isinstance(values, list) or not values:
            raise ValidationError(
                f"expected_ca_fingerprints.{name}: give a list of one or more fingerprints"
            )
        pins[name] = [
            normalize_fingerprint(value, f"expected_ca_fingerprints.{name}[{index}]")
            for index, value in enumerate(values)
        ]
    return pins


def ca_matches(
    fact: Mapping[str, Any], cert: x509.Certificate | None, pins: list[Fingerprint]
) -> bool:
    """Whether the CA certificate equals one of ``pins`` (computed digest, else as printed)."""
    for pin in pins:
        if cert is not None:
            if certificate_fingerprint(cert, pin.algorithm) == pin:
                return True
            continue
        printed = (fact.get("fingerprints") or {}).get(pin.algorithm)
        if printed and "".join(printed.split()).upper() == pin.hex:
            return True
    return False


def flag_unexpected_cas(
    trustpoints: Mapping[str, dict[str, Any]],
    pins: Mapping[str, list[Fingerprint]],
    chain: Mapping[tuple[str, str], x509.Certificate],
) -> list[str]:
    """Mark each pinned trustpoint's CA (``ca_expected``) and warn for every one matching none."""
    warnings = []
    for name, wanted in pins.items():
        tp = trustpoints.get(name)
        ca = (tp or {}).get("ca_certificate")
        if not ca:
            continue
        cert = chain.get((name, ca.get("serial") or ""))
        matched = ca_matches(ca, cert, wanted)
        tp["ca_expected"] = matched
        if not matched:
            warnings.append(
                f"trustpoint {name}: the CA certificate (serial {ca.get('serial')}, "
                f"{_best_print(ca)}) matches none of expected_ca_fingerprints.{name}"
            )
    return warnings


def _best_print(fact: Mapping[str, Any]) -> str:
    prints = fact.get("fingerprints") or {}
    for algorithm in ("sha256", "sha1", "md5"):
        if prints.get(algorithm):
            return f"{algorithm.upper()} {prints[algorithm]}"
    return "no fingerprint readable"
