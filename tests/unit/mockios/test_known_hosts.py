"""The known_hosts file a fleet writes: OpenSSH's format, ``[host]:port`` off port 22."""

from __future__ import annotations

from pathlib import Path

import asyncssh
import paramiko

from mockios.fleet import write_known_hosts


def test_entries_read_back_by_paramiko_with_the_fleet_key(tmp_path: Path) -> None:
    key = asyncssh.generate_private_key("ssh-ed25519")
    path = tmp_path / "known_hosts"
    write_known_hosts(path, key, "127.0.0.1", [22, 2222])
    lines = path.read_text().splitlines()
    assert [line.split()[0] for line in lines] == ["127.0.0.1", "[127.0.0.1]:2222"]
    known = paramiko.HostKeys(str(path))
    public = key.export_public_key("openssh").split()[1].decode()
    for name in ("127.0.0.1", "[127.0.0.1]:2222"):
        assert known.lookup(name)["ssh-ed25519"].get_base64() == public
    assert known.lookup("[127.0.0.1]:2223") is None
