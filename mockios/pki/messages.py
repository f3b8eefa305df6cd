"""IOS texts shared by several PKI dialogs (verbatim from real devices)."""

from __future__ import annotations

from .ios_format import fingerprint

NO_CA_CERT = (
    "% Error in receiving Certificate Authority certificate: status = FAIL, cert length = 0\n"
)
AUTHENTICATE_FAILED = "% Failed to authenticate the Certificate Authority\n"
DELETE_CA_FIRST = "% Please delete your existing CA certificate first.\n"
MUST_AUTHENTICATE = (
    "% You must authenticate the Certificate Authority before you can enroll with it.\n"
)
PASTE_END = 'End with a blank line or the word "quit" on a line by itself\n'


def trustpoint_missing(name: str) -> str:
    return f"% Trustpoint {name} not found\n"


def fingerprint_lines(der: bytes) -> str:
    """The attribute block of an offered CA certificate."""
    return (
        "Certificate has the following attributes:\n"
        f"       Fingerprint MD5: {fingerprint(der, 'MD5')} \n"
        f"      Fingerprint SHA1: {fingerprint(der, 'SHA1')} \n"
    )
