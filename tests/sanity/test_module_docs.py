"""Module documentation as ansible-doc reads it: fragments resolve, EXAMPLES run as written.

`ansible-test sanity` (validate-modules) checks the docs against the argspec; this adds what it
does not: every EXAMPLES task names a real module by FQCN with options that module accepts, and
the action group holds every module that talks to a router.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
MODULES = sorted(p.stem for p in (REPO / "plugins" / "modules").glob("*.py"))
# Runs on the controller over registered results and contacts no router (meta/runtime.yml).
CONTROLLER_ONLY = {"audit_report"}
OTHER_ACTIONS = {
    "ansible.builtin.assert",
    "ansible.builtin.debug",
    "community.crypto.x509_certificate_pipe",
}
TASK_KEYWORDS = {
    "name",
    "register",
    "when",
    "delegate_to",
    "check_mode",
    "diff",
    "run_once",
    "ignore_errors",
}


@cache
def _docs() -> dict[str, Any]:
    ansible_doc = Path(sys.executable).with_name("ansible-doc")
    names = [f"netpki.ios.{m}" for m in MODULES]
    out = subprocess.run(
        [str(ansible_doc), "--json", *names],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env={**os.environ, "ANSIBLE_NOCOLOR": "1"},
    )
    return json.loads(out.stdout)


def _tasks(examples: list[dict]) -> list[dict]:
    flat = []
    for task in examples:
        flat.extend(_tasks(task["block"]) if "block" in task else [task])
    return flat


def _unknown_options(spec: dict, args: dict, path: str = "") -> list[str]:
    unknown = []
    for key, value in args.items():
        if key not in spec:
            unknown.append(path + key)
            continue
        sub = spec[key].get("options")
        items = value if isinstance(value, list) else [value]
        for item in items:
            if sub and isinstance(item, dict):
                unknown += _unknown_options(sub, item, f"{path}{key}.")
    return unknown


@pytest.mark.parametrize("module", MODULES)
def test_doc_resolves_fragments(module: str) -> None:
    doc = _docs()[f"netpki.ios.{module}"]["doc"]
    assert {"action", "async", "check_mode", "diff_mode", "platform"} <= set(doc["attributes"])
    assert doc["author"] == ["netpki.ios maintainers (@netpki)"]
    if module not in CONTROLLER_ONLY:
        assert any("ansible_become_password" in note for note in doc["notes"])


@pytest.mark.parametrize("module", MODULES)
def test_examples_use_real_modules_and_options(module: str) -> None:
    examples = yaml.safe_load(_docs()[f"netpki.ios.{module}"]["examples"])
    assert examples, "no examples"
    used_self = False
    for task in _tasks(examples):
        (action,) = set(task) - TASK_KEYWORDS
        if action in OTHER_ACTIONS:
            continue
        assert action.startswith("netpki.ios."), action
        name = action.removeprefix("netpki.ios.")
        assert name in MODULES, action
        used_self |= name == module
        argspec = importlib.import_module(
            f"ansible_collections.netpki.ios.plugins.module_utils.{name}_argspec"
        )
        assert _unknown_options(argspec.ARGUMENT_SPEC, task[action] or {}) == [], task["name"]
    assert used_self


def test_action_group_holds_every_device_module() -> None:
    runtime = yaml.safe_load((REPO / "meta" / "runtime.yml").read_text())
    assert runtime["requires_ansible"] == ">=2.19.0"
    assert sorted(runtime["action_groups"]["pki"]) == sorted(set(MODULES) - CONTROLLER_ONLY)


def test_fleet_audit_documents_the_report_as_audit_report_does() -> None:
    """The two modules return the same report keys, written by the same code
    (``ops.audit_report.write_report``): their RETURN copies must stay equal."""
    audit_report = _docs()["netpki.ios.audit_report"]["return"]
    fleet_audit = _docs()["netpki.ios.fleet_audit"]["return"]
    assert set(fleet_audit) == set(audit_report) | {"failed_hosts"}
    for key in audit_report:
        assert fleet_audit[key] == audit_report[key], key
    options = _docs()["netpki.ios.fleet_audit"]["doc"]["options"]
    report_options = _docs()["netpki.ios.audit_report"]["doc"]["options"]
    assert set(options) == set(report_options) - {"results", "slice_reports"} | {"concurrency"}
