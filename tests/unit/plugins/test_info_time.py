"""ios_time: IOS timestamps in any common zone to UTC; unknown zones are never guessed."""

from __future__ import annotations

import datetime as dt

import pytest
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.facts.ios_time import (
    TIME_ZONE_OFFSETS,
    parse_ios_time,
    parse_iso_time,
)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("18:16:45 PDT Jun 7 2002", "2002-06-08T01:16:45Z"),  # the guide's own example
        ("18:16:45 PST Jan 7 2002", "2002-01-08T02:16:45Z"),
        ("12:00:01 UTC Jun 1 2026", "2026-06-01T12:00:01Z"),
        ("12:00:01 GMT Jun 1 2026", "2026-06-01T12:00:01Z"),
        ("10:12:44 EET Oct 6 2025", "2025-10-06T08:12:44Z"),
        ("10:12:44 EEST Jul 6 2025", "2025-07-06T07:12:44Z"),
        ("06:30:00 IST Apr 1 2024", "2024-04-01T01:00:00Z"),  # India, +05:30
        ("09:00:00 JST Mar 3 2027", "2027-03-03T00:00:00Z"),
        ("09:00:00 AEST Mar 3 2027", "2027-03-02T23:00:00Z"),
        ("23:30:00 EST Dec 31 2026", "2027-01-01T04:30:00Z"),  # crosses the year
        ("23:30:00 EDT Jun 30 2026", "2026-07-01T03:30:00Z"),
        ("08:00:00 CST Nov 1 2026", "2026-11-01T14:00:00Z"),  # US Central
        ("08:00:00 CDT Jul 1 2026", "2026-07-01T13:00:00Z"),
        ("08:00:00 MST Nov 1 2026", "2026-11-01T15:00:00Z"),
        ("08:00:00 MDT Jul 1 2026", "2026-07-01T14:00:00Z"),
        ("08:00:00 CET Nov 1 2026", "2026-11-01T07:00:00Z"),
        ("08:00:00 CEST Jul 1 2026", "2026-07-01T06:00:00Z"),
        ("08:00:00 BST Jul 1 2026", "2026-07-01T07:00:00Z"),
    ],
)
def test_known_zones_become_utc(text: str, iso: str) -> None:
    parsed = parse_ios_time(text)
    assert parsed is not None and parsed.zone_known
    assert parsed.iso == iso


def test_variations_ios_prints() -> None:
    # Unsynchronised clock marker, milliseconds, weekday, double spaces, lower case zone.
    for text in (
        "*18:16:45.123 PDT Jun 7 2002",
        ".18:16:45 PDT Fri Jun 7 2002",
        "18:16:45  pdt  Jun  7  2002",
    ):
        assert parse_ios_time(text).iso == "2002-06-08T01:16:45Z", text


def test_unknown_zone_is_reported_not_guessed() -> None:
    parsed = parse_ios_time("18:16:45 XYZ Jun 7 2002")
    assert parsed.moment is None and parsed.iso is None
    assert parsed.zone == "XYZ" and parsed.zone_known is False


def test_not_a_date() -> None:
    assert parse_ios_time(None) is None
    assert parse_ios_time("   ") is None
    garbled = parse_ios_time("sometime next week")
    assert garbled.moment is None and garbled.zone is None
    impossible = parse_ios_time("10:00:00 UTC Feb 31 2026")
    assert impossible.moment is None and impossible.zone_known


def test_every_offset_is_a_whole_quarter_hour_within_a_day() -> None:
    for name, offset in TIME_ZONE_OFFSETS.items():
        assert abs(offset) <= dt.timedelta(hours=14), name
        assert offset.total_seconds() % 900 == 0, name


def test_iso_times_of_the_timers_command() -> None:
    assert parse_iso_time("2022-11-04T03:01:26Z") == dt.datetime(
        2022, 11, 4, 3, 1, 26, tzinfo=dt.UTC
    )
    assert parse_iso_time("2022-11-04T03:01:26.214") == dt.datetime(
        2022, 11, 4, 3, 1, 26, 214000, tzinfo=dt.UTC
    )
    assert parse_iso_time("soon") is None
    assert parse_iso_time(None) is None
