"""PKI configuration modes: trustpoints, enrollment profiles, certificate chains.

Each trustpoint sub-command is one entry of ``mockios.trustpoint_attributes``; each profile
sub-command one row here. ``no <keywords>`` clears the attribute.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

from mockios.config_model import ChainCert, EnrollmentProfile, Trustpoint
from mockios.dialog import Dialog, Invalid, ModeLine
from mockios.registry import CommandContext, register
from mockios.trustpoint_attributes import TRUSTPOINT_ATTRIBUTES, TrustpointAttribute

TP_MODE = "ca-trustpoint"
PROFILE_MODE = "ca-profile-enroll"
CHAIN_MODE = "config-cert-chain"
HEX_MODE = "config-pki-hexmode"
CHAIN_KINDS = {"ca": "ca", "self-signed": "self-signed", "": "router"}


# --- global config entry points -------------------------------------------------------
def _trustpoint(ctx: CommandContext) -> str:
    name = ctx.args[0]
    ctx.device.running.trustpoints.setdefault(name, Trustpoint(name))
    ctx.device.mark_changed()
    ctx.session.enter_mode(TP_MODE, name)
    return ""


def _no_trustpoint(ctx: CommandContext) -> str:
    name = ctx.args[0]
    running = ctx.device.running
    if running.trustpoints.pop(name, None) is None:
        return f"% Trustpoint {name} not found\n"
    running.chains.pop(name, None)
    ctx.device.mark_changed()
    return ""


def _profile(ctx: CommandContext) -> str:
    name = ctx.args[0]
    ctx.device.running.profiles.setdefault(name, EnrollmentProfile(name))
    ctx.device.mark_changed()
    ctx.session.enter_mode(PROFILE_MODE, name)
    return ""


def _no_profile(ctx: CommandContext) -> str:
    ctx.device.running.profiles.pop(ctx.args[0], None)
    ctx.device.mark_changed()
    return ""


def _chain(ctx: CommandContext) -> str:
    name = ctx.args[0]
    if name not in ctx.device.running.trustpoints:
        return f"% Trustpoint {name} not found\n"
    ctx.device.running.chains.setdefault(name, [])
    ctx.session.enter_mode(CHAIN_MODE, name)
    return ""


def _no_chain(ctx: CommandContext) -> str:
    ctx.device.running.chains.pop(ctx.args[0], None)
    ctx.device.mark_changed()
    return ""


# --- trustpoint sub-commands (one entry each in mockios.trustpoint_attributes) -----------
def _tp(ctx: CommandContext) -> Trustpoint:
    return ctx.device.running.trustpoints[ctx.session.target or ""]


def _set(attribute: TrustpointAttribute):
    """Set the entry's fields from the typed words; enrollment methods exclude each other."""

    def handler(ctx: CommandContext) -> str:
        tp = _tp(ctx)
        values = attribute.read(ctx.args, ctx.words)
        if attribute.method:
            tp.clear_enrollment_method()
        for name, value in values.items():
            setattr(tp, name, value)
        ctx.device.mark_changed()
        return ""

    return handler


def _clear(attribute: TrustpointAttribute):
    """`no <keywords> ...`: the entry's fields back to their defaults."""

    def handler(ctx: CommandContext) -> str:
        tp = _tp(ctx)
        for name, default in attribute.defaults.items():
            setattr(tp, name, copy.copy(default))
        ctx.device.mark_changed()
        return ""

    return handler


def _register_trustpoint_commands() -> None:
    for attribute in TRUSTPOINT_ATTRIBUTES:
        register(TP_MODE, attribute.cli, _set(attribute))
        register(TP_MODE, f"no {attribute.keywords} LINE?", _clear(attribute))


# --- enrollment profile sub-commands ----------------------------------------------------
def _arg(ctx: CommandContext) -> str:
    return ctx.args[0]


def _true(ctx: CommandContext) -> bool:
    return True


def _keywords(spec: str) -> str:
    return " ".join(w for w in spec.split() if w.islower() and not w.endswith("?"))


def _profile_set(attribute: str, value: Callable[[CommandContext], Any] | None):
    def handler(ctx: CommandContext) -> str:
        profile = ctx.device.running.profiles[ctx.session.target or ""]
        if attribute == "parameters":
            number = int(ctx.args[0])
            if value is None:
                profile.parameters.pop(number, None)
            else:
                profile.parameters[number] = ctx.args[1]
        else:
            default = False if isinstance(getattr(profile, attribute), bool) else None
            setattr(profile, attribute, value(ctx) if value else default)
        ctx.device.mark_changed()
        return ""

    return handler


def _register_profile_commands() -> None:
    for section in ("authentication", "enrollment"):
        for spec, attribute, convert in (
            (f"{section} url URL", f"{section}_url", _arg),
            (f"{section} command LINE", f"{section}_command", _arg),
            (f"{section} terminal", f"{section}_terminal", _true),
        ):
            register(PROFILE_MODE, spec, _profile_set(attribute, convert))
            register(PROFILE_MODE, f"no {_keywords(spec)} LINE?", _profile_set(attribute, None))
    register(
        PROFILE_MODE, "enrollment credential WORD", _profile_set("enrollment_credential", _arg)
    )
    register(
        PROFILE_MODE, "no enrollment credential LINE?", _profile_set("enrollment_credential", None)
    )
    register(PROFILE_MODE, "parameter NUM value LINE", _profile_set("parameters", _arg))
    register(PROFILE_MODE, "no parameter NUM LINE?", _profile_set("parameters", None))


# --- certificate chains -----------------------------------------------------------------
def _chain_certificate(ctx: CommandContext) -> Dialog:
    """`certificate [ca|self-signed] SERIAL`: the DER in hex, in a mode of its own, until
    `quit` stores it (a line with a non-hex character gets the caret and is dropped)."""
    kind = CHAIN_KINDS[ctx.words[1] if len(ctx.words) == 3 else ""]
    serial, chain_name = ctx.args[0].upper(), ctx.session.target or ""
    ctx.session.enter_mode(HEX_MODE, ctx.session.target)
    hex_lines: list[str] = []
    while True:
        line = yield ModeLine("chain_hex")
        if line.strip().lower() == "quit":
            break
        if line.strip() and not re.fullmatch(r"[0-9A-Fa-f\s]+", line):
            yield Invalid(next(i for i, c in enumerate(line) if not re.match(r"[0-9A-Fa-f\s]", c)))
        else:
            hex_lines.append(line)
    error = _store_chain_cert(ctx.device, chain_name, kind, serial, hex_lines)
    ctx.session.enter_mode(CHAIN_MODE, ctx.session.target)
    return error + "\n" if error else ""


def _no_chain_certificate(ctx: CommandContext) -> str:
    serial = ctx.args[0].upper()
    chain = ctx.device.running.chains.get(ctx.session.target or "", [])
    chain[:] = [cert for cert in chain if cert.serial_hex.upper() != serial]
    ctx.device.mark_changed()
    return ""


def _store_chain_cert(
    device: Any, chain_name: str, kind: str, serial: str, hex_lines: list[str]
) -> str:
    """End of hex entry: store the DER; returns an IOS error line or ""."""
    digits = "".join("".join(hex_lines).split())
    if not digits or len(digits) % 2:
        return "% Invalid certificate data (odd number of hex digits)"
    chain = device.running.chains.setdefault(chain_name, [])
    chain[:] = [c for c in chain if c.serial_hex.upper() != serial.upper()]
    chain.append(ChainCert(kind, serial, bytes.fromhex(digits)))
    device.mark_changed()
    return ""


def _register_chain_commands() -> None:
    for prefix in ("", "ca ", "self-signed "):
        register(CHAIN_MODE, f"certificate {prefix}WORD", _chain_certificate)
        register(CHAIN_MODE, f"no certificate {prefix}WORD", _no_chain_certificate)


def register_pki_config_commands() -> None:
    register("config", "crypto pki trustpoint WORD", _trustpoint)
    register("config", "no crypto pki trustpoint WORD", _no_trustpoint)
    register("config", "crypto pki profile enrollment WORD", _profile)
    register("config", "no crypto pki profile enrollment WORD", _no_profile)
    register("config", "crypto pki certificate chain WORD", _chain)
    register("config", "no crypto pki certificate chain WORD", _no_chain)
    _register_trustpoint_commands()
    _register_profile_commands()
    _register_chain_commands()
