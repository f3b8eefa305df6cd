"""EXEC mode commands: enable, terminal, show, write, copy, configure."""

from __future__ import annotations

import time

from mockios import clock
from mockios.dialog import Ask, Dialog
from mockios.registry import CommandContext, register
from mockios.render_config import render_running, render_startup

_VERSION_TEXT = {
    "ios15": (
        "Cisco IOS Software, C2900 Software (C2900-UNIVERSALK9-M), Version 15.7(3)M5, "
        "RELEASE SOFTWARE (fc1)\n"
        "Technical Support: http://www.cisco.com/techsupport\n"
        "Copyright (c) 1986-2019 by Cisco Systems, Inc.\n"
        "Compiled Wed 30-Jan-19 04:08 by prod_rel_team\n"
        "\n"
        "ROM: System Bootstrap, Version 15.0(1r)M16, RELEASE SOFTWARE (fc1)\n"
        "\n"
        "{host} uptime is {uptime}\n"
        "System returned to ROM by power-on\n"
        'System image file is "flash0:c2900-universalk9-mz.SPA.157-3.M5.bin"\n'
        "\n"
        "Cisco CISCO2911/K9 (revision 1.0) with 483328K/40960K bytes of memory.\n"
        "Processor board ID {serial}\n"
        "3 Gigabit Ethernet interfaces\n"
        "DRAM configuration is 64 bits wide with parity enabled.\n"
        "255K bytes of non-volatile configuration memory.\n"
        "250880K bytes of ATA System CompactFlash 0 (Read/Write)\n"
        "\n"
        "Configuration register is 0x2102\n"
    ),
    "iosxe17": (
        "Cisco IOS XE Software, Version 17.09.04a\n"
        "Cisco IOS Software [Cupertino], ISR Software (X86_64_LINUX_IOSD-UNIVERSALK9-M), "
        "Version 17.9.4a, RELEASE SOFTWARE (fc3)\n"
        "Technical Support: http://www.cisco.com/techsupport\n"
        "Copyright (c) 1986-2023 by Cisco Systems, Inc.\n"
        "Compiled Fri 20-Oct-23 10:44 by mcpre\n"
        "\n"
        "ROM: 16.12(2r)\n"
        "\n"
        "{host} uptime is {uptime}\n"
        "Uptime for this control processor is {uptime}\n"
        "System returned to ROM by PowerOn\n"
        'System image file is "bootflash:isr4300-universalk9.17.09.04a.SPA.bin"\n'
        "Last reload reason: PowerOn\n"
        "\n"
        "cisco ISR4331/K9 (1RU) processor with 1795979K/6147K bytes of memory.\n"
        "Processor board ID {serial}\n"
        "Router operating mode: Autonomous\n"
        "3 Gigabit Ethernet interfaces\n"
        "32768K bytes of non-volatile configuration memory.\n"
        "4194304K bytes of physical memory.\n"
        "3223551K bytes of flash memory at bootflash:.\n"
        "\n"
        "Configuration register is 0x2102\n"
    ),
}


def _uptime(seconds: float) -> str:
    minutes = int(seconds // 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    parts = [f"{days} days"] if days else []
    parts += [f"{hours} hours"] if hours else []
    return ", ".join([*parts, f"{minutes} minutes"])


def _enable(ctx: CommandContext) -> Dialog | str:
    if ctx.session.priv >= 15:
        return ""
    return _enable_dialog(ctx)


ENABLE_ATTEMPTS = 3


def _enable_dialog(ctx: CommandContext) -> Dialog:
    """IOS asks `Password: ` up to three times, then gives up with `% Bad secrets`."""
    for _ in range(ENABLE_ATTEMPTS):
        answer = yield Ask("enable_secret", "Password: ", secret=True)
        if answer == ctx.device.secret:
            ctx.session.priv = 15
            return ""
    return "% Bad secrets\n\n"


def _disable(ctx: CommandContext) -> str:
    ctx.session.priv = 1
    return ""


def _exit(ctx: CommandContext) -> str:
    ctx.session.close()
    return ""


def _terminal_length(ctx: CommandContext) -> str:
    ctx.session.term_length = min(int(ctx.args[0]), 512)
    return ""


def _terminal_width(ctx: CommandContext) -> str:
    ctx.session.term_width = int(ctx.args[0])
    return ""


def _terminal_monitor(ctx: CommandContext) -> str:
    ctx.session.monitor = not ctx.words[1].startswith("no")
    return ""


def _show_privilege(ctx: CommandContext) -> str:
    return f"Current privilege level is {ctx.session.priv}\n"


def _show_version(ctx: CommandContext) -> str:
    device = ctx.device
    return _VERSION_TEXT[device.flavor].format(
        host=device.hostname,
        serial=device.serial,
        uptime=_uptime(time.time() - device.boot_time),
    )


def _show_running(ctx: CommandContext) -> str:
    return render_running(ctx.device.running, ctx.device.flavor, ctx.device.changed_at)


def _show_startup(ctx: CommandContext) -> str:
    return render_startup(ctx.device.startup, ctx.device.flavor, ctx.device.changed_at)


def _show_logging(ctx: CommandContext) -> str:
    lines = ctx.device.logging_buffer
    head = (
        "Syslog logging: enabled (0 messages dropped, 0 flushes, 0 overruns)\n"
        "    Console logging: level debugging\n"
        "    Monitor logging: level debugging\n"
        f"    Buffer logging:  level debugging, {len(lines)} messages logged\n"
        "\n"
        "Log Buffer (8192 bytes):\n"
    )
    return head + "".join(line + "\n" for line in lines)


def _show_clock(ctx: CommandContext) -> str:
    return clock.now().strftime("*%H:%M:%S.000 UTC %a %b %d %Y\n")


def _write_memory(ctx: CommandContext) -> str:
    ctx.device.write_memory()
    return "Building configuration...\n[OK]\n"


def _copy_run_start(ctx: CommandContext) -> Dialog:
    answer = yield Ask("copy_destination", "Destination filename [startup-config]? ")
    if answer.strip() not in ("", "startup-config"):
        return f"%Error opening nvram:{answer.strip()} (Permission denied)\n"
    ctx.device.write_memory()
    return "Building configuration...\n[OK]\n"


def _configure_terminal(ctx: CommandContext) -> str:
    ctx.session.enter_mode("config")
    return "Enter configuration commands, one per line.  End with CNTL/Z.\n"


def register_exec_commands() -> None:
    for spec, handler, priv in (
        ("enable", _enable, 1),
        ("disable", _disable, 1),
        ("exit", _exit, 1),
        ("logout", _exit, 1),
        ("terminal length NUM", _terminal_length, 1),
        ("terminal width NUM", _terminal_width, 1),
        ("terminal monitor", _terminal_monitor, 1),
        ("terminal no monitor", _terminal_monitor, 1),
        ("show privilege", _show_privilege, 1),
        ("show version", _show_version, 1),
        ("show clock", _show_clock, 1),
        ("show running-config", _show_running, 15),
        ("show startup-config", _show_startup, 15),
        ("show logging", _show_logging, 15),
        ("write memory?", _write_memory, 15),
        ("copy running-config startup-config", _copy_run_start, 15),
        ("configure terminal", _configure_terminal, 15),
    ):
        register("exec", spec, handler, priv)
