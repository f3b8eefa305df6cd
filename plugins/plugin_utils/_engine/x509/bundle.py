"""A CA bundle (what ``crypto pki trustpool import`` reads), on the controller.

The forms Cisco's trustpool guide lists: PEM certificates, or PKCS #7 in DER (Cisco's
``.p7b`` / ``.bin``) or PEM. ``fetch_bundle`` downloads it over HTTP(S), the way the router
will, so that its certificates can be verified against the user's pins before the router is
told to import anything.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
from typing import TYPE_CHECKING

from ansible.module_utils.urls import ConnectionError as UrlConnectionError
from ansible.module_utils.urls import open_url

from ..errors import ValidationError, VerificationError
from .certs import load_certificates

if TYPE_CHECKING:  # cryptography is imported lazily (sanity import test)
    from cryptography import x509

FETCH_TIMEOUT = 10.0
_MAX_BYTES = 4 << 20  # Cisco's full bundle is a few hundred KiB


def read_bundle(body: bytes, field: str) -> list[x509.Certificate]:
    """Every certificate of a bundle in any of its forms; ValidationError naming ``field``."""
    from cryptography.hazmat.primitives.serialization import pkcs7

    if b"-----BEGIN PKCS7-----" in body:
        loaders = [pkcs7.load_pem_pkcs7_certificates]
    elif b"-----BEGIN" in body or body[:1] != b"\x30":
        return load_certificates(body.decode("ascii", "replace"), field)
    else:
        loaders = [pkcs7.load_der_pkcs7_certificates]
    for load in loaders:
        try:
            certs = list(load(body))
        except ValueError:
            continue
        if certs:
            return certs
    return load_certificates(body, field)  # one DER certificate, or a clear error


def fetch_bundle(url: str, timeout: float = FETCH_TIMEOUT) -> list[x509.Certificate]:
    if urllib.parse.urlsplit(url).scheme.lower() not in ("http", "https"):
        raise ValidationError(
            f"url: {url!r}: the controller verifies the bundle before the router imports it, "
            "so the URL must be http:// or https:// (for a file the router reads from elsewhere, "
            "give its PEM in ca_bundle)"
        )
    try:
        with open_url(url, timeout=timeout, follow_redirects="safe") as response:
            body = response.read(_MAX_BYTES + 1)
    except (urllib.error.URLError, OSError, ValueError, UrlConnectionError) as exc:
        raise VerificationError(
            f"url: could not fetch the bundle from {url} ({getattr(exc, 'reason', exc)}): "
            "nothing sent to the router"
        ) from exc
    if len(body) > _MAX_BYTES:
        raise VerificationError(f"url: the bundle at {url} is larger than {_MAX_BYTES} bytes")
    return read_bundle(body, "url")
