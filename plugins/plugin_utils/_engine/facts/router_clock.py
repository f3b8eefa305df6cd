"""The router's own time (``show clock``).

A certificate is valid, and due for renewal, by the router's clock: IOS checks validity and
runs its auto-enroll timers against it. A router whose clock is off from the controller's
would otherwise be renewed too early or too late.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .ios_time import parse_ios_time

CLOCK_COMMAND = "show clock"


def router_now(session: Any) -> dt.datetime | None:
    """The router's time in UTC, or None when its time zone is not one we know (then the
    controller's time stands in)."""
    lines = [line for line in session.show(CLOCK_COMMAND).splitlines() if line.strip()]
    parsed = parse_ios_time(lines[-1]) if lines else None
    return parsed.moment if parsed is not None else None
