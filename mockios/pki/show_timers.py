"""`show crypto pki timers [detail]`: renew and poll timers from real certificate dates."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from .device_certs import identity_cert, renew_moment, trustpoint_names
from .ios_format import now
from .state import pki_state

if TYPE_CHECKING:
    from mockios.device import Device


def countdown(seconds: float) -> str:
    """`291d23:54:53.214`, `23:54:53.214` or `7:58.124`, as IOS counts down."""
    millis = max(0, int(seconds * 1000))
    days, millis = divmod(millis, 86_400_000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    if days:
        return f"{days}d{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}.{millis:03d}"
    return f"{minutes}:{secs:02d}.{millis:03d}"


def _timer_line(moment: datetime, what: str, detail: bool) -> str:
    remaining = (moment - now()).total_seconds()
    iso = f"  ({moment:%Y-%m-%dT%H:%M:%SZ})" if detail else ""
    return f"|{countdown(remaining):>16}{iso} {what}"


def show_timers(device: Device, detail: bool) -> list[str]:
    state = pki_state(device)
    timers: list[tuple[datetime, str]] = []
    for name in trustpoint_names(device):
        config = device.running.trustpoints[name]
        cert = identity_cert(device, name)
        renew = renew_moment(config, cert) if cert is not None else None
        if renew is not None:
            timers.append((renew, f"RENEW {name}"))
    for name, pending in state.pending.items():
        if pending.next_poll is not None:
            timers.append((pending.next_poll, f"POLL {name}"))
    lines = ["PKI Timers"]
    if timers:
        first = min(moment for moment, _ in timers)
        lines.append(f"|{countdown((first - now()).total_seconds()):>16}")
        lines += [_timer_line(moment, what, detail) for moment, what in sorted(timers)]
    lines.append("")
    return lines
