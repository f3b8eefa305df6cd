"""Global configuration commands (hostname, ip domain, ip http, interface) and mode exits."""

from __future__ import annotations

from mockios.config_model import Interface
from mockios.registry import CONFIG_SUBMODES, CommandContext, register

_LOG_CONFIG = "%SYS-5-CONFIG_I: Configured from console by {user} on vty0 ({peer})"


def _changed(ctx: CommandContext) -> None:
    ctx.device.mark_changed()


def _end(ctx: CommandContext) -> str:
    ctx.session.enter_mode("exec")
    ctx.device.notify(_LOG_CONFIG.format(user=ctx.session.user, peer=ctx.session.peer))
    return ""


def _exit_config(ctx: CommandContext) -> str:
    if ctx.mode == "config":
        return _end(ctx)
    ctx.session.enter_mode("config")
    return ""


def _hostname(ctx: CommandContext) -> str:
    ctx.device.running.hostname = ctx.args[0]
    _changed(ctx)
    return ""


def _domain_name(ctx: CommandContext) -> str:
    ctx.device.running.domain_name = ctx.args[0]
    _changed(ctx)
    return ""


def _no_domain_name(ctx: CommandContext) -> str:
    ctx.device.running.domain_name = None
    _changed(ctx)
    return ""


def _http_flag(attribute: str, value: bool):
    def handler(ctx: CommandContext) -> str:
        setattr(ctx.device.running, attribute, value)
        _changed(ctx)
        return ""

    return handler


def _secure_trustpoint(ctx: CommandContext) -> str:
    no_form = ctx.words[0] == "no"
    ctx.device.running.http_secure_trustpoint = None if no_form else ctx.args[0]
    _changed(ctx)
    return ""


def _interface(ctx: CommandContext) -> str:
    name = ctx.args[0].replace(" ", "")
    interfaces = ctx.device.running.interfaces
    match = next((n for n in interfaces if n.lower() == name.lower()), None)
    if match is None:
        match = name
        interfaces[name] = Interface(name)
        _changed(ctx)
    ctx.session.enter_mode("config-if", match)
    return ""


def _interface_attr(attribute: str, value_from_args: bool, value: object = None):
    def handler(ctx: CommandContext) -> str:
        iface = ctx.device.running.interfaces[ctx.session.target or ""]
        setattr(iface, attribute, ctx.args[0] if value_from_args else value)
        _changed(ctx)
        return ""

    return handler


def register_config_commands() -> None:
    for mode in ("config", *CONFIG_SUBMODES):
        register(mode, "end", _end)
        register(mode, "exit", _exit_config)
    for spec, handler in (
        ("hostname WORD", _hostname),
        ("ip domain name WORD", _domain_name),
        ("ip domain-name WORD", _domain_name),
        ("no ip domain name LINE?", _no_domain_name),
        ("no ip domain-name LINE?", _no_domain_name),
        ("ip http server", _http_flag("http_server", True)),
        ("no ip http server", _http_flag("http_server", False)),
        ("ip http secure-server", _http_flag("http_secure_server", True)),
        ("no ip http secure-server", _http_flag("http_secure_server", False)),
        ("ip http secure-trustpoint WORD", _secure_trustpoint),
        ("no ip http secure-trustpoint LINE?", _secure_trustpoint),
        ("interface LINE", _interface),
    ):
        register("config", spec, handler)
    for spec, handler in (
        ("ip address LINE", _interface_attr("ip_address", True)),
        ("no ip address LINE?", _interface_attr("ip_address", False)),
        ("description LINE", _interface_attr("description", True)),
        ("no description LINE?", _interface_attr("description", False)),
        ("shutdown", _interface_attr("shutdown", False, True)),
        ("no shutdown", _interface_attr("shutdown", False, False)),
    ):
        register("config-if", spec, handler)
