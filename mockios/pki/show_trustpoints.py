"""`show crypto pki trustpoints [TP] [status]`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from .cert_facts import serial_text
from .device_certs import ca_cert, find_cert, identity_cert, trustpoint_names
from .ios_format import fingerprint
from .names import dn_lines, one_line
from .state import pki_state
from .trustpoint_keys import key_label

if TYPE_CHECKING:
    from mockios.config_model import Trustpoint
    from mockios.device import Device


def show_trustpoints(device: Device, trustpoint: str | None, status: bool) -> list[str]:
    lines: list[str] = []
    for index, name in enumerate(trustpoint_names(device, trustpoint)):
        config = device.running.trustpoints[name]
        if index:
            lines.append("")  # real IOS-XE output: two blank lines between trustpoint blocks
        lines += _status_block(device, config) if status else _plain_block(device, config)
        lines.append("")
    return lines


def _plain_block(device: Device, config: Trustpoint) -> list[str]:
    name = config.name
    lines = [f"Trustpoint {name}:"]
    anchor = ca_cert(device, name) or find_cert(device, name, "self-signed")
    if anchor is not None:
        lines.append("    Subject Name:")
        lines += [f"    {line}" for line in dn_lines(anchor.subject)]
        lines.append(f"          Serial Number (hex): {serial_text(anchor)}")
    if config.enrollment_selfsigned:
        lines.append("    Persistent self-signed certificate trust point")
    elif anchor is not None:
        lines.append("    Certificate configured.")
    if config.rsakeypair or config.eckeypair or config.enrollment_selfsigned:
        lines.append(f"    Using key label {key_label(device, config)}")
    if config.enrollment_url:
        lines.append(f"    SCEP URL: {config.enrollment_url}")
    return lines


def _cert_summary(title: str, cert: x509.Certificate, der: bytes) -> list[str]:
    return [
        f"  {title}:",
        "    Subject Name:",
        f"     {one_line(cert.subject)}",
        f"    Fingerprint MD5: {fingerprint(der, 'MD5')} ",  # one space, as real IOS-XE
        f"    Fingerprint SHA1: {fingerprint(der, 'SHA1')} ",
    ]


def _status_block(device: Device, config: Trustpoint) -> list[str]:
    name = config.name
    state = pki_state(device)
    lines = [f"Trustpoint {name}:"]
    issuing = ca_cert(device, name) or find_cert(device, name, "self-signed")
    own = identity_cert(device, name)
    if issuing is not None:
        lines += _cert_summary(
            "Issuing CA certificate configured", issuing, issuing.public_bytes(Encoding.DER)
        )
    if own is not None:
        lines += _cert_summary(
            "Router General Purpose certificate configured", own, own.public_bytes(Encoding.DER)
        )
    if name in state.last_status:
        lines.append(f"  Last enrollment status: {state.last_status[name]}")
    pair = device.keys.get(key_label(device, config))
    keys = f"Yes ({pair.describe()})" if pair else "No"
    if name in state.pending:
        requests = "Pending"
    else:
        requests = "Yes" if own is not None else "None"
    lines += [
        "  State:",
        f"    Keys generated ............. {keys}",
        f"    Issuing CA authenticated ....... {'Yes' if issuing is not None else 'No'}",
        f"    Certificate request(s) ..... {requests}",
    ]
    return lines
