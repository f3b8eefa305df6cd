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
import hmac
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


_INDEXED: dict[str, tuple[tuple[int, int], _KnownHostsIndex]] = {}  # path -> (size, mtime), index
_INDEXING = threading.Lock()


class _KnownHostsIndex:
    """A known_hosts file's lines by host name, keys left undecoded until a host is looked up.

    paramiko's ``HostKeys`` decodes every key and, while loading, looks each line's names up
    among all the lines before it: the square of the file's length (a line per router in a
    fleet's file), and a key object per line held for the life of the process. Here one pass
    splits the lines; a lookup decodes only the router's own lines, with paramiko's parser
    (``HostKeyEntry.from_line``) and its name matching (plain, or hashed ``|1|salt|hash``)."""

    def __init__(self, path: str) -> None:
        self.plain: dict[str, list[tuple[int, str]]] = {}
        self.hashed: list[tuple[int, list[str], str]] = []
        with open(path, encoding="utf-8", errors="replace") as file:
            for number, line in enumerate(file, 1):
                line = line.strip()
                if not line or line[0] == "#":
                    continue
                names = line.split(None, 1)[0].split(",")
                for name in names:
                    if not name.startswith("|1|"):
                        self.plain.setdefault(name, []).append((number, line))
                hashed = [name for name in names if name.startswith("|1|")]
                if hashed:
                    self.hashed.append((number, hashed, line))

    def lookup(self, name: str) -> list[tuple[str, Any]]:
        """(key type, key) of the lines that name the host, the first key of each type (as
        paramiko's lookup gives it), in file order."""
        paramiko = require("paramiko")
        lines = dict(self.plain.get(name, []))
        for number, hashed, line in self.hashed:
            if any(_hashed_match(name, entry) for entry in hashed):
                lines[number] = line
        found: dict[str, Any] = {}
        for number in sorted(lines):
            try:
                entry = paramiko.hostkeys.HostKeyEntry.from_line(lines[number], number)
            except (paramiko.SSHException, paramiko.hostkeys.InvalidHostKey):
                continue  # an unreadable line knows no key (paramiko's loader would stop)
            if entry is not None:
                found.setdefault(entry.key.get_name(), entry.key)
        return list(found.items())


def _hashed_match(name: str, hashed: str) -> bool:
    paramiko = require("paramiko")
    return hmac.compare_digest(paramiko.HostKeys.hash_host(name, hashed), hashed)


def known_keys(known_hosts_file: str, host: str, port: int) -> list[tuple[str, str, Any]]:
    """The (name, key type, key) entries the known_hosts file holds for the router.

    The file is read once per process and version (path, size, modification time), not
    once per session: the fleet audit opens hundreds of sessions against one file that holds a
    line per router."""
    path = os.path.realpath(os.path.expanduser(known_hosts_file))
    try:
        stat = os.stat(path)
    except OSError:
        return []  # no file: nothing is known, as paramiko reads it
    version = (stat.st_size, stat.st_mtime_ns)
    with _INDEXING:
        cached = _INDEXED.get(path)
        if cached is None or cached[0] != version:
            cached = (version, _KnownHostsIndex(path))
            _INDEXED[path] = cached
        index = cached[1]
    name = lookup_name(host, port)
    return [(name, key_type, key) for key_type, key in index.lookup(name)]


# The policies are plain classes, defined once: paramiko only calls ``missing_host_key``. A
# class made in each call would be cyclic garbage left for the collector after every session.
class _StrictPolicy:
    def __init__(self, where: str, known_hosts_file: str) -> None:
        self.where = where
        self.known_hosts_file = known_hosts_file

    def missing_host_key(self, client: Any, hostname: str, key: Any) -> None:
        raise unknown_key(self.where, hostname, key, self.known_hosts_file)


class _AcceptingPolicy:
    def missing_host_key(self, client: Any, hostname: str, key: Any) -> None:
        return None


def strict_policy(where: str, known_hosts_file: str) -> Any:
    """A paramiko policy that refuses every host key the known_hosts file does not hold."""
    return _StrictPolicy(where, known_hosts_file)


def accepting_policy() -> Any:
    """The explicit opt-out: any key is taken, nothing is written to a known_hosts file."""
    return _AcceptingPolicy()
