"""`crypto pki export TP pem terminal [3des|aes password P]` and
`crypto pki export TP pkcs12 URL password P`.

Sources: `% CA certificate:`, `% General Purpose Certificate:` and the not-enrolled lines
(`% The specified trustpoint is not enrolled (TP).` / `% Only export the CA certificate in
PEM format.`) from lab captures of `crypto pki export TP pem terminal`; `% Key name: L` /
`   Usage: General Purpose Key` and the legacy `Proc-Type: 4,ENCRYPTED` key from captures of
`crypto key export rsa L pem terminal 3des P` (genielibs' crypto_key_export test); the refusal
`% RSA keypair L is not exportable.` and the `Destination filename` question from genielibs'
`configure_pki_export` (pkgs/sdk-pkg/src/genie/libs/sdk/apis/iosxe/pki/configure.py).
tests/transcripts/GAPS.md says what no capture shows.
"""

from __future__ import annotations

import base64
import hashlib
import os
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives import padding, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.serialization import pkcs12

from mockios.dialog import Ask, Dialog

from .device_certs import ca_cert, find_cert
from .file_enrollment import write
from .named_trustpoint import named_trustpoint
from .trustpoint_keys import key_label

if TYPE_CHECKING:
    from cryptography import x509

    from mockios.config_model import Trustpoint
    from mockios.device import Device
    from mockios.registry import CommandContext

    from .keypool import PrivateKey
    from .keys import KeyPair

# IOS's names for the key encryption, and the PEM `DEK-Info` of each (OpenSSL's legacy form).
_CIPHERS = {"3des": ("DES-EDE3-CBC", 24, 8), "aes": ("AES-128-CBC", 16, 16)}
NOT_AUTHENTICATED = "% The specified trustpoint is not authenticated ({name}).\n"


def _pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode()


@named_trustpoint
def export_pem(ctx: CommandContext, trustpoint: Trustpoint) -> str:
    device, name = ctx.device, trustpoint.name
    cipher = next((word for word in ctx.words if word in _CIPHERS), None)
    ca = ca_cert(device, name)
    if ca is None:
        return NOT_AUTHENTICATED.format(name=name)
    router = find_cert(device, name, "router")
    if router is None:
        return (
            f"% The specified trustpoint is not enrolled ({name}).\n"
            "% Only export the CA certificate in PEM format.\n"
            f"% CA certificate:\n{_pem(ca)}"
        )
    text = f"% CA certificate:\n{_pem(ca)}"
    if cipher is not None:
        pair = _exportable_pair(device, trustpoint)
        if isinstance(pair, str):
            return pair
        usage = "General Purpose Key"
        text += f"% Key name: {pair.label}\n   Usage: {usage}\n"
        text += legacy_encrypted_pem(pair.key, ctx.args[-1], cipher)
    return text + f"% General Purpose Certificate:\n{_pem(router)}"


@named_trustpoint
def export_pkcs12(ctx: CommandContext, trustpoint: Trustpoint) -> Dialog | str:
    device, name = ctx.device, trustpoint.name
    ca, router = ca_cert(device, name), find_cert(device, name, "router")
    if ca is None or router is None:
        return f"% The specified trustpoint is not enrolled ({name}).\n"
    pair = _exportable_pair(device, trustpoint)
    if isinstance(pair, str):
        return pair
    bundle = pkcs12.serialize_key_and_certificates(
        name.encode(),
        pair.key,
        router,
        [ca],
        serialization.BestAvailableEncryption(ctx.args[2].encode()),
    )
    return _write_pkcs12(device, name, ctx.args[1], bundle)


def _write_pkcs12(device: Device, name: str, url: str, bundle: bytes) -> Dialog:
    """Ask for the file name (the URL's, or the trustpoint's), then write it."""
    tftp = url.lower().startswith("tftp:")
    parts = urlsplit(url) if tftp else None
    current = parts.path.lstrip("/") if parts else url.partition(":")[2].lstrip("/")
    answer = yield Ask("pkcs12_filename", f"Destination filename [{current or name}]? ")
    file_name = (answer or "").strip() or current or name
    target = (
        f"tftp://{parts.netloc}/{file_name}" if parts else f"{url.partition(':')[0]}:{file_name}"
    )
    error = yield from write(device, target, bundle)
    return error or "CRYPTO_PKI: Exported PKCS12 file successfully.\n"


def _exportable_pair(device: Device, trustpoint: Trustpoint) -> KeyPair | str:
    label = key_label(device, trustpoint)
    pair = device.keys.get(label)
    kind = "EC" if pair is not None and pair.kind == "ec" else "RSA"
    if pair is None or not pair.exportable:
        return f"% {kind} keypair {label} is not exportable.\n"
    return pair


def legacy_encrypted_pem(key: PrivateKey, passphrase: str, cipher: str) -> str:
    """The key in OpenSSL's legacy encrypted PEM (`Proc-Type: 4,ENCRYPTED`), as IOS exports it."""
    dek, key_bytes, iv_bytes = _CIPHERS[cipher]
    der = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    iv = os.urandom(iv_bytes)
    material, block = b"", b""
    while len(material) < key_bytes:  # EVP_BytesToKey, MD5, one round, salt = IV[:8]
        block = hashlib.md5(block + passphrase.encode() + iv[:8]).digest()
        material += block
    algorithm = TripleDES(material[:24]) if cipher == "3des" else algorithms.AES(material[:16])
    padder = padding.PKCS7(iv_bytes * 8).padder()
    data = padder.update(der) + padder.finalize()
    encryptor = Cipher(algorithm, modes.CBC(iv)).encryptor()
    body = base64.encodebytes(encryptor.update(data) + encryptor.finalize()).decode()
    label = "EC PRIVATE KEY" if isinstance(key, ec.EllipticCurvePrivateKey) else "RSA PRIVATE KEY"
    return (
        f"-----BEGIN {label}-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: {dek},{iv.hex().upper()}\n\n"
        f"{body}-----END {label}-----\n"
    )
