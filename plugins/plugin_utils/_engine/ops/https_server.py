"""The router's HTTPS server and the trustpoint whose certificate it presents.

Two global lines, ``ip http secure-server`` and ``ip http secure-trustpoint TP``, read with
one filtered show command. The trustpoint must hold a router certificate (self-signed or
issued), or the server would come up without one.
"""

from __future__ import annotations

import re
from typing import Any

from .. import diff
from .. import validate as v
from ..config.saving import save_if_needed
from ..errors import ValidationError
from ..facts.trustpoint import gather
from ..steps import Step
from ..task import Task

GATHER_COMMAND = "show running-config | include ^ip http"
_SECURE_TRUSTPOINT = re.compile(r"^ip http secure-trustpoint (\S+)", re.MULTILINE)

VALUE_RULES: v.Rules = {"trustpoint": v.ios_name}


def read_state(text: str) -> dict[str, Any]:
    found = _SECURE_TRUSTPOINT.search(text)
    return {
        "secure_server": re.search(r"^ip http secure-server\s*$", text, re.MULTILINE) is not None,
        "trustpoint": found.group(1) if found else None,
    }


def plan(have: dict[str, Any], state: str, trustpoint: str | None) -> list[str]:
    if state == "absent":
        return ["no ip http secure-server"] if have["secure_server"] else []
    lines = []
    if have["trustpoint"] != trustpoint:
        lines.append(f"ip http secure-trustpoint {trustpoint}")
    if not have["secure_server"]:
        lines.append("ip http secure-server")
    return lines


def run(task: Task) -> dict[str, Any]:
    params = task.params
    have = read_state(task.session.show(GATHER_COMMAND))
    commands = plan(have, params["state"], params.get("trustpoint"))
    if commands and params["state"] == "present":
        facts = gather(task.session, params["trustpoint"])
        if facts.router is None and task.check_mode:
            task.warnings.append(
                f"trustpoint {facts.name} holds no router certificate yet (check mode: an "
                "earlier task would enroll it)"
            )
        elif facts.router is None:
            raise ValidationError(
                f"trustpoint {facts.name} holds no router certificate: enroll it first "
                "(netpki.ios.enroll)"
            )
    after = have
    if commands and not task.check_mode:
        task.session.configure([Step(line) for line in commands])
        after = read_state(task.session.show(GATHER_COMMAND))
        remaining = plan(after, params["state"], params.get("trustpoint"))
        if remaining:
            raise ValidationError(f"the router still needs {remaining} after the change")
    elif commands:
        after = _expected(params)
    save_if_needed(task, bool(commands))
    return {
        "changed": bool(commands),
        "commands": commands,
        "before": have,
        "after": after,
        "diff": diff.diff("running-config: ip http", _text(have), _text(after)),
    }


def _expected(params: dict[str, Any]) -> dict[str, Any]:
    if params["state"] == "absent":
        return {"secure_server": False, "trustpoint": None}
    return {"secure_server": True, "trustpoint": params["trustpoint"]}


def _text(state: dict[str, Any]) -> str:
    lines = ["ip http secure-server" if state["secure_server"] else "no ip http secure-server"]
    if state["trustpoint"]:
        lines.append(f"ip http secure-trustpoint {state['trustpoint']}")
    return "\n".join(lines) + "\n"
