"""Host-key checking for the router's SSH session, with messages that say what went wrong.

paramiko checks a host the file holds keys for itself: it asks for the type on file first, and
any other key (of that type or, when the router no longer offers it, of another) raises
``BadHostKeyException``: the key *changed*. A host the file holds no key for goes to the
missing-host-key policy, which refuses it: the key is *unknown*. Both messages give the
SHA-256 fingerprint the router presented and the file checked. Either way the session stops
during the SSH handshake: nothing is sent.
"""

from __future__ import annotations

import base64
import hashlib
import os
import threading
from typing import Any

from ..deps import require
from ..errors import DeviceConnectionError

DEFAULT_KNOWN_HOSTS = "~/.ssh/known_hosts"


class HostKeyError(DeviceConnectionError):
    """The router's host key is unknown or changed: the session was not opened."""


def fingerprint(key: Any) -> str:
    """OpenSSH's form: ``SHA256:`` and the unpadded base64 of the key blob's SHA-256."""
    digest = hashlib.sha256(key.asbytes()).digest()
    return "SHA256:" + base64.b64encode(digest).decode().rstrip("=")


def lookup_name(host: str, port: int) -> str:
    """The name known_hosts files use: ``host`` on port 22, else ``[host]:port``."""
    return host if port == 22 else f"[{host}]:{port}"


def unknown_key(where: str, name: str, key: Any, known_hosts_file: str) -> HostKeyError:
    path = os.path.expanduser(known_hosts_file)
    missing = "" if os.path.isfile(path) else " (the file does not exist)"
    return HostKeyError(
        f"host key of {where} is unknown: the router presented {key.get_name()} "
        f"{fingerprint(key)}, and {path}{missing} has no key for {name}. Nothing was sent. "
        f"Check that fingerprint on the router, then add its key to {path} "
        "(or name your file with netpki_known_hosts_file)"
    )


def changed_key(
    where: str, name: str, key: Any, expected: list[Any], known_hosts_file: str
) -> HostKeyError:
    path = os.path.expanduser(known_hosts_file)
    known = ", ".join(f"{k.get_name()} {fingerprint(k)}" for k in expected)
    return HostKeyError(
        f"host key of {where} has CHANGED: the router presented {key.get_name()} "
        f"{fingerprint(key)}, but {path} holds {known} for {name}. Someone may be intercepting "
        "the connection, or the router got a new key. Nothing was sent; if the change is "
        f"expected, replace the entry for {name} in {path}"
    )


_PARSED: dict[str, tuple[tuple[int, int], Any]] = {}  # path -> (size, mtime), parsed file
_PARSING = threading.Lock()


def known_keys(known_hosts_file: str, host: str, port: int) -> list[tuple[str, str, Any]]:
    """The (name, key type, key) entries the known_hosts file holds for the router.

    The file is parsed once per process and version (path, size, modification time), not
    once per session: the fleet audit opens hundreds of sessions against one file that holds a
    line per router, and parsing it whole each time would cost the square of the fleet."""
    path = os.path.realpath(os.path.expanduser(known_hosts_file))
    try:
        stat = os.stat(path)
    except OSError:
        return []  # no file: nothing is known, as paramiko reads it
    version = (stat.st_size, stat.st_mtime_ns)
    with _PARSING:
        cached = _PARSED.get(path)
        if cached is None or cached[0] != version:
            cached = (version, require("paramiko").HostKeys(path))
            _PARSED[path] = cached
        parsed = cached[1]
    name = lookup_name(host, port)
    found = parsed.lookup(name) or {}
    return [(name, key_type, key) for key_type, key in found.items()]


def strict_policy(where: str, known_hosts_file: str) -> Any:
    """A paramiko policy that refuses every host key the known_hosts file does not hold."""
    paramiko = require("paramiko")

    class StrictPolicy(paramiko.MissingHostKeyPolicy):
        def missing_host_key(self, client: Any, hostname: str, key: Any) -> None:
            raise unknown_key(where, hostname, key, known_hosts_file)

    return StrictPolicy()


def accepting_policy() -> Any:
    """The explicit opt-out: any key is taken, nothing is written to a known_hosts file."""
    paramiko = require("paramiko")

    class AcceptPolicy(paramiko.MissingHostKeyPolicy):
        def missing_host_key(self, client: Any, hostname: str, key: Any) -> None:
            return None

    return AcceptPolicy()
