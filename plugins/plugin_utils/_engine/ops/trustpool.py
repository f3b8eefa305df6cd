"""netpki.ios.trustpool: the PKI trustpool's CA certificates and its policy.

The certificates come from a bundle at a URL (``crypto pki trustpool import url``) or pasted
(``... import terminal``, from ``ca_bundle``). A URL's bundle is fetched by the controller
first and every certificate in it must match one of ``fingerprints``, or the task fails
before anything reaches the router; ``accept_unverified`` is the explicit opt-out, with a
warning naming what was accepted. After the import the trustpool is read again: the bundle's
certificates must be there, and a certificate that appeared without being in the verified
bundle (the router got another answer from the URL) makes the task clean the downloaded
certificates (``crypto pki trustpool import clean``) and fail.

Idempotent from ``show crypto pki trustpool``: a certificate is there when a trustpool
certificate has its serial and issuer CN; nothing is imported when all are. ``exclusive``
also removes downloaded certificates that are not in the bundle (``import clean``).
``state: clean`` removes every downloaded certificate. The policy
(``crypto pki trustpool policy``) is read from the running configuration.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .. import diff
from .. import validate as v
from ..config.saving import save_if_needed
from ..dialogs.tables import TRUSTPOOL_IMPORT_TERMINAL, TRUSTPOOL_IMPORT_URL
from ..errors import ValidationError, VerificationError
from ..facts.trustpool import TRUSTPOOL_COMMAND, trustpool_facts
from ..steps import Step
from ..steps import commands as step_commands
from ..task import Task
from ..x509.bundle import fetch_bundle
from ..x509.certs import (
    certificate_fingerprint,
    certificate_matches_fingerprint,
    certificate_summary,
    certificate_to_pem,
    load_certificates,
    normalize_fingerprint,
    require_ca,
    serial_hex,
)

if TYPE_CHECKING:
    from cryptography import x509

POLICY_COMMAND = "show running-config | section crypto pki trustpool"
VALUE_RULES: v.Rules = {
    "url": v.url,
    "fingerprints": v.ca_fingerprint,
    "policy.cabundle_url": lambda value, path: v.url(value, path) if value else value,
    "policy.match_certificates.map": v.ios_name,
}
MULTILINE_OPTIONS = frozenset({"ca_bundle"})
_POLICY_LINE = re.compile(r"^\s+(cabundle url|revocation-check|match certificate)\s+(.*\S)\s*$")


# ---------------------------------------------------------------- what the task wants


def wanted_bundle(params: Mapping[str, Any], warnings: list[str]) -> list[x509.Certificate] | None:
    """The bundle's certificates, verified against the pins; None when no bundle is asked.

    Runs before connecting: a bad PEM, an unreachable URL or an unpinned certificate fails
    the task with nothing sent to the router.
    """
    url, pem = params.get("url"), params.get("ca_bundle")
    if url and pem:
        raise ValidationError("url and ca_bundle are mutually exclusive: give one")
    if not url and not pem:
        return None
    pins = [
        normalize_fingerprint(p, f"fingerprints[{i}]")
        for i, p in enumerate(params.get("fingerprints") or [])
    ]
    weak = [str(pin) for pin in pins if pin.algorithm == "md5"]
    if weak:
        raise ValidationError(f"fingerprints: MD5 cannot pin a CA ({', '.join(weak)}): give SHA256")
    if url and not pins and not params.get("accept_unverified"):
        raise ValidationError(
            "fingerprints: a bundle from url must be pinned: list the SHA256 fingerprints of "
            "the CA certificates it holds, or set accept_unverified: true to trust whatever "
            "the URL serves (not recommended)"
        )
    field = "url" if url else "ca_bundle"
    certs = fetch_bundle(url) if url else load_certificates(pem, "ca_bundle")
    for cert in certs:
        require_ca(cert, field)
    if pins:
        unpinned = [
            c for c in certs if not any(certificate_matches_fingerprint(c, p) for p in pins)
        ]
        if unpinned:
            raise VerificationError(
                f"{field}: the bundle holds certificates that match none of fingerprints: "
                f"{_named(unpinned)}; nothing sent to the router"
            )
    elif url:
        warnings.append(
            f"accept_unverified: the bundle at {url} was accepted WITHOUT verification: "
            f"{_named(certs)}; check these out of band and pin them with fingerprints"
        )
    return certs


def _named(certs: list[x509.Certificate]) -> str:
    return "; ".join(
        f"{c.subject.rfc4514_string()} ({certificate_fingerprint(c, 'sha256')})" for c in certs
    )


# ---------------------------------------------------------------- what the router has


def _key(serial: str | None, issuer_cn: str | None) -> tuple[str, str]:
    return ((serial or "").upper().lstrip("0"), (issuer_cn or "").strip().lower())


def cert_key(cert: x509.Certificate) -> tuple[str, str]:
    from cryptography.x509.oid import NameOID

    names = cert.issuer.get_attributes_for_oid(NameOID.COMMON_NAME)
    return _key(serial_hex(cert), str(names[0].value) if names else "")


def fact_key(fact: Mapping[str, Any]) -> tuple[str, str]:
    return _key(fact.get("serial"), fact.get("issuer_cn"))


def downloaded(pool: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Imported certificates (built-in ones are the router's own and stay)."""
    return [c for c in pool if (c.get("trustpool") or "downloaded") != "built-in"]


def read_policy(text: str) -> dict[str, Any]:
    """``crypto pki trustpool policy`` lines of the running configuration."""
    policy: dict[str, Any] = {
        "cabundle_url": None,
        "revocation_check": [],
        "match_certificates": [],
    }
    for line in text.splitlines():
        found = _POLICY_LINE.match(line)
        if not found:
            continue
        keyword, rest = found.groups()
        if keyword == "cabundle url":
            policy["cabundle_url"] = rest
        elif keyword == "revocation-check":
            policy["revocation_check"] = rest.split()
        else:
            name, _space, action = rest.partition(" ")
            policy["match_certificates"].append({"map": name, "action": action.strip() or None})
    return policy


# ---------------------------------------------------------------- the plan


def plan_import(
    bundle: list[x509.Certificate], pool: list[dict[str, Any]], params: Mapping[str, Any]
) -> list[Step]:
    have = {fact_key(c) for c in downloaded(pool)}
    want = {cert_key(c) for c in bundle}
    missing = want - have
    extra = have - want if params.get("exclusive") else set()
    if not missing and not extra:
        return []
    clean = "clean " if extra else ""
    if params.get("url"):
        return [
            Step(f"crypto pki trustpool import {clean}url {params['url']}", TRUSTPOOL_IMPORT_URL)
        ]
    pem = "".join(certificate_to_pem(c) for c in bundle)
    return [
        Step(
            f"crypto pki trustpool import {clean}terminal",
            TRUSTPOOL_IMPORT_TERMINAL,
            answers={"ca_bundle": pem},
            expected_answers=("<the PEM of ca_bundle>",),
        )
    ]


def plan_policy(want: Mapping[str, Any] | None, have: Mapping[str, Any]) -> list[str]:
    """Lines for the options given (None leaves a setting as it is)."""
    if not want:
        return []
    lines: list[str] = []
    url = want.get("cabundle_url")
    if url is not None and url != (have["cabundle_url"] or ""):
        lines.append(f"cabundle url {url}" if url else "no cabundle url")
    methods = want.get("revocation_check")
    if methods is not None and list(methods) != have["revocation_check"]:
        lines.append(f"revocation-check {' '.join(methods)}" if methods else "no revocation-check")
    maps = want.get("match_certificates")
    if maps is not None:
        wanted = [{"map": m["map"], "action": m.get("action")} for m in maps]
        names = {m["map"] for m in wanted}
        lines += [
            f"no match certificate {m['map']}"
            for m in have["match_certificates"]
            if m["map"] not in names
        ]
        lines += [
            " ".join(filter(None, ("match certificate", m["map"], m["action"])))
            for m in wanted
            if m not in have["match_certificates"]
        ]
    return ["crypto pki trustpool policy", *lines, "exit"] if lines else []


# ---------------------------------------------------------------- the task


def run(task: Task) -> dict[str, Any]:
    params = task.params
    state = params["state"]
    source = params.get("url") or params.get("ca_bundle")
    if state == "present" and not source and not params.get("policy"):
        raise ValidationError("state=present needs url, ca_bundle or policy")
    if state == "clean" and (source or params.get("exclusive")):
        raise ValidationError("state=clean takes no url, ca_bundle or exclusive")
    bundle = wanted_bundle(params, task.warnings)
    now = dt.datetime.now(dt.UTC)
    pool = _read_pool(task, now)
    policy_before = read_policy(task.session.show(POLICY_COMMAND)) if params.get("policy") else None

    steps: list[Step] = []
    if state == "clean":
        if downloaded(pool):
            steps.append(Step("crypto pki trustpool import clean"))
    elif bundle is not None:
        steps += plan_import(bundle, pool, params)
    policy_lines = plan_policy(params.get("policy"), policy_before) if policy_before else []
    steps += [Step(line) for line in policy_lines]
    commands = step_commands(steps)

    pool_after, policy_after = pool, policy_before
    if steps and task.check_mode:
        pool_after = _expected_pool(pool, bundle, params, state)
        policy_after = _expected_policy(policy_before, params.get("policy"))
    elif steps:
        task.session.configure(steps)
        pool_after = _read_pool(task, now)
        if bundle is not None:
            _verify(task, pool, pool_after, bundle)
        if policy_before is not None:
            policy_after = read_policy(task.session.show(POLICY_COMMAND))
            left = plan_policy(params.get("policy"), policy_after)
            if left:
                raise VerificationError(f"the trustpool policy still needs {left[1:-1]}")
    save_if_needed(task, bool(steps))
    result: dict[str, Any] = {
        "changed": bool(steps),
        "commands": commands,
        "trustpool": pool_after,
        "diff": diff.diff("trustpool", _text(pool, policy_before), _text(pool_after, policy_after)),
    }
    if bundle is not None:
        result["bundle"] = [certificate_summary(c) for c in bundle]
    if policy_after is not None:
        result["policy"] = policy_after
    return result


def _read_pool(task: Task, now: dt.datetime) -> list[dict[str, Any]]:
    return trustpool_facts(task.session.show(TRUSTPOOL_COMMAND), now)


def _verify(
    task: Task, before: list[dict[str, Any]], after: list[dict[str, Any]], bundle: list
) -> None:
    have = {fact_key(c) for c in after}
    missing = [c for c in bundle if cert_key(c) not in have]
    if missing:
        raise VerificationError(
            f"the trustpool lacks {_named(missing)} after the import", task.transcript_tail()
        )
    known = {fact_key(c) for c in before} | {cert_key(c) for c in bundle}
    unexpected = [c for c in downloaded(after) if fact_key(c) not in known]
    if unexpected:
        task.session.configure([Step("crypto pki trustpool import clean")])
        shown = ", ".join(f"{c.get('subject_cn')} (serial {c['serial']})" for c in unexpected)
        raise VerificationError(
            f"the router imported certificates that are not in the verified bundle ({shown}): "
            "the URL served the router another bundle; the downloaded trustpool certificates "
            "were removed (crypto pki trustpool import clean)",
            task.transcript_tail(),
        )


def _expected_pool(
    pool: list[dict[str, Any]], bundle: list | None, params: Mapping[str, Any], state: str
) -> list[dict[str, Any]]:
    """The trustpool as the plan would leave it (check mode)."""
    kept = [c for c in pool if c not in downloaded(pool)]
    if state == "clean":
        return kept
    want = {cert_key(c) for c in bundle or []}
    if not params.get("exclusive"):
        kept = pool
    else:
        kept += [c for c in downloaded(pool) if fact_key(c) in want]
    have = {fact_key(c) for c in kept}
    added = [_summary_fact(c) for c in bundle or [] if cert_key(c) not in have]
    return kept + added


def _summary_fact(cert: x509.Certificate) -> dict[str, Any]:
    """A bundle certificate in the shape of a trustpool fact (check mode's after)."""
    summary = certificate_summary(cert)
    cn = summary["subject"].get("CN")
    return {
        "serial": summary["serial"],
        "subject_cn": cn,
        "issuer_cn": summary["issuer"].get("CN"),
        "not_after": summary["not_after"],
        "trustpool": "downloaded",
    }


def _expected_policy(
    have: dict[str, Any] | None, want: Mapping[str, Any] | None
) -> dict[str, Any] | None:
    if have is None or not want:
        return have
    after = dict(have)
    if want.get("cabundle_url") is not None:
        after["cabundle_url"] = want["cabundle_url"] or None
    if want.get("revocation_check") is not None:
        after["revocation_check"] = list(want["revocation_check"])
    if want.get("match_certificates") is not None:
        after["match_certificates"] = [
            {"map": m["map"], "action": m.get("action")} for m in want["match_certificates"]
        ]
    return after


def _text(pool: list[dict[str, Any]], policy: Mapping[str, Any] | None) -> str:
    lines = [
        f"certificate {c['serial']}: {c.get('subject_cn')} (issuer {c.get('issuer_cn')}, "
        f"not after {c.get('not_after')})"
        for c in pool
    ] or ["certificates: none"]
    if policy is not None:
        lines.append(f"policy cabundle url: {policy['cabundle_url']}")
        lines.append(
            f"policy revocation-check: {' '.join(policy['revocation_check']) or 'none set'}"
        )
        lines += [
            f"policy match certificate: {m['map']} {m['action'] or ''}".rstrip()
            for m in policy["match_certificates"]
        ]
    return "\n".join(lines) + "\n"
