"""The hand-written fleet audit written with asyncssh: one event loop, no threads.

Reads the same JSON plan on stdin as ``netmiko_audit.py``, plus the fleet's known_hosts file:
``{"workers": W, "commands": [show, ...], "known_hosts": PATH, "hosts": [{"host", "port",
"username", "password", "secret"}]}``. For every host (W at a time) it opens one SSH session
whose host key must be in the known_hosts file, starts an interactive shell (IOS has no exec
channel worth the name), sets ``terminal length 0``, enters enable mode with the secret, sends
the show commands one by one reading each answer up to the prompt, and parses it with the
collection's TextFSM templates (``audit_records``). Prints the number of records parsed; any
failure ends the script with an error. Run as a script so its interpreter start-up is counted.
"""

from __future__ import annotations

import asyncio
import json
import re
import sys

import asyncssh
from audit_records import cli_table, count_records  # beside this script
from textfsm import clitable

# The prompt after login: user mode (">") or already privileged ("#"), at the end of a read.
_PROMPT = re.compile(r"^([^\s>#]+)([>#])\s*\Z", re.M)
_TIMEOUT = 60


class Shell:
    """An interactive IOS shell: send a line, read up to a pattern."""

    def __init__(self, process: asyncssh.SSHClientProcess) -> None:
        self.process = process
        self.buffer = ""

    async def read_until(self, pattern: re.Pattern[str]) -> re.Match[str]:
        while not (found := pattern.search(self.buffer)):
            chunk = await asyncio.wait_for(self.process.stdout.read(65536), _TIMEOUT)
            if not chunk:
                raise ConnectionError(f"session closed while waiting for {pattern.pattern!r}")
            self.buffer += chunk.replace("\r\n", "\n")  # IOS ends lines with CR LF
        return found

    async def ask(self, line: str, pattern: re.Pattern[str]) -> str:
        """Send ``line``; what the router printed before ``pattern``, without the echo."""
        self.buffer = ""
        self.process.stdin.write(line + "\n")
        found = await self.read_until(pattern)
        text = self.buffer[: found.start()]
        return text.split("\n", 1)[1] if "\n" in text else ""


async def _host(
    spec: dict,
    plan: dict,
    known_hosts: asyncssh.SSHKnownHosts,
    limit: asyncio.Semaphore,
    table: clitable.CliTable,
) -> int:
    async with limit:
        async with asyncssh.connect(
            spec["host"],
            port=spec["port"],
            username=spec["username"],
            password=spec["password"],
            known_hosts=known_hosts,
            client_keys=None,
            agent_path=None,
        ) as conn:
            process = await conn.create_process(term_type="vt100", encoding="utf-8")
            shell = Shell(process)
            hostname, mode = (await shell.read_until(_PROMPT)).groups()
            enabled = re.compile(re.escape(hostname) + r"#\s*\Z")
            await shell.ask("terminal length 0", re.compile(re.escape(hostname) + r"[>#]\s*\Z"))
            if mode == ">":
                await shell.ask("enable", re.compile(r"Password:\s*\Z"))
                await shell.ask(spec["secret"], enabled)
            records = 0
            for command in plan["commands"]:
                records += count_records(table, command, await shell.ask(command, enabled))
            process.stdin.write("exit\n")
            return records


async def _audit(plan: dict) -> int:
    known_hosts = asyncssh.read_known_hosts(plan["known_hosts"])
    limit = asyncio.Semaphore(plan["workers"])
    table = cli_table()  # one thread, so one parser for every host
    counts = await asyncio.gather(
        *(_host(spec, plan, known_hosts, limit, table) for spec in plan["hosts"])
    )
    return sum(counts)


def main() -> int:
    records = asyncio.run(_audit(json.load(sys.stdin)))
    print(f"{records} records parsed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
