"""What IOS prints when it does not do what it was told: one table, read by the session (config
lines), the dialog tables (interactive commands) and ``pki_info`` (show commands).

The TextFSM templates in ``parsers/`` carry the ``REFUSED`` words too: they must stay literal
for ntc-templates users.
"""

from __future__ import annotations

import re

# IOS's parser did not take the command at all (`% Invalid input detected at '^' marker.`,
# `% Incomplete command.`, `% Ambiguous command:  "..."`): literal words after the `%`.
REFUSED = ("Invalid input", "Incomplete command", "Ambiguous command")
# More `%` lines that say a config-mode command failed (regex fragments); informational `%`
# lines (`% Generating 2048 bit RSA keys`) match neither list.
CONFIG_FAILED = (
    r"Unknown command",
    r"Error",
    r".*[Ff]ailed",
    r"Please ",
    r".*not allowed",
    r".*cannot",
)


def _percent_line(alternatives: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"^\s*% ?(?:" + "|".join(alternatives) + ")", re.MULTILINE)


REFUSED_LINE = _percent_line(tuple(re.escape(word) for word in REFUSED))
CONFIG_ERROR_LINE = _percent_line(tuple(re.escape(word) for word in REFUSED) + CONFIG_FAILED)
