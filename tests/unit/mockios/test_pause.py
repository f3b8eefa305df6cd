"""``yield Pause(...)``: a dialog waits on the event loop, the session keeps typed input."""

from __future__ import annotations

import asyncio
import time

from mockios.device import Device
from mockios.dialog import Dialog, Pause
from mockios.registry import REGISTRY, CommandContext

PAUSE = 0.2


def _slow_dialog(ctx: CommandContext) -> Dialog:
    yield "working...\n"
    yield Pause("slow_step", PAUSE)
    return "done\n"


def _register(temp_command: list) -> None:
    REGISTRY.register("exec", "zzslow", _slow_dialog)
    temp_command.append(("exec", "zzslow"))


def test_pause_runs_on_the_event_loop(cli, make_cli, tmp_path, temp_command) -> None:
    _register(temp_command)
    other = make_cli(Device("R2", "ios15", tmp_path)).enable()

    async def scenario() -> tuple[str, str, str, list[str]]:
        cli.device.loop = asyncio.get_running_loop()
        resumed: list[str] = []
        cli.session.on_async = resumed.append
        first = cli.run("zzslow")
        typed_ahead = cli.type("show privilege\r")  # kept until the pause ends
        meanwhile = other.run("show privilege")  # another device answers at once
        await asyncio.sleep(PAUSE * 2)
        return first, typed_ahead, meanwhile, resumed

    started = time.monotonic()
    first, typed_ahead, meanwhile, resumed = asyncio.run(scenario())
    assert first == "working...\r\n"
    assert typed_ahead == ""
    assert "Current privilege level is 15" in meanwhile
    assert time.monotonic() - started >= PAUSE
    (text,) = resumed
    assert text.startswith("done\r\nR1#show privilege\r\n")
    assert "Current privilege level is 15" in text and text.endswith("R1#")


def test_bare_core_sleeps_in_place(cli, temp_command) -> None:
    _register(temp_command)
    started = time.monotonic()
    assert cli.run("zzslow") == "working...\r\ndone\r\n"
    assert time.monotonic() - started >= PAUSE


def test_disconnect_at_a_pause_step(cli, temp_command) -> None:
    _register(temp_command)
    cli.device.faults.disconnect_at = "slow_step"
    cli.type("zzslow\r")
    assert cli.session.drop and cli.session.closed


def test_input_after_the_pausing_line_waits_for_the_pause(cli, temp_command) -> None:
    _register(temp_command)

    async def scenario() -> tuple[str, list[str]]:
        cli.device.loop = asyncio.get_running_loop()
        resumed: list[str] = []
        cli.session.on_async = resumed.append
        first = cli.type("zzslow\rshow privilege\r")  # one write, as a paste would come
        await asyncio.sleep(PAUSE * 2)
        return first, resumed

    first, resumed = asyncio.run(scenario())
    assert first == "zzslow\r\nworking...\r\n"
    (text,) = resumed
    assert text.startswith("done\r\nR1#show privilege\r\n")
