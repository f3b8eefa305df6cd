"""The line being typed: line endings, backspace and echo.

CR, LF and CRLF are one Enter, also when the LF of a CRLF arrives in a later read; backspace
(BS or DEL) takes back the last character; every printable character is echoed unless the
session reads a secret. Control characters other than Enter are the session's to handle
(Ctrl-C, Ctrl-Z); the rest are dropped, as IOS drops them.
"""

from __future__ import annotations

ENTER = "\n"
BACKSPACES = "\x08\x7f"


class LineEditor:
    def __init__(self) -> None:
        self.line = ""
        self._after_cr = False

    def key(self, char: str) -> str | None:
        """The key ``char`` stands for: ``ENTER`` for CR, LF or CRLF; None for the LF of a
        CRLF, which the CR already entered."""
        if char == "\n" and self._after_cr:
            self._after_cr = False
            return None
        self._after_cr = char == "\r"
        return ENTER if char in "\r\n" else char

    def edit(self, char: str, echo: bool) -> str:
        """Apply a backspace or a printable character; returns what to echo."""
        if char in BACKSPACES:
            if not self.line:
                return ""
            self.line = self.line[:-1]
            return "\b \b" if echo else ""
        if char >= " ":
            self.line += char
            return char if echo else ""
        return ""

    def take(self) -> str:
        """The line typed so far, which starts a new one."""
        line, self.line = self.line, ""
        return line
