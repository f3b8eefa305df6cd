"""Support for the hostile-input tests: every module's argspec, and its real action plugin.

- ``action_modules()`` finds every ``plugins/action/*.py`` of the collection, so a module added
  later is covered without touching the tests.
- ``string_options(spec)`` lists the path of every string option of an argspec (nested dicts,
  list elements), which the tests fill with hostile text.
- ``run_action(name, args)`` runs the module's real action plugin the way ansible-playbook does
  (real Task, PlayContext, DataLoader, Templar and ``local`` connection), with no inventory, so
  any attempt to reach a device fails as a missing credential instead of connecting.
"""

from __future__ import annotations

import copy
import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ansible.parsing.dataloader import DataLoader
from ansible.playbook.play_context import PlayContext
from ansible.playbook.task import Task
from ansible.plugins.loader import connection_loader
from ansible.template import Templar

REPO = Path(__file__).resolve().parents[3]
ACTION_PACKAGE = "ansible_collections.netpki.ios.plugins.action"
LIST_ITEM = "[]"  # path marker: the option is a list of strings, the value goes in as one item

# Valid arguments each module starts from (hostile text then replaces one option). Modules not
# listed get their required options filled by ``_generated_baseline``.
BASELINES: dict[str, dict[str, Any]] = {
    "trustpoints": {"state": "rendered", "config": [{"name": "TP-HOSTILE"}]},
    "enrollment_profiles": {"state": "rendered", "config": [{"name": "PROFILE-HOSTILE"}]},
    "ca_authenticate": {"trustpoint": "TP-HOSTILE", "fingerprint": "0123456789ABCDEF" * 2},
    "enroll": {"trustpoint": "TP-HOSTILE"},
    "certificate_import": {
        "trustpoint": "TP-HOSTILE",
        "pkcs12": {"url": "tftp://192.0.2.5/r1.p12", "passphrase": "p12-Passphrase"},
    },
    "https_server": {"trustpoint": "TP-HOSTILE"},
    "trustpool": {"policy": {"revocation_check": ["crl"]}},
    "enrollment": {
        "trustpoint": {"name": "TP-HOSTILE"},
        "ca": {"fingerprint": "0123456789ABCDEF" * 2},
    },
    "audit_report": {"results": {}, "dest": "reports"},  # relative: tests run it in a tmp dir
}
_SAMPLE_BY_TYPE = {"str": "NETPKI-HOSTILE", "int": 1, "bool": False, "list": [], "dict": {}}


@dataclass(frozen=True)
class StringOption:
    path: tuple[Any, ...]  # ("config", 0, "enrollment", "url") or ("config", 0, "usage", "[]")
    spec: dict[str, Any]

    @property
    def leaf(self) -> str:
        return next(p for p in reversed(self.path) if isinstance(p, str) and p != LIST_ITEM)

    @property
    def dotted(self) -> str:
        return ".".join(str(p) for p in self.path if p != LIST_ITEM)


def action_modules() -> dict[str, type]:
    """Module name -> ActionModule class, for every action plugin in the collection."""
    found = {}
    for path in sorted((REPO / "plugins" / "action").glob("*.py")):
        if path.name.startswith("_"):
            continue
        module = importlib.import_module(f"{ACTION_PACKAGE}.{path.stem}")
        found[path.stem] = module.ActionModule
    return found


def string_options(spec: dict[str, Any], prefix: tuple[Any, ...] = ()) -> list[StringOption]:
    options = []
    for name, option in spec.items():
        kind = option.get("type", "str")
        path = (*prefix, name)
        if kind == "dict" and option.get("options"):
            options += string_options(option["options"], path)
        elif kind == "list" and option.get("elements") == "dict" and option.get("options"):
            options += string_options(option["options"], (*path, 0))
        elif kind == "list" and option.get("elements", "str") == "str":
            options.append(StringOption((*path, LIST_ITEM), option))
        elif kind in ("str", "raw"):  # not "path": a controller file location, never CLI text
            options.append(StringOption(path, option))
    return options


def baseline(name: str, action: type) -> dict[str, Any]:
    return copy.deepcopy(BASELINES.get(name) or _generated_baseline(action.ARGUMENT_SPEC))


def _generated_baseline(spec: dict[str, Any]) -> dict[str, Any]:
    return {
        key: copy.deepcopy(_SAMPLE_BY_TYPE.get(option.get("type", "str"), "x"))
        for key, option in spec.items()
        if option.get("required")
    }


def with_value(
    args: dict[str, Any], option: StringOption, value: str, spec: dict[str, Any]
) -> dict[str, Any]:
    """A copy of ``args`` with ``value`` placed at the option's path.

    Containers on the way are created, with their other required options filled in, so the
    only questionable value in the result is ``value``.
    """
    result = copy.deepcopy(args)
    node: Any = result
    options: dict[str, Any] = spec
    path = option.path
    for step, following in zip(path, path[1:], strict=False):
        if following == LIST_ITEM:
            node[step] = [value]
            return result
        if isinstance(step, int):
            while len(node) <= step:
                node.append(_generated_baseline(options))
            node = node[step]
            continue
        sub = options[step]
        options = sub.get("options", {})
        if step not in node or node[step] is None:
            node[step] = [] if isinstance(following, int) else _generated_baseline(options)
        node = node[step]
    node[path[-1]] = value
    return result


def value_at(params: dict[str, Any], option: StringOption) -> Any:
    node: Any = params
    for step in option.path:
        if step == LIST_ITEM:
            return node
        node = node[step]
    return node


def make_action(action: type, name: str, args: dict[str, Any], check_mode: bool = False) -> Any:
    task = Task()
    task.action = f"netpki.ios.{name}"
    task.args = args
    task.check_mode = check_mode
    task.run_once = action.PER_HOST_PARAMS is not None  # fleet_audit refuses to run otherwise
    play_context = PlayContext()
    play_context.check_mode = check_mode
    loader = DataLoader()
    connection = connection_loader.get("local", play_context, None)
    return action(task, connection, play_context, loader, Templar(loader=loader), None)


def run_action(action: type, name: str, args: dict[str, Any]) -> dict[str, Any]:
    """The task result, run with no inventory variables (nothing can be reached)."""
    return make_action(action, name, args).run(task_vars={})
