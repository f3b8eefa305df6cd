"""How IOS writes fingerprints, dates and hex dumps."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from mockios import clock

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def hex_groups(data: bytes, group_chars: int = 8) -> list[str]:
    """Uppercase hex split in groups of `group_chars` (the last group may be shorter)."""
    text = data.hex().upper()
    return [text[i : i + group_chars] for i in range(0, len(text), group_chars)]


def fingerprint(der: bytes, algorithm: str) -> str:
    """`1461A5DC 22012AE8 ...`: the digest of `der` as IOS prints it."""
    digest = hashlib.new(algorithm.lower(), der).digest()
    return " ".join(hex_groups(digest))


def fingerprints(der: bytes) -> dict[str, str]:
    """MD5, SHA1 and SHA256 fingerprints of a DER blob, keyed by the IOS algorithm name."""
    return {name: fingerprint(der, name) for name in ("MD5", "SHA1", "SHA256")}


def hex_lines(data: bytes, words_per_line: int = 8, indent: str = "  ") -> list[str]:
    """Hex dump lines as in `Key Data:` and certificate chains: 8 words of 8 hex digits."""
    words = hex_groups(data)
    return [
        indent + " ".join(words[i : i + words_per_line])
        for i in range(0, len(words), words_per_line)
    ]


def ios_date(moment: datetime) -> str:
    """`18:16:45 UTC Jun 7 2002`: the date format of certificate and key shows."""
    moment = moment.astimezone(UTC)
    return f"{moment:%H:%M:%S} UTC {_MONTHS[moment.month - 1]} {moment.day} {moment.year}"


def serial_hex(serial: int) -> str:
    """Certificate serial as IOS prints it: uppercase hex, even number of digits."""
    text = f"{serial:X}"
    return text if len(text) % 2 == 0 else "0" + text


def normalize_fingerprint(text: str) -> str:
    """A fingerprint typed in any spacing/colon style, reduced to bare uppercase hex."""
    return "".join(ch for ch in text.upper() if ch in "0123456789ABCDEF")


def now() -> datetime:
    """The lab's time (`mockios.clock`: real time moved by the clock offset)."""
    return clock.now()
