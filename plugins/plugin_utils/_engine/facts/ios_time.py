"""IOS timestamps (``18:16:45 PDT Jun 7 2002``) to UTC.

IOS prints the router's local time with the abbreviation set by ``clock timezone`` and
``clock summer-time``. The common abbreviations map to fixed offsets below; any other one is
reported back as unknown and the moment is left unset: a guessed offset would make an expiry
audit silently wrong by hours.

Ambiguous abbreviations take the meaning Cisco's examples and most IOS configurations use:
``CST`` is US Central (not China), ``IST`` is India (not Ireland), ``BST`` is British Summer Time.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_HOURS = {
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "WET": 0,
    "WEST": 1,
    "BST": 1,
    "CET": 1,
    "MET": 1,
    "CEST": 2,
    "MEST": 2,
    "EET": 2,
    "SAST": 2,
    "EEST": 3,
    "MSK": 3,
    "GST": 4,
    "PKT": 5,
    "IST": 5.5,
    "ICT": 7,
    "WIB": 7,
    "SGT": 8,
    "HKT": 8,
    "AWST": 8,
    "JST": 9,
    "KST": 9,
    "ACST": 9.5,
    "ACDT": 10.5,
    "AEST": 10,
    "AEDT": 11,
    "NZST": 12,
    "NZDT": 13,
    "BRT": -3,
    "ART": -3,
    "NST": -3.5,
    "NDT": -2.5,
    "AST": -4,
    "ADT": -3,
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
    "AKST": -9,
    "AKDT": -8,
    "HST": -10,
}
TIME_ZONE_OFFSETS: dict[str, dt.timedelta] = {
    name: dt.timedelta(hours=hours) for name, hours in _HOURS.items()
}

_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
# `18:16:45 PDT Jun 7 2002`, `*10:15:01.123 UTC Mon Mar 1 2021` (the weekday and the
# leading `*`/`.` that mark an unsynchronised clock are accepted).
_IOS_DATE = re.compile(
    r"^[*.]?(?P<time>\d{1,2}:\d{2}:\d{2})(?:\.\d+)?\s+(?P<zone>[A-Za-z][A-Za-z0-9+-]*)\s+"
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\s+)?"
    r"(?P<month>[A-Za-z]{3})\s+(?P<day>\d{1,2})\s+(?P<year>\d{4})$"
)


@dataclass(frozen=True)
class IosTime:
    """One IOS timestamp: the moment in UTC, or why it is unknown."""

    text: str
    moment: dt.datetime | None
    zone: str | None = None
    zone_known: bool = True

    @property
    def iso(self) -> str | None:
        return iso_utc(self.moment) if self.moment is not None else None


def iso_utc(moment: dt.datetime) -> str:
    """``2026-11-27T11:04:01Z``."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_ios_time(text: str | None) -> IosTime | None:
    """Read an IOS timestamp. ``None`` for no text; a moment of ``None`` when the zone is not
    one we know (``zone_known`` false) or the text is not an IOS date at all (``zone`` None)."""
    if not text or not text.strip():
        return None
    text = " ".join(text.split())
    match = _IOS_DATE.match(text)
    month = _MONTHS.get(match.group("month").lower()) if match else None
    if match is None or month is None:
        return IosTime(text, None, None, zone_known=False)
    zone = match.group("zone").upper()
    offset = TIME_ZONE_OFFSETS.get(zone)
    if offset is None:
        return IosTime(text, None, zone, zone_known=False)
    hour, minute, second = (int(part) for part in match.group("time").split(":"))
    try:
        local = dt.datetime(
            int(match.group("year")), month, int(match.group("day")), hour, minute, second
        )
    except ValueError:  # 31 Feb, 25:00:00: not a date
        return IosTime(text, None, zone, zone_known=True)
    moment = local.replace(tzinfo=dt.timezone(offset)).astimezone(dt.UTC)
    return IosTime(text, moment, zone)


def parse_iso_time(text: str | None) -> dt.datetime | None:
    """``2022-11-04T03:01:26Z`` (as ``show crypto pki timers detail`` prints) to UTC."""
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
