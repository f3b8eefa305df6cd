"""IOS ``password 7`` values: the reversible obfuscation IOS prints instead of the plain text.

The running config shows a trustpoint password as ``password 7 0822455D0A16``. Decoding it
lets the plan compare it with the task's value, so an unchanged password is no change.
"""

from __future__ import annotations

import re

_KEY = "dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87"
_ENCODED = re.compile(r"^7\s+(\d{2})((?:[0-9A-Fa-f]{2})+)$")
_PLAIN = re.compile(r"^0\s+(\S+)$")


def device_password(value: str) -> str:
    """The plain password behind a running-config value (``7 <hex>``, ``0 <plain>`` or plain)."""
    encoded = _ENCODED.match(value.strip())
    if encoded:
        salt, digits = int(encoded.group(1)), encoded.group(2)
        pairs = [int(digits[i : i + 2], 16) for i in range(0, len(digits), 2)]
        return "".join(chr(p ^ ord(_KEY[(salt + i) % len(_KEY)])) for i, p in enumerate(pairs))
    plain = _PLAIN.match(value.strip())
    return plain.group(1) if plain else value.strip()
