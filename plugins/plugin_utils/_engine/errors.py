"""One exception family for the whole engine.

Every failure a task can meet is one subclass, so the action base maps each to a single
clear ``msg`` (plus the masked transcript tail) without inspecting messages.

A task that changed the router before failing says so: the action base reports
``changed: true`` with the ``commands`` the router took, unless the error says the task put
everything back (``rolled_back``); a dialog that may have applied its command
(``may_have_applied``) counts as sent.
"""

from __future__ import annotations


class NetpkiError(Exception):
    """Base of every error the collection raises on purpose."""

    kind = "error"

    def __init__(self, msg: str, transcript_tail: str = "") -> None:
        super().__init__(msg)
        self.msg = msg
        self.transcript_tail = transcript_tail
        self.rolled_back = False  # set by whoever verified the router is as it was found
        # A dialog that timed out after the router accepted a command it then carries out on
        # its own (key generation): the task reports the command as sent (changed: true).
        self.may_have_applied = False
        # More of the failed task's result: a composed task (enrollment) names its steps here.
        self.details: dict = {}


class ValidationError(NetpkiError):
    """Bad task input, found before anything reaches a router."""

    kind = "validation"


class DeviceConnectionError(NetpkiError):
    """SSH could not be set up: unreachable, refused login, wrong enable secret."""

    kind = "connection"


class DialogError(NetpkiError):
    """An interactive IOS dialog met an unexpected prompt, a failure string or a timeout."""

    kind = "dialog"


class VerificationError(NetpkiError):
    """A certificate, key or fingerprint did not verify (the safety checks)."""

    kind = "verification"


class DeviceError(NetpkiError):
    """The router refused a command (``% Invalid input``, ``% Error ...``)."""

    kind = "device"


class ParseError(NetpkiError):
    """Command output could not be parsed."""

    kind = "parse"
