"""`crypto pki import TP certificate | pem terminal | pkcs12 URL`."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12

from mockios.config_model import Trustpoint
from mockios.dialog import Ask, Dialog, Paste

from . import messages, tftp
from .ca_link import enrollment_url
from .cert_facts import public_key_der
from .device_certs import ca_cert
from .file_enrollment import certificate_from_file, file_url, is_file_url, outgoing_interface, read
from .filesystem import FileSystemError, read_file
from .install import install
from .key_store import save_keys
from .keypool import PrivateKey, public_der, shared_pool
from .keys import KeyPair
from .named_trustpoint import named_trustpoint
from .pasted import PasteError, certificate_from_lines, pem_text
from .request_content import configured_ip
from .state import pki_state
from .trustpoint_keys import key_label

if TYPE_CHECKING:
    from mockios.device import Device
    from mockios.registry import CommandContext

MUST_AUTHENTICATE = (
    "% You must authenticate the Certificate Authority before you can import the router's "
    "certificate.\n"
)
KEY_MISMATCH = "% The certificate does not match the keys of trustpoint {name}.\n"
NOT_FROM_CA = "% The certificate was not issued by the CA of trustpoint {name}.\n"
BAD_CERT = "% Error in decoding the certificate.\n"
CERT_PASTE_TEXT = "Enter the base 64 encoded certificate.\n" + messages.PASTE_END
PEM_SUCCESS = "% PEM files import succeeded.\n"


def _issued_by(cert: x509.Certificate, ca: x509.Certificate) -> bool:
    try:
        cert.verify_directly_issued_by(ca)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


# ---- certificate ----------------------------------------------------------------------


@named_trustpoint
def import_certificate(ctx: CommandContext, trustpoint: Trustpoint) -> Dialog | str:
    device = ctx.device
    ca = ca_cert(device, trustpoint.name)
    if ca is None:
        return MUST_AUTHENTICATE
    url = enrollment_url(device, trustpoint)
    if is_file_url(url):
        return _certificate_from_file(device, trustpoint, ca, url or "")
    return _certificate_dialog(device, trustpoint, ca)


def _certificate_from_file(
    device: Device, trustpoint: Trustpoint, ca: x509.Certificate, url: str
) -> Dialog:
    """File enrollment: the CA has put the granted certificate at `PATH.crt` (the guide,
    cisco-ios-pki-certificate-enrollment.txt:243)."""
    data = yield from read(device, file_url(url, trustpoint.name, ".crt"))
    if isinstance(data, str):
        return data
    cert = certificate_from_file(data)
    if cert is None:
        return BAD_CERT
    return _install_router_cert(device, trustpoint, ca, cert)


def _certificate_dialog(device: Device, trustpoint: Trustpoint, ca: x509.Certificate) -> Dialog:
    ip = configured_ip(device, trustpoint)
    if ip and device.flavor == "iosxe17":
        yield f"% The IP address in the certificate is {ip}\n\n"
    lines = yield Paste("cert_paste", CERT_PASTE_TEXT)
    try:
        cert = certificate_from_lines(lines)
    except PasteError:
        return BAD_CERT
    return _install_router_cert(device, trustpoint, ca, cert)


def _install_router_cert(
    device: Device, trustpoint: Trustpoint, ca: x509.Certificate, cert: x509.Certificate
) -> str:
    name = trustpoint.name
    if not _issued_by(cert, ca):
        return NOT_FROM_CA.format(name=name)
    pair = device.keys.get(key_label(device, trustpoint))
    if pair is None or public_key_der(cert) not in pair.public_ders():
        return KEY_MISMATCH.format(name=name)
    install(device, name, "router", cert)
    state = pki_state(device)
    state.terminal_requests.pop(name, None)
    state.last_status[name] = "Granted"
    return "% Router Certificate successfully imported\n"


# ---- pem terminal -----------------------------------------------------------------------


@named_trustpoint
def import_pem(ctx: CommandContext, trustpoint: Trustpoint) -> Dialog | str:
    device = ctx.device
    password = ctx.args[1] if len(ctx.args) > 1 else None
    exportable = "exportable" in ctx.words
    return _pem_dialog(device, trustpoint, password, exportable)


def _pem_dialog(
    device: Device, trustpoint: Trustpoint, password: str | None, exportable: bool
) -> Dialog:
    ca_lines = yield Paste(
        "pem_ca",
        '% Enter PEM-formatted CA certificate.\n% End with a blank line or "quit" on a line '
        "by itself.\n",
    )
    key_lines = yield Paste(
        "pem_key",
        "% Enter PEM-formatted encrypted private General Purpose key.\n"
        '% End with "quit" on a line by itself.\n',
        end="quit",
        secret=True,
    )
    cert_lines = yield Paste(
        "pem_cert",
        '% Enter PEM-formatted General Purpose certificate.\n% End with a blank line or "quit" '
        "on a line by itself.\n",
    )
    try:
        ca = certificate_from_lines(ca_lines)
        cert = certificate_from_lines(cert_lines)
    except PasteError:
        return "% PEM files import failed.\n"
    try:
        key = serialization.load_pem_private_key(
            pem_text(key_lines), password.encode() if password else None
        )
    except (ValueError, TypeError):
        return "% PEM files import failed.\n% Key decryption failed: bad password or key.\n"
    return _install_bundle(device, trustpoint, key, cert, ca, exportable, PEM_SUCCESS)


def _install_bundle(
    device: Device,
    trustpoint: Trustpoint,
    key: PrivateKey,
    cert: x509.Certificate,
    ca: x509.Certificate | None,
    exportable: bool,
    success: str,
) -> str:
    """Install key, CA and router certificate once they are known to belong together."""
    name = trustpoint.name
    if public_key_der(cert) != public_der(key):
        return KEY_MISMATCH.format(name=name)
    if ca is None or not _issued_by(cert, ca):
        return NOT_FROM_CA.format(name=name)
    existing = ca_cert(device, name)
    if existing is not None and existing != ca:
        return messages.DELETE_CA_FIRST
    kind = "ec" if isinstance(key, ec.EllipticCurvePrivateKey) else "rsa"
    size = key.curve.key_size if isinstance(key, ec.EllipticCurvePrivateKey) else key.key_size
    label = trustpoint.rsakeypair[0] if trustpoint.rsakeypair else name
    shared_pool().claim(key)  # an imported key is no longer the pool's to hand out
    device.keys[label] = KeyPair(label, kind, size, key, exportable=exportable)
    if not trustpoint.rsakeypair and not trustpoint.eckeypair:
        trustpoint.rsakeypair = (label, None, None)
    save_keys(device)
    if existing is None:
        install(device, name, "ca", ca)
    install(device, name, "router", cert)
    pki_state(device).last_status[name] = "Granted"
    return success


# ---- pkcs12 -------------------------------------------------------------------------------


def import_pkcs12(ctx: CommandContext) -> Dialog | str:
    device = ctx.device
    name, url, password = ctx.args[0], ctx.args[1], ctx.args[2]
    trustpoint = device.running.trustpoints.get(name)
    if trustpoint is None:
        trustpoint = device.running.trustpoints.setdefault(name, Trustpoint(name))
    return _pkcs12_dialog(device, trustpoint, url, password)


def _pkcs12_dialog(device: Device, trustpoint: Trustpoint, url: str, password: str) -> Dialog:
    yield "% Importing pkcs12...\n"
    if url.partition(":")[0].lower() == "tftp":
        data = yield from _read_tftp(device, trustpoint, url)
    else:
        data = yield from _read_local(device, url)
    if isinstance(data, str):
        return data  # the router's error line
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, password.encode())
    except ValueError:
        return "% PKCS #12 import failed: wrong password or bad file.\n"
    if key is None or cert is None:
        return "% PKCS #12 import failed: no key or certificate in the file.\n"
    ca = next((c for c in extra if _issued_by(cert, c)), None)
    return _install_bundle(
        device,
        trustpoint,
        key,
        cert,
        ca,
        False,
        "CRYPTO_PKI: Imported PKCS12 file successfully.\n",
    )


def _read_local(device: Device, url: str) -> Dialog:
    if device.flavor == "iosxe17":
        file_name = url.partition(":")[2].lstrip("/")
        answer = yield Ask("pkcs12_filename", f"Source filename [{file_name}]? ")
        if answer and answer.strip():
            url = f"{url.partition(':')[0]}:{answer.strip()}"
    try:
        return read_file(device, url)
    except FileSystemError as error:
        return f"{error}\n"


def _read_tftp(device: Device, trustpoint: Trustpoint, url: str) -> Dialog:
    """As a real router: ask for the host and the file the URL lacks (the file defaults to
    the trustpoint's name), then report the copy (issue 11 fact 4; tests/transcripts/import/)."""
    parts = urlsplit(url)
    host, file_name = parts.hostname or "", parts.path.lstrip("/")
    if not host:
        host = ((yield Ask("tftp_host", "Address or name of remote host []? ")) or "").strip()
    if not file_name:
        answer = yield Ask("pkcs12_filename", f"Source filename [{trustpoint.name}]? ")
        file_name = (answer or "").strip() or trustpoint.name
    source = f"tftp://{host}/{file_name}"
    yield f"Reading file from {source}\n"
    try:
        data = tftp.fetch(host, file_name)
    except tftp.TftpError as error:
        return f"%Error opening {source} ({error})\n"
    yield f"Loading {file_name} from {host} (via {outgoing_interface(device)}): !\n"
    yield f"[OK - {len(data)} bytes]\n"
    return data
