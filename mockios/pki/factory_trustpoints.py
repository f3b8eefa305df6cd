"""The trustpoints an IOS-XE 17 router ships with; IOS 15 ships none.

A new iosxe17 device (not restored from `--state-dir`, not started `--empty`) holds, in its
running and startup config, as real IOS-XE 17 `show running-config` samples do:

    crypto pki trustpoint SLA-TrustPoint
     enrollment pkcs12
     revocation-check crl
    crypto pki trustpoint TP-self-signed-<n>
     enrollment selfsigned
     subject-name cn=IOS-Self-Signed-Certificate-<n>
     revocation-check none
     rsakeypair TP-self-signed-<n>

with the `Cisco Licensing Root CA` certificate (`certificate ca 01`) in the SLA chain and a
self-signed certificate (`certificate self-signed 01`) plus its 2048-bit key pair for the
other. The licensing root here is a stand-in with Cisco's subject, serial and validity,
made once per lab directory (`<state-dir>/ca/sla-root.der`) so a fleet shares it.
"""

from __future__ import annotations

from copy import deepcopy
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID

from mockios.config_model import Trustpoint

from .csr import RequestContent
from .install import install
from .key_store import save_keys
from .keypool import shared_pool
from .keys import new_keypair
from .lab_ca import LabCA, write_atomic
from .lab_url import lab_ca_dir
from .selfsigned import make_self_signed
from .trustpoint_keys import self_signed_number

if TYPE_CHECKING:
    from mockios.device import Device

SLA_TRUSTPOINT = "SLA-TrustPoint"
_SLA_FILE = "sla-root.der"
_SLA_NAME = x509.Name(
    [
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Cisco"),
        x509.NameAttribute(NameOID.COMMON_NAME, "Cisco Licensing Root CA"),
    ]
)
_SLA_START = datetime(2013, 5, 30, 19, 48, 47, tzinfo=UTC)
_SLA_END = datetime(2038, 5, 30, 19, 48, 47, tzinfo=UTC)


def add_factory_trustpoints(device: Device) -> None:
    """Give a new iosxe17 device its shipped trustpoints (no-op otherwise)."""
    if device.flavor != "iosxe17" or device.restored or not device.factory_defaults:
        return
    if device.running.trustpoints:
        return
    _add_sla_trustpoint(device)
    _add_self_signed_trustpoint(device)
    device.startup = deepcopy(device.running)
    save_keys(device)
    device.save_state()


def _add_sla_trustpoint(device: Device) -> None:
    device.running.trustpoints[SLA_TRUSTPOINT] = Trustpoint(
        SLA_TRUSTPOINT, enrollment_pkcs12=True, revocation_check=["crl"]
    )
    install(device, SLA_TRUSTPOINT, "ca", licensing_root(_lab_dir(device)))


def _add_self_signed_trustpoint(device: Device) -> None:
    number = self_signed_number(device)
    name = f"TP-self-signed-{number}"
    trustpoint = Trustpoint(
        name,
        enrollment_selfsigned=True,
        subject_name=f"cn=IOS-Self-Signed-Certificate-{number}",
        revocation_check=["none"],
        rsakeypair=(name, None, None),
    )
    device.running.trustpoints[name] = trustpoint
    pair = new_keypair(name, "rsa", 2048)
    device.keys[name] = pair
    install(device, name, "self-signed", make_self_signed(device, trustpoint, pair.key, _NOTHING))


_NOTHING = RequestContent()  # no serial number, no IP address in the subject


def _lab_dir(device: Device) -> Path:
    return lab_ca_dir(device.state_dir.parent if device.state_dir is not None else None)


def licensing_root(directory: Path) -> x509.Certificate:
    """The `Cisco Licensing Root CA` stand-in of this lab directory, made on first use."""
    path = directory / _SLA_FILE
    with LabCA(directory).locked():  # one stand-in per lab, even when processes race
        if path.exists():
            return x509.load_der_x509_certificate(path.read_bytes())
        cert = _new_licensing_root()
        write_atomic(path, cert.public_bytes(Encoding.DER))
    return cert


def _new_licensing_root() -> x509.Certificate:
    key = shared_pool().take("rsa", 2048, set())  # a real key, without the wait
    return (
        x509.CertificateBuilder()
        .subject_name(_SLA_NAME)
        .issuer_name(_SLA_NAME)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(_SLA_START)
        .not_valid_after(_SLA_END)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), True
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .sign(key, hashes.SHA256())
    )
