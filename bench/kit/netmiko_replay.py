"""The minimal netmiko script the no-change bench compares against.

Reads a JSON plan on stdin: ``{"workers": W, "hosts": [{"host", "port", "username",
"password", "secret", "sessions": [[show, ...], ...]}]}``. For every host (W at a time, in
threads) it opens each session with netmiko ``cisco_ios``, enters enable mode, sends the show
commands and disconnects: the device work of the tasks it stands for, and nothing else.
Run as a script so its interpreter start-up is counted, as ``ansible-playbook``'s is.
"""

from __future__ import annotations

import json
import sys
from concurrent.futures import ThreadPoolExecutor

from netmiko_login import login  # beside this script


def _host(spec: dict) -> int:
    sent = 0
    for shows in spec["sessions"]:
        with login(spec) as conn:
            for show in shows:
                conn.send_command(show)
                sent += 1
    return sent


def main() -> int:
    plan = json.load(sys.stdin)
    with ThreadPoolExecutor(max_workers=plan["workers"]) as pool:
        sent = sum(pool.map(_host, plan["hosts"]))
    print(f"{sent} show commands sent")
    return 0


if __name__ == "__main__":
    sys.exit(main())
