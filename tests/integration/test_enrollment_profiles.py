"""netpki.ios.enrollment_profiles over real SSH against mockios, driven by real ansible-playbook."""

from __future__ import annotations

from pathlib import Path

import pytest
from device_helpers import LogWindow, device_show, run_tasks, write_inventory

SECTION = "show running-config | section crypto pki profile enrollment"

ENTRUST = {
    "name": "E",
    "authentication": {"url": "http://entrust:81", "command": "GET /certs/cacert.der"},
    "enrollment": {
        "url": "http://entrust:81/cda-cgi/clientcgi.exe",
        "command": "POST reference_number=$P2&authcode=$P1&pkcs10Request=$REQ",
    },
    "parameters": [{"number": 1, "value": "aaaa-bbbb-cccc"}, {"number": 2, "value": "5001"}],
}
REENROLL = {"name": "REENROLL", "enrollment": {"terminal": True, "credential": "Entrust"}}


def _task(state: str, config: list | None = None, **extra) -> dict:
    args = {"state": state, **extra}
    if config is not None:
        args["config"] = config
    return {"name": f"profiles {state}", "netpki.ios.enrollment_profiles": args}


@pytest.fixture
def device(mockios_device):
    return mockios_device.device


@pytest.fixture
def inventory(tmp_path: Path, device) -> Path:
    return write_inventory(tmp_path / "inventory.yml", [device])


def test_merged_then_no_change_with_one_show(tmp_path: Path, device, inventory: Path) -> None:
    first = run_tasks(tmp_path, inventory, [_task("merged", [ENTRUST])])
    assert first.rc == 0, first.output
    assert first.result("profiles merged")["changed"] is True
    running = device_show(device, SECTION).splitlines()
    assert " parameter 1 value aaaa-bbbb-cccc" in running
    assert (
        " enrollment command POST reference_number=$P2&authcode=$P1&pkcs10Request=$REQ" in running
    )

    window = LogWindow(device)
    second = run_tasks(tmp_path, inventory, [_task("merged", [ENTRUST])])
    assert second.result("profiles merged")["changed"] is False
    assert window.config_lines == [] and window.sessions == 1
    assert len(window.show_commands) <= 2


def test_check_diff_sends_no_config(tmp_path: Path, device, inventory: Path) -> None:
    window = LogWindow(device)
    run = run_tasks(tmp_path, inventory, [_task("merged", [REENROLL])], check=True, diff=True)
    result = run.result("profiles merged")
    assert result["changed"] is True
    assert "+ enrollment credential Entrust" in run.output
    assert window.config_lines == []
    header = "running-config: crypto pki profile enrollment"
    assert result["diff"]["before_header"] == result["diff"]["after_header"] == header
    assert result["diff"]["before"] == ""
    assert "crypto pki profile enrollment" not in device_show(device, SECTION)

    done = run_tasks(tmp_path, inventory, [_task("merged", [REENROLL])], diff=True)
    made = done.result("profiles merged")["diff"]
    assert made["before"] == "" and made["after"] == result["diff"]["after"]  # as planned
    again = run_tasks(tmp_path, inventory, [_task("merged", [REENROLL])], diff=True)
    assert again.result("profiles merged")["changed"] is False
    assert again.result("profiles merged")["diff"]["before"] == made["after"]
    assert again.result("profiles merged")["diff"]["after"] == made["after"]
    assert "--- before" not in again.output


def test_replaced_overridden_deleted(tmp_path: Path, device, inventory: Path) -> None:
    run_tasks(tmp_path, inventory, [_task("merged", [ENTRUST, REENROLL])])

    replaced = {"name": "E", "enrollment": {"terminal": True}}
    run = run_tasks(tmp_path, inventory, [_task("replaced", [replaced])])
    result = run.result("profiles replaced")
    assert "no parameter 2 value 5001" in result["commands"]
    assert [p for p in result["after"] if p["name"] == "E"] == [replaced]

    run = run_tasks(tmp_path, inventory, [_task("overridden", [replaced])])
    result = run.result("profiles overridden")
    assert result["commands"] == ["no crypto pki profile enrollment REENROLL"]
    assert result["after"] == [replaced]

    run = run_tasks(tmp_path, inventory, [_task("deleted")])
    assert run.result("profiles deleted")["after"] == []
    assert "crypto pki profile enrollment" not in device_show(device, SECTION)


def test_rendered_and_parsed_equal_gathered(tmp_path: Path, device, inventory: Path) -> None:
    run_tasks(tmp_path, inventory, [_task("merged", [ENTRUST, REENROLL])])
    (tmp_path / "running.txt").write_text(device_show(device, "show running-config"))
    lookup = "{{ lookup('ansible.builtin.file', '%s') }}" % (tmp_path / "running.txt")
    run = run_tasks(
        tmp_path,
        inventory,
        [
            _task("gathered"),
            _task("parsed", running_config=lookup),
            _task("rendered", [REENROLL]),
        ],
    )
    assert run.rc == 0, run.output
    gathered = run.result("profiles gathered")["gathered"]
    assert run.result("profiles parsed")["parsed"] == gathered == [ENTRUST, REENROLL]
    assert run.result("profiles rendered")["rendered"] == [
        "crypto pki profile enrollment REENROLL",
        "enrollment terminal",
        "enrollment credential Entrust",
    ]


def test_bad_parameter_fails_before_connecting(tmp_path: Path, device, inventory: Path) -> None:
    window = LogWindow(device)
    bad = {"name": "E", "parameters": [{"number": 9, "value": "x"}]}
    run = run_tasks(tmp_path, inventory, [_task("merged", [bad])])
    (record,) = run.for_task("profiles merged")
    assert record["status"] == "failed"
    assert "config[0].parameters[0].number: 9 is out of range 1-8" in record["result"]["msg"]
    assert window.sessions == 0
