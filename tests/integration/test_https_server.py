"""netpki.ios.https_server over real SSH: the ``ip http`` lines it sets, and its ``--diff``
(with the self-signed enrollment before it, whose diff names the certificate to come)."""

from __future__ import annotations

from pathlib import Path

from device_helpers import (
    LogWindow,
    device_show,
    installed_certificates,
    run_tasks,
    write_inventory,
)
from diff_texts import certificate_text

HTTP_LINES = "show running-config | include ^ip http"
TRUSTPOINT = {
    "name": "HTTPS",
    "enrollment": {"selfsigned": True},
    "subject_name": "CN=r1.netpki.lab",
    "revocation_check": ["none"],
    "rsakeypair": {"label": "HTTPS"},
}


def _https(tmp_path: Path, inventory: Path, check: bool = False, **options):
    task = {"name": "https", "netpki.ios.https_server": options}
    return run_tasks(tmp_path, inventory, [task], name="https.yml", check=check, diff=True)


def test_diff_shows_the_ip_http_lines_before_and_after(mockios_device, tmp_path: Path) -> None:
    device = mockios_device.device
    inventory = write_inventory(tmp_path / "inventory.yml", mockios_device.devices)
    enroll = {"name": "enroll", "netpki.ios.enroll": {"trustpoint": "HTTPS"}}
    setup = [
        {"name": "key", "netpki.ios.crypto_keys": {"label": "HTTPS", "size": 1024}},
        {"name": "tp", "netpki.ios.trustpoints": {"config": [TRUSTPOINT]}},
    ]
    assert run_tasks(tmp_path, inventory, setup, name="setup.yml").rc == 0
    planned = run_tasks(tmp_path, inventory, [enroll], name="enroll.yml", check=True, diff=True)
    assert planned.result("enroll")["diff"]["after"] == (
        "router certificate: a new self-signed one (the router sets its serial and dates)\n"
    )
    enrolled = run_tasks(tmp_path, inventory, [enroll], name="enroll.yml", diff=True)
    assert enrolled.result("enroll")["diff"]["after"] == certificate_text(
        "router certificate", installed_certificates(device, "HTTPS")["router"]
    )

    before = device_show(device, HTTP_LINES)
    assert "ip http secure-server" not in before.splitlines()
    headers = {
        "before_header": "running-config: ip http",
        "after_header": "running-config: ip http",
    }
    serving = "ip http secure-server\nip http secure-trustpoint HTTPS\n"

    window = LogWindow(device)
    check = _https(tmp_path, inventory, check=True, trustpoint="HTTPS")
    assert check.result("https")["diff"] == {
        **headers,
        "before": "no ip http secure-server\n",
        "after": serving,
    }
    assert window.config_lines == [] and device_show(device, HTTP_LINES) == before

    done = _https(tmp_path, inventory, trustpoint="HTTPS")
    assert done.rc == 0, done.output[-2000:]
    assert done.result("https")["diff"] == {
        **headers,
        "before": "no ip http secure-server\n",
        "after": serving,
    }
    assert set(serving.splitlines()) <= set(device_show(device, HTTP_LINES).splitlines())
    assert "+ip http secure-trustpoint HTTPS" in done.output

    again = _https(tmp_path, inventory, trustpoint="HTTPS")
    assert again.result("https")["changed"] is False
    assert again.result("https")["diff"] == {**headers, "before": serving, "after": serving}
    assert "--- before" not in again.output

    off = _https(tmp_path, inventory, state="absent")
    assert off.result("https")["diff"]["before"] == serving
    assert off.result("https")["diff"]["after"] == (
        "no ip http secure-server\nip http secure-trustpoint HTTPS\n"
    )
    assert "ip http secure-server" not in device_show(device, HTTP_LINES).splitlines()
