"""netpki.ios.pki_info: PKI facts per trustpoint, live over one SSH session or from saved text.

What is gathered maps to show commands:

===============  ===================================================================
``trustpoints``  ``show crypto pki trustpoints status``
``certificates`` ``show crypto pki certificates verbose``
``keys``         ``show crypto key mypubkey all``
``timers``       ``show crypto pki timers detail``
``config``       ``show running-config | section crypto pki|^hostname|^ip domain``
``crls``         ``show crypto pki crls``
``trustpool``    ``show crypto pki trustpool`` (not gathered unless asked)
===============  ===================================================================

The bars in the ``config`` filter are alternation, as in IOS: the same command also brings the
``hostname`` and ``ip domain name`` lines, whose ``<hostname>.<domain>`` is the key pair of a
trustpoint without ``rsakeypair``, so ``keys_generated`` is known for it too.

A task sends at most four show commands for the first five kinds, plus one for each of
``crls``, ``servers`` (and a request table per server) and ``trustpool`` when asked. When all
five first kinds are asked for, the trustpoint status is derived from the certificates, keys
and configuration instead of asked (``info_status``), since those three answer it already.

Everything below ``run`` is pure: text in, facts out, so ``outputs`` (text collected earlier,
e.g. from backups) gives exactly the facts a live run gives for the same text. The one
exception is the CRL itself (``crls``): a live run fetches it from its CDP URL on the
controller (``fetch_crls``) to learn which serials it revokes (``crl_source``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .. import validate as v
from ..config import shape
from ..config.resources import PROFILES, TRUSTPOINTS
from ..errors import ValidationError
from ..facts import cert_server, kinds, parse
from ..facts import crls as crl_facts
from ..facts import gaps as gap_facts
from ..facts.certificates import certificate_fact
from ..facts.chains import chain_certificates, chain_entries
from ..facts.keys import KEYS_COMMAND, trustpoint_key_label
from ..facts.records import key_fact, timer_fact
from ..facts.status import derived_status, device_status
from ..facts.trustpool import TRUSTPOOL_COMMAND, expiring_in_pool, trustpool_facts
from ..ios_errors import REFUSED_LINE
from ..masking import mask_no_log_options
from ..task import Task
from ..x509 import crl_source
from ..x509.fingerprints import add_digests, expected_pins, flag_unexpected_cas
from ..x509.names import comma_line

COMMANDS = {
    "trustpoints": "show crypto pki trustpoints status",
    "certificates": "show crypto pki certificates verbose",
    "keys": KEYS_COMMAND,
    "timers": "show crypto pki timers detail",
    "config": "show running-config | section crypto pki|^hostname|^ip domain",
    "crls": crl_facts.COMMAND,
    # The IOS certificate servers: each server that has made its CA adds
    # `show crypto pki server NAME requests`.
    "servers": cert_server.STATUS_COMMAND,
    "trustpool": TRUSTPOOL_COMMAND,
}
GATHER_CHOICES = tuple(COMMANDS)
# `crls` (it fetches the CRLs), `servers` and `trustpool` are asked for by name.
DEFAULT_GATHER = GATHER_CHOICES[:5]
# What an audit asks each router (playbooks/audit.yml, fleet_audit).
AUDIT_GATHER = (*DEFAULT_GATHER, "crls", "servers")
MAX_COMMANDS = 4  # for the first five kinds; the others come on top when asked for
ON_TOP = frozenset({"crls", "servers", "trustpool"})
# What the status can be derived from when its own command does not fit the budget.
STATUS_SOURCES = frozenset({"certificates", "keys", "config"})

VALUE_RULES: v.Rules = {
    "trustpoint": v.ios_name,
    "expiring_within_days": v.int_range(0, 36500),
}


def _word(word: str, shortest: int) -> str:
    """A regex for ``word`` abbreviated to ``shortest`` letters or more: ``tru`` up to
    ``trustpoints`` but never ``trustpool``, as the ntc index's ``tru[[stpoints]]``."""
    tail = ""
    for letter in reversed(word[shortest:]):
        tail = f"(?:{letter}{tail})?"
    return word[:shortest] + tail


def _command(*words: str) -> re.Pattern[str]:
    return re.compile(r"^" + r"\s+".join(words) + r"(?:\s|$)", re.I)


_SHOW, _CRYPTO, _PKI = _word("show", 2), _word("crypto", 3), f"(?:{_word('pki', 1)}|ca)"
# `outputs` keys: any abbreviation IOS accepts, with or without filters and arguments.
_OUTPUT_KINDS = (
    ("trustpoints", _command(_SHOW, _CRYPTO, _PKI, _word("trustpoints", 3))),
    ("certificates", _command(_SHOW, _CRYPTO, _PKI, _word("certificates", 2))),
    ("keys", _command(_SHOW, _CRYPTO, _word("key", 1), _word("mypubkey", 1))),
    ("timers", _command(_SHOW, _CRYPTO, _PKI, _word("timers", 2))),
    ("crls", _command(_SHOW, _CRYPTO, _PKI, _word("crls", 3))),
    # `show crypto pki server [NAME]`, not a server's request table.
    (
        "servers",
        re.compile(
            rf"^{_SHOW}\s+{_CRYPTO}\s+{_PKI}\s+{_word('server', 2)}(?:\s+(?!req)\S+)?\s*$", re.I
        ),
    ),
    ("trustpool", re.compile(rf"^{_SHOW}\s+{_CRYPTO}\s+{_PKI}\s+trustpool(?:\s+verbose)?$", re.I)),
    (
        "config",
        _command(f"(?:{_SHOW}\\s+)?(?:{_word('running-config', 2)}|{_word('startup-config', 4)})"),
    ),
)
_HOSTNAME = re.compile(r"^hostname\s+(\S+)", re.M)
_DOMAIN = re.compile(r"^ip\s+domain[\s-]name\s+(?:vrf\s+\S+\s+)?(\S+)", re.M)
_BUILTIN_POOL = "Trustpool"  # `Associated Trustpoints: TP Trustpool`: not a trustpoint


# ---------------------------------------------------------------- the task


def run(task: Task, now: dt.datetime | None = None) -> dict[str, Any]:
    params = task.params
    gather = list(dict.fromkeys(params["gather"]))
    pins = expected_pins(params.get("expected_ca_fingerprints"))  # checked before connecting
    if params.get("outputs"):
        texts = texts_from_outputs(params["outputs"])
        commands: list[str] = []
        server_requests: dict[str, str] = {}
    else:
        plan = plan_commands(gather)
        shown = {kind: task.session.show(command) for kind, command in plan.items()}
        texts = supported_outputs(shown, task.warnings)
        commands = list(plan.values())
        server_requests = _server_requests(task, texts.get("servers"), commands)
    facts = build_facts(
        texts,
        gather,
        now=now or dt.datetime.now(dt.UTC),
        only=params.get("trustpoint"),
        expiring_within_days=params.get("expiring_within_days"),
        expected_ca_fingerprints=pins,
        crl_source=None
        if params.get("outputs") or not params.get("fetch_crls", True)
        else (crl_source.fetch),
        server_requests=server_requests,
    )
    task.warnings.extend(facts.pop("warnings"))
    return {"changed": False, "commands": commands, **facts}


def _server_requests(task: Task, status_text: str | None, commands: list[str]) -> dict[str, str]:
    """Each certificate server's request table, for the servers that have made their CA."""
    if not status_text:
        return {}
    texts = {}
    for name, status in cert_server.statuses(status_text, dt.datetime.now(dt.UTC)).items():
        if status["ca_generated"]:
            command = cert_server.requests_command(name)
            texts[name] = task.session.show(command)
            commands.append(command)
    return texts


def supported_outputs(shown: Mapping[str, str], warnings: list[str]) -> dict[str, str]:
    """Drop the answers of commands the router rejected (older releases lack some), with a
    warning, so the rest of the facts still come through."""
    texts = {}
    for kind, text in shown.items():
        if REFUSED_LINE.search(text):
            warnings.append(f"the router rejected {COMMANDS[kind]!r}: no {kind} facts")
        else:
            texts[kind] = text
    return texts


def plan_commands(gather: Iterable[str]) -> dict[str, str]:
    """The show commands for the kinds asked for, within the budget of four for the trustpoint
    kinds (``servers`` comes on top)."""
    kinds = [kind for kind in GATHER_CHOICES if kind in set(gather)]
    budgeted = [kind for kind in kinds if kind not in ON_TOP]
    if len(budgeted) > MAX_COMMANDS and STATUS_SOURCES <= set(kinds):
        kinds.remove("trustpoints")
    return {kind: COMMANDS[kind] for kind in kinds}


def texts_from_outputs(outputs: Mapping[str, str]) -> dict[str, str]:
    """``outputs`` (command -> text) keyed by what each command answers."""
    texts: dict[str, str] = {}
    for command, text in outputs.items():
        kind = output_kind(command)
        if kind is None:
            raise ValidationError(
                f"outputs: no parser for {command!r}; use the output of "
                + ", ".join(repr(c) for c in COMMANDS.values())
                + " (or a full 'show running-config')"
            )
        if kind in texts:
            raise ValidationError(f"outputs: two texts answer {kind!r}; give one")
        texts[kind] = text if isinstance(text, str) else str(text)
    return texts


def output_kind(command: str) -> str | None:
    command = " ".join(str(command).split())
    return next((kind for kind, pattern in _OUTPUT_KINDS if pattern.match(command)), None)


# ---------------------------------------------------------------- text -> facts


def build_facts(
    texts: Mapping[str, str],
    gather: Iterable[str],
    *,
    now: dt.datetime,
    only: Iterable[str] | None = None,
    expiring_within_days: int | None = None,
    expected_ca_fingerprints: Mapping[str, Any] | None = None,
    crl_source: Callable[[str], bytes | None] | None = None,
    server_requests: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Facts for the kinds in ``gather`` from the texts at hand (kind -> command output).
    ``crl_source`` (URL -> DER or None) gives the CRLs themselves, to mark revoked
    certificates; without it only what the router printed about its CRLs is known.
    ``server_requests`` holds each certificate server's request table, by server name."""
    wanted = set(gather)
    warnings: list[str] = []
    parsed = _Parsed(texts, now)
    names = parsed.trustpoint_names()
    gaps = parsed.gaps(names)
    if only:
        selected = list(dict.fromkeys(only))
        missing = [name for name in selected if name not in names]
        if missing:
            warnings.append(f"no trustpoint named {', '.join(missing)} on this router")
        names = [name for name in names if name in selected]
        gaps = [g for g in gaps if g["trustpoint"] is None or g["trustpoint"] in names]
    trustpoints = {name: parsed.trustpoint(name, wanted) for name in names}

    facts: dict[str, Any] = {"gathered": parsed.kinds_answered(wanted), "trustpoints": trustpoints}
    if "certificates" in wanted and parsed.has("certificates"):
        facts["certificates"] = [
            cert
            for cert in parsed.certificates
            if not only or set(cert["associated_trustpoints"]) & set(names)
        ]
    if "keys" in wanted and parsed.has("keys"):
        facts["keys"] = parsed.keys
    if "timers" in wanted and parsed.has("timers"):
        facts["timers"] = [t for t in parsed.timers if not only or t["trustpoint"] in names]
    if "crls" in wanted and parsed.has("crls"):
        facts["crls"] = crl_views(parsed, trustpoints, crl_source, warnings)
    if "config" in wanted and parsed.has("config"):
        facts["profiles"] = parsed.profiles
        if parsed.hostname:
            facts["hostname"] = parsed.hostname
    if "servers" in wanted and parsed.has("servers"):
        facts["servers"] = cert_server.server_facts(
            texts["servers"], dict(server_requests or {}), now
        )
    if "trustpool" in wanted and parsed.has("trustpool"):
        facts["trustpool"] = parsed.trustpool
    if expiring_within_days is not None:
        facts["expiring"] = expiring(trustpoints, expiring_within_days)
        if facts.get("trustpool"):
            facts["expiring"] += expiring_in_pool(facts["trustpool"], expiring_within_days)
    facts["summary"] = summarize(trustpoints, facts.get("certificates"), expiring_within_days)
    if "crls" in facts:
        facts["summary"]["revoked"] = sum(
            1 for tp in trustpoints.values() for c in _installed(tp) if c.get("revoked")
        )
        facts["summary"]["stale_crls"] = sum(1 for crl in facts["crls"] if crl["stale"])
    if expected_ca_fingerprints:
        warnings += flag_unexpected_cas(trustpoints, expected_ca_fingerprints, parsed.der_certs)
        facts["summary"]["unexpected_ca"] = sum(
            1 for tp in trustpoints.values() if tp.get("ca_expected") is False
        )
    for kind in sorted(wanted - set(facts["gathered"])):
        warnings.append(f"nothing gathered for {kind!r}: no output of {COMMANDS[kind]!r}")
    facts["gaps"] = gaps
    warnings += [g["message"] for g in gaps]
    facts["warnings"] = warnings
    return facts


class _Parsed:
    """Every text parsed once, with lookups by trustpoint."""

    def __init__(self, texts: Mapping[str, str], now: dt.datetime) -> None:
        self.texts = texts
        self.status_list = self._records("trustpoints", COMMANDS["trustpoints"])
        self.status_records = {r["TRUSTPOINT"]: r for r in self.status_list}
        self.certificates = [
            certificate_fact(r, now)
            for r in self._records("certificates", COMMANDS["certificates"])
        ]
        self.keys = [key_fact(r) for r in self._records("keys", COMMANDS["keys"])]
        self.timers = [timer_fact(r, now) for r in self._records("timers", COMMANDS["timers"])]
        self.crls = [crl_facts.crl_fact(r, now) for r in self._records("crls", COMMANDS["crls"])]
        self.trustpool = trustpool_facts(texts.get("trustpool") or "", now)
        config = texts.get("config") or ""
        self.configs = {block["name"]: block for block in TRUSTPOINTS.parse(config)}
        self.profiles = [shape.prune(profile) for profile in PROFILES.parse(config)]
        self.chains = _chains(config)
        self.der_certs = chain_certificates(config)  # SHA1/SHA256 from the DER itself
        for cert in self.certificates:
            for name in cert["associated_trustpoints"]:
                if (name, cert["serial"]) in self.der_certs:
                    add_digests(cert, self.der_certs[(name, cert["serial"])])
                    break
        hostname, domain = _HOSTNAME.search(config), _DOMAIN.search(config)
        self.hostname = hostname.group(1) if hostname else None
        self.domain = domain.group(1) if domain else None

    def _records(self, kind: str, command: str) -> list[dict[str, Any]]:
        text = self.texts.get(kind)
        return parse.parse_output(command, text) if text and text.strip() else []

    def has(self, kind: str) -> bool:
        return kind in self.texts

    def kinds_answered(self, wanted: set[str]) -> list[str]:
        answered = {kind for kind in wanted if self.has(kind)}
        if "trustpoints" in wanted and STATUS_SOURCES <= set(self.texts):
            answered.add("trustpoints")
        return [kind for kind in GATHER_CHOICES if kind in answered]

    def trustpoint_names(self) -> list[str]:
        names: dict[str, None] = {}
        names.update(dict.fromkeys(self.configs))
        names.update(dict.fromkeys(self.status_records))
        for cert in self.certificates:
            names.update(dict.fromkeys(cert["associated_trustpoints"]))
        # A renew, poll or expiry-alert timer names its trustpoint.
        names.update(dict.fromkeys(t["trustpoint"] for t in self.timers if t["trustpoint"]))
        names.pop(_BUILTIN_POOL, None)
        return list(names)

    def gaps(self, names: list[str]) -> list[dict[str, Any]]:
        """What could not be read (see ``facts.gaps``)."""
        found = gap_facts.certificate_gaps(self.certificates, COMMANDS["certificates"])
        found += gap_facts.cut_certificate_block(self.certificates, COMMANDS["certificates"])
        found += gap_facts.cut_status_block(
            self.status_list, self.texts.get("trustpoints") or "", COMMANDS["trustpoints"]
        )
        found += gap_facts.cut_chain(self.texts.get("config") or "", COMMANDS["config"])
        holders = [n for n in names if self._holds_certificates(n)]
        expected = {"trustpoints": names, "config": names, "certificates": holders}
        expected["keys"] = [n for n in names if self._holds_router_certificate(n)]
        return found + gap_facts.empty_outputs(self.texts, COMMANDS, expected)

    def _holds_certificates(self, name: str) -> bool:
        status = device_status(self.status_records[name]) if name in self.status_records else {}
        return bool(self.chains.get(name)) or status.get("ca_authenticated") is True

    def _holds_router_certificate(self, name: str) -> bool:
        chain = self.chains.get(name) or []
        certs = [c for c in self.certificates if name in c["associated_trustpoints"]]
        return any(c["kind"] in kinds.OWN for c in chain) or any(
            c["kind"] in kinds.OWN and not c["pending"] for c in certs
        )

    def trustpoint(self, name: str, wanted: set[str]) -> dict[str, Any]:
        certs = [c for c in self.certificates if name in c["associated_trustpoints"]]
        fact: dict[str, Any] = {"name": name}
        if "config" in wanted and self.has("config"):
            config = self.configs.get(name)
            fact["config"] = (
                mask_no_log_options(shape.prune(config), TRUSTPOINTS.options) if config else None
            )
            fact["chain"] = [self._digested(name, entry) for entry in self.chains.get(name, [])]
        key_label = self._key_label(name, certs)
        if "trustpoints" in wanted:
            status = self._status(name, certs, key_label)
            if status is not None:
                fact["status"] = status
        if "certificates" in wanted and self.has("certificates"):
            issuing = [c for c in certs if c["kind"] == "ca" and not c["pending"]]
            fact["ca_certificate"] = issuing[0] if issuing else None
            fact["certificates"] = [c for c in certs if c["kind"] in kinds.OWN]
            fact["ra_certificates"] = [c for c in certs if c["kind"].startswith("ra_")]
            fact["rollover"] = rollover_fact(certs)
        if "keys" in wanted and self.has("keys"):
            fact["key_label"] = key_label
            fact["keys"] = [k for k in self.keys if k["name"] == key_label]
        if "timers" in wanted and self.has("timers"):
            fact["timers"] = [t for t in self.timers if t["trustpoint"] == name]
        return fact

    def ca_x509(self, name: str) -> Any:
        """The trustpoint's CA certificate (cryptography), from its running-config chain."""
        for entry in self.chains.get(name, []):
            if entry["kind"] == "ca" and (name, entry["serial"]) in self.der_certs:
                return self.der_certs[(name, entry["serial"])]
        return None

    def ca_subject_key(self, name: str) -> tuple | None:
        """The CA's subject, to find the CRL it issued (by the DER, else as IOS printed it)."""
        ca = self.ca_x509(name)
        if ca is not None:
            return crl_facts.dn_key(comma_line(ca.subject.rfc4514_string()))
        for cert in self.certificates:
            if name in cert["associated_trustpoints"] and cert["kind"] == "ca":
                return crl_facts.dn_key(cert["subject_ordered"])
        return None

    def _digested(self, name: str, entry: dict[str, Any]) -> dict[str, Any]:
        cert = self.der_certs.get((name, entry["serial"]))
        if cert is None:
            return entry
        digested = dict(entry)
        add_digests(digested, cert)
        # From the DER, whatever the kind (CA, RA, router): OpenSSL's name of the algorithm.
        digested["signature_algorithm"] = cert.signature_algorithm_oid._name
        return digested

    def _status(
        self, name: str, certs: list[dict[str, Any]], key_label: str | None
    ) -> dict[str, Any] | None:
        if self.has("trustpoints"):
            record = self.status_records.get(name)
            return device_status(record) if record else None
        if STATUS_SOURCES <= set(self.texts):
            return derived_status(certs, key_label, self.keys)
        return None

    def _key_label(self, name: str, certs: list[dict[str, Any]]) -> str | None:
        """The key pair the trustpoint signs with, as IOS chooses it."""
        named = [c["key_label"] for c in certs if c.get("key_label")]
        return trustpoint_key_label(
            name,
            self.configs.get(name),
            [key["name"] for key in self.keys],
            self.hostname,
            self.domain,
            certificate_label=named[0] if named else None,
        )


def _chains(config: str) -> dict[str, list[dict[str, Any]]]:
    """Per trustpoint, the certificates its running-config chain holds (kind and serial)."""
    chains: dict[str, list[dict[str, Any]]] = {}
    for entry in chain_entries(config):
        chains.setdefault(entry.trustpoint, []).append(
            {"kind": entry.kind, "serial": entry.serial.upper()}
        )
    return chains


# ---------------------------------------------------------------- CRLs


def crl_views(
    parsed: _Parsed,
    trustpoints: Mapping[str, dict[str, Any]],
    crl_source: Callable[[str], bytes | None] | None,
    warnings: list[str],
) -> list[dict[str, Any]]:
    """Each CRL the router holds, with the trustpoints whose CA issued it; each trustpoint's
    ``crl``; and, where the CRL itself verifies with the trustpoint's CA certificate, every
    certificate of the trustpoint marked ``revoked`` or not."""
    held = [dict(crl, trustpoints=[]) for crl in parsed.crls]
    for name, tp in trustpoints.items():
        key = parsed.ca_subject_key(name)
        crl = next((c for c in held if key and crl_facts.issuer_key(c) == key), None)
        if crl is not None:
            crl["trustpoints"].append(name)
        tp["crl"] = dict(crl) if crl is not None else None
        url = (crl or {}).get("source_url")  # only the CRLs the router itself fetched
        ca = parsed.ca_x509(name)
        if crl_source is None or url is None or ca is None:
            continue
        der = crl_source(url)
        if der is None:
            warnings.append(f"trustpoint {name}: could not fetch the CRL from {url}")
            continue
        verified = crl_facts.verified_crl(der, ca)
        if verified is None:
            warnings.append(
                f"trustpoint {name}: the CRL from {url} is not signed by the trustpoint's CA "
                "certificate; it is not used"
            )
        crl_facts.add_verified(tp["crl"], verified)
        crl_facts.add_verified(crl, verified)
        if verified is not None:
            for cert in tp.get("certificates") or []:
                when = crl_facts.revocation(verified, cert.get("serial"))
                cert["revoked"] = when is not None
                cert["revoked_at"] = when
    return held


# ---------------------------------------------------------------- audit views


def expiring(trustpoints: Mapping[str, Mapping[str, Any]], days: int) -> list[dict[str, Any]]:
    """Certificates, not yet expired, whose ``not_after`` falls within ``days`` days."""
    found = []
    for name, tp in trustpoints.items():
        for cert in _installed(tp):
            remaining = cert.get("days_remaining")
            if remaining is not None and not cert["expired"] and remaining < days:
                found.append(
                    {
                        "trustpoint": name,
                        "kind": cert["kind"],
                        "serial": cert["serial"],
                        "subject_cn": cert.get("subject_cn"),
                        "not_after": cert["not_after"],
                        "days_remaining": remaining,
                    }
                )
    return sorted(found, key=lambda item: item["not_after"])


def rollover_fact(certs: list[Mapping[str, Any]]) -> dict[str, Any] | None:
    """The shadow (rollover) CA and router certificates of a CA key rollover, and when they
    become active; None when the trustpoint holds none."""
    ca = next((c for c in certs if c["kind"] == kinds.ROLLOVER_CA), None)
    router = next((c for c in certs if c["kind"] == kinds.ROLLOVER_ROUTER), None)
    if ca is None and router is None:
        return None
    return {
        "ca_certificate": ca,
        "certificate": router,
        "becomes_active": (ca or router or {}).get("becomes_active"),
    }


def summarize(
    trustpoints: Mapping[str, Mapping[str, Any]],
    certificates: list[Mapping[str, Any]] | None,
    expiring_within_days: int | None,
) -> dict[str, Any]:
    """Counts an audit starts from (``None`` where the data was not gathered)."""
    installed = [c for c in certificates or [] if not c["pending"]]
    have_certs = certificates is not None
    statuses = [tp["status"] for tp in trustpoints.values() if tp.get("status")]
    pending = {
        name
        for name, tp in trustpoints.items()
        if any(c["pending"] for c in tp.get("certificates") or [])
        or (tp.get("status") or {}).get("certificate_request") == "pending"
    }
    return {
        "trustpoints": len(trustpoints),
        "certificates": len(installed) if have_certs else None,
        "expired": sum(1 for c in installed if c["expired"]) if have_certs else None,
        "expiring": (
            sum(
                1
                for c in installed
                if not c["expired"]
                and c["days_remaining"] is not None
                and c["days_remaining"] < expiring_within_days
            )
            if have_certs and expiring_within_days is not None
            else None
        ),
        "pending": len(pending),
        "rollover_pending": (
            sum(1 for tp in trustpoints.values() if tp.get("rollover")) if have_certs else None
        ),
        "without_ca": (
            sum(1 for s in statuses if s.get("ca_authenticated") is False)
            if statuses
            else _without_ca_from_certs(trustpoints)
        ),
        "time_zone_unknown": sum(1 for c in installed if c.get("time_zone_unknown")),
        "unreadable": sum(1 for c in installed if c.get("unreadable")),
    }


def _installed(tp: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    certs = [tp["ca_certificate"]] if tp.get("ca_certificate") else []
    certs += tp.get("certificates") or []
    certs += tp.get("ra_certificates") or []
    return [c for c in certs if not c["pending"]]


def _without_ca_from_certs(trustpoints: Mapping[str, Mapping[str, Any]]) -> int | None:
    if not any("certificates" in tp for tp in trustpoints.values()):
        return None
    return sum(
        1
        for tp in trustpoints.values()
        if not any(c["kind"] in kinds.ISSUING for c in _installed(tp))
    )
