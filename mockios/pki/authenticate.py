"""`crypto pki authenticate TP`: fetch (SCEP GetCACert) or take (paste) the CA certificate.

Over SCEP the fingerprints shown are those of the answer's CA: the one certificate, or, in
a CA/RA chain, the CA that issued none of the others (`mockios.scep.ca_certs.issuing_ca`).
The RA certificates of a CA/RA chain are stored with the accepted CA certificate, as IOS
lists them (`RA Signature Certificate`, `RA KeyEncipher Certificate`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from mockios.dialog import Dialog, Paste
from mockios.scep.ca_certs import issuing_ca, ra_certificates
from mockios.scep.messages import ScepError

from . import messages
from .answers import yes_no
from .ca_link import enrollment_url, scep_client
from .device_certs import ca_cert
from .install import install
from .ios_format import fingerprints, normalize_fingerprint
from .named_trustpoint import named_trustpoint
from .pasted import PasteError, certificate_from_lines

if TYPE_CHECKING:
    from mockios.config_model import Trustpoint
    from mockios.device import Device
    from mockios.registry import CommandContext

ACCEPT_QUESTION = "% Do you accept this certificate? [yes/no]: "


@named_trustpoint
def authenticate(ctx: CommandContext, trustpoint: Trustpoint) -> Dialog | str:
    device = ctx.device
    if ca_cert(device, trustpoint.name) is not None:
        return messages.DELETE_CA_FIRST
    if trustpoint.enrollment_terminal:
        return _terminal(device, trustpoint)
    try:
        client = scep_client(device, trustpoint.name, enrollment_url(device, trustpoint))
        offered = client.ca_certificates()  # GetCACert: the CA, or a CA/RA chain
    except ScepError:
        return messages.NO_CA_CERT
    return _offer(device, trustpoint, issuing_ca(offered), terminal=False, chain=offered)


def _terminal(device: Device, trustpoint: Trustpoint) -> Dialog:
    text = "Enter the base 64 encoded CA certificate.\n" + messages.PASTE_END
    if device.flavor == "iosxe17":
        text = "\n" + text + "\n"
    lines = yield Paste("ca_paste", text)
    try:
        cert = certificate_from_lines(lines)
    except PasteError:
        return messages.AUTHENTICATE_FAILED
    return (yield from _offer(device, trustpoint, cert, terminal=True))


def _offer(
    device: Device,
    trustpoint: Trustpoint,
    cert: x509.Certificate,
    terminal: bool,
    chain: list[x509.Certificate] | None = None,
) -> Dialog:
    der = cert.public_bytes(Encoding.DER)
    yield messages.fingerprint_lines(der)
    pinned = trustpoint.fingerprint
    if pinned:
        if not _pin_matches(pinned, der):
            return (
                "Trustpoint CA certificate is rejected. Abort.\n"
                "% Error in saving certificate: status = FAIL\n"
            )
        if device.flavor == "iosxe17":
            yield f"Trustpoint Fingerprint: {pinned}\n"
            yield "Certificate validated - fingerprints matched.\n"
    else:
        yield "\n"
        if not (yield from yes_no("accept_ca", ACCEPT_QUESTION)):
            return ""
    install(device, trustpoint.name, "ca", cert)
    for role, ra_cert in ra_certificates(chain or []):
        install(device, trustpoint.name, role, ra_cert)
    done = "Trustpoint CA certificate accepted.\n"
    return done + ("% Certificate successfully imported\n" if terminal else "")


# Real IOS compares a trustpoint's `fingerprint` with the MD5 or SHA1 digest only, on every
# flavor ("IOS only compares against MD5 or SHA-1 here", IOS-XE 26.2 lab notes; IOS 15 and
# IOS-XE 16/17 display only those two). A SHA-256/384/512 pin therefore matches nothing and
# the certificate is rejected (tests/transcripts/authenticate/*sha256_pin*).
_COMPARED = ("MD5", "SHA1")


def _pin_matches(pinned: str, der: bytes) -> bool:
    wanted = normalize_fingerprint(pinned)
    shown = fingerprints(der)
    return any(normalize_fingerprint(shown[name]) == wanted for name in _COMPARED)
