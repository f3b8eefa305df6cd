"""Output to the terminal: lines, the 80-column wrap fault and the ``--More--`` pager.

Command output is paged at ``terminal length`` lines (0: no pager, unless the ``pager``
fault keeps it on at 24); Space shows the next page, Enter the next line, any other key
drops the rest. Dialog text is never paged and gets no added newline: a question ends with
its prompt.
"""

from __future__ import annotations

from mockios.line_editing import ENTER

MORE = " --More-- "
ERASE_MORE = "\b" * len(MORE) + " " * len(MORE) + "\b" * len(MORE)
WRAP_COLUMNS = 80
FAULT_PAGE_LENGTH = 24  # the pager fault: --More-- even after `terminal length 0`


def page_length(term_length: int, pager_fault: bool) -> int:
    if term_length == 0 and pager_fault:
        return FAULT_PAGE_LENGTH
    return term_length


def screen_lines(text: str, wrap80: bool) -> list[str]:
    lines = text.replace("\r\n", "\n").split("\n")
    if wrap80:
        lines = [
            chunk
            for line in lines
            for chunk in ([line[i : i + WRAP_COLUMNS] for i in range(0, len(line), 80)] or [""])
        ]
    return lines


class Pager:
    def __init__(self) -> None:
        self.held: list[str] | None = None  # lines behind --More--

    def emit(self, text: str, out: list[str], length: int, wrap80: bool, paged: bool) -> bool:
        """Write command output; returns False when the pager holds the rest back."""
        if not text:
            return True
        lines = screen_lines(text[:-1] if text.endswith("\n") else text, wrap80)
        if paged and length > 1 and len(lines) > length - 1:
            out.append("\r\n".join(lines[: length - 1]) + "\r\n" + MORE)
            self.held = lines[length - 1 :]
            return False
        out.append("\r\n".join(lines) + "\r\n")
        return True

    def key(self, char: str, out: list[str], length: int) -> bool:
        """A key at ``--More--``; returns True when the output is done (the prompt is due)."""
        assert self.held is not None
        out.append(ERASE_MORE)
        if char == " ":
            count = max(length - 1, 1)
        elif char == ENTER:
            count = 1
        else:
            self.held = None
            return True
        chunk, self.held = self.held[:count], self.held[count:]
        out.append("\r\n".join(chunk) + "\r\n")
        if self.held:
            out.append(MORE)
            return False
        self.held = None
        return True
