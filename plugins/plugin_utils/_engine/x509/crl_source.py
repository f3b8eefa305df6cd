"""CRLs fetched from their distribution point on the controller, for ``pki_info``.

Nothing here is trusted: the caller keeps a CRL only when its signature verifies with the
trustpoint's CA certificate (``facts.crls.verified_crl``). A fleet audit asks for the same
URL once per router, so an answer is kept for a short while in the process.
"""

from __future__ import annotations

import time
import urllib.error

from ansible.module_utils.urls import ConnectionError as UrlConnectionError
from ansible.module_utils.urls import open_url

FETCH_TIMEOUT = 10.0  # seconds for one CRL download
REUSE_SECONDS = 60.0
_MAX_BYTES = 16 << 20
_cache: dict[str, tuple[float, bytes | None]] = {}


def fetch(url: str, timeout: float = FETCH_TIMEOUT) -> bytes | None:
    """The CRL at ``url`` (DER, or PEM turned to DER), None when it cannot be had."""
    cached = _cache.get(url)
    if cached is not None and time.monotonic() - cached[0] < REUSE_SECONDS:
        return cached[1]
    body = _download(url, timeout)
    _cache[url] = (time.monotonic(), body)
    return body


def _download(url: str, timeout: float) -> bytes | None:
    if not url.lower().startswith(("http://", "https://")):
        return None  # LDAP and SCEP GetCRL are the router's business
    try:
        with open_url(url, timeout=timeout, follow_redirects="safe") as response:
            body = response.read(_MAX_BYTES + 1)
    except (urllib.error.URLError, OSError, ValueError, UrlConnectionError):
        return None
    if len(body) > _MAX_BYTES:
        return None
    if body.lstrip().startswith(b"-----BEGIN X509 CRL-----"):
        from cryptography import x509
        from cryptography.hazmat.primitives.serialization import Encoding

        try:
            return x509.load_pem_x509_crl(body).public_bytes(Encoding.DER)
        except ValueError:
            return None
    return body
