"""Checks the dialog engine calls before it answers ``yes`` (see ``dialogs.Decide``).

The CA fingerprint check is the point of ``ca_authenticate``: the router shows the
fingerprints of whatever CA certificate it received, and the answer is ``yes`` only if every
displayed fingerprint we can compare equals the pinned one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ..errors import ValidationError, VerificationError
from ..x509.certs import (
    FINGERPRINT_LENGTHS,
    Fingerprint,
    certificate_fingerprint,
    format_ios_fingerprint,
    load_certificate,
    normalize_fingerprint,
)

_ALGORITHM_NAMES = {"MD5": "md5", "SHA1": "sha1", "SHA256": "sha256", "SHA-256": "sha256"}
_LENGTHS = {algorithm: length for length, algorithm in FINGERPRINT_LENGTHS.items()}
# "Fingerprint SHA1: CC594608 ..." but not the CSR syslog or IOS-XE 26's echo of the pin.
# IOS 12.2 prints a bare "Fingerprint: D6C12961 ..." (the guide's cut-and-paste example):
# the MD5, read as MD5 only when it is exactly 32 hex digits (fail-closed).
_DISPLAYED = re.compile(
    r"(?<!CSR )(?<!Trustpoint )Fingerprint(?:[ \t]+(?P<name>MD5|SHA1|SHA-256|SHA256))?[ \t]*:"
    r"(?P<digits>(?:\s*[0-9A-Fa-f]+(?![0-9A-Za-z]))*)"
)


def displayed_fingerprints(text: str) -> dict[str, str]:
    """``{"md5": hex, "sha1": hex}`` as the router last displayed them (wraps tolerated)."""
    found: dict[str, str] = {}
    for match in _DISPLAYED.finditer(text):
        digits = re.sub(r"\s+", "", match["digits"]).upper()
        if match["name"] is None:
            if len(digits) == _LENGTHS["md5"]:
                found["md5"] = digits
            continue
        algorithm = _ALGORITHM_NAMES[match["name"].upper()]
        digits = digits[: _LENGTHS[algorithm]]
        if len(digits) == _LENGTHS[algorithm]:
            found[algorithm] = digits
    return found


def ca_pins(fingerprint: str | None, ca_certificate: str | None) -> list[Fingerprint]:
    """What the displayed CA must match: the user's fingerprint and/or those of the PEM."""
    pins: list[Fingerprint] = []
    if fingerprint:
        pins.append(normalize_fingerprint(fingerprint, "fingerprint"))
    if ca_certificate:
        cert = load_certificate(ca_certificate, "ca_certificate")
        pins.extend(certificate_fingerprint(cert, algorithm) for algorithm in _LENGTHS)
    if not pins:
        raise ValidationError(
            "fingerprint or ca_certificate is required to verify the CA "
            "(accept_unverified=true trusts whatever answers at the enrollment URL)"
        )
    return pins


def fingerprint_check(pins: Sequence[Fingerprint]) -> Callable[[str], dict[str, str]]:
    """A check for ``Decide("fingerprint")`` that accepts only the pinned CA."""
    if not pins:
        raise ValidationError("fingerprint check needs at least one pinned fingerprint")

    def check(dialog_text: str) -> dict[str, str]:
        shown = displayed_fingerprints(dialog_text)
        if not shown:
            raise VerificationError(
                "the router displayed no CA fingerprint; answered no, nothing installed"
            )
        compared = [(pin, shown[pin.algorithm]) for pin in pins if pin.algorithm in shown]
        if not compared:
            raise VerificationError(
                f"the router displayed {', '.join(a.upper() for a in shown)} fingerprints, "
                f"the pinned one is {pins[0].algorithm.upper()}: cannot compare; "
                "answered no, nothing installed"
            )
        for pin, digits in compared:
            if pin.hex != digits:
                raise VerificationError(
                    f"CA certificate fingerprint mismatch: the router shows "
                    f"{pin.algorithm.upper()} {format_ios_fingerprint(digits)}, expected "
                    f"{pin.algorithm.upper()} {pin.ios}; answered no, nothing installed"
                )
        return {f"fingerprint_{alg}": format_ios_fingerprint(hx) for alg, hx in shown.items()}

    return check


def accept_unverified(dialog_text: str) -> dict[str, str]:
    """The explicit opt-out (``accept_unverified: true``): accept, but report what was shown."""
    shown = displayed_fingerprints(dialog_text)
    return {f"fingerprint_{alg}": format_ios_fingerprint(hx) for alg, hx in shown.items()}
