"""`crypto pki enroll TP`: SCEP, terminal (cut and paste) and self-signed enrollment."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mockios.dialog import Ask, Dialog
from mockios.scep.messages import ScepError

from . import messages
from .answers import yes_no
from .ca_link import enrollment_url, resolves
from .csr import RequestContent, build_csr, csr_base64_lines
from .device_certs import ca_cert, find_cert
from .file_enrollment import file_url, is_file_url, write
from .keygen_pause import autogen_pause, keygen_pause
from .keypool import PrivateKey
from .keys import KeyPair, new_keypair
from .named_trustpoint import named_trustpoint
from .request_content import alt_names
from .scep_client import send_request
from .selfsigned import selfsigned_enroll
from .state import pki_state
from .subject_questions import subject_questions
from .trustpoint_keys import autogen_key

if TYPE_CHECKING:
    from mockios.config_model import Trustpoint
    from mockios.device import Device
    from mockios.registry import CommandContext

CHALLENGE_TEXT = (
    "% Create a challenge password. You will need to verbally provide this\n"
    "   password to the CA Administrator in order to revoke your certificate.\n"
    "   For security reasons your password will not be saved in the configuration.\n"
    "   Please make a note of it.\n\n"
)
REQUEST_QUESTION = "Request certificate from CA? [yes/no]: "
DISPLAY_QUESTION = "Display Certificate Request to terminal? [yes/no]: "
REDISPLAY_QUESTION = "Redisplay enrollment request? [yes/no]: "
REENROLL_QUESTION = "Do you want to continue with re-enrollment? [yes/no]: "
SEND_FAILED = "% Error in sending certificate request: status = FAIL\n"
END_OF_REQUEST = "---End - This line not part of the certificate request---\n"
# File enrollment (no capture found: tests/transcripts/GAPS.md); the guide says the router
# "writes the request out to the TFTP server" (cisco-ios-pki-certificate-enrollment.txt:238).
SEND_TO_FILE_QUESTION = "Send Certificate Request to tftp server? [yes/no]: "
SENT_TO_FILE = "% Certificate request sent to file system\n"


@named_trustpoint
def enroll(ctx: CommandContext, trustpoint: Trustpoint) -> Dialog | str:
    device = ctx.device
    if trustpoint.enrollment_selfsigned:
        return selfsigned_enroll(device, trustpoint)
    if ca_cert(device, trustpoint.name) is None:
        return messages.MUST_AUTHENTICATE
    return _enroll_dialog(device, trustpoint)


def _enroll_dialog(device: Device, trustpoint: Trustpoint) -> Dialog:
    name = trustpoint.name
    if find_cert(device, name, "router") is not None:
        yield (
            f"Trustpoint {name} has already enrolled and has a router cert issued to it.\n"
            "If you successfully re-enroll this trustpoint,the existing certificate will be "
            "replaced.\n\n"
        )
        if not (yield from yes_no("reenroll_continue", REENROLL_QUESTION)):
            return ""
    yield from autogen_pause(device, trustpoint)
    pair = autogen_key(device, trustpoint)
    yield "%\n% Start certificate enrollment .. \n"
    content = RequestContent(hash_name=trustpoint.hash, alt_names=alt_names(trustpoint))
    content.challenge_password = trustpoint.password
    # Cut-and-paste enrollment asks no challenge password (the guide's example; IOS-XE
    # captures, issue 11 fact 2): only SCEP does.
    if not content.challenge_password and not trustpoint.enrollment_terminal:
        yield CHALLENGE_TEXT
        content.challenge_password = yield from _challenge_password()
    yield from subject_questions(device, trustpoint, content)
    if trustpoint.enrollment_terminal:
        return (yield from _terminal(device, trustpoint, pair.key, content))
    url = enrollment_url(device, trustpoint)
    if is_file_url(url):
        return (yield from _to_file(device, trustpoint, pair.key, content, url or ""))
    return (yield from _scep(device, trustpoint, pair, content))


def _challenge_password() -> Dialog:
    while True:
        first = yield Ask("challenge_password", "Password: ", secret=True)
        second = yield Ask("challenge_password_confirm", "Re-enter password: ", secret=True)
        if first == second:
            return first
        yield "% Password mismatch. Please try again.\n\n"


def _terminal(
    device: Device, trustpoint: Trustpoint, key: PrivateKey, content: RequestContent
) -> Dialog:
    if not (yield from yes_no("display_request", DISPLAY_QUESTION)):
        return ""
    csr = build_csr(key, content)
    body = "\n".join(csr_base64_lines(csr, trustpoint.enrollment_pem))
    pki_state(device).terminal_requests[trustpoint.name] = csr
    while True:
        yield f"Certificate Request follows:\n\n{body}\n\n{END_OF_REQUEST}"
        if not (yield from yes_no("redisplay", REDISPLAY_QUESTION)):
            return ""


def _to_file(
    device: Device, trustpoint: Trustpoint, key: PrivateKey, content: RequestContent, url: str
) -> Dialog:
    """`PATH.req`, PEM-framed, where the CA picks it up; the granted certificate comes back
    with `crypto pki import TP certificate` (import_dialogs)."""
    if not (yield from yes_no("send_request", SEND_TO_FILE_QUESTION)):
        return ""
    csr = build_csr(key, content)
    pki_state(device).terminal_requests[trustpoint.name] = csr
    text = "\n".join(csr_base64_lines(csr, True)) + "\n"
    error = yield from write(device, file_url(url, trustpoint.name, ".req"), text.encode())
    return (error + SEND_FAILED) if error else SENT_TO_FILE


def _scep(device: Device, trustpoint: Trustpoint, pair: KeyPair, content: RequestContent) -> Dialog:
    name = trustpoint.name
    if not (yield from yes_no("request_cert", REQUEST_QUESTION)):
        return ""
    if not resolves(device, enrollment_url(device, trustpoint)):
        return SEND_FAILED
    new_key = None
    if trustpoint.regenerate and find_cert(device, name, "router") is not None:
        yield from keygen_pause(device, pair.kind, pair.size)
        new_key = new_keypair(pair.label, pair.kind, pair.size, replacing=pair)
    signing = new_key or pair
    csr = build_csr(signing.key, content)
    try:
        send_request(device, name, csr, pair.label, new_key)
    except ScepError:
        return SEND_FAILED
    return (
        "% Certificate request sent to Certificate Authority\n"
        f"% The 'show crypto pki certificate verbose {name}' commandwill show the fingerprint.\n"
    )
