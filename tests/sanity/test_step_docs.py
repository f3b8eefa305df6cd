"""netpki.ios.enrollment takes its steps' options from the single-step modules: the argspec
imports theirs (plugins/module_utils/enrollment_argspec.py), the value rules are theirs under
the step's key, and the DOCUMENTATION copy (tools/generate_step_docs.py) is current."""

from __future__ import annotations

import sys

import pytest
import yaml
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible_collections.netpki.ios.plugins.module_utils import (
    ca_authenticate_argspec,
    crypto_keys_argspec,
    enroll_argspec,
    enrollment_argspec,
    trustpoints_argspec,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine import validate
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.errors import ValidationError
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.ops import (
    ca_authenticate,
    crypto_keys,
    enroll,
    enrollment,
    trustpoints,
)
from return_docs_check import REPO

sys.path.insert(0, str(REPO / "tools"))
import generate_step_docs as generator  # noqa: E402

SPEC = enrollment_argspec.ARGUMENT_SPEC
PIN = "CC594608 A263E8E2 FC43F9C3 D784785D FFB3EE31"


def test_generated_step_docs_are_current() -> None:
    assert [str(p.relative_to(REPO)) for p in generator.stale_files()] == [], "make generate"


@pytest.mark.parametrize(
    ("step", "single", "left_out"),
    [
        ("key", crypto_keys_argspec.ARGUMENT_SPEC, {"state", "save_when"}),
        ("ca", ca_authenticate_argspec.ARGUMENT_SPEC, {"trustpoint", "save_when"}),
        ("enroll", enroll_argspec.ARGUMENT_SPEC, {"trustpoint", "save_when"}),
    ],
)
def test_each_step_takes_its_modules_options(step: str, single: dict, left_out: set) -> None:
    options = SPEC[step]["options"]
    assert set(options) == set(single) - left_out
    assert all(options[name] is single[name] for name in options)  # the same objects


def test_the_trustpoint_is_one_trustpoints_config_item() -> None:
    assert SPEC["trustpoint"]["options"] is trustpoints_argspec.TRUSTPOINT_OPTIONS
    item = trustpoints_argspec.ARGUMENT_SPEC["config"]
    assert SPEC["trustpoint"]["mutually_exclusive"] == item["mutually_exclusive"]


@pytest.mark.parametrize(
    ("step", "operation", "prefix"),
    [
        ("key", crypto_keys, ""),
        ("trustpoint", trustpoints, "config."),
        ("ca", ca_authenticate, ""),
        ("enroll", enroll, ""),
    ],
)
def test_value_rules_are_the_steps_own_under_its_key(step, operation, prefix) -> None:
    mine = {
        name.removeprefix(f"{step}."): rule
        for name, rule in enrollment.VALUE_RULES.items()
        if name.startswith(f"{step}.")
    }
    theirs = {
        name.removeprefix(prefix): rule
        for name, rule in operation.VALUE_RULES.items()
        if name != "trustpoint"
    }
    assert mine == theirs


def _option_paths(options: dict, prefix: str = "") -> set[str]:
    paths = set()
    for name, option in options.items():
        paths.add(prefix + name)
        paths |= _option_paths(option.get("options") or {}, f"{prefix}{name}.")
    return paths


def test_every_value_rule_names_an_option() -> None:
    assert set(enrollment.VALUE_RULES) <= _option_paths(SPEC)


def test_the_documented_options_are_the_argspec() -> None:
    text = (REPO / "plugins" / "modules" / "enrollment.py").read_text()
    documented = yaml.safe_load(text.split('DOCUMENTATION = r"""')[1].split('"""')[0])["options"]

    def names(docs: dict) -> dict:
        return {k: names(v.get("suboptions") or {}) for k, v in docs.items()}

    def spec_names(spec: dict) -> dict:
        return {k: spec_names(v.get("options") or {}) for k, v in spec.items()}

    documented["save_when"] = {}  # from the router_change fragment
    assert names(documented) == spec_names(SPEC)


def test_references_are_rewritten_for_where_they_stand() -> None:
    key = generator.step_docs("key")
    assert "RV(netpki.ios.crypto_keys#module:commands)" in str(key["timeout"])
    ca = str(generator.step_docs("ca"))
    assert "O(ca.ca_certificate)" in ca and "O(ca_certificate)" not in ca
    assert "O(netpki.ios.pki_info#module:expected_ca_fingerprints)" in ca  # another module's
    enroll_docs = str(generator.step_docs("enroll"))
    assert "O(enroll.force)" in enroll_docs and "O(force)" not in enroll_docs
    with pytest.raises(generator.MarkerError, match="no counterpart"):
        generator._references("see O(nowhere)", "key", "crypto_keys", {"label"})


def _params(**args) -> dict:
    base = {"trustpoint": {"name": "TP", "rsakeypair": {"label": "TP"}}, **args}
    outcome = ArgumentSpecValidator(SPEC).validate(base)
    assert outcome.error_messages == []
    return validate.check_params(outcome.validated_parameters, SPEC, enrollment.VALUE_RULES)


def test_step_params_are_the_single_step_modules_params() -> None:
    steps = enrollment.step_params(_params(key={"label": "TP"}, ca={"fingerprint": PIN}))
    assert list(steps) == ["key", "trustpoint", "ca", "enroll"]  # the order they run in
    assert (
        ArgumentSpecValidator(crypto_keys_argspec.ARGUMENT_SPEC)
        .validate(steps["key"])
        .error_messages
        == []
    )
    assert steps["ca"]["trustpoint"] == steps["enroll"]["trustpoint"] == "TP"
    assert steps["trustpoint"]["config"][0]["name"] == "TP"
    # The defaults of a left-out enroll: the renewal window is RenewalWindow's (30 days).
    assert steps["enroll"]["force"] is False and steps["enroll"]["renew_before_days"] is None
    assert {params["save_when"] for params in steps.values()} == {"never"}  # saved once


def test_steps_left_out_do_not_run() -> None:
    assert list(enrollment.step_params(_params())) == ["trustpoint", "enroll"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"key": {"label": "TP", "size": 100}}, "key.size: "),
        ({"key": {"label": "OTHER"}}, "key.label: 'OTHER' is not the key pair"),
        ({"key": {"label": "TP", "type": "ec"}}, "key.type: ec does not go with"),
        ({"ca": {}}, "ca.fingerprint or ca_certificate is required"),
        ({"ca": {"fingerprint": "12"}}, "ca.fingerprint: "),
        ({"enroll": {"wait_timeout": 0}}, "enroll.wait_timeout: "),
        ({"trustpoint": {"name": "TP", "enrollment": {"pem": True}}}, "trustpoint.enrollment.pem"),
    ],
)
def test_bad_values_name_the_field_under_its_step(args: dict, message: str) -> None:
    with pytest.raises(ValidationError) as raised:
        enrollment.check_before_connecting(enrollment.step_params(_params(**args)))
    assert message in raised.value.msg
