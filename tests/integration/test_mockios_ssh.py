"""netmiko (cisco_ios) against ``python -m mockios serve``/``fleet`` over real SSH."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from mockios_proc import MockiosRun, start_mockios
from netmiko import ConnectHandler
from netmiko.exceptions import ReadTimeout

from mockios.fleet import inventory_hosts
from mockios.log import config_lines, read_session_log, sessions, show_commands
from mockios.pki.ios_format import fingerprints
from mockios.pki.lab_ca import LabCA

TRUSTPOINT = [
    "crypto pki trustpoint LAB-CA",
    "enrollment url http://192.0.2.10:80",
    "serial-number none",
    "fqdn r1.lab.example",
    "ip-address none",
    "subject-name CN=r1.lab.example, OU=Spiral Dept., O=example.com",
    "subject-alt-name r1.lab.example",
    "revocation-check crl none",
    "rsakeypair LAB-CA 2048",
    "auto-enroll 80 regenerate",
    "hash sha256",
    "exit",
    "crypto pki profile enrollment LAB-PROFILE",
    "authentication url http://192.0.2.10:81",
    "enrollment url http://192.0.2.10:81/cgi-bin/enroll",
    "parameter 1 value aaaa-bbbb",
]
EXPECTED_SECTION = """crypto pki trustpoint LAB-CA
 enrollment url http://192.0.2.10:80
 serial-number none
 fqdn r1.lab.example
 ip-address none
 subject-name CN=r1.lab.example, OU=Spiral Dept., O=example.com
 subject-alt-name r1.lab.example
 revocation-check crl none
 rsakeypair LAB-CA 2048
 hash sha256
 auto-enroll 80 regenerate
crypto pki profile enrollment LAB-PROFILE
 authentication url http://192.0.2.10:81
 enrollment url http://192.0.2.10:81/cgi-bin/enroll
 parameter 1 value aaaa-bbbb"""


def _connect(run: MockiosRun, index: int = 0):  # noqa: ANN202
    conn = ConnectHandler(**run.devices[index].netmiko(timeout=10))
    conn.enable()
    return conn


def test_push_and_read_back_pki_config(mockios_device: MockiosRun) -> None:
    with _connect(mockios_device) as conn:
        assert conn.find_prompt() == "R1#"
        assert conn.send_command("show privilege") == "Current privilege level is 15"
        conn.send_config_set(TRUSTPOINT)
        section = conn.send_command("show running-config | section crypto pki")
        assert section == EXPECTED_SECTION
        assert "crypto pki" not in conn.send_command("show startup-config")
        assert "[OK]" in conn.save_config()
        assert conn.send_command("show startup-config | section crypto pki") == section
    log = read_session_log(mockios_device.device.log_path)
    assert config_lines(log) == [line for line in TRUSTPOINT if line != "exit"]
    assert "show running-config" in show_commands(log)
    assert sessions(log) == 1


def test_ios_error_lines(mockios_device: MockiosRun) -> None:
    with _connect(mockios_device) as conn:
        bogus = conn.send_command("show bogus")
        assert bogus.splitlines() == [
            " " * len("R1#show ") + "^",
            "% Invalid input detected at '^' marker.",
        ]
        assert conn.send_command("show").strip() == "% Incomplete command."
        assert conn.send_command("c") == '% Ambiguous command:  "c"'
        conn.config_mode()
        out = conn.send_command("crypto pki trustpoint", expect_string=r"#")
        assert "% Incomplete command." in out
        conn.exit_config_mode()


def test_state_survives_sessions_and_restart(tmp_path: Path) -> None:
    state = tmp_path / "state"
    with start_mockios(state, flavor="iosxe17") as run:
        with _connect(run) as conn:
            conn.send_config_set(["crypto pki trustpoint KEEP", "revocation-check none"])
        with _connect(run) as conn:
            assert "crypto pki trustpoint KEEP" in conn.send_command("show running-config")
            assert "Cisco IOS XE Software" in conn.send_command("show version")
    assert run.process.returncode == 0, "SIGTERM stops the simulator cleanly"
    with start_mockios(state, flavor="iosxe17") as run, _connect(run) as conn:
        assert "crypto pki trustpoint KEEP" in conn.send_command("show running-config")


def test_fleet_inventory_and_distinct_serials(mockios_fleet: MockiosRun) -> None:
    assert mockios_fleet.inventory is not None
    hosts = inventory_hosts(mockios_fleet.inventory)
    assert list(hosts) == ["R1", "R2", "R3"]
    assert hosts["R2"]["ansible_connection"] == "local"
    assert hosts["R2"]["ansible_become_password"] == "cisco"
    serials = set()
    for index, name in enumerate(hosts):
        with _connect(mockios_fleet, index) as conn:
            assert conn.find_prompt() == f"{name}#"
            serials.add(conn.send_command("show version | include Processor board ID"))
    assert len(serials) == 3


def test_fault_latency_slows_each_line(mockios_device: MockiosRun) -> None:
    with _connect(mockios_device) as conn:
        lines = len(conn.send_command("show version").splitlines())
        mockios_device.fault("R1", latency=0.02)
        started = time.monotonic()
        conn.send_command("show version", read_timeout=20)
        assert time.monotonic() - started >= 0.02 * lines


def test_fault_disconnect_at_dialog_step(mockios_device: MockiosRun) -> None:
    mockios_device.fault("R1", disconnect_at="copy_destination")
    conn = _connect(mockios_device)
    conn.write_channel("copy running-config startup-config\n")
    deadline = time.monotonic() + 5
    while conn.remote_conn.get_transport().is_active() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not conn.remote_conn.get_transport().is_active(), "the server dropped the connection"
    conn.disconnect()
    log = read_session_log(mockios_device.device.log_path)
    assert [e["event"] for e in log].count("disconnect") == 1
    assert log[-2]["line"] == "copy running-config startup-config"


def test_fault_pager_over_ssh(mockios_device: MockiosRun) -> None:
    mockios_device.fault("R1", pager=True)
    with _connect(mockios_device) as conn:
        out = conn.send_command("show running-config", expect_string=r"--More--")
        assert out.count("\n") >= 20
        conn.write_channel("q")
        assert conn.read_until_pattern(r"R1#", read_timeout=5)


def test_wrong_enable_secret_over_ssh(mockios_device: MockiosRun) -> None:
    """netmiko's enable() against IOS's three `Password:` questions: it times out waiting for
    a prompt (a ReadTimeout, as with a real router) and the channel shows the question asked
    again; the third wrong answer ends with `% Bad secrets`."""
    params = {**mockios_device.device.netmiko(), "secret": "wrong", "read_timeout_override": 2}
    with ConnectHandler(**params) as conn:
        with pytest.raises(ReadTimeout) as raised:
            conn.enable()
        assert "Pattern not detected: 'R1'" in str(raised.value)
        conn.write_channel("wrong\n")  # second answer: asked a third time
        assert conn.read_until_pattern(r"Password: ", read_timeout=5).strip() == "Password:"
        conn.write_channel("wrong\n")
        out = conn.read_until_pattern(r"R1>", read_timeout=5)
        assert "% Bad secrets" in out
        conn.write_channel("enable\n")
        conn.read_until_pattern(r"Password: ", read_timeout=5)
        conn.write_channel(mockios_device.device.secret + "\n")
        conn.read_until_pattern(r"R1#", read_timeout=5)


def test_sharded_fleet_serves_every_router_and_stops_every_process(tmp_path: Path) -> None:
    state = tmp_path / "state"
    with start_mockios(state, count=5, fleet=True, extra_args=["--processes", "2"]) as run:
        shard_pids = _children(run.process.pid)
        assert len(shard_pids) == 2, "one process per shard under the fleet's own"
        hosts = inventory_hosts(run.inventory)
        assert list(hosts) == ["R1", "R2", "R3", "R4", "R5"]
        assert len({host["ansible_port"] for host in hosts.values()}) == 5
        keys = set()
        for index, name in enumerate(hosts):  # R1-R3 in one shard, R4-R5 in the other
            with _connect(run, index) as conn:
                assert conn.find_prompt() == f"{name}#"
                conn.send_config_set(["crypto key generate rsa modulus 1024 label SHARD"])
                shown = conn.send_command("show crypto key mypubkey rsa SHARD")
                keys.add(shown.partition("Key Data:")[2].strip())
        # No two routers hold the same key, whichever process serves them.
        assert len(keys) == 5 and "" not in keys
        # The names map: the lab CA's SCEP server (in the fleet's own process) and each router;
        # a router of the second shard authenticates the lab CA over SCEP by its name.
        names = json.loads((state / "hosts.json").read_text())
        assert {names[name]["ssh_port"] for name in hosts} == {
            host["ansible_port"] for host in hosts.values()
        }
        assert names["ca.netpki.lab"]["http_port"] == names["ca.lab.example"]["http_port"]
        with _connect(run, 4) as conn:
            conn.send_config_set(
                ["crypto pki trustpoint TP", "enrollment url http://ca.netpki.lab"]
            )
            conn.config_mode()
            conn.write_channel("crypto pki authenticate TP\n")
            shown = conn.read_until_pattern(r"\[yes/no\]: ", read_timeout=10)
            conn.write_channel("no\n")
        lab_sha1 = fingerprints(LabCA(state / "ca").issuing.der)["SHA1"]
        assert f"Fingerprint SHA1: {lab_sha1}" in shown
    assert run.process.returncode == 0, "SIGTERM stops the fleet cleanly"
    assert not any(Path(f"/proc/{pid}").exists() for pid in shard_pids), "no shard left running"
    with start_mockios(state, count=5, fleet=True, extra_args=["--processes", "2"]) as run:
        with _connect(run, 4) as conn:
            assert "SHARD" in conn.send_command("show crypto key mypubkey rsa"), "state saved"


def _children(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in found]
