from __future__ import annotations

import base64
import hashlib
import os

from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives import padding, serialization
from cryptography.hazmat.primitives.ciphers import Cipher, modes
from cryptography.hazmat.primitives.serialization import pkcs12

from mockios.pki.csr import RequestContent, build_csr
from mockios.pki.device_certs import ca_cert, find_cert
from mockios.pki.filesystem import place_file
from mockios.pki.keypool import generate_key, public_der


def _issued(lab, fqdn: str = "R1.lab.example"):
    key = generate_key("rsa", 1024)
    return key, lab.sign(build_csr(key, RequestContent(fqdn=fqdn)))


def _legacy_des3_pem(key, password: bytes) -> str:
    """`Proc-Type: 4,ENCRYPTED` / `DEK-Info: DES-EDE3-CBC`, as older IOS releases want."""
    der = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    iv = os.urandom(8)
    material, block = b"", b""
    while len(material) < 24:  # OpenSSL EVP_BytesToKey with MD5, one iteration
        block = hashlib.md5(block + password + iv).digest()
        material += block
    padder = padding.PKCS7(64).padder()
    data = padder.update(der) + padder.finalize()
    encryptor = Cipher(TripleDES(material[:24]), modes.CBC(iv)).encryptor()
    body = base64.encodebytes(encryptor.update(data) + encryptor.finalize()).decode()
    return (
        "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
        f"DEK-Info: DES-EDE3-CBC,{iv.hex().upper()}\n\n{body}-----END RSA PRIVATE KEY-----\n"
    )


def _pem_import(cli, password: str) -> str:
    cli.config("crypto pki trustpoint PEMTP", "exit")
    out = cli.type(f"crypto pki import PEMTP pem terminal password {password}")
    assert out.endswith(
        '% Enter PEM-formatted CA certificate.\n% End with a blank line or "quit" on a line by'
        " itself.\n"
    )
    return out


def _paste_bundle(cli, lab, key_pem: str, cert) -> str:
    for line in lab.issuing.pem.splitlines():
        cli.type(line)
    out = cli.type("quit")
    assert out.endswith(
        '% Enter PEM-formatted encrypted private General Purpose key.\n% End with "quit" on a'
        " line by itself.\n"
    )
    for line in key_pem.splitlines():
        cli.type(line)
    out = cli.type("quit")
    assert "% Enter PEM-formatted General Purpose certificate." in out
    for line in cert.public_bytes(serialization.Encoding.PEM).decode().splitlines():
        cli.type(line)
    return cli.type("")


def test_pem_import_with_pkcs8_encryption(router, state_lab):
    key, cert = _issued(state_lab)
    key_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"passphrase1"),
    ).decode()
    _pem_import(router, "passphrase1")
    out = _paste_bundle(router, state_lab, key_pem, cert)
    assert "% PEM files import succeeded.\n" in out
    assert router.device.keys["PEMTP"].public_der == public_der(key)
    assert find_cert(router.device, "PEMTP", "router") == cert
    assert ca_cert(router.device, "PEMTP") == state_lab.issuing.cert


def test_pem_import_with_legacy_des3_and_wrong_password(make_router, state_lab):
    key, cert = _issued(state_lab)
    key_pem = _legacy_des3_pem(key, b"oldstyle")
    good = make_router("R2")
    _pem_import(good, "oldstyle")
    assert "% PEM files import succeeded." in _paste_bundle(good, state_lab, key_pem, cert)
    bad = make_router("R3")
    _pem_import(bad, "wrong")
    out = _paste_bundle(bad, state_lab, key_pem, cert)
    assert "% PEM files import failed." in out
    assert "PEMTP" not in bad.device.keys


def test_pkcs12_from_flash(make_router, state_lab):
    key, cert = _issued(state_lab)
    bundle = pkcs12.serialize_key_and_certificates(
        b"r1",
        key,
        cert,
        [state_lab.issuing.cert],
        serialization.BestAvailableEncryption(b"p12pass"),
    )
    for flavor, name in (("ios15", "R5"), ("iosxe17", "R6")):
        cli = make_router(name, flavor=flavor)
        place_file(cli.device, "flash:r1.p12", bundle)
        cli.config("crypto pki trustpoint P12", "exit")
        out = cli.type("crypto pki import P12 pkcs12 flash:r1.p12 password p12pass")
        assert "% Importing pkcs12...\n" in out
        if flavor == "iosxe17":
            assert out.endswith("Source filename [r1.p12]? ")
            out = cli.type("")
        assert "CRYPTO_PKI: Imported PKCS12 file successfully." in out
        assert find_cert(cli.device, "P12", "router") == cert
        assert "rsakeypair P12" in cli.type("do show running-config")


def test_pkcs12_missing_file_and_bad_password(router, state_lab):
    key, cert = _issued(state_lab)
    router.config("crypto pki trustpoint P12", "exit")
    out = router.type("crypto pki import P12 pkcs12 flash:none.p12 password x")
    assert "%Error opening flash:none.p12 (No such file or directory)" in out
    bundle = pkcs12.serialize_key_and_certificates(
        b"r1", key, cert, None, serialization.BestAvailableEncryption(b"right")
    )
    place_file(router.device, "bootflash:r1.p12", bundle)
    out = router.type("crypto pki import P12 pkcs12 bootflash:r1.p12 password wrong")
    assert "% PKCS #12 import failed" in out
