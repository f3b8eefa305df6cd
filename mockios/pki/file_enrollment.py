"""File enrollment: `enrollment url tftp://HOST/PATH` or `enrollment url flash:PATH`.

The guide's "Configuring TFTP Certificate Enrollment" (shared/reference
cisco-ios-pki-certificate-enrollment.txt:194-243): `crypto pki authenticate` reads the CA
certificate from `PATH.ca`, `crypto pki enroll` writes the request to `PATH.req`, and
`crypto pki import TP certificate` reads the granted certificate from `PATH.crt`. A URL with no
file names the files after the trustpoint.

TFTP goes to a real server (`tftp.py`); the host resolves through the fleet's names map
(`hosts.json`) as SCEP URLs do. File systems are folders under the state dir
(`filesystem.py`). The progress lines follow the router's file copies already in the corpus
(`Loading F from H (via I): !` / `[OK - N bytes]`, `Reading file from`, `Writing file to`);
tests/transcripts/GAPS.md lists what no capture shows.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from cryptography import x509

from mockios.dialog import Dialog
from mockios.hosts import address

from . import tftp
from .filesystem import FILE_SYSTEMS, FileSystemError, place_file, read_file

if TYPE_CHECKING:
    from mockios.device import Device
    from mockios.registry import CommandContext

_PEM = re.compile(rb"-----BEGIN [A-Z0-9 ]+-----.*?-----END [A-Z0-9 ]+-----", re.DOTALL)


def is_file_url(url: str | None) -> bool:
    scheme = (url or "").partition(":")[0].lower()
    return scheme == "tftp" or scheme in FILE_SYSTEMS


def file_url(url: str, trustpoint: str, suffix: str) -> str:
    """`tftp://h/dir/r1` + `.ca` -> `tftp://h/dir/r1.ca`; a URL without a file uses the
    trustpoint's name."""
    if url.lower().startswith("tftp:"):
        parts = urlsplit(url)
        path = parts.path.lstrip("/") or trustpoint
        return f"tftp://{parts.netloc}/{path}{suffix}"
    system, _, rest = url.partition(":")
    rest = rest if rest and not rest.endswith("/") else rest + trustpoint
    return f"{system}:{rest}{suffix}"


def read(device: Device, url: str) -> Dialog:
    """The file's bytes, or the router's error line (a str)."""
    tftp_url = url.lower().startswith("tftp:")
    if not tftp_url:
        yield f"Reading file from {url}\n"
    try:
        data = fetch(device, url)
    except FileSystemError as error:
        return f"{error}\n"
    if tftp_url:
        parts = urlsplit(url)
        name = parts.path.lstrip("/")
        yield f"Loading {name} from {parts.hostname} (via {outgoing_interface(device)}): !\n"
        yield f"[OK - {len(data)} bytes]\n"
    return data


def fetch(device: Device, url: str) -> bytes:
    """The file at a `tftp://` URL or on a file system; FileSystemError with IOS's line."""
    if not url.lower().startswith("tftp:"):
        return read_file(device, url)
    parts = urlsplit(url)
    try:
        return tftp.fetch(_resolve(device, parts.hostname or ""), parts.path.lstrip("/"))
    except tftp.TftpError as error:
        raise FileSystemError(f"%Error opening {url} ({error})") from None


def more(ctx: CommandContext) -> str:
    """`more URL`: a text file's content (the engine reads requests and certificates so)."""
    try:
        data = fetch(ctx.device, ctx.args[0])
    except FileSystemError as error:
        return f"{error}\n"
    text = data.decode(errors="replace")
    return text if text.endswith("\n") else text + "\n"


def write(device: Device, url: str, data: bytes) -> Dialog:
    """None once written, or the router's error line."""
    yield f"Writing file to {url}\n"
    try:
        if url.lower().startswith("tftp:"):
            parts = urlsplit(url)
            tftp.store(_resolve(device, parts.hostname or ""), parts.path.lstrip("/"), data)
        else:
            place_file(device, url, data)
    except (tftp.TftpError, FileSystemError) as error:
        reason = str(error) if isinstance(error, tftp.TftpError) else "Invalid argument"
        return f"%Error opening {url} ({reason})\n"
    return None


def certificate_from_file(data: bytes) -> x509.Certificate | None:
    """A certificate file as a CA leaves it: PEM, base64 or DER (the guide: "either in binary
    format or be base-64 encoded")."""
    match = _PEM.search(data)
    try:
        if match:
            return x509.load_pem_x509_certificate(match.group())
        try:
            return x509.load_der_x509_certificate(data)
        except ValueError:
            return x509.load_der_x509_certificate(base64.b64decode(b"".join(data.split())))
    except ValueError:
        return None


def outgoing_interface(device: Device) -> str:
    interfaces = device.running.interfaces
    for name, interface in interfaces.items():
        if interface.ip_address and not interface.shutdown:
            return name
    return next(iter(interfaces))


def _resolve(device: Device, host: str) -> str:
    state_dir = getattr(device, "state_dir", None)
    found = address(Path(state_dir).parent if state_dir is not None else None, host)
    if found is None:
        raise tftp.TftpError("Host name lookup failed")
    return found
