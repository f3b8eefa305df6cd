"""The IOS certificate server's commands: `crypto pki server NAME` and its cs-server mode,
`no shutdown` with its passphrase dialog, the exec `crypto pki server NAME grant|reject
all|ID` and `info requests`, and `show crypto pki server [NAME] [requests]`.

Prompts and outputs are real routers' (tests/transcripts/config/ and show/, whose sources
are IOS 15 lab captures and genieparser fixtures); what no capture shows is listed in
tests/transcripts/GAPS.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cryptography.hazmat.primitives.serialization import Encoding

from mockios.config_model import CertServer, Trustpoint
from mockios.dialog import Ask, Dialog
from mockios.registry import CommandContext, register

from . import cert_server, cert_server_http, rollover
from .answers import yes_no
from .install import install
from .ios_format import fingerprint, ios_date
from .key_store import save_keys
from .keys import new_keypair

if TYPE_CHECKING:
    from mockios.device import Device

CS_MODE = "cs-server"
PASSPHRASE_TEXT = (
    "%Some server settings cannot be changed after CA certificate generation.\n"
    "% Please enter a passphrase to protect the private key\n"
    "% or type Return to exit\n"
    "Password: "
)
CS_ENABLED = "%PKI-6-CS_ENABLED: Certificate server now enabled."
CS_DISABLED = "%PKI-6-CS_DISABLED: Certificate server now disabled."
# A server that has its CA already answers `shut` / `no shut` with these, then the syslog
# line (a lab capture seen through the code index, quoted in tests/transcripts/GAPS.md).
QUEUED = "Certificate server '{}' event has been queued for processing.\n"
# `no crypto pki server NAME` asks before deleting the CA (genielibs'
# `unconfigure_crypto_pki_server` answers this prompt; tests/transcripts/GAPS.md).
REMOVE_QUESTION = (
    "CA certificate, Keypair, CRL and database files will be deleted. "
    "Do you wish to continue? [yes/no]: "
)
CA_KEY_BITS = 1024  # "% Generating 1024 bit RSA keys" when no key pair has the server's name
_LEVELS = {
    "minimum": "Minimum - no cert data written to storage",
    "names": "Names - serial number and subject name written to storage",
    "complete": "Complete - all issued certs written as <serialnum>.cer",
}
_TABLE_HEAD = (
    "ReqID  State      Fingerprint                      SubjectName\n"
    "--------------------------------------------------------------\n"
)


def _settings(ctx: CommandContext) -> CertServer:
    return ctx.device.running.cert_servers[ctx.session.target or ""]


def _enter(ctx: CommandContext) -> str:
    name = ctx.args[0]
    ctx.device.running.cert_servers.setdefault(name, CertServer(name))
    ctx.device.mark_changed()
    ctx.session.enter_mode(CS_MODE, name)
    return ""


def _remove(ctx: CommandContext) -> Dialog:
    name = ctx.args[0]
    if name not in ctx.device.running.cert_servers:
        return f"% Certificate server '{name}' is not known\n"
    if name in cert_server.servers(ctx.device):
        if not (yield from yes_no("cs_remove", REMOVE_QUESTION)):
            return ""
    del ctx.device.running.cert_servers[name]
    cert_server.forget(ctx.device, name)
    if ctx.device.keys.pop(name, None) is not None:  # "Keypair ... will be deleted"
        save_keys(ctx.device)
    ctx.device.mark_changed()
    return ""


def _setter(**values: object):
    def handler(ctx: CommandContext) -> str:
        settings = _settings(ctx)
        for field, value in values.items():
            setattr(settings, field, value)
        ctx.device.mark_changed()
        return ""

    return handler


def _set_arg(field: str, convert=str):  # noqa: ANN001, ANN202
    def handler(ctx: CommandContext) -> str:
        setattr(_settings(ctx), field, convert(" ".join(ctx.args)))
        ctx.device.mark_changed()
        return ""

    return handler


def _database_level(ctx: CommandContext) -> str:
    _settings(ctx).database_level = ctx.words[-1]
    ctx.device.mark_changed()
    return ""


def _auto_rollover(ctx: CommandContext) -> str:
    _settings(ctx).auto_rollover = int(ctx.args[0]) if ctx.args else 30
    ctx.device.mark_changed()
    return ""


def _no_shutdown(ctx: CommandContext) -> Dialog:
    device, settings = ctx.device, _settings(ctx)
    if not settings.shutdown:
        return ""
    ca = cert_server.servers(device).get(settings.name)
    if ca is not None:
        settings.shutdown = False
        device.mark_changed()
        cert_server_http.serve(device)
        device.call_later(0, lambda: device.notify(CS_ENABLED))
        return QUEUED.format("no shut")
    first = yield Ask("cs_passphrase", PASSPHRASE_TEXT, secret=True)
    if not first:
        return ""
    second = yield Ask("cs_passphrase_confirm", "\nRe-enter password: ", secret=True)
    if first != second:
        return "% Password mismatch.\n"
    pair = device.keys.get(settings.name)
    if pair is None:
        pair = new_keypair(settings.name, "rsa", CA_KEY_BITS)
        device.keys[settings.name] = pair
        save_keys(device)
        yield (
            f"% Generating {CA_KEY_BITS} bit RSA keys, keys will be non-exportable...\n"
            "[OK] (elapsed time was 1 seconds)\n"
        )
    ca = cert_server.create(settings, pair.key)
    cert_server.servers(device)[settings.name] = ca
    cert_server.save(device, ca)
    _server_trustpoint(device, settings.name, ca)
    settings.shutdown = False
    device.mark_changed()
    cert_server_http.serve(device)
    device.call_later(0, lambda: device.notify(CS_ENABLED))
    return "\n% Certificate Server enabled.\n"


def _server_trustpoint(device: Device, name: str, ca: cert_server.CertServerCA) -> None:
    """The trustpoint IOS makes for the server: its key pair, CRL checking, the CA
    certificate (moskovchenko-iv/OTUS-LABS LAB-14: `revocation-check crl`, `rsakeypair CA`)."""
    trustpoint = device.running.trustpoints.setdefault(name, Trustpoint(name))
    trustpoint.revocation_check = ["crl"]
    trustpoint.rsakeypair = (name, None, None)
    install(device, name, "ca", ca.cert)


def _shutdown(ctx: CommandContext) -> str:
    settings = _settings(ctx)
    if settings.shutdown:
        return ""
    settings.shutdown = True
    ctx.device.mark_changed()
    ctx.device.call_later(0, lambda: ctx.device.notify(CS_DISABLED))
    return QUEUED.format("shut")


def _act(action: str):
    """`crypto pki server NAME grant|reject all|ID`."""

    def handler(ctx: CommandContext) -> str:
        name, which = ctx.args[0], ctx.args[1] if len(ctx.args) > 1 else "all"
        settings = ctx.device.running.cert_servers.get(name)
        ca = cert_server.servers(ctx.device).get(name)
        if settings is None or ca is None:
            return f"% Certificate Server {name} is not configured\n"
        with ca.lock:
            for request in ca.requests:
                if request.state == "pending" and which in ("all", str(request.id)):
                    if action == "grant":
                        ca.grant(request, settings)
                    else:
                        request.state = "rejected"
            cert_server.save(ctx.device, ca)
        return ""

    return handler


def _requests(ctx: CommandContext) -> str:
    name = ctx.args[0]
    ca = cert_server.servers(ctx.device).get(name)
    rows = ""
    if ca is not None:
        with ca.lock:
            # Granted requests stay listed as `granted` (lab captures after `grant`).
            for request in sorted(ca.requests, key=lambda r: -r.id):
                rows += (
                    f"{request.id:<6} {request.state:<10} {request.fingerprint} {request.subject}\n"
                )
    return (
        "Enrollment Request Database:\n\n"
        f"Subordinate CA certificate requests:\n{_TABLE_HEAD}\n"
        f"RA certificate requests:\n{_TABLE_HEAD}\n"
        f"Router certificates requests:\n{_TABLE_HEAD}{rows}\n"
    )


def _show_server(ctx: CommandContext) -> str:
    wanted = ctx.args[0] if ctx.args else None
    text = ""
    for settings in ctx.device.running.cert_servers.values():
        if wanted in (None, settings.name):
            text += _server_text(ctx.device, settings)
    return text


def _server_text(device: Device, settings: CertServer) -> str:
    ca = cert_server.servers(device).get(settings.name)
    if ca is not None and not settings.shutdown:
        rollover.advance(device, settings, ca)
    running = ca is not None and not settings.shutdown
    if running and not device.running.http_server:
        status, state = "disabled, HTTP Server is disabled", "check failed"
    elif running:
        status, state = "enabled", "enabled"
    else:
        status, state = "disabled", "disabled"
    lines = [f"Certificate Server {settings.name}:", f"Status: {status}", f"State: {state}"]
    if ca is not None:
        lines.append('Server\'s configuration is locked  (enter "shut" to unlock it)')
    lines.append(f"Issuer name: {settings.issuer_name or 'CN=' + settings.name}")
    if ca is not None:
        der = ca.cert.public_bytes(Encoding.DER)
        lines.append(f"CA cert fingerprint: {fingerprint(der, 'md5')}")
    lines.append(f"Granting mode is: {settings.grant}")
    if ca is not None:
        expiry = ca.cert.not_valid_after_utc
        lines += [
            f"Last certificate issued serial number (hex): {ca.last_serial:X}",
            f"CA certificate expiration timer: {ios_date(expiry)}",
        ]
    lines += [
        f"Current primary storage dir: {settings.database_url or 'nvram:'}",
        f"Database Level: {_LEVELS[settings.database_level]}",
    ]
    if settings.auto_rollover is not None:
        lines.append(f"Auto-Rollover configured, overlap period {settings.auto_rollover} days")
        # Real capture (genie_csr8kv_auto_rollover): the CA's expiry less the overlap. Once
        # the rollover CA exists no capture shows the line; mockios leaves it out.
        due = rollover.generation_moment(settings, ca) if ca is not None else None
        if due is not None:
            lines.append(f"Autorollover timer: {ios_date(due)}")
    return lines[0] + "\n" + "".join(f"    {line}\n" for line in lines[1:])


def register_cert_server_commands() -> None:
    register("config", "crypto pki server WORD", _enter)
    register("config", "no crypto pki server WORD", _remove)
    for spec, handler in (
        ("issuer-name LINE", _set_arg("issuer_name")),
        ("no issuer-name LINE?", _setter(issuer_name=None)),
        ("grant auto", _setter(grant="auto")),
        ("grant none", _setter(grant="none")),
        ("no grant auto", _setter(grant="manual")),
        ("no grant none", _setter(grant="manual")),
        ("lifetime certificate NUM", _set_arg("lifetime_certificate", int)),
        ("no lifetime certificate NUM?", _setter(lifetime_certificate=365)),
        ("lifetime ca-certificate NUM", _set_arg("lifetime_ca_certificate", int)),
        ("no lifetime ca-certificate NUM?", _setter(lifetime_ca_certificate=1095)),
        ("database url LINE", _set_arg("database_url")),
        ("no database url LINE?", _setter(database_url=None)),
        ("database level minimum", _database_level),
        ("database level names", _database_level),
        ("database level complete", _database_level),
        ("auto-rollover NUM?", _auto_rollover),
        ("no auto-rollover NUM?", _setter(auto_rollover=None)),
        ("no shutdown", _no_shutdown),
        ("shutdown", _shutdown),
    ):
        register(CS_MODE, spec, handler)
    for action in ("grant", "reject"):
        register("exec", f"crypto pki server WORD {action} all", _act(action))
        register("exec", f"crypto pki server WORD {action} NUM", _act(action))
    register("exec", "crypto pki server WORD info requests", _requests)
    register("exec", "show crypto pki server WORD requests", _requests)
    register("exec", "show crypto pki server WORD?", _show_server)
