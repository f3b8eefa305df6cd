"""PKI configuration modes: trustpoints, enrollment profiles, certificate chains.

Each trustpoint/profile sub-command is one table row: the spec, the attribute it sets, and
how the value is read. ``no <keywords>`` clears the attribute.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import MISSING
from typing import Any

from mockios.config_model import ChainCert, EnrollmentProfile, Trustpoint
from mockios.dialog import Dialog, Invalid, ModeLine
from mockios.registry import CommandContext, register

TP_MODE = "ca-trustpoint"
PROFILE_MODE = "ca-profile-enroll"
CHAIN_MODE = "config-cert-chain"
HEX_MODE = "config-pki-hexmode"
CHAIN_KINDS = {"ca": "ca", "self-signed": "self-signed", "": "router"}


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


# --- trustpoint sub-commands ------------------------------------------------------------
def _tp(ctx: CommandContext) -> Trustpoint:
    return ctx.device.running.trustpoints[ctx.session.target or ""]


def _set(attribute: str, convert: Callable[[CommandContext], Any], method: bool = False):
    """A handler setting one trustpoint attribute; enrollment methods exclude each other."""

    def handler(ctx: CommandContext) -> str:
        tp = _tp(ctx)
        value = convert(ctx)
        if method:
            tp.clear_enrollment_method()
        setattr(tp, attribute, value)
        ctx.device.mark_changed()
        return ""

    return handler


def _clear(*attributes: str):
    """A `no ...` handler: back to the dataclass default."""

    def handler(ctx: CommandContext) -> str:
        tp = _tp(ctx)
        for attribute in attributes:
            spec = Trustpoint.__dataclass_fields__[attribute]
            blank = spec.default_factory() if spec.default is MISSING else spec.default
            setattr(tp, attribute, blank)
        ctx.device.mark_changed()
        return ""

    return handler


def _arg(ctx: CommandContext) -> str:
    return ctx.args[0]


def _int_arg(ctx: CommandContext) -> int:
    return int(ctx.args[0])


def _true(ctx: CommandContext) -> bool:
    return True


def _enrollment_terminal(ctx: CommandContext) -> str:
    tp = _tp(ctx)
    tp.clear_enrollment_method()
    tp.enrollment_terminal = True
    tp.enrollment_pem = ctx.words[-1] == "pem"
    ctx.device.mark_changed()
    return ""


def _rsakeypair(ctx: CommandContext) -> tuple[str, int | None, int | None]:
    label, *sizes = ctx.args
    numbers = [int(s) for s in sizes] + [None, None]
    return (label, numbers[0], numbers[1])


def _auto_enroll(ctx: CommandContext) -> tuple[int | None, bool]:
    percent = int(ctx.args[0]) if ctx.args else None
    return (percent, ctx.words[-1] == "regenerate")


def _revocation(ctx: CommandContext) -> list[str]:
    return ctx.args[0].split()


def _serial_number(ctx: CommandContext) -> str:
    return "none" if ctx.words[-1] == "none" else ""


def _subject_name(ctx: CommandContext) -> str:
    return ctx.args[0] if ctx.args else ""


_TP_ROWS: list[tuple[str, str, Callable[[CommandContext], Any]]] = [
    ("enrollment url URL", "enrollment_url", _arg),
    ("enrollment selfsigned", "enrollment_selfsigned", _true),
    ("enrollment pkcs12", "enrollment_pkcs12", _true),
    ("enrollment profile WORD", "enrollment_profile", _arg),
    ("enrollment mode ra", "enrollment_mode_ra", _true),
    ("enrollment retry period NUM", "enrollment_retry_period", _int_arg),
    ("enrollment retry count NUM", "enrollment_retry_count", _int_arg),
    ("enrollment http-proxy LINE", "enrollment_http_proxy", _arg),
    ("fingerprint LINE", "fingerprint", _arg),
    ("subject-name LINE?", "subject_name", _subject_name),
    ("subject-alt-name LINE", "subject_alt_name", _arg),
    ("serial-number none?", "serial_number", _serial_number),
    ("ip-address LINE", "ip_address", _arg),
    ("fqdn LINE", "fqdn", _arg),
    ("password LINE", "password", _arg),
    ("usage LINE", "usage", _arg),
    ("rsakeypair WORD NUM? NUM?", "rsakeypair", _rsakeypair),
    ("eckeypair WORD", "eckeypair", _arg),
    ("auto-enroll NUM? regenerate?", "auto_enroll", _auto_enroll),
    ("regenerate", "regenerate", _true),
    ("revocation-check LINE", "revocation_check", _revocation),
    ("source interface LINE", "source_interface", _arg),
    ("vrf WORD", "vrf", _arg),
    ("hash WORD", "hash", _arg),
    ("storage WORD", "storage", _arg),
    ("on WORD", "on", _arg),
]
_METHODS = {"enrollment_url", "enrollment_selfsigned", "enrollment_pkcs12", "enrollment_profile"}


def _keywords(spec: str) -> str:
    return " ".join(w for w in spec.split() if w.islower() and not w.endswith("?"))


def _register_trustpoint_commands() -> None:
    for spec, attribute, convert in _TP_ROWS:
        register(TP_MODE, spec, _set(attribute, convert, method=attribute in _METHODS))
        register(TP_MODE, f"no {_keywords(spec)} LINE?", _clear(attribute))
    register(TP_MODE, "enrollment terminal pem?", _enrollment_terminal)
    register(
        TP_MODE, "no enrollment terminal LINE?", _clear("enrollment_terminal", "enrollment_pem")
    )


# --- enrollment profile sub-commands ----------------------------------------------------
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
    _register_trustpoint_commands()
    _register_profile_commands()
    _register_chain_commands()
