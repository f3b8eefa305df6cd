"""netpki.ios.enrollment: a trustpoint's whole enrollment chain in one task and one SSH session.

The steps are the single-step modules' own operations, run in order on tasks that borrow this
task's session (``Task.step``): ``key`` (crypto_keys), ``trustpoint`` (trustpoints, merged),
``ca`` (ca_authenticate) and ``enroll`` (enroll). Each step's values are checked, and the ones
a step checks before connecting too, before the first step runs. The first failing step stops
the chain; the error names it, the steps done before it, and (through the action base) every
line the router took in the session. The configuration is saved once, at the end.

Check mode: every step plans from what the router holds, so a later step is told what the
earlier ones would have done where that changes its plan (``_after_earlier_steps``), or says
that it cannot know.

Shared between the steps: their reads, while nothing is sent to the router. ``trustpoint``
reads the whole ``crypto pki`` section; ``ca`` and ``enroll`` take their trustpoint's facts
from that read (``gather(..., reuse=True)``), and read the trustpoint's own section again only
after a step sent something. A no-change run sends two show commands (the key pairs, and the
``crypto pki`` section).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from types import ModuleType
from typing import Any

from .. import diff
from .. import validate as v
from ..config.readback import check_reads_back
from ..config.resources import TRUSTPOINTS
from ..config.saving import save_if_needed
from ..errors import NetpkiError, ValidationError
from ..task import Task
from . import ca_authenticate, crypto_keys, enroll, trustpoints

OPERATIONS: dict[str, ModuleType] = {
    "key": crypto_keys,
    "trustpoint": trustpoints,
    "ca": ca_authenticate,
    "enroll": enroll,
}
# What a step's own messages call the trustpoint block: ``config[0]`` (trustpoints).
_BLOCK_PATH = re.compile(r"^config\[0\]")


def _step_rules(key: str, rules: v.Rules) -> v.Rules:
    """A step's rules under its key: ``label`` -> ``key.label``, and a trustpoints rule
    ``config.enrollment.url`` -> ``trustpoint.enrollment.url``. The steps' ``trustpoint``
    option is not theirs here: the name is given once, in ``trustpoint.name``."""
    return {
        f"{key}.{name.removeprefix('config.')}": rule
        for name, rule in rules.items()
        if name != "trustpoint"
    }


VALUE_RULES: v.Rules = {
    name: rule
    for key, operation in OPERATIONS.items()
    for name, rule in _step_rules(key, operation.VALUE_RULES).items()
}


def step_params(params: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The parameters of each step's single-step module, by step key, for the steps given
    (``trustpoint`` and ``enroll`` always run), in the order they run."""
    name = params["trustpoint"]["name"]
    steps: dict[str, dict[str, Any]] = {}
    if params.get("key") is not None:
        steps["key"] = {**params["key"], "state": "present", "save_when": "never"}
    steps["trustpoint"] = {
        "config": [params["trustpoint"]],
        "running_config": None,
        "state": "merged",
        "save_when": "never",
    }
    if params.get("ca") is not None:
        steps["ca"] = {**params["ca"], "trustpoint": name, "save_when": "never"}
    steps["enroll"] = {**(params.get("enroll") or {}), "trustpoint": name, "save_when": "never"}
    return steps


def check_before_connecting(steps: dict[str, dict[str, Any]]) -> None:
    """What each step checks before it connects, done for all of them before the first one
    runs, and that the key pair made is the one the trustpoint uses."""
    config = steps["trustpoint"]["config"]
    _in_step("trustpoint", lambda: trustpoints.check_combinations(config), config[0])
    _in_step("trustpoint", lambda: check_reads_back(TRUSTPOINTS, config), config[0])
    if "key" in steps:
        want = _in_step("key", lambda: crypto_keys.wanted(steps["key"]), steps["key"])
        _check_key_is_the_trustpoints(want, config[0])
    if "ca" in steps:
        _in_step("ca", lambda: ca_authenticate.pins_from_params(steps["ca"]), steps["ca"])


def _check_key_is_the_trustpoints(want: crypto_keys.KeyPair, block: dict[str, Any]) -> None:
    rsa = (block.get("rsakeypair") or {}).get("label")
    ec = block.get("eckeypair")
    named = rsa or ec
    if named and named != want.label:
        option = "rsakeypair.label" if rsa else "eckeypair"
        raise ValidationError(
            f"key.label: {want.label!r} is not the key pair the trustpoint uses "
            f"(trustpoint.{option} is {named!r})"
        )
    if (rsa and want.type != "rsa") or (ec and want.type != "ec"):
        option = "rsakeypair" if rsa else "eckeypair"
        raise ValidationError(
            f"key.type: {want.type} does not go with trustpoint.{option}: "
            f"use trustpoint.{'eckeypair' if rsa else 'rsakeypair'}"
        )


def _in_step(key: str, check: Callable[[], Any], options: dict[str, Any]) -> Any:
    """Run a step's own check (``options``: the step's parameters); its error names the
    option under the step's key."""
    try:
        return check()
    except ValidationError as error:
        raise ValidationError(_named(key, error.msg, options)) from error


def _named(key: str, message: str, options: dict[str, Any]) -> str:
    if _BLOCK_PATH.match(message):
        return _BLOCK_PATH.sub("trustpoint", message)
    first = re.match(r"[a-z_]+", message)
    if first and first.group() in options:
        return f"{key}.{message}"
    return f"{key}: {message}"


def run(task: Task) -> dict[str, Any]:
    steps = step_params(task.params)
    check_before_connecting(steps)
    results: dict[str, dict[str, Any]] = {}
    for key, params in steps.items():
        step = task.step(params)
        try:
            result = OPERATIONS[key].run(step)
        except NetpkiError as error:
            raise _failed(task, key, error, results) from error
        finally:
            task.warnings += [f"{key}: {warning}" for warning in step.warnings]
        result.setdefault("changed", False)
        if step.warnings:
            result["warnings"] = step.warnings
        if task.check_mode:
            result = _after_earlier_steps(key, result, results, steps)
        results[key] = result
    changed = any(result["changed"] for result in results.values())
    save_if_needed(task, changed)
    return {
        "changed": changed,
        "trustpoint": steps["trustpoint"]["config"][0]["name"],
        "steps": results,
        "commands": [line for result in results.values() for line in result["commands"]],
        "diff": [result.pop("diff") for result in results.values() if "diff" in result],
    }


def _failed(
    task: Task, key: str, error: NetpkiError, results: dict[str, dict[str, Any]]
) -> NetpkiError:
    """The step's error, saying which steps ran before it; the action base adds the lines
    the router took (``commands``)."""
    done = ", ".join(
        f"{name} ({'changed' if result['changed'] else 'no change'})"
        for name, result in results.items()
    )
    message = f"step {key} failed: {error.msg}; steps done before it: {done or 'none'}"
    if task.applied:
        message += "; the configuration was not saved"
    reported = type(error)(message, error.transcript_tail)
    earlier_changed = any(result["changed"] for result in results.values())
    reported.rolled_back = error.rolled_back and not earlier_changed
    reported.may_have_applied = error.may_have_applied
    for result in results.values():
        result.pop("diff", None)
    reported.details = {"failed_step": key, "steps": results}
    return reported


# --- check mode: what the earlier steps would have done ------------------------------------


def _after_earlier_steps(
    key: str,
    result: dict[str, Any],
    earlier: dict[str, dict[str, Any]],
    steps: dict[str, dict[str, Any]],
) -> dict[str, Any]:
    """``enroll``'s check-mode plan, corrected for what the earlier steps would change: it
    read a router on which they did nothing.

    - a key pair that would be replaced takes the router certificate issued for it along, so
      the trustpoint that uses it would enroll again;
    - a CA certificate that would be installed or replaced leaves it unknown whether the
      router certificate chains to it.
    """
    if key != "enroll" or result["changed"]:
        return result
    name = steps["enroll"]["trustpoint"]
    block = steps["trustpoint"]["config"][0]
    key_changed = earlier.get("key", {}).get("changed")
    if key_changed and steps["key"]["label"] in _key_labels(block):
        return _replanned(
            result,
            name,
            "would_enroll",
            f"the key pair {steps['key']['label']} would be replaced, and the router "
            "certificate issued for it with it",
            diff.certificate(
                diff.ROUTER_CERTIFICATE,
                "a new one for the new key pair (its serial and dates are set by the CA "
                "or the router)",
            ),
        )
    if key_changed or earlier.get("ca", {}).get("changed"):
        what = "key pair" if key_changed else "CA certificate"
        return _replanned(
            result,
            name,
            "unknown_in_check_mode",
            f"the {what} would change first: whether the router certificate still fits "
            "is known only then",
            diff.certificate(
                diff.ROUTER_CERTIFICATE,
                f"unknown in check mode (the {what} of trustpoint {name} would change first)",
            ),
        )
    return result


def _key_labels(block: dict[str, Any]) -> set[str]:
    return {(block.get("rsakeypair") or {}).get("label"), block.get("eckeypair")} - {None}


def _replanned(
    result: dict[str, Any], name: str, state: str, reason: str, after: str
) -> dict[str, Any]:
    before = (result.get("diff") or {}).get("before", "")
    replanned = {
        "trustpoint": name,
        "changed": True,
        "commands": [f"crypto pki enroll {name}"],
        "state": state,
        "reason": reason,
        "diff": diff.trustpoint_diff(name, before, after),
    }
    if "warnings" in result:
        replanned["warnings"] = result["warnings"]
    return replanned
