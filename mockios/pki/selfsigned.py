"""Self-signed enrollment: one `Router Self-Signed Certificate` per router."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from cryptography import x509
from cryptography.hazmat.primitives import hashes

from mockios.dialog import Dialog

from .answers import yes_no
from .csr import RequestContent
from .device_certs import find_cert, trustpoint_names
from .install import install, remove_kinds
from .ios_format import now
from .keygen_pause import autogen_pause
from .keypool import PrivateKey
from .names import build_name
from .subject_questions import ip_question, serial_question
from .trustpoint_keys import autogen_key, self_signed_number

if TYPE_CHECKING:
    from mockios.config_model import Trustpoint
    from mockios.device import Device

GENERATE_QUESTION = "Generate Self Signed Router Certificate? [yes/no]: "
REPLACE_QUESTION = "% Do you really want to replace it? [yes/no]: "
# IOS-XE's persistent self-signed certificates all end at this moment.
SELF_SIGNED_END = datetime(2030, 1, 1, tzinfo=UTC)


def selfsigned_enroll(device: Device, trustpoint: Trustpoint) -> Dialog:
    holder = _current_holder(device)
    if holder is not None:
        yield (
            f"% You already have a self-signed certificate for this router (trustpoint {holder}).\n"
        )
        if not (yield from yes_no("replace_selfsigned", REPLACE_QUESTION)):
            return ""
    yield from autogen_pause(device, trustpoint)
    pair = autogen_key(device, trustpoint)
    content = RequestContent()
    yield from serial_question(device, trustpoint, content)
    yield from ip_question(device, trustpoint, content)
    if not (yield from yes_no("generate_selfsigned", GENERATE_QUESTION)):
        return ""
    cert = make_self_signed(device, trustpoint, pair.key, content)
    for name in trustpoint_names(device):
        remove_kinds(device, name, ("self-signed",))
    install(device, trustpoint.name, "self-signed", cert)
    return "Router Self Signed Certificate successfully created\n"


def _current_holder(device: Device) -> str | None:
    for name in trustpoint_names(device):
        if find_cert(device, name, "self-signed") is not None:
            return name
    return None


def make_self_signed(
    device: Device, trustpoint: Trustpoint, key: PrivateKey, content: RequestContent
) -> x509.Certificate:
    default = f"CN=IOS-Self-Signed-Certificate-{self_signed_number(device)}"
    subject_name = trustpoint.subject_name or default
    extras = content.serial or content.ip
    hostname = device.hostname if extras else None
    name = build_name(subject_name, hostname, content.serial, content.ip)
    start = now().replace(microsecond=0)
    end = max(SELF_SIGNED_END, start + timedelta(days=365))
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(key.public_key()), False)
        .sign(key, hashes.SHA256() if key.key_size >= 512 else hashes.MD5())
    )
