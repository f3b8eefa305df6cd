"""Every value is checked before connecting; errors name the option path."""

from __future__ import annotations

import pytest
from ansible_collections.netpki.ios.plugins.module_utils.trustpoints_argspec import ARGUMENT_SPEC
from ansible_collections.netpki.ios.plugins.plugin_utils._engine import validate as v
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.errors import ValidationError
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.ops.trustpoints import VALUE_RULES
from hypothesis import given
from hypothesis import strategies as st


def _check(**trustpoint):
    params = {"config": [{"name": "TP", **trustpoint}], "state": "merged"}
    return v.check_params(params, ARGUMENT_SPEC, VALUE_RULES)["config"][0]


@pytest.mark.parametrize(
    "url",
    [
        "http://ca.example.com",
        "http://ca.example.com:8080/cgi-bin/pkiclient.exe",
        "https://10.0.0.1/scep",
        "http://[2001:db8::10]:80/cgi-bin/pkiclient.exe",
        "tftp://192.0.2.5/r1",
        "ftp://user@files.example.com/r1.req",
        "scp://files.example.com/certs",
        "flash:",
        "bootflash:certs/r1",
        "nvram:tp.cer",
    ],
)
def test_urls_accepted(url: str) -> None:
    assert _check(enrollment={"url": url})["enrollment"]["url"] == url


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("gopher://ca.example.com", "scheme"),
        ("http://", "no host"),
        ("http://[2001:db8::zz]/", "IPv6"),
        ("http://ca example.com/", "spaces"),
        ("ca.example.com", "neither"),
        ("http://bad_host!/", "host"),
    ],
)
def test_urls_refused_with_the_path(url: str, reason: str) -> None:
    with pytest.raises(ValidationError, match=rf"^config\[0\]\.enrollment\.url: .*{reason}"):
        _check(enrollment={"url": url})


def test_ocsp_url_has_its_own_rule_not_the_enrollment_url_one() -> None:
    """Rules are keyed by the option's full path: ``ocsp.url`` takes HTTP only, where
    ``enrollment.url`` also takes TFTP and file systems."""
    assert _check(ocsp={"url": "http://ocsp.example.com:8080/"})["ocsp"]["url"] == (
        "http://ocsp.example.com:8080/"
    )
    assert _check(enrollment={"url": "tftp://192.0.2.5/r1"})["enrollment"]["url"]
    for url in ("tftp://192.0.2.5/r1", "flash:ocsp", "https://ocsp.example.com/"):
        with pytest.raises(ValidationError, match=r"^config\[0\]\.ocsp\.url: .*not a http URL"):
            _check(ocsp={"url": url})
    with pytest.raises(ValidationError, match=r"^config\[0\]\.ocsp\.url: .*spaces"):
        _check(ocsp={"url": "http://ocsp example.com/"})


@given(st.text(min_size=1).filter(lambda s: any(ord(c) < 32 or ord(c) == 127 for c in s)))
def test_any_control_character_in_any_string_is_refused(text: str) -> None:
    for option in ("subject_name", "fqdn", "vrf", "password"):
        with pytest.raises(ValidationError, match=rf"config\[0\]\.{option}: control character"):
            _check(**{option: f"x{text}y"})


def test_question_mark_is_refused() -> None:
    with pytest.raises(ValidationError, match=r"config\[0\]\.enrollment\.url: '\?'"):
        _check(enrollment={"url": "http://ca/cgi?op=x"})


def test_fingerprints_become_uppercase_hex() -> None:
    assert (
        _check(fingerprint="cc:59:46:08 a2:63:e8:e2:fc:43:f9:c3:d7:84:78:5d:ff:b3:ee:31")[
            "fingerprint"
        ]
        == "CC594608A263E8E2FC43F9C3D784785DFFB3EE31"
    )
    with pytest.raises(ValidationError, match=r"config\[0\]\.fingerprint:"):
        _check(fingerprint="CC5946")


@pytest.mark.parametrize(("digits", "name"), [(64, "SHA256"), (96, "SHA384"), (128, "SHA512")])
def test_a_sha2_trustpoint_fingerprint_is_refused_pointing_to_ca_authenticate(
    digits: int, name: str
) -> None:
    """IOS compares a trustpoint's fingerprint only with MD5 or SHA1: a SHA-2 pin there could
    never match, and would fail every authentication."""
    with pytest.raises(ValidationError) as info:
        _check(fingerprint="ab" * (digits // 2))
    message = str(info.value)
    assert message.startswith(f"config[0].fingerprint: a {name} fingerprint can never match")
    assert "netpki.ios.ca_authenticate's fingerprint" in message


@pytest.mark.parametrize(
    "subject",
    ["CN=r1.example.com", "CN=r1, OU=Spiral Dept., O=example.com, C=US", "cn=a+serialNumber=1"],
)
def test_subject_names_accepted(subject: str) -> None:
    assert _check(subject_name=subject)["subject_name"] == subject


@pytest.mark.parametrize(
    ("subject", "reason"),
    [("r1.example.com", "attribute=value"), ("XX=1", "unknown"), ("CN=a, C=USA", "two letters")],
)
def test_subject_names_refused(subject: str, reason: str) -> None:
    with pytest.raises(ValidationError, match=rf"config\[0\]\.subject_name: .*{reason}"):
        _check(subject_name=subject)


@pytest.mark.parametrize(
    ("option", "value", "path"),
    [
        ("auto_enroll", {"percent": 9}, "auto_enroll.percent"),
        ("auto_enroll", {"percent": 101}, "auto_enroll.percent"),
        ("enrollment", {"retry_period": 0}, "enrollment.retry_period"),
        ("enrollment", {"retry_count": 101}, "enrollment.retry_count"),
        ("rsakeypair", {"label": "K", "modulus": 8192}, "rsakeypair.modulus"),
        ("rsakeypair", {"label": "bad label"}, "rsakeypair.label"),
    ],
)
def test_ranges_and_names(option: str, value: dict, path: str) -> None:
    with pytest.raises(ValidationError, match=rf"config\[0\]\.{path.replace('.', '[.]')}: "):
        _check(**{option: value})


@pytest.mark.parametrize(
    "value", ["none", "GigabitEthernet0/0", "ethernet0", "192.0.2.1", "2001:db8::1"]
)
def test_ip_address_forms(value: str) -> None:
    assert _check(ip_address=value)["ip_address"] == value


def test_multiline_options_are_left_alone() -> None:
    text = "crypto pki trustpoint A\n enrollment terminal\n"
    checked = v.check_params(
        {"running_config": text},
        ARGUMENT_SPEC,
        VALUE_RULES,
        multiline=frozenset({"running_config"}),
    )
    assert checked["running_config"] == text


def test_a_block_listed_twice_is_refused_with_its_path() -> None:
    v.unique_names([{"name": "A"}, {"name": "B"}], "trustpoint")
    with pytest.raises(ValidationError, match=r"config\[2\]\.name: profile 'A' is listed twice"):
        v.unique_names([{"name": "A"}, {"name": "B"}, {"name": "A"}], "profile")
