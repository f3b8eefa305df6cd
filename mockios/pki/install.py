"""Installing and removing certificates: entries of `crypto pki certificate chain`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from mockios.config_model import ChainCert

from .cert_facts import load_der, public_key_der
from .ios_format import now, serial_hex
from .state import pki_state

if TYPE_CHECKING:
    from mockios.device import Device


def install(device: Device, trustpoint: str, kind: str, cert: x509.Certificate) -> None:
    """Add `cert` to the trustpoint's chain, replacing the previous one of the same kind."""
    der = cert.public_bytes(Encoding.DER)
    chain = device.running.chains.setdefault(trustpoint, [])
    chain[:] = [entry for entry in chain if entry.kind != kind]
    entry = ChainCert(kind, serial_hex(cert.serial_number), der)
    # IOS lists the router certificate before the CA certificate.
    if kind == "ca":
        chain.append(entry)
    else:
        chain.insert(0, entry)
    pki_state(device).install_times[der] = now()
    device.mark_changed()
    if kind == "router":
        from .crls import check_installed  # crls reaches the CA; install stays light

        check_installed(device, trustpoint)


def remove_kinds(device: Device, trustpoint: str, kinds: tuple[str, ...]) -> None:
    chain = device.running.chains.get(trustpoint)
    if chain:
        chain[:] = [entry for entry in chain if entry.kind not in kinds]
        device.mark_changed()


def remove_certs_of_keys(device: Device, public_ders: set[bytes]) -> None:
    """Zeroized keys take the router certificates issued to them along."""
    for chain in device.running.chains.values():
        kept = [
            entry
            for entry in chain
            if entry.kind == "ca" or public_key_der(load_der(entry.der)) not in public_ders
        ]
        if len(kept) != len(chain):
            chain[:] = kept
            device.mark_changed()
