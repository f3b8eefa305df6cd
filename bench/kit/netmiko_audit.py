"""The hand-written fleet audit the fleet-audit bench compares against: netmiko in threads.

Reads a JSON plan on stdin: ``{"workers": W, "commands": [show, ...], "hosts": [{"host",
"port", "username", "password", "secret"}]}``. For every host (W at a time, in threads) it
opens one netmiko ``cisco_ios`` session, enters enable mode, sends the show commands and
parses each output with the collection's TextFSM templates (``parsers/``, through TextFSM's
CliTable as ntc-templates does), as a script written by hand would. Prints the number of
records parsed. Run as a script so its interpreter start-up is counted. A ``known_hosts`` in
the plan (for ``asyncssh_audit.py``) is not read: netmiko accepts any host key by default, and
``netmiko_login`` keeps that default.
"""

from __future__ import annotations

import json
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

from audit_records import cli_table, count_records  # beside this script
from netmiko_login import login

_local = threading.local()


def _parse(command: str, text: str) -> int:
    if not hasattr(_local, "table"):
        _local.table = cli_table()  # one per thread: it holds state
    return count_records(_local.table, command, text)


def _host(spec: dict, commands: list[str]) -> int:
    records = 0
    with login(spec) as conn:
        for command in commands:
            records += _parse(command, conn.send_command(command))
    return records


def main() -> int:
    plan = json.load(sys.stdin)
    with ThreadPoolExecutor(max_workers=plan["workers"]) as pool:
        records = sum(pool.map(lambda spec: _host(spec, plan["commands"]), plan["hosts"]))
    print(f"{records} records parsed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
