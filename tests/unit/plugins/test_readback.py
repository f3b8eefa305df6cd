"""Every value we write reads back: render -> parse properties for each string option.

For every string option of trustpoints and enrollment profiles (found by walking the argspec,
so a new option cannot be forgotten):

- any text the checks accept renders to a line that the parser reads back as that same value;
- realistic values (as IOS documents them) are accepted;
- a value that does not read back is refused with the field's path, before connecting.

https_server's trustpoint name, the one other free value a module writes, is checked alike.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from ansible_collections.netpki.ios.plugins.module_utils import (
    enrollment_profiles_argspec,
    https_server_argspec,
    trustpoints_argspec,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine import validate as v
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.config import resources
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.config.readback import (
    check_reads_back,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.errors import ValidationError
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.ops import (
    enrollment_profiles as profiles,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.ops import (
    https_server,
    trustpoints,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

RESOURCES = {
    "trustpoints": (
        resources.TRUSTPOINTS,
        trustpoints_argspec.ARGUMENT_SPEC,
        trustpoints.VALUE_RULES,
    ),
    "enrollment_profiles": (
        resources.PROFILES,
        enrollment_profiles_argspec.ARGUMENT_SPEC,
        profiles.VALUE_RULES,
    ),
}


def string_options(options: Mapping[str, Any], prefix: tuple = ()) -> Iterator[tuple]:
    """Paths of the free-text options (``str`` without choices); a list index is ``0``."""
    for key, spec in options.items():
        path = (*prefix, key)
        kind = spec.get("type", "str")
        if kind == "dict" and spec.get("options"):
            yield from string_options(spec["options"], path)
        elif kind == "list" and spec.get("elements") == "dict":
            yield from string_options(spec["options"], (*path, 0))
        elif kind == "str" and not spec.get("choices"):
            yield path


def _id(part: Any) -> str:
    return part if isinstance(part, str) else ".".join(map(str, part))


OPTIONS = [
    (module, path)
    for module, (resource, _, _) in RESOURCES.items()
    for path in string_options(resource.options)
]


def _block(path: tuple, value: str) -> dict[str, Any]:
    """The smallest block holding ``value`` at ``path`` (plus what the argspec requires)."""
    block: dict[str, Any] = {"name": "TP"}
    node: Any = block
    for step, following in zip(path, [*path[1:], None], strict=True):
        if following is None:
            node[step] = value
        elif following == 0:
            node[step] = [{"number": 1}]  # a parameter item needs its number
            node = node[step]
        elif step == 0:
            node = node[0]
        else:
            node = node.setdefault(step, {})
    if path[:1] == ("rsakeypair",):
        block["rsakeypair"].setdefault("label", "KEY")
    return block


def _at(block: Mapping[str, Any] | None, path: tuple) -> Any:
    node: Any = block
    for step in path:
        if node is None:
            return None
        if step == 0:
            node = node[0] if node else None
        else:
            node = node.get(step)
    return node


def _accepted(module: str, block: dict[str, Any]) -> dict[str, Any] | None:
    """The checked block, or None when the checks refuse it (as the action would)."""
    resource, spec, rules = RESOURCES[module]
    try:
        checked = v.check_params({"config": [block]}, spec, rules)["config"]
        check_reads_back(resource, checked)
    except ValidationError:
        return None
    return checked[0]


def _read_back(module: str, block: dict[str, Any]) -> dict[str, Any] | None:
    resource = RESOURCES[module][0]
    parsed = resource.parse("\n".join(resource.render(block)) + "\n!\n")
    return parsed[0] if len(parsed) == 1 else None


# Text around what IOS lines are made of, and what breaks them: spaces, '|', '!', quotes.
_ANY_TEXT = st.one_of(
    st.text(alphabet=" \t|!#:/.,=-_@\\\"'aZ09", max_size=24),
    st.text(max_size=16),
    st.from_regex(r"[a-z]{1,8}( [a-z0-9|]{1,8}){0,3}", fullmatch=True),
)


@pytest.mark.parametrize(("module", "path"), OPTIONS, ids=_id)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_ANY_TEXT)
def test_an_accepted_value_reads_back_as_itself(module: str, path: tuple, text: str) -> None:
    checked = _accepted(module, _block(path, text))
    if checked is None:
        return  # refused before connecting: nothing is written
    assert _at(_read_back(module, checked), path) == _at(checked, path)


_WORD = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,15}", fullmatch=True)
_HOST = st.from_regex(r"[a-z][a-z0-9]{0,8}(\.[a-z][a-z0-9]{0,8}){1,3}", fullmatch=True)
_PORT = st.integers(1, 65535).map(str)
_URL = st.builds(
    lambda scheme, host, port, tail: f"{scheme}://{host}{port}{tail}",
    st.sampled_from(["http", "https", "tftp"]),
    _HOST,
    st.one_of(st.just(""), _PORT.map(":{}".format)),
    st.sampled_from(["", "/cgi-bin/pkiclient.exe", "/scep"]),
)
_INTERFACE = st.builds(
    "{}{}/{}".format,
    st.sampled_from(["GigabitEthernet", "Loopback", "Vlan"]),
    st.integers(0, 9),
    st.integers(0, 48),
)
_SUBJECT = st.builds(
    lambda cn, org, country: f"CN={cn}" + (f", O={org}" if org else "") + f", C={country}",
    _HOST,
    st.one_of(st.just(""), _WORD),
    st.sampled_from(["US", "DE", "fr"]),
)
_TEXT = st.from_regex(r"[A-Za-z0-9/.:_-]{1,10}( [A-Za-z0-9/.:_-]{1,10}){0,3}", fullmatch=True)
# Realistic values per option, as IOS documents them: each must be accepted and read back.
GOOD_VALUES = {
    ("trustpoints", ("name",)): _WORD,
    ("trustpoints", ("enrollment", "url")): _URL,
    ("trustpoints", ("enrollment", "profile")): _WORD,
    ("trustpoints", ("enrollment", "http_proxy")): st.builds("{} {}".format, _HOST, _PORT),
    # MD5 or SHA1: IOS compares a trustpoint fingerprint with nothing else (SHA-2 is refused)
    ("trustpoints", ("fingerprint",)): st.sampled_from([32, 40]).flatmap(
        lambda n: st.from_regex(f"[0-9a-fA-F]{{{n}}}", fullmatch=True)
    ),
    ("trustpoints", ("subject_name",)): _SUBJECT,
    ("trustpoints", ("subject_alt_name",)): _HOST,
    ("trustpoints", ("ip_address",)): st.one_of(
        st.ip_addresses().map(str), _INTERFACE, st.just("none")
    ),
    ("trustpoints", ("fqdn",)): st.one_of(_HOST, st.just("none")),
    ("trustpoints", ("password",)): st.from_regex(r"[A-Za-z0-9!#$%&*+-]{1,20}", fullmatch=True),
    ("trustpoints", ("rsakeypair", "label")): _WORD,
    ("trustpoints", ("eckeypair",)): _WORD,
    ("trustpoints", ("vrf",)): _WORD,
    ("trustpoints", ("ocsp", "url")): _URL.filter(lambda url: url.startswith("http://")),
    ("trustpoints", ("source_interface",)): _INTERFACE,
    ("trustpoints", ("storage",)): st.sampled_from(["flash:", "nvram:", "bootflash:certs"]),
    ("enrollment_profiles", ("name",)): _WORD,
    ("enrollment_profiles", ("authentication", "url")): _URL,
    ("enrollment_profiles", ("authentication", "command")): _TEXT,
    ("enrollment_profiles", ("enrollment", "url")): _URL,
    ("enrollment_profiles", ("enrollment", "command")): _TEXT,
    ("enrollment_profiles", ("enrollment", "credential")): _WORD,
    ("enrollment_profiles", ("parameters", 0, "value")): _TEXT,
}


def test_every_string_option_has_realistic_values() -> None:
    assert sorted(GOOD_VALUES) == sorted(OPTIONS)


@pytest.mark.parametrize(("module", "path"), OPTIONS, ids=_id)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_realistic_value_is_accepted_and_reads_back(module: str, path: tuple, data) -> None:
    value = data.draw(GOOD_VALUES[(module, path)])
    checked = _accepted(module, _block(path, value))
    assert checked is not None, value
    assert _at(_read_back(module, checked), path) == _at(checked, path)


@pytest.mark.parametrize(
    ("module", "block", "field"),
    [
        (
            "trustpoints",
            {"name": "TP", "enrollment": {"http_proxy": "proxy.example.com 8080 | include x"}},
            "config[0].enrollment.http_proxy",
        ),
        (
            "trustpoints",
            {"name": "TP", "enrollment": {"http_proxy": "proxy.example.com port 8080"}},
            "config[0].enrollment.http_proxy",
        ),
        (
            "trustpoints",
            {"name": "TP", "enrollment": {"http_proxy": "proxy.example.com 8080 8081"}},
            "config[0].enrollment.http_proxy",
        ),
    ],
)
def test_a_value_that_does_not_read_back_is_refused_with_its_path(
    module: str, block: dict, field: str
) -> None:
    resource, spec, rules = RESOURCES[module]
    checked = v.check_params({"config": [block]}, spec, rules)["config"]
    with pytest.raises(ValidationError) as refused:
        check_reads_back(resource, checked)
    assert refused.value.msg.startswith(f"{field}: ")
    assert "would not read back" in refused.value.msg


@settings(max_examples=200, deadline=None)
@given(name=st.one_of(_ANY_TEXT, _WORD))
def test_https_server_trustpoint_reads_back_when_accepted(name: str) -> None:
    """The other module that writes a free value: ``ip http secure-trustpoint NAME``."""
    try:
        checked = v.check_params(
            {"trustpoint": name, "state": "present"},
            https_server_argspec.ARGUMENT_SPEC,
            https_server.VALUE_RULES,
        )["trustpoint"]
    except ValidationError:
        return
    have = {"secure_server": True, "trustpoint": None}
    lines = https_server.plan(have, "present", checked)
    assert https_server.read_state("\n".join(lines))["trustpoint"] == checked
