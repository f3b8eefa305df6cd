"""`show crypto pki timers [detail]`: the timers of the device's PKI state.

The format follows real IOS-XE 17 output (genieparser fixtures, see
tests/transcripts/show/timers_detail_*.yml):

    PKI Timers
    |          48.241  (2022-01-15T08:54:35Z)
      |          48.241  (2022-01-15T08:54:35Z) SESSION CLEANUP
      |291d23:54:53.214  (2022-11-04T03:01:26Z) RENEW client
    Expiry Alert Timers
    |304d23:58:41.613  (2022-11-16T08:52:28Z)
      |304d23:58:41.613  (2022-11-16T08:52:28Z) ID(client)
    Trustpool Timers
    |2656d17:01:54.955  (2029-04-25T01:55:41Z)
      |2656d17:01:54.955  (2029-04-25T01:55:41Z) TRUSTPOOL

Each section is printed when it holds a timer, headed by its next timer's countdown. IOS 15
(no real capture at hand) keeps the plain form: `PKI Timers`, the next countdown, one line per
renew, shadow or poll timer. CRL timers do not apply: mockios fetches no CRL. A running
certificate server adds its `CS Timers` (IOS-XE 17).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from cryptography import x509

from . import cert_server, rollover
from .device_certs import ca_cert, find_cert, identity_cert, renew_moment, trustpoint_names
from .ios_format import now
from .state import pki_state

if TYPE_CHECKING:
    from mockios.device import Device

# The built-in trustpool bundle of IOS-XE 17 expires then: every real capture shows it.
TRUSTPOOL_EXPIRY = datetime(2029, 4, 25, 1, 55, 42, tzinfo=UTC)
# The session cleanup timer runs again and again; real captures show it under 15 minutes.
SESSION_CLEANUP_PERIOD = 15 * 60
# Expiry alerts start 60 days before a certificate ends (Cisco's PKI expiry alerts guide).
ALERT_BEFORE = timedelta(days=60)

Timer = tuple[datetime, str]


def countdown(seconds: float) -> str:
    """`291d23:54:53.214`, `1283d 6:19:02.213`, `5:54:30.889`, `4:33.164` or `48.241`."""
    millis = max(0, int(seconds * 1000))
    days, millis = divmod(millis, 86_400_000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    if days:
        return f"{days}d{hours:2d}:{minutes:02d}:{secs:02d}.{millis:03d}"
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}.{millis:03d}"
    if minutes:
        return f"{minutes}:{secs:02d}.{millis:03d}"
    return f"{secs}.{millis:03d}"


def _iso(moment: datetime) -> str:
    return f"  ({moment.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ})"


def _line(moment: datetime, what: str, detail: bool, indent: str = "") -> str:
    left = countdown((moment - now()).total_seconds())
    when = _iso(moment) if detail else ""
    return f"{indent}|{left:>16}{when}" + (f" {what}" if what else "")


def _section(title: str, timers: list[Timer], detail: bool) -> list[str]:
    # IOS-XE 17: the heading, the next timer's countdown and time, then each timer indented.
    if not timers:
        return []
    timers = sorted(timers)
    children = [_line(moment, what, detail, "  ") for moment, what in timers]
    return [title, _line(timers[0][0], "", detail), *children]


def _pki_timers(device: Device) -> list[Timer]:
    timers: list[Timer] = []
    for name in trustpoint_names(device):
        cert = identity_cert(device, name)
        renew = renew_moment(device.running.trustpoints[name], cert) if cert else None
        if renew is not None and not rollover.ends_with_its_ca(device, name, cert):
            timers.append((renew, f"RENEW {name}"))
        shadow = rollover.pending_shadow_moment(device, name)
        if shadow is not None:
            timers.append((shadow, f"SHADOW {name}"))
    for name, pending in pki_state(device).pending.items():
        if pending.next_poll is not None:
            timers.append((pending.next_poll, f"POLL {name}"))
    return timers


def _session_cleanup() -> Timer:
    moment = now()
    left = SESSION_CLEANUP_PERIOD - moment.timestamp() % SESSION_CLEANUP_PERIOD
    return (moment + timedelta(seconds=left), "SESSION CLEANUP")


def _expiry_alerts(device: Device) -> list[Timer]:
    """One alert per enrolled trustpoint, for whichever of its CA and router certificate ends
    first (`ID(tp)` or `CA(tp)`); none for self-signed certificates."""
    alerts: list[Timer] = []
    for name in trustpoint_names(device):
        if rollover.shadow_covers(device, name):
            continue  # Cisco's expiry alerts guide: no alert once the shadow is there
        own, ca = find_cert(device, name, "router"), ca_cert(device, name)
        ends = [(_end(cert), kind) for cert, kind in ((own, "ID"), (ca, "CA")) if cert]
        if own is not None and ends:
            end, kind = min(ends)
            alerts.append((end - ALERT_BEFORE, f"{kind}({name})"))
    return alerts


def _end(cert: x509.Certificate) -> datetime:
    return cert.not_valid_after_utc


def show_timers(device: Device, detail: bool) -> list[str]:
    if device.flavor != "iosxe17":
        return _ios15_timers(device, detail)
    lines = _section("PKI Timers", [*_pki_timers(device), _session_cleanup()], detail)
    lines += _section("Expiry Alert Timers", _expiry_alerts(device), detail)
    lines += _section("Trustpool Timers", [(TRUSTPOOL_EXPIRY, "TRUSTPOOL")], detail)
    lines += _section("CS Timers", _cs_timers(device), detail)
    return lines + [""]


def _cs_timers(device: Device) -> list[Timer]:
    """The running certificate servers' `CS SHADOW CERT GENERATION` (auto-rollover, until
    the rollover CA exists) and `CS CERT EXPIRE` (real capture: timers_detail_csr8kv). No
    `CS CRL UPDATE`: mockios's certificate server publishes no CRL."""
    rollover.advance_all(device)
    timers: list[Timer] = []
    for settings in getattr(device.running, "cert_servers", {}).values():
        ca = cert_server.servers(device).get(settings.name)
        if ca is None or settings.shutdown:
            continue
        due = rollover.generation_moment(settings, ca)
        if due is not None:
            timers.append((due, "CS SHADOW CERT GENERATION"))
        timers.append((ca.cert.not_valid_after_utc, "CS CERT EXPIRE"))
    return timers


def _ios15_timers(device: Device, detail: bool) -> list[str]:
    lines = ["PKI Timers"]
    timers = sorted(_pki_timers(device))
    if timers:
        lines.append(_line(timers[0][0], "", False))
        lines += [_line(moment, what, detail) for moment, what in timers]
    return lines + [""]
