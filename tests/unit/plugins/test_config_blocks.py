"""Rendering, parsing and planning of trustpoint and profile blocks (want vs have -> commands)."""

from __future__ import annotations

import pytest
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.config import shape
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.config.blocks import (
    commands,
    expected_after,
    plan,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.config.resources import (
    PROFILES,
    TRUSTPOINTS,
    is_builtin,
)

FULL = {
    "name": "CORP",
    "enrollment": {"url": "http://ca.example.com", "mode_ra": True, "retry_count": 3},
    "fingerprint": "CC594608A263E8E2FC43F9C3D784785DFFB3EE31",
    "subject_name": "CN=r1.example.com, O=Example",
    "subject_alt_name": "r1.example.com",
    "serial_number": False,
    "ip_address": "GigabitEthernet0/0",
    "fqdn": "r1.example.com",
    "password": "s3cret-pw",
    "usage": ["ike", "ssl-client"],
    "rsakeypair": {"label": "K", "modulus": 2048, "encryption_modulus": 1024},
    "auto_enroll": {"enabled": True, "percent": 70, "regenerate": True},
    "regenerate": True,
    "revocation_check": ["ocsp", "none"],
    "ocsp": {"url": "http://ocsp.example.com:8080/status"},
    "vrf": "MGMT",
    "source_interface": "Loopback0",
    "hash": "sha384",
    "storage": "flash:certs",
}


def _want(**block):
    """A block as the argspec validator hands it over: every option present."""
    return shape.complete(block, TRUSTPOINTS.options)


def test_render_then_parse_round_trips_every_option() -> None:
    text = "\n".join(TRUSTPOINTS.render(FULL))
    assert TRUSTPOINTS.parse(text) == [FULL]


def test_ocsp_url_renders_after_revocation_check_and_reads_back() -> None:
    block = {"name": "T", "revocation_check": ["ocsp"], "ocsp": {"url": "http://192.0.2.9/"}}
    lines = TRUSTPOINTS.render(block)
    assert lines == [
        "crypto pki trustpoint T",
        " revocation-check ocsp",
        " ocsp url http://192.0.2.9/",
    ]
    assert TRUSTPOINTS.parse("\n".join(lines) + "\n!\n") == [block]
    have = TRUSTPOINTS.parse("\n".join(lines))
    steps = plan(TRUSTPOINTS, "replaced", [_want(name="T", revocation_check=["ocsp"])], have)
    assert commands(steps) == ["crypto pki trustpoint T", "no ocsp url http://192.0.2.9/"]


def test_serial_number_tristate() -> None:
    assert "serial-number" in TRUSTPOINTS.body({"name": "A", "serial_number": True})
    assert "serial-number none" in TRUSTPOINTS.body({"name": "A", "serial_number": False})
    assert not any("serial" in line for line in TRUSTPOINTS.body({"name": "A"}))


def test_device_password_type7_is_decoded_for_comparison() -> None:
    text = "crypto pki trustpoint A\n password 7 0822455D0A16\n"
    assert TRUSTPOINTS.parse(text) == [{"name": "A", "password": "cisco"}]


def test_new_trustpoint_is_its_rendered_lines() -> None:
    steps = plan(TRUSTPOINTS, "merged", [_want(name="A", enrollment={"terminal": True})], [])
    assert commands(steps) == ["crypto pki trustpoint A", "enrollment terminal"]


def test_merged_sends_only_what_changes() -> None:
    have = [{"name": "A", "enrollment": {"url": "http://x"}, "subject_name": "CN=a"}]
    want = [_want(name="A", subject_name="CN=b")]
    assert commands(plan(TRUSTPOINTS, "merged", want, have)) == [
        "crypto pki trustpoint A",
        "no subject-name CN=a",
        "subject-name CN=b",
    ]


def test_merged_with_no_difference_is_empty() -> None:
    have = [{"name": "A", "enrollment": {"url": "http://x"}, "subject_name": "CN=a"}]
    assert plan(TRUSTPOINTS, "merged", [_want(name="A", subject_name="CN=a")], have) == []


def test_merged_false_removes_a_flag() -> None:
    have = [{"name": "A", "regenerate": True}]
    want = [_want(name="A", regenerate=False)]
    assert commands(plan(TRUSTPOINTS, "merged", want, have)) == [
        "crypto pki trustpoint A",
        "no regenerate",
    ]


def test_replaced_removes_unlisted_options() -> None:
    have = [{"name": "A", "enrollment": {"url": "http://x"}, "hash": "sha1"}]
    want = [_want(name="A", enrollment={"url": "http://x"})]
    assert commands(plan(TRUSTPOINTS, "replaced", want, have)) == [
        "crypto pki trustpoint A",
        "no hash sha1",
    ]


def test_overridden_keeps_builtins_and_confirms_enrolled_removals() -> None:
    have = [
        {"name": "SLA-TrustPoint", "enrollment": {"pkcs12": True}},
        {"name": "TP-self-signed-42", "enrollment": {"selfsigned": True}},
        {"name": "CISCO_IDEVID_SUDI", "enrollment": {"terminal": True}},
        {"name": "OLD", "enrollment": {"url": "http://old"}},
        {"name": "STALE"},
    ]
    steps = plan(TRUSTPOINTS, "overridden", [_want(name="NEW")], have, frozenset({"OLD"}))
    assert commands(steps) == [
        "crypto pki trustpoint NEW",
        "no crypto pki trustpoint OLD",
        "yes",
        "no crypto pki trustpoint STALE",
    ]
    assert all(step.dialog is not None for step in steps if step.line.startswith("no crypto"))


def test_deleted_without_config_spares_builtins_but_listed_builtins_go() -> None:
    have = [{"name": "SLA-TrustPoint"}, {"name": "A"}]
    assert commands(plan(TRUSTPOINTS, "deleted", [], have)) == ["no crypto pki trustpoint A"]
    listed = plan(TRUSTPOINTS, "deleted", [_want(name="SLA-TrustPoint")], have)
    assert commands(listed) == ["no crypto pki trustpoint SLA-TrustPoint"]
    assert plan(TRUSTPOINTS, "deleted", [_want(name="ABSENT")], have) == []


@pytest.mark.parametrize("state", ["merged", "replaced", "overridden", "deleted"])
def test_expected_after_needs_no_further_change(state: str) -> None:
    have = [{"name": "SLA-TrustPoint"}, {"name": "A", "hash": "sha1", "regenerate": True}]
    want = [_want(name="A", hash="sha256"), _want(name="B", enrollment={"selfsigned": True})]
    after = expected_after(state, want, have, is_builtin)
    assert plan(TRUSTPOINTS, state, want, after) == []


@pytest.mark.parametrize(
    "name", ["SLA-TrustPoint", "CISCO_IDEVID_SUDI", "CISCO_IDEVID_SUDI_LEGACY", "TP-self-signed-1"]
)
def test_builtins(name: str) -> None:
    assert is_builtin(name)
    assert not is_builtin("SLA-TrustPoint2") and not is_builtin("corp")


PROFILE = {
    "name": "E",
    "authentication": {"url": "http://entrust:81", "command": "GET /certs/cacert.der"},
    "enrollment": {"url": "http://entrust:81/cgi", "command": "POST a=$P1&r=$REQ"},
    "parameters": [{"number": 1, "value": "aaaa-bbbb"}, {"number": 2, "value": "5001"}],
}


def test_profile_round_trip_and_parameter_change() -> None:
    assert PROFILES.parse("\n".join(PROFILES.render(PROFILE))) == [PROFILE]
    want = shape.complete(
        {**PROFILE, "parameters": [{"number": 1, "value": "aaaa-bbbb"}]}, PROFILES.options
    )
    assert commands(plan(PROFILES, "replaced", [want], [PROFILE])) == [
        "crypto pki profile enrollment E",
        "no parameter 2 value 5001",
    ]
    assert commands(plan(PROFILES, "deleted", [], [PROFILE])) == [
        "no crypto pki profile enrollment E"
    ]


def test_value_names_do_not_collide() -> None:
    for options in (TRUSTPOINTS.options, PROFILES.options):
        names = list(_leaf_names(options, ()))
        assert len(names) == len(set(names))


def _leaf_names(options, prefix):
    for key, spec in options.items():
        if spec.get("options"):
            yield from _leaf_names(spec["options"], (*prefix, key))
        else:
            yield shape.value_name((*prefix, key))
