from __future__ import annotations

from typing import Any

from mockios.device import Device
from mockios.paging import MORE
from mockios.session import Session

Cli = Any


def test_login_enable_and_bad_secret(device: Device, make_cli) -> None:
    cli = make_cli(device)
    assert cli.banner == "\r\nR1>"
    assert cli.run("show privilege") == "Current privilege level is 1\r\n"
    assert cli.type("enable\r") == "enable\r\nPassword: "
    # IOS asks three times, then gives up.
    assert cli.type("wrong\r") == "\r\nPassword: "
    assert cli.type("wrong\r") == "\r\nPassword: "
    assert cli.type("wrong\r") == "\r\n% Bad secrets\r\n\r\nR1>"
    assert cli.session.priv == 1
    cli.type("enable\r")
    assert cli.type("wrong\r") == "\r\nPassword: "  # a later right answer still counts
    assert cli.type("cisco\r") == "\r\nR1#", "the secret is not echoed"
    assert cli.run("show privilege") == "Current privilege level is 15\r\n"
    cli.run("disable")
    assert cli.session.prompt == "R1>"


def test_user_mode_cannot_configure(device: Device, make_cli) -> None:
    cli = make_cli(device)
    assert "% Invalid input detected at '^' marker." in cli.run("configure terminal")


def test_cr_lf_and_crlf_are_one_enter(cli: Cli) -> None:
    assert cli.type("\r\n") == "\r\nR1#"
    assert cli.type("\n") == "\r\nR1#"
    assert cli.type("\r") == "\r\nR1#"
    assert cli.type("\n") == "", "the LF of a split CRLF is not a second Enter"
    assert cli.type("show priv") == "show priv"
    assert cli.type("\r") == "\r\nCurrent privilege level is 15\r\nR1#"


def test_backspace_edits_the_line(cli: Cli) -> None:
    assert cli.type("shox\x7fw priv\r").endswith("Current privilege level is 15\r\nR1#")


def test_error_lines(cli: Cli) -> None:
    assert cli.run("show bogus") == ("        ^\r\n% Invalid input detected at '^' marker.\r\n\r\n")
    assert cli.run("c") == '% Ambiguous command:  "c"\r\n'
    assert cli.run("show") == "% Incomplete command.\r\n\r\n"


def test_show_version_flavors(tmp_path, make_cli) -> None:  # noqa: ANN001
    ios = make_cli(Device("R1", "ios15", tmp_path)).enable().run("show version")
    xe = make_cli(Device("R2", "iosxe17", tmp_path)).enable().run("show version")
    assert "Version 15.7(3)M5" in ios and "IOS XE" not in ios
    assert "Cisco IOS XE Software, Version 17.09.04a" in xe
    serials = {line for text in (ios, xe) for line in text.split("\r\n") if "board ID" in line}
    assert len(serials) == 2, "each device has its own serial"


def test_config_modes_prompts_and_exits(cli: Cli) -> None:
    assert cli.run("conf t") == "Enter configuration commands, one per line.  End with CNTL/Z.\r\n"
    assert cli.session.prompt == "R1(config)#"
    cli.run("cry pki trustp TP")  # trustpoint or trustpool: ambiguous, as on IOS
    assert cli.session.prompt == "R1(config)#"
    cli.run("cry pki trustpoi TP")
    assert cli.session.prompt == "R1(ca-trustpoint)#"
    cli.run("exit")
    assert cli.session.prompt == "R1(config)#"
    cli.run("crypto pki profile enrollment E")
    assert cli.session.prompt == "R1(ca-profile-enroll)#"
    cli.run("crypto pki trustpoint TP2")  # a global command from a sub-mode
    assert cli.session.prompt == "R1(ca-trustpoint)#"
    assert cli.type("\x1a") == "^Z\r\nR1#"
    cli.run("configure terminal")
    cli.run("hostname EDGE1")
    assert cli.session.prompt == "EDGE1(config)#"
    cli.run("end")
    assert cli.session.prompt == "EDGE1#"


def test_do_prefix_in_config_mode(cli: Cli) -> None:
    cli.run("configure terminal")
    cli.run("crypto pki trustpoint TP")
    assert cli.run("do show privilege") == "Current privilege level is 15\r\n"
    assert cli.session.prompt == "R1(ca-trustpoint)#"
    assert "^\r\n% Invalid" in cli.run("do show bogus")


def test_output_filters(cli: Cli) -> None:
    cli.run("configure terminal")
    for line in ("ip domain name lab.example", "crypto pki trustpoint A", "revocation-check none"):
        cli.run(line)
    cli.run("end")
    assert cli.run("show running-config | include domain") == "ip domain name lab.example\r\n"
    section = cli.run("sh run | sec crypto pki")
    assert section == "crypto pki trustpoint A\r\n revocation-check none\r\n"
    begin = cli.run("show running-config | begin line con")
    assert begin.startswith("line con 0\r\n") and begin.endswith("end\r\n")
    assert "^" in cli.run("show running-config | frobnicate x")


def test_a_bar_inside_a_filter_regex_is_alternation(cli: Cli) -> None:
    cli.run("configure terminal")
    for line in ("hostname R9", "ip domain name lab.example", "crypto pki trustpoint A"):
        cli.run(line)
    cli.run("end")
    shown = cli.run("show running-config | section crypto pki|^hostname|^ip domain")
    assert shown == "hostname R9\r\nip domain name lab.example\r\ncrypto pki trustpoint A\r\n"
    chained = cli.run("show running-config | include ^hostname|domain | exclude domain")
    assert chained == "hostname R9\r\n"


def test_write_memory_and_copy_question(cli: Cli) -> None:
    cli.run("configure terminal")
    cli.run("crypto pki trustpoint TP")
    cli.run("end")
    assert "crypto pki trustpoint TP" not in cli.run("show startup-config")
    assert cli.run("write memory") == "Building configuration...\r\n[OK]\r\n"
    assert "crypto pki trustpoint TP" in cli.run("show startup-config")
    cli.run("configure terminal")
    cli.run("no crypto pki trustpoint TP")
    cli.run("end")
    assert cli.type("copy running-config startup-config\r").endswith(
        "Destination filename [startup-config]? "
    )
    assert cli.type("\r") == "\r\nBuilding configuration...\r\n[OK]\r\nR1#"
    assert "crypto pki trustpoint TP" not in cli.run("show startup-config")


def test_pager_until_terminal_length_zero(cli: Cli) -> None:
    cli.run("configure terminal")
    for number in range(20):
        cli.run(f"crypto pki trustpoint TP{number}")
        cli.run("revocation-check none")
    cli.run("end")
    cli.run("terminal length 24")
    first = cli.type("show running-config\r")
    assert first.endswith(MORE)
    assert len(first.split("\r\n")) == 25  # echo line, 23 lines, then --More--
    one = cli.type("\r")
    assert one.count("\r\n") == 1 and one.endswith(MORE)
    page = cli.type(" ")
    assert page.count("\r\n") == 23 and page.endswith(MORE)
    assert cli.type("q").endswith("R1#")
    cli.run("terminal length 0")
    assert MORE not in cli.run("show running-config")


def test_state_is_shared_by_sessions_and_survives_restart(tmp_path, make_cli) -> None:  # noqa: ANN001
    device = Device("R1", "ios15", tmp_path)
    make_cli(device).enable().run("configure terminal")
    first = make_cli(device).enable()
    first.run("configure terminal")
    first.run("crypto pki trustpoint SHARED")
    first.run("end")
    assert "SHARED" in make_cli(device).enable().run("show running-config")
    device.shutdown()
    again = Device("R1", "ios15", tmp_path)
    assert "SHARED" in again.running.trustpoints


def test_exit_closes_the_session(cli: Cli) -> None:
    cli.type("exit\r")
    assert cli.session.closed
    assert cli.type("show version\r") == ""


def test_terminal_monitor_receives_syslog(device: Device, make_cli) -> None:
    watcher = make_cli(device).enable()
    quiet = make_cli(device).enable()
    watcher.run("terminal monitor")
    device.notify("%PKI-6-CERTRET: Certificate received from Certificate Authority")
    text = watcher.session.pull_async()
    assert text.startswith("\r\n*") and "%PKI-6-CERTRET" in text and text.endswith("\r\n")
    assert quiet.session.pull_async() == ""
    assert "%PKI-6-CERTRET: Certificate received" in watcher.run("show logging")


def test_timers_without_event_loop(device: Device) -> None:
    fired = []
    device.call_later(5, lambda: fired.append(1))
    assert fired == []
    assert device.run_pending_timers() == 1 and fired == [1]


def test_session_ids_are_distinct(device: Device) -> None:
    assert Session(device).id != Session(device).id
