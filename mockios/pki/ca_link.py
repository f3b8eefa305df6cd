"""How a router reaches its CA: a SCEP client for the trustpoint's enrollment URL.

The URL's host resolves through the simulator's names map (`mockios.hosts`), the request
goes to the path IOS requests (`mockios.scep.urls`), GetCACaps and GetCACert carry the
trustpoint's name as IOS's do, and PKIOperation goes by GET, as IOS sends it. Under the
`mitm_ca` fault a man in the middle answers instead (the map's impostor), whatever the URL.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from mockios.hosts import IMPOSTOR_NAME, http_endpoint
from mockios.scep.client import ScepClient
from mockios.scep.messages import ScepError
from mockios.scep.urls import ios_request_url

if TYPE_CHECKING:
    from mockios.config_model import Trustpoint
    from mockios.device import Device

TIMEOUT_SECONDS = 5.0  # one HTTP exchange with the CA


def scep_client(device: Device, trustpoint: str, url: str | None) -> ScepClient:
    """The client for `url`; ScepError when it is no SCEP URL or its host does not resolve."""
    try:
        request_url = ios_request_url(url or "")
    except ValueError as error:
        raise ScepError(str(error)) from None
    parts = urlsplit(request_url)
    host = IMPOSTOR_NAME if device.faults.mitm_ca else parts.hostname or ""
    default_port = 443 if parts.scheme == "https" else 80
    endpoint = http_endpoint(_fleet_dir(device), host, parts.port or default_port)
    if endpoint is None:
        raise ScepError(f"{host}: no such host")
    address, port = endpoint
    direct = urlunsplit((parts.scheme, f"{address}:{port}", parts.path, "", ""))
    return ScepClient(direct, TIMEOUT_SECONDS, post=False, identifier=trustpoint, host=parts.netloc)


def enrollment_url(device: Device, trustpoint: Trustpoint) -> str | None:
    """The trustpoint URL, or its enrollment profile's authentication/enrollment URL."""
    if trustpoint.enrollment_url:
        return trustpoint.enrollment_url
    profile = device.running.profiles.get(trustpoint.enrollment_profile or "")
    if profile is None:
        return None
    return profile.authentication_url or profile.enrollment_url


def resolves(device: Device, url: str | None) -> bool:
    """Whether the URL's host resolves: what a router checks before it builds a request."""
    try:
        scep_client(device, "", url)
    except ScepError:
        return False
    return True


def _fleet_dir(device: Device) -> Path | None:
    """Devices keep their state in `<state-dir>/<name>`; the names map is in `<state-dir>`."""
    state_dir = getattr(device, "state_dir", None)
    return Path(state_dir).parent if state_dir is not None else None
