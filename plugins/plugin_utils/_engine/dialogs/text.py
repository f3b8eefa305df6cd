"""Text handling for IOS dialogs: line endings, syslog noise, pager marks, 80-column wraps, masks.

The dialog engine never matches on raw channel text. It matches on a *view* of it from which
syslog lines, ``--More--`` marks and control characters are removed, optionally with hard
wraps joined again. Each view keeps, for every character, its index in the raw text, so a
match found in the view consumes exactly the raw text it covers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NEWLINES = re.compile(r"\r\r\r\n|\r\r\n|\r\n|\n\r|\r")
# `000042: *Nov 29 20:51:13.067 UTC: %PKI-6-CERTRET: text`, every prefix optional but the tag.
_SYSLOG = re.compile(
    r"(?:\d+: )?[*.]?"
    r"(?:[A-Z][a-z]{2} +\d{1,2} (?:\d{4} )?\d\d:\d\d:\d\d(?:\.\d+)?(?: [A-Za-z]{2,6})?: )?"
    r"%[A-Z][A-Z0-9_]*-[0-7]-[A-Z0-9_]+:(?P<body>[^\n]*)"
)
# Lines that continue a multi-line syslog whose first line carries no text.
_SYSLOG_CONTINUATION = re.compile(r"(?:[ \t]+[^\n]*|CSR Fingerprint[^\n]*)(?:\n|\Z)")
_PAGER = re.compile(r"[ \t]*--More--[ \t]*(?:[\x08]+[ \t]*[\x08]*)?")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def normalize_newlines(text: str) -> str:
    """CRLF, LFCR and lone CR become LF, as netmiko's ``read_channel`` already does."""
    return _NEWLINES.sub("\n", text)


@dataclass(frozen=True)
class View:
    """Cleaned text plus, for every character, its index in the raw text."""

    text: str
    index: list[int]
    raw_length: int

    def raw_start(self, position: int) -> int:
        return self.index[position] if position < len(self.index) else self.raw_length

    def raw_end(self, position: int) -> int:
        """Raw index just past the view character before ``position``."""
        return self.index[position - 1] + 1 if position > 0 else 0

    def first_at_or_after(self, raw_position: int) -> int:
        """The first view position whose raw index is at least ``raw_position``."""
        low, high = 0, len(self.index)
        while low < high:
            middle = (low + high) // 2
            if self.index[middle] < raw_position:
                low = middle + 1
            else:
                high = middle
        return low


def _mark_noise(text: str, drop: bytearray, *, syslog: bool) -> None:
    def mark(start: int, end: int) -> None:
        drop[start:end] = b"\x01" * (end - start)

    if not syslog:
        for match in _PAGER.finditer(text):
            mark(match.start(), match.end())
        for match in _CONTROL.finditer(text):
            mark(match.start(), match.end())
        return
    for match in _SYSLOG.finditer(text):
        start, end = match.span()
        at_line_start = start == 0 or text[start - 1] == "\n"
        if match["body"].strip() == "":
            while end < len(text) and text[end] == "\n":
                follow = _SYSLOG_CONTINUATION.match(text, end + 1)
                if follow is None:
                    break
                end = follow.end() - (1 if follow.group().endswith("\n") else 0)
        if at_line_start and end < len(text) and text[end] == "\n":
            end += 1  # a syslog line of its own goes with its line break
        mark(start, end)


def _keep(text: str, index: list[int], drop: bytearray) -> tuple[str, list[int]]:
    kept = [i for i in range(len(text)) if not drop[i]]
    return "".join(text[i] for i in kept), [index[i] for i in kept]


def _join_wraps(text: str, index: list[int], width: int) -> tuple[str, list[int]]:
    drop = bytearray(len(text))
    line_length = 0
    for position, char in enumerate(text):
        if char != "\n":
            line_length += 1
        elif line_length == width and not _starts_message(text, position + 1):
            drop[position] = 1
            line_length = 0
        else:
            line_length = 0
    return _keep(text, index, drop)


def _starts_message(text: str, position: int) -> bool:
    """A line that opens with ``%`` is a new IOS message, not the rest of a wrapped one: a
    message of exactly the width (the subject-name line can be) ends at its line break."""
    return text.startswith("%", position)


def clean_view(raw: str, wrap_width: int | None = None) -> View:
    """The view of ``raw`` without pager marks, control characters and syslog lines.

    With ``wrap_width``, a line of exactly that width is joined to the next one (the device
    broke it, not the text) unless the next one starts a ``%`` message; this happens before
    syslog lines are removed, because the device wraps those too.
    """
    drop = bytearray(len(raw))
    _mark_noise(raw, drop, syslog=False)
    text, index = _keep(raw, list(range(len(raw))), drop)
    if wrap_width:
        text, index = _join_wraps(text, index, wrap_width)
    drop = bytearray(len(text))
    _mark_noise(text, drop, syslog=True)
    text, index = _keep(text, index, drop)
    return View(text, index, len(raw))
