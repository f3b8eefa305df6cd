"""PKI configuration modes: trustpoints, enrollment profiles, certificate chains.

Each trustpoint and profile sub-command is one entry of ``mockios.pki_attributes``.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

from mockios.config_model import ChainCert, EnrollmentProfile, Trustpoint
from mockios.dialog import Dialog, Invalid, ModeLine
from mockios.pki_attributes import PROFILE_ATTRIBUTES, TRUSTPOINT_ATTRIBUTES, BlockAttribute
from mockios.registry import CommandContext, register

TP_MODE = "ca-trustpoint"
PROFILE_MODE = "ca-profile-enroll"
CHAIN_MODE = "config-cert-chain"
HEX_MODE = "config-pki-hexmode"
# `ra-sign` / `ra-encrypt`: an RA's certificates (no capture: tests/transcripts/GAPS.md).
CHAIN_KINDS = {
    "ca": "ca",
    "self-signed": "self-signed",
    "ra-sign": "ra-sign",
    "ra-encrypt": "ra-encrypt",
    "": "router",
}


# --- global config entry points -------------------------------------------------------
def _enter(blocks: str, block: Callable[[str], Any], mode: str):
    """``crypto pki trustpoint|profile enrollment NAME``: makes the block when it is new and
    enters its mode."""

    def handler(ctx: CommandContext) -> str:
        name = ctx.args[0]
        getattr(ctx.device.running, blocks).setdefault(name, block(name))
        ctx.device.mark_changed()
        ctx.session.enter_mode(mode, name)
        return ""

    return handler


def _remove(blocks: str):
    """``no crypto pki profile enrollment|certificate chain NAME``: silent when there is none."""

    def handler(ctx: CommandContext) -> str:
        getattr(ctx.device.running, blocks).pop(ctx.args[0], None)
        ctx.device.mark_changed()
        return ""

    return handler


def _no_trustpoint(ctx: CommandContext) -> str:
    name = ctx.args[0]
    running = ctx.device.running
    if running.trustpoints.pop(name, None) is None:
        return f"% Trustpoint {name} not found\n"
    running.chains.pop(name, None)
    ctx.device.mark_changed()
    return ""


def _chain(ctx: CommandContext) -> str:
    name = ctx.args[0]
    if name not in ctx.device.running.trustpoints:
        return f"% Trustpoint {name} not found\n"
    ctx.device.running.chains.setdefault(name, [])
    ctx.session.enter_mode(CHAIN_MODE, name)
    return ""


# --- trustpoint and profile sub-commands (one entry each in mockios.pki_attributes) -----
def _tp(ctx: CommandContext) -> Trustpoint:
    return ctx.device.running.trustpoints[ctx.session.target or ""]


def _target_profile(ctx: CommandContext) -> EnrollmentProfile:
    return ctx.device.running.profiles[ctx.session.target or ""]


def _set(attribute: BlockAttribute, target: Callable[[CommandContext], Any]):
    """Set the entry's fields from the typed words; enrollment methods exclude each other."""

    def handler(ctx: CommandContext) -> str:
        block = target(ctx)
        values = attribute.read(ctx.args, ctx.words)
        if attribute.method:
            block.clear_enrollment_method()
        for name, value in values.items():
            if attribute.merge:
                getattr(block, name).update(value)
            else:
                setattr(block, name, value)
        ctx.device.mark_changed()
        return ""

    return handler


def _clear(attribute: BlockAttribute, target: Callable[[CommandContext], Any]):
    """The `no` form: the entry's fields back to their defaults (or the entry's own clear)."""

    def handler(ctx: CommandContext) -> str:
        block = target(ctx)
        if attribute.clear is not None:
            attribute.clear(block, ctx.args)
        else:
            for name, default in attribute.defaults.items():
                setattr(block, name, copy.copy(default))
        ctx.device.mark_changed()
        return ""

    return handler


def _register_block_commands() -> None:
    for mode, attributes, target in (
        (TP_MODE, TRUSTPOINT_ATTRIBUTES, _tp),
        (PROFILE_MODE, PROFILE_ATTRIBUTES, _target_profile),
    ):
        for attribute in attributes:
            register(mode, attribute.cli, _set(attribute, target))
            register(mode, attribute.no, _clear(attribute, target))


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
    for prefix in ("", "ca ", "self-signed ", "ra-sign ", "ra-encrypt "):
        register(CHAIN_MODE, f"certificate {prefix}WORD", _chain_certificate)
        register(CHAIN_MODE, f"no certificate {prefix}WORD", _no_chain_certificate)


def register_pki_config_commands() -> None:
    register("config", "crypto pki trustpoint WORD", _enter("trustpoints", Trustpoint, TP_MODE))
    register("config", "no crypto pki trustpoint WORD", _no_trustpoint)
    register(
        "config",
        "crypto pki profile enrollment WORD",
        _enter("profiles", EnrollmentProfile, PROFILE_MODE),
    )
    register("config", "no crypto pki profile enrollment WORD", _remove("profiles"))
    register("config", "crypto pki certificate chain WORD", _chain)
    register("config", "no crypto pki certificate chain WORD", _remove("chains"))
    _register_block_commands()
    _register_chain_commands()
