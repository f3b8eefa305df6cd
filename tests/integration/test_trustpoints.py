"""netpki.ios.trustpoints over real SSH against mockios, driven by real ansible-playbook."""

from __future__ import annotations

from pathlib import Path

import pytest
from device_helpers import LogWindow, device_config, device_show, run_tasks, write_inventory

SECTION = "show running-config | section crypto pki"

CORP_CA = {
    "name": "CORP-CA",
    "enrollment": {"url": "http://ca.example.com:80", "retry_period": 5},
    "fingerprint": "cc:59:46:08:a2:63:e8:e2:fc:43:f9:c3:d7:84:78:5d:ff:b3:ee:31",
    "subject_name": "CN=r1.example.com, O=Example, C=US",
    "serial_number": False,
    "ip_address": "none",
    "password": "Chall3nge-Pw",
    "revocation_check": ["crl", "none"],
    "rsakeypair": {"label": "CORP-KEY", "modulus": 2048},
    "auto_enroll": {"percent": 80, "regenerate": True},
}
CORP_CA_LINES = [
    "crypto pki trustpoint CORP-CA",
    " enrollment retry period 5",
    " enrollment url http://ca.example.com:80",
    " serial-number none",
    " ip-address none",
    " fingerprint CC594608A263E8E2FC43F9C3D784785DFFB3EE31",
    " subject-name CN=r1.example.com, O=Example, C=US",
    " revocation-check crl none",
    " rsakeypair CORP-KEY 2048",
    " auto-enroll 80 regenerate",
]


def _task(state: str, config: list | None = None, **extra) -> dict:
    args = {"state": state, **extra}
    if config is not None:
        args["config"] = config
    return {"name": f"trustpoints {state}", "netpki.ios.trustpoints": args, "register": "out"}


@pytest.fixture
def device(mockios_device):
    return mockios_device.device


@pytest.fixture
def inventory(tmp_path: Path, device) -> Path:
    return write_inventory(tmp_path / "inventory.yml", [device])


def test_merged_changes_then_is_idempotent_at_one_session_and_one_show(
    tmp_path: Path, device, inventory: Path
) -> None:
    first = run_tasks(tmp_path, inventory, [_task("merged", [CORP_CA])])
    result = first.result("trustpoints merged")
    assert first.rc == 0, first.output
    assert result["changed"] is True
    assert result["commands"][0] == "crypto pki trustpoint CORP-CA"
    assert "password ********" in result["commands"]
    running = device_show(device, SECTION)
    for line in CORP_CA_LINES:
        assert line in running.splitlines(), line
    assert "password 7 " in running  # the router keeps it type 7

    window = LogWindow(device)
    second = run_tasks(tmp_path, inventory, [_task("merged", [CORP_CA])])
    again = second.result("trustpoints merged")
    assert second.rc == 0, second.output
    assert again["changed"] is False
    assert again["commands"] == []
    assert window.config_lines == []
    assert window.sessions == 1
    assert len(window.show_commands) <= 2
    assert "Chall3nge-Pw" not in second.output and "Chall3nge-Pw" not in first.output


def test_check_diff_reports_change_and_sends_no_config(
    tmp_path: Path, device, inventory: Path
) -> None:
    window = LogWindow(device)
    run = run_tasks(tmp_path, inventory, [_task("merged", [CORP_CA])], check=True, diff=True)
    result = run.result("trustpoints merged")
    assert run.rc == 0, run.output
    assert result["changed"] is True
    assert "+ enrollment url http://ca.example.com:80" in run.output
    assert result["diff"]["before"] == ""
    assert "crypto pki trustpoint CORP-CA" in result["diff"]["after"]
    assert result["after"][0]["name"] == "CORP-CA"
    assert window.config_lines == []
    assert window.sessions == 1
    assert "CORP-CA" not in device_show(device, SECTION)
    header = "running-config: crypto pki trustpoint"
    assert result["diff"]["before_header"] == result["diff"]["after_header"] == header
    assert " password ********" in result["diff"]["after"].splitlines()

    done = run_tasks(tmp_path, inventory, [_task("merged", [CORP_CA])], diff=True)
    made = done.result("trustpoints merged")["diff"]
    assert made["before"] == "" and made["after"] == result["diff"]["after"]  # as planned
    assert "Chall3nge-Pw" not in done.output
    again = run_tasks(tmp_path, inventory, [_task("merged", [CORP_CA])], diff=True)
    assert again.result("trustpoints merged")["changed"] is False
    assert again.result("trustpoints merged")["diff"]["before"] == made["after"]
    assert again.result("trustpoints merged")["diff"]["after"] == made["after"]
    assert "--- before" not in again.output


def test_replaced_makes_the_trustpoint_exactly_the_given_one(
    tmp_path: Path, device, inventory: Path
) -> None:
    run_tasks(tmp_path, inventory, [_task("merged", [CORP_CA])])
    wanted = {"name": "CORP-CA", "enrollment": {"url": "http://ca2.example.com"}, "hash": "sha256"}
    run = run_tasks(tmp_path, inventory, [_task("replaced", [wanted])])
    result = run.result("trustpoints replaced")
    assert run.rc == 0, run.output
    assert result["changed"] is True
    assert "no subject-name CN=r1.example.com, O=Example, C=US" in result["commands"]
    assert result["after"] == [
        {"name": "CORP-CA", "enrollment": {"url": "http://ca2.example.com"}, "hash": "sha256"}
    ]
    block = device_show(device, "show running-config | section crypto pki trustpoint CORP-CA")
    assert (
        block.split()
        == "crypto pki trustpoint CORP-CA enrollment url http://ca2.example.com hash sha256".split()
    )


def test_ocsp_url_is_set_then_reverted_over_ssh(tmp_path: Path, device, inventory: Path) -> None:
    ocsp = {**CORP_CA, "revocation_check": ["ocsp", "none"], "ocsp": {"url": "http://192.0.2.9/"}}
    run_tasks(tmp_path, inventory, [_task("merged", [CORP_CA])])
    run = run_tasks(tmp_path, inventory, [_task("merged", [ocsp])])
    result = run.result("trustpoints merged")
    assert run.rc == 0, run.output
    assert "ocsp url http://192.0.2.9/" in result["commands"]
    assert result["after"][0]["ocsp"] == {"url": "http://192.0.2.9/"}
    assert " ocsp url http://192.0.2.9/" in device_show(device, SECTION).splitlines()

    window = LogWindow(device)
    again = run_tasks(tmp_path, inventory, [_task("merged", [ocsp])])
    assert again.rc == 0, again.output
    assert again.result("trustpoints merged")["changed"] is False
    assert window.config_lines == []

    back = run_tasks(tmp_path, inventory, [_task("replaced", [CORP_CA])])
    reverted = back.result("trustpoints replaced")
    assert back.rc == 0, back.output
    assert "no ocsp url http://192.0.2.9/" in reverted["commands"]
    assert "ocsp" not in reverted["after"][0]
    running = device_show(device, SECTION).splitlines()
    assert not [line for line in running if "ocsp url" in line]
    for line in CORP_CA_LINES:
        assert line in running, line


def test_overridden_removes_unlisted_but_keeps_builtins(
    tmp_path: Path, device, inventory: Path
) -> None:
    device_config(
        device,
        [
            "crypto pki trustpoint SLA-TrustPoint",
            "enrollment pkcs12",
            "revocation-check crl",
            "crypto pki trustpoint TP-self-signed-1234",
            "enrollment selfsigned",
            "crypto pki trustpoint OLD-CA",
            "enrollment url http://old.example.com",
        ],
    )
    wanted = [{"name": "CORP-CA", "enrollment": {"terminal": True, "pem": True}}]
    run = run_tasks(tmp_path, inventory, [_task("overridden", wanted)])
    result = run.result("trustpoints overridden")
    assert run.rc == 0, run.output
    assert "no crypto pki trustpoint OLD-CA" in result["commands"]
    names = [tp["name"] for tp in result["after"]]
    assert sorted(names) == ["CORP-CA", "SLA-TrustPoint", "TP-self-signed-1234"]
    running = device_show(device, SECTION)
    assert "OLD-CA" not in running and "SLA-TrustPoint" in running


def test_deleted_answers_the_confirmation_of_an_enrolled_trustpoint(
    tmp_path: Path, device, inventory: Path
) -> None:
    lab = {"name": "LAB", "enrollment": {"url": "http://ca.netpki.lab"}}
    run_tasks(tmp_path, inventory, [_task("merged", [lab])])
    # Install the CA certificate, so the router asks before destroying it.
    output = _authenticate(device, "LAB")
    assert "accepted" in output, output
    assert "crypto pki certificate chain LAB" in device_show(device, SECTION)

    run = run_tasks(tmp_path, inventory, [_task("deleted", [{"name": "LAB"}])])
    result = run.result("trustpoints deleted")
    assert run.rc == 0, run.output
    assert result["commands"] == ["no crypto pki trustpoint LAB", "yes"]
    assert result["after"] == []
    assert "LAB" not in device_show(device, SECTION)


def test_rendered_needs_no_device(tmp_path: Path) -> None:
    unreachable = tmp_path / "inventory.yml"
    unreachable.write_text(
        "all:\n  hosts:\n    R9:\n      ansible_host: 127.0.0.1\n      ansible_port: 9\n"
        "      ansible_connection: local\n"
    )
    run = run_tasks(tmp_path, unreachable, [_task("rendered", [CORP_CA])])
    result = run.result("trustpoints rendered")
    assert run.rc == 0, run.output
    assert result["rendered"] == [line.strip() for line in CORP_CA_LINES[:5]] + [
        "password ********",
        *[line.strip() for line in CORP_CA_LINES[5:]],
    ]


def test_parsed_running_config_equals_gathered(tmp_path: Path, device, inventory: Path) -> None:
    other = {"name": "TERM", "enrollment": {"terminal": True}, "usage": ["ike", "ssl-server"]}
    run_tasks(tmp_path, inventory, [_task("merged", [CORP_CA, other])])
    running_config = device_show(device, "show running-config")
    (tmp_path / "running.txt").write_text(running_config)
    tasks = [
        _task("gathered"),
        {
            "name": "trustpoints parsed",
            "netpki.ios.trustpoints": {
                "state": "parsed",
                "running_config": "{{ lookup('ansible.builtin.file', '%s') }}"
                % (tmp_path / "running.txt"),
            },
        },
    ]
    run = run_tasks(tmp_path, inventory, tasks)
    assert run.rc == 0, run.output
    gathered = run.result("trustpoints gathered")["gathered"]
    parsed = run.result("trustpoints parsed")["parsed"]
    assert parsed == gathered
    assert [tp["name"] for tp in gathered] == ["CORP-CA", "TERM"]
    assert gathered[0]["password"] == "********"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("subject_name", "CN=r1\nexit", "config[0].subject_name: control character"),
        ("subject_name", "CN=r1\r", "config[0].subject_name: control character"),
        ("fingerprint", "not-hex", "config[0].fingerprint:"),
        # IOS compares a trustpoint fingerprint only with MD5/SHA1: a SHA-256 could never match
        ("fingerprint", "AB" * 32, "config[0].fingerprint: a SHA256 fingerprint can never"),
        ("name", "two words", "config[0].name:"),
    ],
)
def test_bad_input_fails_before_connecting(
    tmp_path: Path, device, inventory: Path, field: str, value: str, message: str
) -> None:
    window = LogWindow(device)
    run = run_tasks(tmp_path, inventory, [_task("merged", [{"name": "T", field: value}])])
    (record,) = run.for_task("trustpoints merged")
    assert run.rc != 0
    assert record["status"] == "failed"
    assert message in record["result"]["msg"]
    assert window.sessions == 0


def test_out_of_range_values_name_their_path(tmp_path: Path, device, inventory: Path) -> None:
    bad = {"name": "T", "auto_enroll": {"percent": 5}, "enrollment": {"url": "gopher://x"}}
    run = run_tasks(tmp_path, inventory, [_task("merged", [bad])])
    msg = run.result("trustpoints merged")["msg"]
    assert "config[0].enrollment.url" in msg or "config[0].auto_enroll.percent" in msg


def _authenticate(device, trustpoint: str) -> str:
    import netmiko

    with netmiko.ConnectHandler(**device.netmiko()) as conn:
        conn.enable()
        conn.config_mode()
        output = conn.send_command(
            f"crypto pki authenticate {trustpoint}",
            expect_string=r"\[yes/no\]:\s*$",
            read_timeout=20,
        )
        output += conn.send_command("yes", expect_string=r"#\s*$", read_timeout=20)
        conn.exit_config_mode()
        return output


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"ansible_password": "wrong"}, "login refused"),
        ({"ansible_become_password": "wrong"}, "enable secret rejected"),
        ({"ansible_port": 9}, "is unreachable"),
        ({"ansible_password": None}, "missing credential"),
    ],
    ids=["refused-login", "wrong-enable", "unreachable", "missing-credential"],
)
def test_connection_failures_are_distinct_and_clear(
    tmp_path: Path, device, override: dict, message: str
) -> None:
    inventory = write_inventory(tmp_path / "inventory.yml", [device], **override)
    # Without an agent: keys from a running one would count as a credential.
    run = run_tasks(tmp_path, inventory, [_task("gathered")], env={"SSH_AUTH_SOCK": ""})
    (record,) = run.for_task("trustpoints gathered")
    assert record["status"] == "failed"
    assert message in record["result"]["msg"]
    assert "wrong" not in record["result"]["msg"]
    assert "cisco" not in record["result"].get("transcript_tail", "")


def test_iosxe17_flavor_merged_idempotent_and_delete_confirmed(tmp_path: Path) -> None:
    from mockios_proc import start_mockios

    with start_mockios(tmp_path / "xe", flavor="iosxe17") as run:
        device = run.device
        inventory = write_inventory(tmp_path / "inventory.yml", [device])
        lab = {**CORP_CA, "name": "LAB", "enrollment": {"url": "http://ca.netpki.lab"}}
        lab.pop("fingerprint")  # the lab CA has its own
        first = run_tasks(tmp_path, inventory, [_task("merged", [lab])])
        assert first.result("trustpoints merged")["changed"] is True, first.output
        window = LogWindow(device)
        second = run_tasks(tmp_path, inventory, [_task("merged", [lab])])
        assert second.result("trustpoints merged")["changed"] is False
        assert window.config_lines == [] and len(window.show_commands) <= 2

        assert "accepted" in _authenticate(device, "LAB")
        gone = run_tasks(tmp_path, inventory, [_task("overridden", [])])
        result = gone.result("trustpoints overridden")
        assert gone.rc == 0, gone.output
        assert result["commands"][-2:] == ["no crypto pki trustpoint LAB", "yes"]
        assert all(tp["name"] != "LAB" for tp in result["after"])


@pytest.mark.parametrize(
    "faults", [{"syslog_inject": True}, {"wrap80": True}, {"latency": 0.002}, {"pager": True}]
)
def test_device_noise_does_not_break_config_or_idempotency(
    tmp_path: Path, mockios_device, device, inventory: Path, faults: dict
) -> None:
    mockios_device.fault(device.name, **faults)
    first = run_tasks(tmp_path, inventory, [_task("merged", [CORP_CA])])
    assert first.result("trustpoints merged")["changed"] is True, first.output
    second = run_tasks(tmp_path, inventory, [_task("merged", [CORP_CA])])
    assert second.result("trustpoints merged")["changed"] is False, second.output


def test_rejected_line_fails_with_the_device_message(
    tmp_path: Path, mockios_device, device, inventory: Path
) -> None:
    mockios_device.fault(device.name, reject_config="^subject-name")
    run = run_tasks(tmp_path, inventory, [_task("merged", [CORP_CA])])
    (record,) = run.for_task("trustpoints merged")
    assert record["status"] == "failed"
    assert (
        "the router rejected 'subject-name CN=r1.example.com, O=Example, C=US'"
        in (record["result"]["msg"])
    )
    assert "subject-name" in record["result"]["transcript_tail"]
    # the new block was removed again, so the failed run changed nothing and says so
    assert "rolled back: ['no crypto pki trustpoint CORP-CA']" in record["result"]["msg"]
    assert record["result"]["changed"] is False
    assert "Chall3nge-Pw" not in run.output
    # the session left config mode: a later task works normally
    mockios_device.fault(device.name, reject_config="")
    assert run_tasks(tmp_path, inventory, [_task("gathered")]).rc == 0


@pytest.mark.parametrize(
    ("save_when", "saved_after_change", "saved_without_change"),
    [("modified", True, False), ("never", False, False), ("always", True, True)],
)
def test_save_when(
    tmp_path: Path,
    device,
    inventory: Path,
    save_when: str,
    saved_after_change: bool,
    saved_without_change: bool,
) -> None:
    def _saves(window: LogWindow) -> int:
        return sum(1 for e in window.entries if e.get("command", "").startswith("write"))

    window = LogWindow(device)
    run_tasks(tmp_path, inventory, [_task("merged", [CORP_CA], save_when=save_when)])
    assert _saves(window) == int(saved_after_change)
    startup = device_show(device, "show startup-config")
    assert ("crypto pki trustpoint CORP-CA" in startup) is saved_after_change

    window = LogWindow(device)
    run_tasks(tmp_path, inventory, [_task("merged", [CORP_CA], save_when=save_when)])
    assert _saves(window) == int(saved_without_change)
