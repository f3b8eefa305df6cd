"""`show crypto pki certificates [verbose] [TP]`."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from . import cert_facts
from .device_certs import HeldCert, held_certs, renew_moment
from .ios_format import fingerprint, hex_groups, ios_date
from .names import dn_lines, subject_lines
from .rollover import shadows
from .state import pki_state

if TYPE_CHECKING:
    from mockios.device import Device

_HEADERS = {
    "router": "Certificate",
    "ca": "CA Certificate",
    "self-signed": "Router Self-Signed Certificate",
    # A CA that answers SCEP through an RA: its two certificates, stored at authenticate.
    "ra-sign": "RA Signature Certificate",
    "ra-encrypt": "RA KeyEncipher Certificate",
}
_CA_SIDE = ("ca", "ra-sign", "ra-encrypt")  # not the router's: no Name line, renew or key


def show_certificates(device: Device, trustpoint: str | None, verbose: bool) -> list[str]:
    blocks = [_pending_block(device, name) for name in _pending_names(device, trustpoint)]
    blocks += [_cert_block(device, held, verbose) for held in held_certs(device, trustpoint)]
    blocks += _shadow_blocks(device, trustpoint, verbose)
    lines: list[str] = []
    for block in blocks:
        lines += block + [""]
    return lines


# No real capture shows a rollover certificate here (tests/transcripts/GAPS.md): the guide
# calls them "rollover" certificates, and the headers say so.
_ROLLOVER_HEADERS = {"router": "Rollover Certificate", "ca": "Rollover CA Certificate"}


def _shadow_blocks(device: Device, only: str | None, verbose: bool) -> list[list[str]]:
    """The shadow certificates of a CA rollover, after the active ones."""
    blocks = []
    for name, held in shadows(device).items():
        for kind, cert in (("router", held.router), ("ca", held.ca)):
            if cert is None or only not in (None, name):
                continue
            block = _cert_block(
                device, HeldCert(kind, cert.public_bytes(Encoding.DER), cert, [name]), verbose
            )
            blocks.append([_ROLLOVER_HEADERS[kind], *block[1:]])
    return blocks


def _pending_names(device: Device, only: str | None) -> list[str]:
    pending = pki_state(device).pending
    return [name for name in pending if only is None or name == only]


def _pending_block(device: Device, name: str) -> list[str]:
    request = pki_state(device).pending[name]
    der = request.csr.public_bytes(Encoding.DER)
    lines = ["Certificate", "  Subject:"]
    lines += [f"    {line}" for line in subject_lines(request.csr.subject)]
    lines += [
        "  Status: Pending",
        "  Key Usage: General Purpose",
        f"  Certificate Request Fingerprint MD5: {fingerprint(der, 'MD5')} ",
        f"  Certificate Request Fingerprint SHA1: {fingerprint(der, 'SHA1')} ",
        f"  Associated Trustpoint: {name}",
    ]
    return lines


def _cert_block(device: Device, held: HeldCert, verbose: bool) -> list[str]:
    cert = held.cert
    lines = [_HEADERS.get(held.kind, "Certificate"), "  Status: Available"]
    if verbose:
        lines.append(f"  Version: {cert.version.value + 1}")
    lines += [
        f"  Certificate Serial Number (hex): {cert_facts.serial_text(cert)}",
        f"  Certificate Usage: {cert_facts.certificate_usage(cert)}",
        "  Issuer: ",
    ]
    lines += [f"    {line}" for line in dn_lines(cert.issuer)]
    if held.kind in _CA_SIDE:
        lines.append("  Subject: ")
        lines += [f"    {line}" for line in dn_lines(cert.subject)]
    else:
        lines.append("  Subject:")
        lines += [f"    {line}" for line in subject_lines(cert.subject, name_from_cn=True)]
    urls = cert_facts.crl_urls(cert)
    if urls:
        lines.append("  CRL Distribution Points: ")
        lines += [f"    {url}" for url in urls]
    lines += [
        "  Validity Date: ",
        f"    start date: {ios_date(cert.not_valid_before_utc)}",
        f"    end   date: {ios_date(cert.not_valid_after_utc)}",
    ]
    renew = _renew_date(device, held)
    if renew:
        lines.append(f"    renew date: {ios_date(renew)}")
    if verbose:
        lines += _verbose_lines(device, held)
    lines.append(f"  Associated Trustpoints: {' '.join(held.trustpoints)} ")
    lines.append(f"  Storage: {cert_facts.storage_name(cert, held.kind == 'ca')}")
    if verbose and held.kind not in _CA_SIDE:
        label = _key_label(device, held)
        if label:
            lines.append(f"  Key Label: {label}")
    return lines


def _renew_date(device: Device, held: HeldCert) -> datetime | None:
    if held.kind in _CA_SIDE:
        return None
    trustpoint = device.running.trustpoints.get(held.trustpoints[0])
    return renew_moment(trustpoint, held.cert) if trustpoint else None


def _verbose_lines(device: Device, held: HeldCert) -> list[str]:
    cert = held.cert
    lines = ["  Subject Key Info:"]
    lines += [f"    {line}" for line in cert_facts.public_key_lines(cert)]
    lines += [
        f"  Signature Algorithm: {cert_facts.signature_algorithm(cert)}",
        f"  Fingerprint MD5: {fingerprint(held.der, 'MD5')} ",
        f"  Fingerprint SHA1: {fingerprint(held.der, 'SHA1')} ",
    ]
    lines += _extension_lines(cert)
    installed = pki_state(device).install_times.get(held.der)
    if installed:
        lines.append(f"  Cert install time: {ios_date(installed)}")
    return lines


def _extension_lines(cert: x509.Certificate) -> list[str]:
    """IOS order: Key Usage, Subject Key ID, Basic Constraints, Authority Key ID, SAN."""
    lines = ["  X509v3 extensions:"]
    usage = cert_facts.key_usage_hex_and_names(cert)
    if usage:
        lines.append(f"    X509v3 Key Usage: {usage[0]}")
        lines += [f"      {name}" for name in usage[1]]
    subject_key = _extension(cert, x509.SubjectKeyIdentifier)
    if subject_key is not None:
        lines.append(_key_id_line("X509v3 Subject Key ID", subject_key.digest))
    constraints = _extension(cert, x509.BasicConstraints)
    if constraints is not None:
        lines.append("    X509v3 Basic Constraints:")
        lines.append(f"        CA: {'TRUE' if constraints.ca else 'FALSE'}")
    authority_key = _extension(cert, x509.AuthorityKeyIdentifier)
    if authority_key is not None and authority_key.key_identifier:
        lines.append(_key_id_line("X509v3 Authority Key ID", authority_key.key_identifier))
    san = _extension(cert, x509.SubjectAlternativeName)
    if san is not None:
        lines.append("    X509v3 Subject Alternative Name:")
        lines += [f"        DNS:{name}" for name in san.get_values_for_type(x509.DNSName)]
        lines += [f"        IP Address : {ip}" for ip in san.get_values_for_type(x509.IPAddress)]
    return lines


def _extension(cert: x509.Certificate, kind: type[x509.ExtensionType]) -> Any:
    try:
        return cert.extensions.get_extension_for_class(kind).value
    except x509.ExtensionNotFound:
        return None


def _key_id_line(title: str, digest: bytes) -> str:
    """`X509v3 Subject Key ID: 9E5BA777 18286333 ... `: 8-hex groups, as IOS prints them."""
    return f"    {title}: {' '.join(hex_groups(digest))} "


def _key_label(device: Device, held: HeldCert) -> str | None:
    public = held.cert.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    for label, pair in getattr(device, "keys", {}).items():
        if public in pair.public_ders():
            return label
    return None
