"""netpki.ios.ca_server: the router's own CA, the IOS certificate server (``crypto pki
server NAME``), and the enrollment requests waiting on it.

Read: ``show running-config | section crypto pki server`` (the settings), ``show crypto pki
server NAME`` (running, and whether it has made its CA), and, when requests are to be granted
or rejected, ``show crypto pki server NAME requests``. Plan: the cs-server lines, then one
``crypto pki server NAME grant|reject ID`` per pending request chosen (never ``all``: a request
that arrives meanwhile is not granted unseen).

IOS locks a running server's settings (``Server's configuration is locked (enter "shut" to
unlock it)``), so a change to a running server is made between ``shutdown`` and ``no
shutdown``. The CA's own name and lifetime are fixed once it exists ("Some server settings
cannot be changed after CA certificate generation"): changing them is refused here, before
anything is sent.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .. import diff
from .. import validate as v
from ..config.saving import save_if_needed
from ..dialogs.tables import CERT_SERVER_REMOVE, CERT_SERVER_START
from ..errors import DeviceError, ValidationError, VerificationError
from ..facts import cert_server as facts
from ..masking import MASK
from ..steps import Step, commands
from ..task import Task


def _pattern(value: str, path: str) -> str:
    try:
        re.compile(value)
    except re.error as exc:
        raise v.fail(path, f"{value!r} is not a valid regular expression: {exc}") from exc
    return value


VALUE_RULES: v.Rules = {
    "name": v.ios_name,
    "issuer_name": v.distinguished_name,
    "lifetime.certificate": v.int_range(1, 1825),
    "lifetime.ca_certificate": v.int_range(1, 7305),
    "database.url": v.url,
    "auto_rollover": v.int_range(0, 3650),
    "passphrase": v.secret_word,
    "grant.ids": v.int_range(1, 2**31 - 1),
    "reject.ids": v.int_range(1, 2**31 - 1),
    "grant.subject": _pattern,
    "reject.subject": _pattern,
}

# The settings the CA certificate carries: fixed once the server has made it.
CA_BOUND = ("issuer_name", "lifetime_ca_certificate")


def run(task: Task) -> dict[str, Any]:
    params = task.params
    name, state = params["name"], params["state"]
    _check_selectors(params)
    have = _read(task, name)
    want = wanted_settings(params)
    steps = plan_server(name, have, want, state, params.get("passphrase"))
    chosen: dict[str, list[int]] = {"grant": [], "reject": []}
    requests = None
    if params.get("grant") or params.get("reject"):
        requests = facts.requests(task.session.show(facts.requests_command(name)))
        chosen = choose(requests, params.get("grant"), params.get("reject"), task.warnings)
    exec_lines = [
        f"crypto pki server {name} {action} {request_id}"
        for action in ("grant", "reject")
        for request_id in chosen[action]
    ]
    changed = bool(steps or exec_lines)
    after, after_requests = have, requests
    if changed and not task.check_mode:
        if steps:
            task.session.configure(steps, timeout=max(task.session.settings.command_timeout, 60))
        for line in exec_lines:
            output = task.session.show(line)
            if "%" in output:
                raise DeviceError(f"the router refused {line!r}: {output.strip()}")
            task.session.applied.append(line)
        after = _read(task, name)
        if plan_server(name, after, want, state, params.get("passphrase")):
            raise VerificationError(f"certificate server {name} is not as asked after the change")
        if requests is not None:
            after_requests = facts.requests(task.session.show(facts.requests_command(name)))
            _verify_requests(after_requests, chosen)
    elif changed:
        after = expected(name, have, want, state)
        after_requests = _expected_requests(requests, chosen)
    save_if_needed(task, bool(steps) and not task.check_mode)
    result: dict[str, Any] = {
        "changed": changed,
        "commands": commands(steps) + exec_lines,
        "server": after,
        "granted": chosen["grant"],
        "rejected": chosen["reject"],
        "diff": diff.diff(
            f"certificate server {name}",
            _text(name, have, requests),
            _text(name, after, after_requests),
        ),
    }
    if after_requests is not None:
        result["requests"] = after_requests
    return result


# ---------------------------------------------------------------- have


def _read(task: Task, name: str) -> dict[str, Any] | None:
    """The server's settings and status, or None when it is not configured."""
    settings = facts.configured(task.session.show(facts.CONFIG_COMMAND)).get(name)
    if settings is None:
        return None
    status = facts.statuses(task.session.show(f"{facts.STATUS_COMMAND} {name}"), _now()).get(name)
    return {**settings, **_status_fields(status)}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _status_fields(status: dict[str, Any] | None) -> dict[str, Any]:
    status = status or {}
    return {
        "status": status.get("status"),
        "ca_generated": bool(status.get("ca_generated")),
        "ca_not_after": status.get("ca_not_after"),
    }


# ---------------------------------------------------------------- want and plan


def wanted_settings(params: dict[str, Any]) -> dict[str, Any]:
    """The settings the task names (the others are left as the router has them)."""
    lifetime, database = params.get("lifetime") or {}, params.get("database") or {}
    want = {
        "issuer_name": params.get("issuer_name"),
        "grant_mode": params.get("grant_mode"),
        "lifetime_certificate": lifetime.get("certificate"),
        "lifetime_ca_certificate": lifetime.get("ca_certificate"),
        "database_url": database.get("url"),
        "database_level": database.get("level"),
        "auto_rollover": params.get("auto_rollover"),
    }
    return {field: value for field, value in want.items() if value is not None}


def _same(field: str, have: Any, want: Any) -> bool:
    if field == "issuer_name":
        return _dn_key(have) == _dn_key(want)
    if field == "auto_rollover":
        return (have or 0) == want
    return have == want


def _dn_key(text: str | None) -> list[str]:
    pairs = [part.split("=", 1) + [""] for part in (text or "").split(",")]
    return [f"{pair[0].strip().upper()}={pair[1].strip()}" for pair in pairs if pair[0].strip()]


def _setting_lines(field: str, value: Any) -> str:
    if field == "grant_mode":
        return "no grant auto" if value == "manual" else f"grant {value}"
    if field == "auto_rollover":
        return f"auto-rollover {value}" if value else "no auto-rollover"
    return {
        "issuer_name": "issuer-name {}",
        "lifetime_certificate": "lifetime certificate {}",
        "lifetime_ca_certificate": "lifetime ca-certificate {}",
        "database_url": "database url {}",
        "database_level": "database level {}",
    }[field].format(value)


def plan_server(
    name: str,
    have: dict[str, Any] | None,
    want: dict[str, Any],
    state: str,
    passphrase: str | None,
) -> list[Step]:
    """The config-mode steps from ``have`` to ``want`` and ``state``."""
    if state == "absent":
        return [Step(f"no crypto pki server {name}", CERT_SERVER_REMOVE)] if have else []
    current = have or {**facts.DEFAULTS, "shutdown": True, "ca_generated": False}
    changes = [f for f, value in want.items() if not _same(f, current.get(f), value)]
    locked = [f for f in changes if f in CA_BOUND and current["ca_generated"]]
    if locked:
        raise ValidationError(
            f"{', '.join(_OPTION_OF[f] for f in locked)}: certificate server {name} has made "
            "its CA certificate, which carries this setting; remove the server "
            "(state=absent) to start a new CA"
        )
    running = have is not None and not current["shutdown"]
    start = state == "started" and (not running or changes)
    stop = state == "stopped" and running
    if have is not None and not changes and not start and not stop:
        return []
    steps = [Step(f"crypto pki server {name}")]
    if running and changes:
        steps.append(Step("shutdown"))  # a running server's settings are locked
    steps += [Step(_setting_lines(f, want[f])) for f in changes]
    if start:
        steps.append(_start_step(name, current["ca_generated"], passphrase))
    elif stop and not changes:
        steps.append(Step("shutdown"))
    return steps


_OPTION_OF = {"issuer_name": "issuer_name", "lifetime_ca_certificate": "lifetime.ca_certificate"}


def _start_step(name: str, ca_generated: bool, passphrase: str | None) -> Step:
    if ca_generated:
        return Step("no shutdown", CERT_SERVER_START)
    if not passphrase:
        raise ValidationError(
            f"passphrase: required to start certificate server {name} for the first time "
            "(IOS asks for it to protect the CA's private key)"
        )
    return Step(
        "no shutdown",
        CERT_SERVER_START,
        answers={"passphrase": passphrase},
        expected_answers=(MASK, MASK),
    )


def expected(
    name: str, have: dict[str, Any] | None, want: dict[str, Any], state: str
) -> dict[str, Any] | None:
    """What the server would be after the plan (check mode)."""
    if state == "absent":
        return None
    after = dict(have or {"name": name, **facts.DEFAULTS, "status": None, "ca_generated": False})
    after.update(want)
    after["shutdown"] = state == "stopped"
    return after


# ---------------------------------------------------------------- requests


def _check_selectors(params: dict[str, Any]) -> None:
    grant, reject = params.get("grant") or {}, params.get("reject") or {}
    if (grant or reject) and params["state"] != "started":
        raise ValidationError("grant, reject: the server must be started (state=started)")
    both = set(grant.get("ids") or []) & set(reject.get("ids") or [])
    if both:
        raise ValidationError(f"grant.ids, reject.ids: both name request {sorted(both)}")
    if grant.get("all") and reject.get("all"):
        raise ValidationError("grant.all, reject.all: only one of them can take every request")


def choose(
    requests: list[dict[str, Any]],
    grant: dict[str, Any] | None,
    reject: dict[str, Any] | None,
    warnings: list[str],
) -> dict[str, list[int]]:
    """The pending requests to grant and to reject. A request already in the wanted state is
    left alone (that is what makes a second run change nothing); one that is neither pending
    nor known is a warning."""
    chosen: dict[str, list[int]] = {"grant": [], "reject": []}
    done_state = {"grant": "granted", "reject": "rejected"}
    by_id = {request["id"]: request for request in requests}
    for action, selector in (("reject", reject), ("grant", grant)):
        if not selector:
            continue
        for request_id in selector.get("ids") or []:
            request = by_id.get(request_id)
            if request is None:
                warnings.append(f"{action}: no request {request_id} in the server's database")
            elif request["state"] not in ("pending", done_state[action]):
                warnings.append(f"{action}: request {request_id} is {request['state']}")
        taken = set(chosen["reject"])
        for request in requests:
            if request["state"] == "pending" and request["id"] not in taken:
                if _selected(request, selector):
                    chosen[action].append(request["id"])
        chosen[action].sort()
    return chosen


def _selected(request: dict[str, Any], selector: dict[str, Any]) -> bool:
    if selector.get("all") or request["id"] in (selector.get("ids") or []):
        return True
    pattern = selector.get("subject")
    return bool(pattern) and re.search(pattern, request["subject"] or "") is not None


def _verify_requests(after: list[dict[str, Any]], chosen: dict[str, list[int]]) -> None:
    still = [r["id"] for r in after if r["state"] == "pending"]
    left = sorted(set(still) & set(chosen["grant"] + chosen["reject"]))
    if left:
        raise VerificationError(f"requests {left} are still pending after the grant/reject")


def _expected_requests(
    requests: list[dict[str, Any]] | None, chosen: dict[str, list[int]]
) -> list[dict[str, Any]] | None:
    if requests is None:
        return None
    states = {i: "granted" for i in chosen["grant"]} | {i: "rejected" for i in chosen["reject"]}
    return [{**r, "state": states.get(r["id"], r["state"])} for r in requests]


# ---------------------------------------------------------------- diff


def _text(name: str, server: dict[str, Any] | None, requests: list[dict[str, Any]] | None) -> str:
    if server is None:
        return diff.described(f"crypto pki server {name}", None)
    fields = {
        field: server.get(field)
        for field in (
            "issuer_name",
            "grant_mode",
            "lifetime_certificate",
            "lifetime_ca_certificate",
            "database_url",
            "database_level",
            "auto_rollover",
        )
    }
    fields["running"] = not server.get("shutdown")
    text = diff.described(f"crypto pki server {name}", fields)
    for request in requests or []:
        text += f"  request {request['id']}: {request['state']} {request['subject'] or ''}\n"
    return text
