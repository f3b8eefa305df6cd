from __future__ import annotations

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import AttributeOID, NameOID

from mockios.pki.csr import RequestContent, build_csr, csr_base64_lines
from mockios.pki.keypool import KeyPool, public_der
from mockios.pki.keys import mypubkey_lines, new_keypair
from mockios.pki.names import UNSTRUCTURED_ADDRESS, SubjectError, parse_subject


@pytest.mark.parametrize(("kind", "size"), [("rsa", 512), ("rsa", 1024), ("ec", 256), ("ec", 384)])
def test_pool_gives_real_keys_of_the_asked_size(tmp_path, kind, size):
    key = KeyPool(tmp_path, size=2).take(kind, size)
    if kind == "rsa":
        assert isinstance(key, rsa.RSAPrivateKey) and key.key_size == size
    else:
        assert isinstance(key, ec.EllipticCurvePrivateKey) and key.curve.key_size == size


def test_pool_never_hands_out_the_same_key_twice(tmp_path):
    pool = KeyPool(tmp_path, size=2)
    handed = [public_der(pool.take("rsa", 512)) for _ in range(6)]
    assert len(set(handed)) == 6
    assert len(list((tmp_path / "rsa-512").glob("*.pem"))) == 6  # kept for later runs


def test_a_new_pool_reuses_stored_keys_but_never_the_avoided_one(tmp_path):
    first_run = KeyPool(tmp_path, size=2)
    first, second = first_run.take("rsa", 1024), first_run.take("rsa", 1024)
    stored = {public_der(first), public_der(second)}
    next_run = KeyPool(tmp_path, size=2)  # another process, same cache
    again = next_run.take("rsa", 1024, avoid={public_der(first)})
    assert public_der(again) == public_der(second)
    assert public_der(again) in stored


def test_a_claimed_key_is_not_handed_out(tmp_path):
    first_run = KeyPool(tmp_path, size=1)
    saved = first_run.take("ec", 256)
    next_run = KeyPool(tmp_path, size=1)
    next_run.claim(saved)  # as a restarted router does with its saved keys
    assert public_der(next_run.take("ec", 256)) != public_der(saved)


def test_replacing_a_label_gives_a_different_key():
    old = new_keypair("R1.lab", "rsa", 1024)
    new = new_keypair("R1.lab", "rsa", 1024, replacing=old)
    assert new.public_der != old.public_der


def test_mypubkey_key_data_is_the_spki_der():
    pair = new_keypair("R1.lab", "rsa", 1024, exportable=True)
    lines = mypubkey_lines(pair, "ios15")
    assert lines[1:4] == [
        "Key name: R1.lab",
        "Key type: RSA KEYS",
        " Storage Device: not specified",
    ]
    assert " Key is exportable." in lines
    data = lines[lines.index(" Key Data:") + 1 :]
    assert all(line.startswith("  ") for line in data)
    assert bytes.fromhex("".join(data).replace(" ", "")) == pair.public_der


def test_mypubkey_flavors_and_usage_keys():
    pair = new_keypair("EC1", "ec", 256)
    assert "Key type: EC KEYS      p256 curve" in mypubkey_lines(pair, "iosxe17")
    usage = new_keypair("U1", "rsa", 1024, usage_keys=True)
    text = mypubkey_lines(usage, "ios15")
    assert " Usage: Signature Key" in text and " Usage: Encryption Key" in text
    assert usage.encryption_key is not None
    assert public_der(usage.encryption_key) != usage.public_der


def test_csr_carries_subject_serial_ip_san_and_challenge():
    pair = new_keypair("R1.lab", "rsa", 1024)
    csr = build_csr(
        pair.key,
        RequestContent(
            subject_name="CN=R1.lab, OU=Ops, O=Lab",
            fqdn="R1.lab",
            serial="FTX1234",
            ip="10.0.0.1",
            alt_names=["r1.alt"],
            challenge_password="s3cret",
        ),
    )
    assert csr.is_signature_valid
    assert public_der(pair.key) == csr.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    subject = csr.subject
    assert subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "R1.lab"
    assert subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)[0].value == "FTX1234"
    assert subject.get_attributes_for_oid(NameOID.UNSTRUCTURED_NAME)[0].value == "R1.lab"
    assert subject.get_attributes_for_oid(UNSTRUCTURED_ADDRESS)[0].value == "10.0.0.1"
    san = csr.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.DNSName) == ["R1.lab", "r1.alt"]
    challenge = csr.attributes.get_attribute_for_oid(AttributeOID.CHALLENGE_PASSWORD)
    assert challenge.value == b"s3cret"


def test_csr_display_framing():
    pair = new_keypair("R1.lab", "ec", 256)
    csr = build_csr(pair.key, RequestContent(fqdn="R1.lab"))
    framed = csr_base64_lines(csr, pem_framing=True)
    bare = csr_base64_lines(csr, pem_framing=False)
    assert framed[0] == "-----BEGIN CERTIFICATE REQUEST-----"
    assert framed[1:-1] == bare
    assert all(len(line) <= 64 for line in bare)


def test_bad_subject_is_refused():
    with pytest.raises(SubjectError):
        parse_subject("CN=R1, FOO=bar")
