from __future__ import annotations

import time

import pytest

from mockios.pki.keypool import public_der

MODULUS_IOS15 = (
    "Choose the size of the key modulus in the range of 360 to 4096 for your\n"
    "  General Purpose Keys. Choosing a key modulus greater than 512 may take\n"
    "  a few minutes.\n\n"
    "How many bits in the modulus [512]: "
)


def test_default_label_needs_a_domain_name(make_router):
    cli = make_router(domain=None)
    out = cli.config("crypto key generate rsa")
    assert "% Please define a domain-name first.\n" in out
    assert cli.device.keys == {}


def test_modulus_question_and_default_ios15(router):
    out = router.config("crypto key generate rsa")
    assert out.endswith("The name for the keys will be: R1.lab.example\n" + MODULUS_IOS15)
    out = router.type("")
    assert "% Generating 512 bit RSA keys, keys will be non-exportable...\n" in out
    assert "[OK] (elapsed time was " in out
    pair = router.device.keys["R1.lab.example"]
    assert pair.kind == "rsa" and pair.key.key_size == 512


def test_modulus_question_iosxe17_range_and_default(make_router):
    cli = make_router(flavor="iosxe17")
    out = cli.config("crypto key generate rsa label XE exportable")
    assert "in the range of 512 to 4096 for your" in out
    assert out.endswith("How many bits in the modulus [2048]: ")
    out = cli.type("100")
    assert "% Invalid modulus size." in out and out.endswith("[2048]: ")
    out = cli.type("1024")
    assert "keys will be exportable..." in out
    assert cli.device.keys["XE"].exportable and cli.device.keys["XE"].size == 1024


def test_replace_question_keeps_or_replaces(router):
    router.config("crypto key generate rsa modulus 1024")
    first = router.device.keys["R1.lab.example"].public_der
    out = router.type("crypto key generate rsa modulus 1024")
    assert out.endswith(
        "% You already have RSA keys defined named R1.lab.example.\n"
        "% Do you really want to replace them? [yes/no]: "
    )
    router.type("no")
    assert router.device.keys["R1.lab.example"].public_der == first
    out = router.dialog("crypto key generate rsa modulus 1024", "yes")
    assert "% The key modulus size is 1024 bits\n" in out
    assert router.device.keys["R1.lab.example"].public_der != first


def test_iosxe17_replaces_without_asking_when_modulus_given(make_router):
    cli = make_router(flavor="iosxe17")
    cli.config("crypto key generate rsa label K modulus 1024")
    out = cli.type("crypto key generate rsa label K modulus 1024")
    assert "% You already have RSA keys defined named K.\n% They will be replaced.\n" in out
    assert out.endswith("R1(config)#")


def test_rsa_keys_over_ec_keys_name_the_ec_keys_they_replace(make_router):
    cli = make_router(flavor="iosxe17")
    cli.config("crypto key generate ec keysize 256 label K")
    out = cli.type("crypto key generate rsa label K modulus 1024")
    assert "% You already have EC keys defined named K.\n% They will be replaced.\n" in out
    assert cli.device.keys["K"].kind == "rsa"


def test_ec_keys_and_mypubkey_data(router):
    out = router.config("crypto key generate ec keysize 384 label EC1", "end")
    assert "R1(config)#\nThe name for the keys will be: EC1\n\nR1(config)#" in out
    assert "Generating" not in out and "[OK]" not in out  # real IOS-XE prints neither
    shown = router.type("show crypto key mypubkey ec EC1")
    assert "Key name: EC1\nKey type: EC KEYS\n" in shown
    assert " Usage: Signature Key\n" in shown  # as real IOS-XE 16/17 list an EC key
    data = shown.split(" Key Data:\n")[1].split("\nR1#")[0]
    assert bytes.fromhex(data.replace(" ", "").replace("\n", "")) == public_der(
        router.device.keys["EC1"].key
    )
    assert "Key name: EC1" not in router.type("show crypto key mypubkey rsa")


def test_bad_keysize_and_bad_option_get_the_caret(router):
    out = router.config("crypto key generate ec keysize 300")
    assert "% Invalid input detected at '^' marker." in out
    caret_line = next(line for line in out.splitlines() if line.strip() == "^")
    assert caret_line.index("^") == len("R1(config)#crypto key generate ec keysize ")
    out = router.type("crypto key generate rsa modulus 1024 bogus")
    assert "% Invalid input detected at '^' marker." in out


def test_zeroize_asks_and_removes_keys(router):
    router.config("crypto key generate rsa label Z1 modulus 1024")
    out = router.type("crypto key zeroize rsa Z1")
    assert out.endswith(
        "% Keys to be removed are named 'Z1'.\n"
        "% All router certs issued using these keys will also be removed.\n"
        "Do you really want to remove these keys? [yes/no]: "
    )
    router.type("no")
    assert "Z1" in router.device.keys
    router.dialog("crypto key zeroize rsa Z1", "yes")
    assert "Z1" not in router.device.keys


def test_keys_survive_a_restart(router, state_dir):
    from mockios.device import Device

    router.config("crypto key generate rsa label KEEP modulus 1024")
    before = router.device.keys["KEEP"].public_der
    again = Device("R1", "ios15", state_dir)
    assert again.keys["KEEP"].public_der == before


def test_slow_4096_switch_delays_generation(router, monkeypatch):
    from mockios.pki import keys

    monkeypatch.setattr(keys, "SLOW_4096_SECONDS", 1.0)
    started = time.monotonic()
    out = router.config("crypto key generate rsa label BIG modulus 4096")
    assert time.monotonic() - started >= 1.0
    assert "[OK] (elapsed time was " in out and "(elapsed time was 0 seconds)" not in out
    assert router.device.keys["BIG"].key.key_size == 4096


def test_modulus_out_of_range_is_refused_by_the_parser(router):
    out = router.config("crypto key generate rsa modulus 8192")
    assert "% Invalid input detected at '^' marker." in out
    assert router.device.keys == {}


def test_usage_keys_ask_twice_and_make_two_keys(router):
    out = router.config("crypto key generate rsa usage-keys label UK")
    assert "for your\n  Signature Keys." in out
    out = router.type("1024")
    assert "for your\n  Encryption Keys." in out
    out = router.type("512")
    assert "% Generating 1024 bit RSA keys" in out and "% Generating 512 bit RSA keys" in out
    pair = router.device.keys["UK"]
    assert pair.key.key_size == 1024 and pair.encryption_key.key_size == 512


def test_every_label_gets_its_own_key_data(make_router):
    cli = make_router(flavor="iosxe17")  # with its factory TP-self-signed-* key
    labels = [f"K{number}" for number in range(6)]
    cli.config(*(f"crypto key generate rsa modulus 512 label {label}" for label in labels))
    cli.config(*(f"crypto key generate ec keysize 256 label E{label}" for label in labels), "end")
    pairs = cli.device.keys
    assert any(label.startswith("TP-self-signed-") for label in pairs)
    assert len(pairs) >= 13
    assert len({pair.public_der for pair in pairs.values()}) == len(pairs)
    shown = cli.type("show crypto key mypubkey all")
    blocks = shown.split("% Key pair was generated at:")[1:]
    key_data = [block.split("Key Data:", 1)[1].strip() for block in blocks]
    assert len(key_data) == len(pairs) and len(set(key_data)) == len(key_data)


def test_ec_replace_asks_then_returns_straight_to_the_prompt(router):
    router.config("crypto key generate ec keysize 256 label EC2")
    before = router.device.keys["EC2"].public_der
    out = router.type("crypto key generate ec keysize 256 label EC2")
    assert out == (
        "\n% You already have EC keys defined named EC2.\n"
        "% Do you really want to replace them? [yes/no]: "
    )
    assert router.type("yes") == "\nR1(config)#"
    assert router.device.keys["EC2"].public_der != before
    router.type("crypto key generate ec keysize 256 label EC2")
    assert router.type("no") == "\nR1(config)#"


@pytest.mark.parametrize(
    ("flavor", "ending"), [("ios15", "\nR1(config)#"), ("iosxe17", "\n\nR1(config)#")]
)
def test_rsa_ok_line_then_the_prompt_after_a_blank_line_on_iosxe(make_router, flavor, ending):
    cli = make_router(flavor=flavor)
    out = cli.config("crypto key generate rsa modulus 512 label K")
    ok_line = next(line for line in out.splitlines() if line.startswith("[OK]"))
    assert ok_line.startswith("[OK] (elapsed time was ") and ok_line.endswith(" seconds)")
    assert out.endswith(ok_line + ending)
