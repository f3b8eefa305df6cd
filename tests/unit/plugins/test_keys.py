"""crypto_keys: reading key pairs from `show crypto key mypubkey all`, and the plan."""

from __future__ import annotations

import pytest
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.dialogs.tables import (
    KEY_GENERATE,
    KEY_GENERATE_EC,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.errors import ValidationError
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.ops.crypto_keys import (
    KeyPair,
    key_diff,
    key_pairs,
    plan,
    wanted,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.steps import commands
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.x509 import certs
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from diff_texts import public_key_sha256


def _block(label: str, key, key_type: str, usage: str = "General Purpose Key", **extra) -> str:
    der = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    lines = [
        "% Key pair was generated at: 10:00:00 UTC Nov 27 2026",
        f"Key name: {label}",
        f"Key type: {key_type}",
        f" Storage Device: {extra.get('storage', 'not specified')}",
        f" Usage: {usage}",
        f" Key is {extra.get('exportable', 'not exportable')}.",
        " Key Data:",
        certs.der_to_ios_hex(der),
    ]
    return "\n".join(lines)


RSA_1024 = rsa.generate_private_key(public_exponent=65537, key_size=1024)
EC_384 = ec.generate_private_key(ec.SECP384R1())


def test_sizes_come_from_the_key_when_ios_does_not_print_them() -> None:
    text = "\n".join(
        [
            _block("CORP", RSA_1024, "RSA KEYS", exportable="exportable"),
            _block("VPN", EC_384, "EC KEYS", usage="Signature Key"),  # as real IOS-XE lists EC
            _block("SPLIT", RSA_1024, "RSA KEYS", usage="Signature Key"),
            _block("SPLIT", RSA_1024, "RSA KEYS", usage="Encryption Key"),
        ]
    )
    pairs = key_pairs(text)
    assert pairs["CORP"] == KeyPair("CORP", "rsa", 1024, "general", True, None)
    assert pairs["VPN"] == KeyPair("VPN", "ec", 384, "general", False, None)
    assert pairs["SPLIT"].usage == "usage-keys"


def test_printed_sizes_and_token_storage() -> None:
    text = _block("T", RSA_1024, "RSA KEYS      2048 bits", storage="usbtoken0:")
    assert key_pairs(text)["T"] == KeyPair("T", "rsa", 2048, "general", False, "usbtoken0:")
    assert key_pairs("") == {}


def _params(**overrides) -> dict:
    params = {
        "label": "K",
        "type": "rsa",
        "size": None,
        "usage": "general",
        "exportable": False,
        "storage": None,
    }
    return {**params, **overrides}


def test_wanted_defaults_and_checks() -> None:
    assert wanted(_params()).size == 2048
    assert wanted(_params(type="ec")).size == 256
    with pytest.raises(ValidationError, match="^size: 300 is out of range"):
        wanted(_params(size=300))
    with pytest.raises(ValidationError, match="^size: 1024 is not one of"):
        wanted(_params(type="ec", size=1024))


def test_plan_is_idempotent_by_type_size_and_usage() -> None:
    want = wanted(_params(size=2048))
    same = KeyPair("K", "rsa", 2048, "general", True, None)  # exportable differs: kept
    assert plan(want, same, "present", force=False) == []
    assert commands(plan(want, same, "present", force=True)) == [
        "crypto key generate rsa general-keys label K modulus 2048",
        "yes",
    ]
    smaller = KeyPair("K", "rsa", 1024, "general", False, None)
    assert commands(plan(want, smaller, "present", force=False))[0].endswith("modulus 2048")
    assert commands(plan(want, None, "present", force=False)) == [
        "crypto key generate rsa general-keys label K modulus 2048"
    ]


def test_plan_zeroizes_another_type_first_and_on_absent() -> None:
    want = wanted(_params(type="ec", size=384, exportable=True, storage="usbtoken0:"))
    have = KeyPair("K", "rsa", 2048, "general", False, None)
    assert commands(plan(want, have, "present", force=False)) == [
        "crypto key zeroize rsa K",
        "yes",
        "crypto key generate ec keysize 384 label K exportable on usbtoken0:",
    ]
    assert commands(plan(want, have, "absent", force=False)) == ["crypto key zeroize rsa K", "yes"]
    assert plan(want, None, "absent", force=False) == []


def test_ec_and_rsa_generation_use_their_own_dialog_tables() -> None:
    """EC generation prints no success line on IOS: its table takes the prompt alone."""
    ec_step = plan(wanted(_params(type="ec", size=256)), None, "present", force=False)[-1]
    rsa_step = plan(wanted(_params(size=2048)), None, "present", force=False)[-1]
    assert ec_step.dialog is KEY_GENERATE_EC and not KEY_GENERATE_EC.require_success
    assert rsa_step.dialog is KEY_GENERATE and KEY_GENERATE.require_success


def _der(key) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def test_key_diff_from_the_listing_names_the_public_key() -> None:
    split = "\n".join(
        [
            _block("SPLIT", RSA_1024, "RSA KEYS", usage="Signature Key"),
            _block("SPLIT", EC_384, "RSA KEYS", usage="Encryption Key"),
        ]
    )
    listed = key_pairs(_block("K", RSA_1024, "RSA KEYS", exportable="exportable"))["K"]
    assert listed.public_key_sha256 == public_key_sha256(_der(RSA_1024))
    both = f"{public_key_sha256(_der(RSA_1024))}, {public_key_sha256(_der(EC_384))}"
    assert key_pairs(split)["SPLIT"].public_key_sha256 == both
    made = key_diff("K", None, listed, plan(wanted(_params()), None, "present", False), False)
    assert made == {
        "before_header": "key pair K",
        "after_header": "key pair K",
        "before": "key pair K: none\n",
        "after": (
            "key pair K:\n  type: rsa\n  size: 1024\n  usage: general\n  exportable: yes\n"
            "  storage: default (private-config)\n"
            f"  public key sha256: {public_key_sha256(_der(RSA_1024))}\n"
        ),
    }


def test_key_diff_of_a_plan_and_of_a_removal() -> None:
    have = key_pairs(_block("K", RSA_1024, "RSA KEYS"))["K"]
    want = wanted(_params(type="ec", size=384))
    steps = plan(want, have, "present", force=False)
    planned = key_diff("K", have, want, steps, check_mode=True)["after"]
    assert planned.splitlines()[1:3] == ["  type: ec", "  size: 384"]
    assert planned.endswith("  public key sha256: new, made by the router\n")
    removal = plan(want, have, "absent", force=False)
    assert key_diff("K", have, None, removal, check_mode=False)["after"] == (
        "key pair K: none (zeroized)\n"
    )
    assert key_diff("K", None, None, [], check_mode=False)["after"] == "key pair K: none\n"
