"""known_keys reads a known_hosts file as paramiko's HostKeys does, in one pass."""

from __future__ import annotations

from pathlib import Path

import paramiko
import pytest
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.transport import host_keys


def _key_line(names: str, key: paramiko.PKey) -> str:
    return f"{names} {key.get_name()} {key.get_base64()}"


@pytest.fixture(scope="module")
def keys() -> list[paramiko.PKey]:
    return [paramiko.ECDSAKey.generate() for _ in range(3)] + [paramiko.RSAKey.generate(1024)]


def _file(tmp_path: Path, keys: list[paramiko.PKey]) -> Path:
    a, b, c, rsa = keys
    hashed = paramiko.HostKeys.hash_host("[10.0.0.3]:2222")
    lines = [
        "# a comment",
        "",
        _key_line("[10.0.0.1]:2222", a),
        _key_line("r2.example.net,10.0.0.2", b),
        _key_line(hashed, c),
        _key_line("[10.0.0.1]:2222", c),  # a second key of the same type: the first one counts
        _key_line("[10.0.0.1]:2222", rsa),
    ]
    path = tmp_path / "known_hosts"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.parametrize(
    ("host", "port"),
    [("10.0.0.1", 2222), ("10.0.0.2", 22), ("r2.example.net", 22), ("10.0.0.3", 2222),
     ("10.0.0.9", 22)],
)  # fmt: skip
def test_the_same_keys_as_paramikos_lookup(
    tmp_path: Path, keys: list[paramiko.PKey], host: str, port: int
) -> None:
    path = _file(tmp_path, keys)
    name = host_keys.lookup_name(host, port)
    theirs = paramiko.HostKeys(str(path)).lookup(name) or {}
    ours = host_keys.known_keys(str(path), host, port)
    # paramiko's lookup lists a type once per line but gives its first key each time
    expected = {t: k.asbytes() for t, k in theirs.items()}
    assert [(n, t, k.asbytes()) for n, t, k in ours] == [(name, t, k) for t, k in expected.items()]


def test_a_changed_file_is_read_again(tmp_path: Path, keys: list[paramiko.PKey]) -> None:
    path = tmp_path / "known_hosts"
    path.write_text(_key_line("[10.0.0.1]:2222", keys[0]) + "\n")
    assert host_keys.known_keys(str(path), "10.0.0.1", 2222)[0][2] == keys[0]
    path.write_text(_key_line("[10.0.0.1]:2222", keys[1]) + "\n# longer now\n")
    assert host_keys.known_keys(str(path), "10.0.0.1", 2222)[0][2] == keys[1]


def test_no_file_knows_nothing(tmp_path: Path) -> None:
    assert host_keys.known_keys(str(tmp_path / "missing"), "10.0.0.1", 22) == []


def test_an_unreadable_line_knows_no_key(tmp_path: Path, keys: list[paramiko.PKey]) -> None:
    """paramiko's loader stops at such a line, for every host; here it counts for its own."""
    path = tmp_path / "known_hosts"
    lines = [_key_line("[10.0.0.1]:2222", keys[0]), "[10.0.0.4]:22 ssh-ed25519 not-base64"]
    path.write_text("\n".join(lines) + "\n")
    assert host_keys.known_keys(str(path), "10.0.0.4", 22) == []
    assert host_keys.known_keys(str(path), "10.0.0.1", 2222)[0][2] == keys[0]
