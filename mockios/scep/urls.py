"""The URL IOS requests for the `enrollment url` of a trustpoint (see docs/scep-wire.md).

With no path IOS requests the historical CGI path, `/cgi-bin/pkiclient.exe`; with a path it
appends `/pkiclient.exe` to it (`http://ca/scep/myscep` -> `/scep/myscep/pkiclient.exe`).
The operation and message follow as the query: `?operation=GetCACert&message=<trustpoint>`.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

DEFAULT_SCRIPT = "/cgi-bin/pkiclient.exe"
SCRIPT_NAME = "pkiclient.exe"


def ios_request_url(enrollment_url: str) -> str:
    """The URL, without the query, that IOS sends SCEP requests to for `enrollment_url`."""
    parts = urlsplit(enrollment_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"enrollment url: not an http(s) URL: {enrollment_url!r}")
    path = parts.path.rstrip("/")
    path = f"{path}/{SCRIPT_NAME}" if path else DEFAULT_SCRIPT
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))
