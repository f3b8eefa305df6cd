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
    """Replaces every known secret, and every `password ...` config line, with ``********``.

    A multi-line secret (a pasted private key) is masked line by line, since IOS echoes a
    paste one line at a time; each piece also matches where an 80-column wrap cut it.
    """

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._secrets: set[str] = set()
        self._regex: re.Pattern[str] | None = None
        self.add(*secrets)

    def add(self, *secrets: str | None) -> None:
        for secret in secrets:
            if not isinstance(secret, str):
                continue
            for line in secret.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
                # Very short values would blank out ordinary text ("no", "1"): IOS secrets
                # are longer.
                if len(line.strip()) >= 3:
                    self._secrets.add(line.strip())
        self._regex = None

    @property
    def secrets(self) -> frozenset[str]:
        return frozenset(self._secrets)

    def text(self, text: str) -> str:
        if self._secrets and self._may_hold_secret(text):
            if self._regex is None:
                ordered = sorted(self._secrets, key=len, reverse=True)
                self._regex = re.compile("|".join(wrap_tolerant(s) for s in ordered))
            text = self._regex.sub(MASK, text)
        return _SECRET_LINE.sub(lambda m: m.group(1) + MASK, text)

    __call__ = text

    def _may_hold_secret(self, text: str) -> bool:
        # A secret the wrap-tolerant regex would find is whole once line breaks are taken out.
        # Most texts hold none, and this spares compiling that regex (a few ms) in each task.
        flat = text.replace("\r", "").replace("\n", "")
        return any(secret in flat for secret in self._secrets)

    def data(self, value: Any) -> Any:
        """Mask recursively inside lists, dicts and strings."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, Mapping):
            return {k: self.data(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.data(v) for v in value]
        return value


def wrap_tolerant(text: str) -> str:
    """A regex for ``text`` that also matches it when hard line breaks cut it anywhere."""
    return r"(?:\r?\n)?".join(re.escape(char) for char in text)


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
