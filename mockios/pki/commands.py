"""Wiring into the mockios core: PKI commands, the removal hook and device set-up."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from mockios.device import Device, add_device_hook
from mockios.registry import REGISTRY, CommandContext, register

from . import cert_server, cert_server_http, keys
from .authenticate import authenticate
from .autoenroll import ensure_ticker
from .cert_server_commands import register_cert_server_commands
from .crls import crl_request, show_crls
from .enroll import enroll
from .factory_trustpoints import add_factory_trustpoints
from .import_dialogs import import_certificate, import_pem, import_pkcs12
from .key_store import load_keys, save_keys
from .keygen_dialogs import generate_ec, generate_rsa, zeroize
from .remove_trustpoint import removal_handler
from .restart import resume_background_work
from .show_certificates import show_certificates
from .show_timers import show_timers
from .show_trustpoints import show_trustpoints
from .state import pki_state
from .state_store import load_pki_state, save_pki_state

Handler = Callable[[CommandContext], Any]


def _text(lines: list[str]) -> str:
    return "\n".join(lines) + ("\n" if lines else "")


def _show_certificates(ctx: CommandContext) -> str:
    verbose = "verbose" in ctx.words
    name = ctx.args[0] if ctx.args else None
    return _text(show_certificates(ctx.device, name, verbose))


def _show_trustpoints(ctx: CommandContext) -> str:
    name = ctx.args[0] if ctx.args else None
    return _text(show_trustpoints(ctx.device, name, "status" in ctx.words))


def _show_timers(ctx: CommandContext) -> str:
    return _text(show_timers(ctx.device, "detail" in ctx.words))


def _show_crls(ctx: CommandContext) -> str:
    return _text(show_crls(ctx.device))


def _show_mypubkey(ctx: CommandContext) -> str:
    kind = ctx.words[4] if len(ctx.words) > 4 else "all"
    label = ctx.args[0] if ctx.args else None
    lines: list[str] = []
    for pair in ctx.device.keys.values():
        if (kind == "all" or pair.kind == kind) and (label is None or pair.label == label):
            lines += keys.mypubkey_lines(pair, ctx.device.flavor)
    return _text(lines)


def _with_ticker(handler: Handler) -> Handler:
    """Any PKI command arms the auto-enroll ticker of its device (once)."""

    def wrapped(ctx: CommandContext) -> Any:
        ensure_ticker(ctx.device)
        return handler(ctx)

    return wrapped


_CONFIG_COMMANDS: tuple[tuple[str, Handler], ...] = (
    ("crypto key generate rsa LINE?", generate_rsa),
    ("crypto key generate ec LINE?", generate_ec),
    ("crypto key zeroize LINE?", zeroize),
    ("crypto pki authenticate WORD", authenticate),
    ("crypto pki enroll WORD", enroll),
    ("crypto pki import WORD certificate", import_certificate),
    ("crypto pki import WORD pem exportable? terminal", import_pem),
    ("crypto pki import WORD pem exportable? terminal password WORD", import_pem),
    ("crypto pki import WORD pkcs12 WORD password WORD", import_pkcs12),
    ("crypto pki crl request WORD", crl_request),
)
_EXEC_COMMANDS: tuple[tuple[str, Handler], ...] = (
    ("show crypto pki certificates verbose? WORD?", _show_certificates),
    ("show crypto pki trustpoints WORD? status?", _show_trustpoints),
    ("show crypto pki timers detail?", _show_timers),
    ("show crypto pki crls", _show_crls),
    ("show crypto key mypubkey rsa WORD?", _show_mypubkey),
    ("show crypto key mypubkey ec WORD?", _show_mypubkey),
    ("show crypto key mypubkey all", _show_mypubkey),
)
_REMOVE_SPEC = "no crypto pki trustpoint WORD"


def register_pki_commands() -> None:
    for spec, handler in _CONFIG_COMMANDS:
        register("config", spec, _with_ticker(handler))
    for spec, handler in _EXEC_COMMANDS:
        register("exec", spec, _with_ticker(handler))
    core = REGISTRY.specs.get(("config", _REMOVE_SPEC))
    if core and not getattr(core[0].handler, "pki_wrapped", False):
        wrapped = removal_handler(core[0].handler)
        wrapped.pki_wrapped = True
        register("config", _REMOVE_SPEC, wrapped)


def _set_up_device(device: Device) -> None:
    pki_state(device)
    load_keys(device)
    load_pki_state(device)
    cert_server.load_all(device)
    device.start_hooks.append(lambda: _start_http(device))
    add_factory_trustpoints(device)
    device.start_hooks.append(lambda: resume_background_work(device))
    device.shutdown_hooks.append(lambda: save_keys(device))
    device.shutdown_hooks.append(lambda: save_pki_state(device))


def _start_http(device: Device) -> None:
    cert_server_http.bind(device)
    if cert_server.servers(device):
        cert_server_http.serve(device)


def install_extension() -> None:
    slow = os.environ.get("MOCKIOS_SLOW_4096")
    if slow:
        keys.SLOW_4096_SECONDS = float(slow)
    register_pki_commands()
    register_cert_server_commands()
    add_device_hook(_set_up_device)
