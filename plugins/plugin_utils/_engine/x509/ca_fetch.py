"""The CA certificate by a second path: SCEP ``GetCACert`` fetched from the controller.

Routers show only the MD5 and SHA1 of the CA certificate they receive, and compare a
trustpoint ``fingerprint`` only with those two. A SHA-256/384/512 pin can therefore not be
checked by the router. This module fetches the CA certificate the enrollment URL serves
(RFC 8894 section 4.2), keeps the one whose digest equals the strong pin, and hands back
its MD5 and SHA1 for the dialog to compare with what the router displays.

Why this path is safe: nothing is sent to the router until the controller has verified
the strong pin with ``cryptography``. What the controller downloaded is trusted only
because its strong digest equals the pin (the download itself may cross any network).
The dialog then answers ``yes`` only if the router's MD5 *and* SHA1 both equal those of
that verified certificate; an impostor would need a second preimage on both. The installed
certificate is read back and its strong digest checked once more. No scratch trustpoint
ever holds an unverified CA (IOS trusts every authenticated trustpoint, and a crash would
leave it there).
"""

from __future__ import annotations

import urllib.error
import urllib.parse
from typing import TYPE_CHECKING

from ansible.module_utils.urls import ConnectionError as UrlConnectionError
from ansible.module_utils.urls import open_url

from ..errors import VerificationError
from .certs import Fingerprint, certificate_fingerprint, certificate_matches_fingerprint

if TYPE_CHECKING:  # cryptography is imported lazily (sanity import test)
    from cryptography import x509

FETCH_TIMEOUT = 10.0  # seconds for one GetCACert request
_MAX_BYTES = 1 << 20  # a CA/RA bundle is a few KiB; refuse anything absurd
STRONG_ALGORITHMS = ("sha256", "sha384", "sha512")


def strong_pins(pins: list[Fingerprint]) -> list[Fingerprint]:
    return [pin for pin in pins if pin.algorithm in STRONG_ALGORITHMS]


def router_can_compare(pins: list[Fingerprint]) -> bool:
    """Whether the router's display (MD5, SHA1) can be compared with one of the pins."""
    return any(pin.algorithm in ("md5", "sha1") for pin in pins)


def getcacert_urls(url: str) -> list[str]:
    """Where to ask for the CA certificate of ``enrollment url URL``: two forms.

    First the CGI form SCEP clients use (``PATH/pkiclient.exe``; IOS shows an empty path as
    ``/cgi-bin``, ``SCEP URL: http://10.1.255.12:80/cgi-bin``), then the URL as written, on
    which servers such as micromdm's answer. Which one answers does not matter for trust:
    only a certificate matching the strong pin is kept.
    """
    parts = urllib.parse.urlsplit(url)
    path = parts.path.rstrip("/") or "/cgi-bin"
    query = urllib.parse.urlencode({"operation": "GetCACert", "message": "CA"})
    ios_style = parts._replace(path=f"{path}/pkiclient.exe", query=query, fragment="")
    as_given = parts._replace(query=query, fragment="")
    return [urllib.parse.urlunsplit(ios_style), urllib.parse.urlunsplit(as_given)]


def fetch_ca_certificates(url: str, timeout: float = FETCH_TIMEOUT) -> list[x509.Certificate]:
    """The certificates ``GetCACert`` returns (a DER certificate or a PKCS#7 bundle)."""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise VerificationError(
            f"cannot fetch the CA certificate from {url} (SCEP over http or https only): give "
            "ca_certificate (PEM) so the strong fingerprint can be verified; nothing sent"
        )
    errors = []
    for candidate in getcacert_urls(url):
        try:
            with open_url(candidate, timeout=timeout, follow_redirects="safe") as response:
                body = response.read(_MAX_BYTES + 1)
                kind = response.headers.get_content_type()
        except (urllib.error.URLError, OSError, ValueError, UrlConnectionError) as exc:
            errors.append(f"{candidate}: {getattr(exc, 'reason', exc)}")
            continue
        if len(body) > _MAX_BYTES:
            errors.append(f"{candidate}: answer too large")
            continue
        try:
            return _certificates(body, kind)
        except ValueError as exc:
            errors.append(f"{candidate}: {exc}")
    raise VerificationError(
        f"could not fetch the CA certificate from {url} ({'; '.join(errors)}): give "
        "ca_certificate (PEM) so the strong fingerprint can be verified; nothing sent"
    )


def verified_ca(
    url: str, pins: list[Fingerprint], timeout: float = FETCH_TIMEOUT
) -> x509.Certificate:
    """The certificate at ``url`` whose digests equal every strong pin, else fail closed."""
    offered = fetch_ca_certificates(url, timeout)
    for cert in offered:
        if all(certificate_matches_fingerprint(cert, pin) for pin in strong_pins(pins)):
            return cert
    seen = ", ".join(str(certificate_fingerprint(c, pins[0].algorithm)) for c in offered)
    raise VerificationError(
        f"the CA certificate served at {url} does not match the pinned "
        f"{', '.join(map(str, strong_pins(pins)))} (served: {seen}); answered nothing, "
        "nothing sent to the router"
    )


def _certificates(body: bytes, kind: str) -> list[x509.Certificate]:
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import pkcs7

    if kind == "application/x-x509-ca-ra-cert":
        return list(pkcs7.load_der_pkcs7_certificates(body))
    return [x509.load_der_x509_certificate(body)]
