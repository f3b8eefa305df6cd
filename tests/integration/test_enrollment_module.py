"""netpki.ios.enrollment over real SSH against mockios: the whole chain in one task and ONE SSH
session per router (the simulator's session log counts them), the same router state as the
single-step chain of playbooks/enroll_scep.yml, check mode, --diff, and a wrong CA pin."""

from __future__ import annotations

from pathlib import Path

from ansible_run import run_playbook
from device_helpers import LogWindow, device_show, installed_certificates, run_tasks
from enrollment_helpers import PLAYBOOKS, dialog_entries, typed
from mockios_proc import start_mockios
from return_docs_check import Checker, return_doc

from demo.lab_vars import playbook_vars

TASK = "Key pair, trustpoint, pinned CA and certificate in one SSH session"
TRUSTPOINT = "NETPKI-SCEP"
STEP_MODULES = {
    "key": "crypto_keys",
    "trustpoint": "trustpoints",
    "ca": "ca_authenticate",
    "enroll": "enroll",
}
# How the single-step modules' results differ from Ansible's own keys (tests/return_docs_check).
ANSIBLE_KEYS = {"changed", "warnings"}


def _run(run, playbook: str, limit: str | None = None, **options):
    return run_playbook(
        PLAYBOOKS / playbook,
        run.inventory,
        forks=4,
        limit=limit,
        extra_vars={**playbook_vars(run.state_dir), **options.pop("extra_vars", {})},
        **options,
    )


def _trustpoint_section(device) -> str:
    """The trustpoint block with the router's own name taken out (its subject names it)."""
    text = device_show(device, f"show running-config | section crypto pki trustpoint {TRUSTPOINT}")
    return text.replace(device.name, "<router>")


def _steps_are_what_their_modules_return(result: dict) -> None:
    """Each step's result is what its module's RETURN documents, and the whole result is what
    enrollment's RETURN documents."""
    checker = Checker("enrollment")
    skip = {*ANSIBLE_KEYS, "diff", "invocation"}
    top = {k: v for k, v in result.items() if k not in skip and not k.startswith("_ansible")}
    checker.contains(return_doc("enrollment"), top, "")
    assert sorted(checker.problems) == []
    for key, step in result["steps"].items():
        module = STEP_MODULES[key]
        checker = Checker(module)
        checker.contains(
            return_doc(module), {k: v for k, v in step.items() if k not in ANSIBLE_KEYS}, ""
        )
        assert sorted(checker.problems) == [], (key, checker.problems)


def test_one_task_enrolls_in_one_session_like_the_single_step_chain(tmp_path: Path) -> None:
    with start_mockios(tmp_path / "mockios", count=3) as run:
        single, *ours = run.devices
        chain = _run(run, "enroll_scep.yml", limit=single.name)
        assert chain.rc == 0, chain.output[-3000:]

        windows = {d.name: LogWindow(d) for d in ours}
        names = ",".join(d.name for d in ours)
        first = _run(run, "enroll_scep_one_session.yml", limit=names, diff=True)
        assert first.rc == 0, first.output[-3000:]
        for device in ours:
            result = first.result(TASK, device.name)
            assert result["changed"] is True
            assert [result["steps"][k]["changed"] for k in STEP_MODULES] == [True] * 4
            assert result["steps"]["enroll"]["state"] == "enrolled"
            _steps_are_what_their_modules_return(result)
            assert [d["before_header"] for d in result["diff"]] == [
                f"key pair {TRUSTPOINT}",
                "running-config: crypto pki trustpoint",
                f"trustpoint {TRUSTPOINT}",
                f"trustpoint {TRUSTPOINT}",
            ]
            assert "router certificate: none" in result["diff"][3]["before"]
            assert windows[device.name].sessions == 1
            assert typed(windows[device.name], "write memory") == ["write memory"]  # once
            # the router state the single-step chain left
            assert _trustpoint_section(device) == _trustpoint_section(single)
            mine = installed_certificates(device, TRUSTPOINT)
            theirs = installed_certificates(single, TRUSTPOINT)
            assert mine["ca"] == theirs["ca"]
            assert mine["router"].subject.rfc4514_string().replace(
                device.name, "<router>"
            ) == theirs["router"].subject.rfc4514_string().replace(single.name, "<router>")
            startup = device_show(device, "show startup-config | section crypto pki certificate")
            assert f"crypto pki certificate chain {TRUSTPOINT}" in startup

        windows = {d.name: LogWindow(d) for d in ours}
        again = _run(run, "enroll_scep_one_session.yml", limit=names)
        assert again.rc == 0, again.output[-3000:]
        for device in ours:
            result = again.result(TASK, device.name)
            assert result["changed"] is False
            assert result["commands"] == []
            window = windows[device.name]
            assert window.sessions == 1
            assert window.config_lines == []
            assert dialog_entries(window) == []
            # the key pairs, and the crypto pki section once: the CA and enroll steps take
            # their trustpoint's facts from the trustpoint step's read (nothing sent between);
            # `show clock`: the renewal window is measured by the router's time
            assert window.show_commands == [
                "show crypto key mypubkey all",
                "show running-config",
                "show clock",
            ]

        # Check mode after a key change: the certificate would go with the old key.
        window = LogWindow(ours[0])
        bigger = run_tasks(
            tmp_path,
            run.inventory,
            [_task({"key": {"label": TRUSTPOINT, "size": 3072}}, run)],
            limit=ours[0].name,
            check=True,
        )
        assert bigger.rc == 0, bigger.output[-3000:]
        planned = bigger.result("enrollment")
        assert planned["steps"]["key"]["changed"] is True
        assert planned["steps"]["enroll"]["state"] == "would_enroll"
        assert "would be replaced" in planned["steps"]["enroll"]["reason"]
        assert window.sessions == 1 and window.config_lines == []


def _task(args: dict, run) -> dict:
    lab = playbook_vars(run.state_dir)
    return {
        "name": "enrollment",
        "netpki.ios.enrollment": {
            "trustpoint": {
                "name": TRUSTPOINT,
                "enrollment": {"url": lab["scep_url"]},
                "rsakeypair": {"label": TRUSTPOINT},
            },
            "ca": {"fingerprint": lab["ca_fingerprint"]},
            **args,
        },
    }


def test_check_mode_sends_no_config_line_and_reports_the_plan(mockios_fleet) -> None:
    windows = [LogWindow(device) for device in mockios_fleet.devices]
    result = _run(mockios_fleet, "enroll_scep_one_session.yml", check=True, diff=True)
    assert result.rc == 0, result.output[-3000:]
    for device, window in zip(mockios_fleet.devices, windows, strict=True):
        planned = result.result(TASK, device.name)
        assert planned["changed"] is True
        steps = planned["steps"]
        assert steps["key"]["commands"][0].startswith(
            f"crypto key generate rsa general-keys label {TRUSTPOINT}"
        )
        assert f"crypto pki trustpoint {TRUSTPOINT}" in steps["trustpoint"]["commands"]
        # the trustpoint does not exist yet: what the CA and enrollment steps do is unknown
        assert steps["ca"]["state"] == steps["enroll"]["state"] == "unknown_in_check_mode"
        assert planned["commands"][-2:] == [
            f"crypto pki authenticate {TRUSTPOINT}",
            f"crypto pki enroll {TRUSTPOINT}",
        ]
        assert len(planned["diff"]) == 4
        _steps_are_what_their_modules_return(planned)
        assert "new, made by the router" in planned["diff"][0]["after"]
        assert window.sessions == 1
        assert window.config_lines == []
        assert dialog_entries(window) == []
        assert all(command.startswith("show") for command in window.show_commands)


def test_wrong_ca_pin_fails_before_yes_naming_the_steps_that_ran(tmp_path: Path) -> None:
    with start_mockios(tmp_path / "mockios", fleet=True) as run:
        _wrong_pin(run)


def _wrong_pin(run) -> None:
    window = LogWindow(run.device)
    wrong = "0123456789ABCDEF0123456789ABCDEF01234567"
    outcome = _run(run, "enroll_scep_one_session.yml", extra_vars={"ca_fingerprint": wrong})
    assert outcome.rc != 0
    assert outcome.failed == 1
    assert window.sessions == 1
    result = outcome.result(TASK)
    assert result["changed"] is True
    assert result["failed_step"] == "ca"
    assert "step ca failed" in result["msg"] and "mismatch" in result["msg"]
    assert "steps done before it: key (changed), trustpoint (changed)" in result["msg"]
    assert sorted(result["steps"]) == ["key", "trustpoint"]
    # what the router took: the key pair and the trustpoint, not the refused CA
    assert result["commands"] == (
        result["steps"]["key"]["commands"] + result["steps"]["trustpoint"]["commands"]
    )
    assert result["commands"][0].startswith("crypto key generate rsa")
    entries = [(e["mode"], e["line"].strip()) for e in dialog_entries(window)]
    asked = entries.index(("config", f"crypto pki authenticate {TRUSTPOINT}"))
    assert [line for mode, line in entries[asked + 1 :] if mode == "dialog"] == ["no"]
    assert installed_certificates(run.device, TRUSTPOINT) == {}
    assert typed(window, "crypto pki enroll") == []
