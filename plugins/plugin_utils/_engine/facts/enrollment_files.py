"""File enrollment (``enrollment url tftp://HOST/PATH`` or ``flash:PATH``): where the files are.

Cisco's guide ("Configuring TFTP Certificate Enrollment"): ``crypto pki authenticate`` reads the
CA certificate from ``PATH.ca``, ``crypto pki enroll`` writes the request to ``PATH.req``, and
``crypto pki import TP certificate`` reads the granted certificate from ``PATH.crt``. The
controller reads those files through the router (``more URL``), so it sees what the router
sees, with nothing to reach from the controller.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ..errors import DeviceError
from ..ios_errors import REFUSED_LINE

if TYPE_CHECKING:
    from .trustpoint import TrustpointFacts

CA_SUFFIX, REQUEST_SUFFIX, CERTIFICATE_SUFFIX = ".ca", ".req", ".crt"
_NETWORK_SCHEMES = ("http", "https", "ldap", "ftp", "scp", "rcp")
_ERROR = re.compile(r"^%\s*Error[^\n]*", re.MULTILINE)


def file_url(facts: TrustpointFacts) -> str | None:
    """The trustpoint's enrollment URL when it names a file (TFTP or a file system)."""
    if facts.method != "url":
        return None
    url = str(facts.enrollment.get("url") or "")
    scheme = url.partition(":")[0].lower()
    if not scheme or scheme in _NETWORK_SCHEMES or ("://" in url and scheme != "tftp"):
        return None
    return url


def file_path(url: str, trustpoint: str, suffix: str) -> str:
    """``tftp://h/dir/r1`` + ``.req`` is ``tftp://h/dir/r1.req``; a URL that names no file
    stands for one named after the trustpoint."""
    if url.lower().startswith("tftp:"):
        parts = urlsplit(url)
        return f"tftp://{parts.netloc}/{parts.path.lstrip('/') or trustpoint}{suffix}"
    system, _colon, rest = url.partition(":")
    if not rest or rest.endswith("/"):
        rest += trustpoint
    return f"{system}:{rest}{suffix}"


def read_text(session: Any, url: str, what: str) -> str:
    """The file's text as the router reads it (``more URL``); DeviceError naming the file."""
    text = session.show(f"more {url}")
    error = _ERROR.search(text) or REFUSED_LINE.search(text)
    if error:
        reason = error.group().strip()
        raise DeviceError(f"{what}: the router could not read {url} ({reason})")
    return text
