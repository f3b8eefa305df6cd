from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from mockios.dialog import Ask, Paste
from mockios.faults import Faults, faults_path, update_faults_file
from mockios.log import config_lines, read_session_log
from mockios.registry import REGISTRY

Cli = Any
QUESTION = "% Do you accept this certificate? [yes/no]: "


def _demo_dialog(ctx):  # noqa: ANN001
    yield "Certificate has the following attributes:\n"
    answer = yield Ask("accept", "       Fingerprint MD5: 1461A5DC \n\n" + QUESTION)
    if answer.lower() not in ("y", "yes"):
        return "% Certificate not accepted."
    lines = yield Paste("paste", 'End with a blank line or the word "quit" on a line by itself\n')
    secret = yield Ask("challenge", "Password: ", secret=True)
    ctx.device.keys["pasted"] = (lines, secret)
    return "Trustpoint CA certificate accepted."


@pytest.fixture
def dialog_cli(cli: Cli, temp_command: list) -> Cli:
    for mode in ("exec", "config"):
        REGISTRY.register(mode, "zzdialog demo", _demo_dialog)
        temp_command.append((mode, "zzdialog demo"))
    return cli


def _set_faults(cli: Cli, **values: object) -> None:
    update_faults_file(
        faults_path(cli.device.state_dir.parent, cli.device.name),
        [f"{k}={v}" for k, v in values.items()],
    )


def test_dialog_protocol(dialog_cli: Cli) -> None:
    cli = dialog_cli
    out = cli.type("zzdialog demo\r")
    assert out == (
        "zzdialog demo\r\nCertificate has the following attributes:\r\n"
        "       Fingerprint MD5: 1461A5DC \r\n\r\n" + QUESTION
    )
    assert cli.type("yes\r") == (
        'yes\r\nEnd with a blank line or the word "quit" on a line by itself\r\n'
    )
    assert cli.type("AAAA\r\nBBBB\r") == "AAAA\r\nBBBB\r\n"
    assert cli.type("\r") == "\r\nPassword: "
    assert cli.type("hunter2\r") == "\r\nTrustpoint CA certificate accepted.\r\nR1#"
    assert cli.device.keys["pasted"] == (["AAAA", "BBBB"], "hunter2")
    log = read_session_log(cli.device.state_dir / "session.log")
    answers = [e for e in log if e.get("mode") == "dialog"]
    steps = [e["step"] for e in answers]
    assert steps == ["enable_secret", "accept", "paste", "paste", "paste", "challenge"]
    assert "hunter2" not in json.dumps(log), "secret answers are masked"


def test_dialog_from_config_mode_returns_there_and_ctrl_c_aborts(dialog_cli: Cli) -> None:
    cli = dialog_cli
    cli.run("configure terminal")
    cli.run("crypto pki trustpoint TP")
    assert cli.type("zzdialog demo\r").endswith(QUESTION)
    assert cli.type("no\r").endswith("% Certificate not accepted.\r\nR1(config)#")
    assert cli.type("zzdialog demo\r").endswith(QUESTION)
    assert cli.type("\x03") == "^C\r\n% Aborted.\r\nR1(config)#"
    assert cli.run("do show privilege") == "Current privilege level is 15\r\n"


def test_fault_disconnect_at_step(dialog_cli: Cli) -> None:
    _set_faults(dialog_cli, disconnect_at="paste")
    out = dialog_cli.type("zzdialog demo\ryes\r")
    assert out.endswith("yes\r\n")  # nothing of the paste step was printed
    assert dialog_cli.session.drop and dialog_cli.session.closed


def test_fault_extra_prompt(dialog_cli: Cli) -> None:
    _set_faults(dialog_cli, extra_prompt=True)
    assert dialog_cli.type("zzdialog demo\r").endswith("% Unexpected question? [yes/no]: ")
    assert dialog_cli.type("no\r").endswith(QUESTION)
    assert dialog_cli.type("yes\r").endswith("on a line by itself\r\n")


def test_fault_syslog_inject(dialog_cli: Cli) -> None:
    _set_faults(dialog_cli, syslog_inject=True)
    out = dialog_cli.type("zzdialog demo\r")
    head, _, question = out.rpartition("\r\n")
    assert question == QUESTION
    assert "%SYS-5-CONFIG_I: Configured from console" in head.rsplit("\r\n", 1)[-1]
    answer = dialog_cli.type("yes\r")
    assert answer.startswith("yes*") and "%SYS-5-CONFIG_I" in answer.split("\r\n")[0]


def test_fault_wrap80_and_pager(cli: Cli) -> None:
    _set_faults(cli, wrap80=True)
    cli.run("configure terminal")
    cli.run("crypto pki trustpoint TP")
    cli.run("subject-name CN=" + "x" * 100)
    cli.run("end")
    lines = cli.run("show running-config | include subject").split("\r\n")
    assert lines[0] == " subject-name CN=" + "x" * 63 and lines[1] == "x" * 37
    _set_faults(cli, wrap80=False, pager=True)
    assert cli.type("show running-config\r").endswith(" --More-- ")
    assert cli.type("q").endswith("R1#")


def test_fault_reject_config(cli: Cli) -> None:
    _set_faults(cli, reject_config="^ *fqdn")
    cli.run("configure terminal")
    cli.run("crypto pki trustpoint TP")
    assert cli.run("fqdn r1.lab") == (
        " " * len("R1(ca-trustpoint)#") + "^\r\n% Invalid input detected at '^' marker.\r\n\r\n"
    )
    assert cli.device.running.trustpoints["TP"].fqdn is None
    assert cli.run("revocation-check none") == ""


def test_fault_concurrent_edit_lands_once_after_the_matching_line(cli: Cli) -> None:
    _set_faults(cli, concurrent_edit="^ *subject-name => subject-name CN=other")
    cli.run("configure terminal")
    cli.run("crypto pki trustpoint TP")
    assert cli.run("subject-name CN=mine") == ""  # the other terminal's output is not ours
    assert cli.device.running.trustpoints["TP"].subject_name == "CN=other"
    cli.run("subject-name CN=mine")  # once: the fault has cleared
    assert cli.device.running.trustpoints["TP"].subject_name == "CN=mine"


def test_fault_slow_show_arms_once_the_session_configured(cli: Cli) -> None:
    _set_faults(cli, slow_show="^show clock", slow_show_delay=7)
    cli.run("show clock")
    assert cli.session.output_delay == 0  # nothing configured yet: answered at once
    cli.run("configure terminal")
    cli.run("end")
    cli.run("show clock")
    assert cli.session.output_delay == 7  # the server holds this output back 7 s
    cli.session.output_delay = 0
    cli.run("show version")
    assert cli.session.output_delay == 0  # other commands are not slowed


def test_fault_truncate_show_keeps_the_first_lines(cli: Cli) -> None:
    whole = cli.run("show version").split("\r\n")
    _set_faults(cli, truncate_show="^show version", truncate_lines=3)
    assert cli.run("show version").split("\r\n")[:3] == whole[:3]
    assert len(cli.run("show version").rstrip("\r\n").split("\r\n")) == 3


def test_faults_file_reload_and_values(tmp_path) -> None:  # noqa: ANN001
    path = faults_path(tmp_path, "R1")
    data = update_faults_file(path, ["latency=0.5", "pager=yes", "scep_grant=pending"])
    assert data["latency"] == 0.5 and data["pager"] is True and data["scep_grant"] == "pending"
    with pytest.raises(ValueError):
        update_faults_file(path, ["nonsense=1"])
    with pytest.raises(ValueError):
        update_faults_file(path, ["scep_grant=maybe"])
    with pytest.raises(ValueError):
        update_faults_file(path, ["concurrent_edit=no arrow"])
    assert Faults.from_dict(json.loads(path.read_text())).pager is True


def test_fault_command_line(tmp_path) -> None:  # noqa: ANN001
    result = subprocess.run(
        [sys.executable, "-m", "mockios", "fault", "--state-dir", str(tmp_path), "--device", "R3"]
        + ["wrap80=true", "disconnect_at=accept"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(result.stdout)["disconnect_at"] == "accept"
    assert json.loads(faults_path(tmp_path, "R3").read_text())["wrap80"] is True


def test_session_log_helpers(cli: Cli) -> None:
    cli.run("show version")
    cli.run("configure terminal")
    cli.run("crypto pki trustpoint TP")
    cli.run("password topsecret")
    cli.run("do show privilege")
    cli.run("exit")
    cli.run("end")
    from mockios.log import sessions, show_commands

    log = read_session_log(cli.device.state_dir / "session.log")
    assert config_lines(log) == ["crypto pki trustpoint TP", "password <masked>"]
    assert show_commands(log) == ["show version", "show privilege"]
    assert sessions(log) == 1
    assert "topsecret" not in (cli.device.state_dir / "session.log").read_text()


def test_faults_given_at_start_flat_or_per_device(tmp_path) -> None:  # noqa: ANN001
    from mockios.device import Device

    flat = Device("R1", "ios15", tmp_path, faults={"wrap80": True})
    assert flat.refresh_faults().wrap80 is True
    per_device = {"R2": {"pager": True}, "R3": {"latency": 0.5}}
    assert Device("R2", "ios15", tmp_path, faults=per_device).refresh_faults().pager is True
    r3 = Device("R3", "ios15", tmp_path, faults=per_device).refresh_faults()
    assert r3.latency == 0.5 and r3.pager is False
    assert json.loads(faults_path(tmp_path, "R2").read_text())["pager"] is True
