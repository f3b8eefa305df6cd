"""One reader per fact: ``crypto_keys``, the trustpoint operations and ``pki_info`` read the
router's keys, chains and refusals through the same code, so they cannot disagree."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.errors import ValidationError
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.facts import keys, records
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.facts.trustpoint import (
    parse_facts,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.facts.trustpoint_key import (
    parse_keys,
    trustpoint_key,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.ops import crypto_keys, pki_info

ROOT = Path(__file__).resolve().parents[3]
ENGINE = ROOT / "plugins" / "plugin_utils" / "_engine"
SAMPLES = ROOT / "tests" / "parsers"
NOW = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
KEY_SAMPLES = sorted(
    path
    for folder in ("show_crypto_key_mypubkey_all", "show_crypto_key_mypubkey_ec")
    for path in (SAMPLES / folder).glob("*.raw")
)


@pytest.mark.parametrize("sample", KEY_SAMPLES, ids=lambda p: p.stem)
def test_every_user_reads_the_same_keys(sample: Path) -> None:
    text = sample.read_text()
    pairs = crypto_keys.key_pairs(text)
    facts = pki_info.build_facts({"keys": text}, ["keys"], now=NOW)["keys"]
    try:
        with_data = {key.label: key for key in parse_keys(text)}
    except ValidationError:  # a sample cut inside a key's data: the operations refuse it
        with_data = {}
    assert set(pairs) == {fact["name"] for fact in facts}
    for fact in facts:
        pair = pairs[fact["name"]]
        assert (pair.type, pair.size) == ((fact["type"] or "").lower(), fact["size"])
        if fact["name"] in with_data:
            assert with_data[fact["name"]].size == fact["size"]


_SAMPLE_KEYS = ["R1.lab.example", "TP-KEY", "TP-self-signed-123", "SELF"]
_CASES = {
    "rsakeypair": ({"rsakeypair": {"label": "TP-KEY"}}, "TP", None, "TP-KEY"),
    "eckeypair": ({"eckeypair": "EC-KEY"}, "TP", None, "EC-KEY"),
    "self-signed": ({"enrollment": {"selfsigned": True}}, "SELF", None, "TP-self-signed-123"),
    "default, domain known": ({}, "TP", "lab.example", "R1.lab.example"),
    "default, domain unknown": ({}, "TP", None, "R1.lab.example"),
    "not configured": (None, "TP", "lab.example", None),
}


@pytest.mark.parametrize(("config", "name", "domain", "label"), _CASES.values(), ids=_CASES)
def test_one_answer_to_which_key_a_trustpoint_uses(config, name, domain, label) -> None:
    assert keys.trustpoint_key_label(name, config, _SAMPLE_KEYS, "R1", domain) == label


def test_two_self_signed_keys_leave_the_key_of_a_self_signed_trustpoint_unknown() -> None:
    labels = ["TP-self-signed-1", "TP-self-signed-2"]
    config = {"enrollment": {"selfsigned": True}}
    assert keys.trustpoint_key_label("SELF", config, labels, "R1") is None


def test_the_operations_and_pki_info_agree_on_a_trustpoint_key() -> None:
    key_text = SAMPLES / "show_crypto_key_mypubkey_all" / "mockios_iosxe17_two_rsa_keys.raw"
    key_text = key_text.read_text()
    config = "hostname R1\ncrypto pki trustpoint LAB\n enrollment terminal\n rsakeypair LAB.key\n"
    facts = pki_info.build_facts({"keys": key_text, "config": config}, ["keys", "config"], now=NOW)
    router_key = trustpoint_key(parse_keys(key_text), parse_facts("LAB", config), "R1")
    assert router_key is not None
    assert facts["trustpoints"]["LAB"]["key_label"] == router_key.label == "LAB.key"


def test_a_key_fact_is_read_by_the_one_key_reader() -> None:
    text = (SAMPLES / "show_crypto_key_mypubkey_all" / "real_mypubkey_all.raw").read_text()
    read = keys.read_keys(text)
    parsed = [records.key_fact(r) for r in pki_info.parse.parse_output(keys.KEYS_COMMAND, text)]
    assert [fact["name"] for fact in parsed] == [key.label for key in read]


# Each command and each IOS refusal is spelt in one engine module (comments and docs aside).
_ONE_PLACE = {
    "show crypto key mypubkey all": "facts/keys.py",
    "section crypto pki certificate chain": "facts/chains.py",
    "section crypto pki profile enrollment": "config/resources.py",
    "Invalid input": "ios_errors.py",
    "Incomplete command": "ios_errors.py",
    "Ambiguous command": "ios_errors.py",
}


def _code_lines(path: Path) -> list[str]:
    text = re.sub(r'"""(?:.|\n)*?"""', "", path.read_text())  # docstrings
    return [line.split("#")[0] for line in text.splitlines()]


@pytest.mark.parametrize(("words", "home"), _ONE_PLACE.items())
def test_a_command_or_refusal_is_spelt_in_one_place(words: str, home: str) -> None:
    found = sorted(
        str(path.relative_to(ENGINE))
        for path in ENGINE.rglob("*.py")
        if any(words in line for line in _code_lines(path))
    )
    assert found == [home]
