"""The allowed differences of the mockios-vs-transcript test rewrite only what they name, and
keep the whitespace that the comparison is about (trailing spaces, blank lines)."""

from __future__ import annotations

import pytest
from compare import not_compared, setup_lines
from corpus import Case
from normalise import NORMALISERS, normalise

KEY_BLOCK = (
    " Key Data:\n"
    "  30820122 300D0609 2A864886 F70D0101 01050003 82010F00 3082010A 02820101 \n"
    "  00A587BA 9AB1FA08 75B807AE 1C9B260C 829E39B9 DFCFDA96 6261EAAA F0666D9A \n"
    "  21020301 0001\n"
)


def test_nothing_allowed_changes_nothing_but_line_ends() -> None:
    text = "Trustpoint TP:\r\n    Fingerprint MD5: 1468DC18 250BDFCF 769C29DF E1F7E5A8 \r\n"
    assert normalise(text, []) == text.replace("\r\n", "\n")


def test_key_data_keeps_the_trailing_space_of_each_line() -> None:
    assert normalise(KEY_BLOCK, ["key_data"]) == " Key Data:\n  <hex> \n  <hex>\n"
    without_spaces = KEY_BLOCK.replace(" \n", "\n")
    assert normalise(without_spaces, ["key_data"]) != normalise(KEY_BLOCK, ["key_data"])


def test_fingerprints_keep_the_spacing_around_them() -> None:
    one = "    Fingerprint MD5: 1468DC18 250BDFCF 769C29DF E1F7E5A8 \n"
    two = "    Fingerprint MD5:  1468DC18 250BDFCF 769C29DF E1F7E5A8 \n"
    assert normalise(one, ["fingerprints"]) == "    Fingerprint MD5: <fp> \n"
    assert normalise(one, ["fingerprints"]) != normalise(two, ["fingerprints"])


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("timestamps", "start date: 00:34:52 UTC Nov 20 2015\n", "start date: <date>\n"),
        (
            "timestamps",
            "  |1283d 6:19:02.213  (2029-04-25T01:55:42Z) TRUSTPOOL\n",
            "  |<countdown>  (<iso>) TRUSTPOOL\n",
        ),
        (
            "serials",
            "Certificate Serial Number (hex): 0B\n",
            "Certificate Serial Number (hex): <serial>\n",
        ),
        ("elapsed_time", "[OK] (elapsed time was 10 seconds)\n", "[OK] (elapsed time was N)\n"),
        ("trustpoint_name", "Trustpoint TP-self-signed-1:\n", "Trustpoint <tp>:\n"),
        ("key_label", "Key name: TP1\n", "Key name: <label>\n"),
        ("subject", "    cn=Cisco Licensing Root CA\n    o=Cisco\n", "    <dn>\n"),
        ("hostname", "INT1(config)#\n", "<host>(config)#\n"),
        ("ip_address", "IP Address: 10.3.0.18\n", "IP Address: <ip>\n"),
        ("indentation", "  Status: Available\n", "Status: Available\n"),
    ],
)
def test_each_normaliser_rewrites_what_it_names(kind: str, text: str, expected: str) -> None:
    assert normalise(text, [kind]) == expected


def test_every_normaliser_is_tested_and_unknown_names_are_refused() -> None:
    assert set(NORMALISERS) == {
        "key_data",
        "certificate_blob",
        "fingerprints",
        "timestamps",
        "serials",
        "elapsed_time",
        "trustpoint_name",
        "key_label",
        "subject",
        "hostname",
        "ip_address",
        "indentation",
    }
    assert normalise(
        "MIIDIDCCAomgAwIBAgIENd70zzANBgkqhkiG9w0BAQUFADBOMQswCQYD\n", ["certificate_blob"]
    ) == ("<base64>\n")
    with pytest.raises(ValueError):
        normalise("x", ["whitespace"])


def _case(setup) -> Case:  # noqa: ANN001
    from pathlib import Path

    data = {"flavor": "iosxe17", "kind": "output", "setup": setup, "quote": "x\n"}
    return Case(Path("show/x.yml"), data)


def test_setup_in_either_form_and_unknown_keys_are_left_out_of_the_comparison() -> None:
    listed = _case([{"existing_ec_keys": "TP1"}, {"hostname": "R9"}])
    assert listed.setup_keys == {"existing_ec_keys": "TP1", "hostname": "R9"}
    assert not_compared(listed) is None
    assert setup_lines(listed.setup_keys) == ["crypto key generate ec keysize 256 label TP1"]
    assert (
        not_compared(_case({"mystery": 1})) == "setup key(s) mystery not known to the compare test"
    )
    assert not_compared(_case(None)) == "no setup: the router's state is not known"
    assert not_compared(_case({})) is None
