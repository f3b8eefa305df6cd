"""Secrets never leave the engine: one masker for transcripts, commands, diffs and results."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

MASK = "********"

# A trustpoint `password` line carries a secret whatever its value (plain or type 7).
_SECRET_LINE = re.compile(
    r"^(\s*(?:no\s+)?password\s+)(?:7\s+)?\S.*$", re.IGNORECASE | re.MULTILINE
)


class Masker:
    """Replaces every known secret, and every `password ...` config line, with ``********``."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._secrets: set[str] = set()
        self.add(*secrets)

    def add(self, *secrets: str | None) -> None:
        # Very short values would blank out ordinary text ("no", "1"): IOS secrets are longer.
        self._secrets.update(s for s in secrets if isinstance(s, str) and len(s) >= 3)

    @property
    def secrets(self) -> frozenset[str]:
        return frozenset(self._secrets)

    def text(self, text: str) -> str:
        for secret in sorted(self._secrets, key=len, reverse=True):
            text = text.replace(secret, MASK)
        return _SECRET_LINE.sub(lambda m: m.group(1) + MASK, text)

    def data(self, value: Any) -> Any:
        """Mask recursively inside lists, dicts and strings."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, Mapping):
            return {k: self.data(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.data(v) for v in value]
        return value


def mask_no_log_options(value: Any, options: Mapping[str, Any]) -> Any:
    """Replace the values of ``no_log`` options (as declared in an argspec) with ``********``.

    Used on structures read from a device (``before``, ``gathered``), whose secrets are not
    the task's own and so are unknown to the masker.
    """
    if isinstance(value, list):
        return [mask_no_log_options(item, options) for item in value]
    if not isinstance(value, Mapping):
        return value
    masked = {}
    for key, item in value.items():
        spec = options.get(key, {})
        if spec.get("no_log") and item is not None:
            masked[key] = MASK
        elif spec.get("options") and item is not None:
            masked[key] = mask_no_log_options(item, spec["options"])
        else:
            masked[key] = item
    return masked
