"""netpki.ios.trustpool over real SSH against mockios: the lab CA's bundle imported from its
HTTP server (pinned by SHA-256), a second run that changes nothing, check mode, pins that do
not match, the policy, `state: clean`, and pki_info reporting the trustpool throughout."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding, pkcs7
from device_helpers import LogWindow, device_show, run_tasks, write_inventory

from mockios.pki.ios_format import serial_hex
from mockios.pki.lab_ca import LabCA


def _sha256(cert) -> str:  # noqa: ANN001
    return cert.fingerprint(hashes.SHA256()).hex(":")


def _bundle_url(state_dir: Path, suffix: str = "p7b") -> str:
    """The lab CA's bundle at an address both the controller and the router reach."""
    entry = json.loads((state_dir / "hosts.json").read_text())["ca.netpki.lab"]
    return f"http://{entry['address']}:{entry['http_port']}/trustpool/ca_bundle.{suffix}"


def _run(tmp_path: Path, inventory: Path, options: dict, check: bool = False):
    tasks = [
        {"name": "trustpool", "netpki.ios.trustpool": options, "ignore_errors": True},
        {"name": "info", "netpki.ios.pki_info": {"gather": ["trustpool"]}},
    ]
    return run_tasks(tmp_path, inventory, tasks, name="trustpool.yml", check=check, diff=True)


def _pool_serials(run) -> list[str]:  # noqa: ANN001
    return [cert["serial"] for cert in run.result("info")["trustpool"]]


def test_bundle_import_idempotence_check_mode_policy_and_clean(
    mockios_device, tmp_path: Path
) -> None:
    device = mockios_device.device
    inventory = write_inventory(tmp_path / "inventory.yml", mockios_device.devices)
    lab = LabCA(mockios_device.state_dir / "ca")
    url = _bundle_url(mockios_device.state_dir)
    pins = [_sha256(lab.root.cert), _sha256(lab.issuing.cert)]
    lab_serials = [
        serial_hex(lab.root.cert.serial_number),
        serial_hex(lab.issuing.cert.serial_number),
    ]
    wanted = {"url": url, "fingerprints": pins}

    # A pin list that leaves out the issuing CA: refused before anything reaches the router.
    window = LogWindow(device)
    partial = _run(tmp_path, inventory, {"url": url, "fingerprints": pins[:1]})
    assert partial.for_task("trustpool")[0]["status"] == "failed"
    assert "match none of fingerprints" in partial.result("trustpool")["msg"]
    assert window.config_lines == [] and _pool_serials(partial) == []
    unpinned = _run(tmp_path, inventory, {"url": url})
    assert "fingerprints: a bundle from url must be pinned" in unpinned.result("trustpool")["msg"]

    # Check mode: the plan, and nothing configured.
    window = LogWindow(device)
    planned = _run(tmp_path, inventory, wanted, check=True)
    result = planned.result("trustpool")
    assert result["changed"] is True
    assert result["commands"] == [f"crypto pki trustpool import url {url}"]
    assert [c["serial"] for c in result["trustpool"]] == lab_serials
    assert window.config_lines == [] and _pool_serials(planned) == []

    # The import, verified, and reported by pki_info.
    window = LogWindow(device)
    done = _run(tmp_path, inventory, wanted)
    result = done.result("trustpool")
    assert result["changed"] is True, done.output[-3000:]
    assert window.config_lines == [f"crypto pki trustpool import url {url}"]
    assert _pool_serials(done) == lab_serials
    assert {c["trustpool"] for c in done.result("info")["trustpool"]} == {"downloaded"}
    assert [b["fingerprints"]["sha256"].replace(" ", "") for b in result["bundle"]] == [
        p.replace(":", "").upper() for p in pins
    ]
    assert result["diff"]["before"] == "certificates: none\n"
    assert [line.split(":")[0] for line in result["diff"]["after"].splitlines()] == [
        f"certificate {serial}" for serial in lab_serials
    ]

    # Second run, and the PEM form of the same bundle: nothing to do, nothing sent.
    window = LogWindow(device)
    again = _run(tmp_path, inventory, wanted)
    assert again.result("trustpool")["changed"] is False
    pem = _run(
        tmp_path,
        inventory,
        {"url": _bundle_url(mockios_device.state_dir, "pem"), "fingerprints": pins},
    )
    assert pem.result("trustpool")["changed"] is False
    assert window.config_lines == []

    # The policy: set once, then unchanged.
    policy = {"policy": {"cabundle_url": url, "revocation_check": ["crl", "none"]}}
    window = LogWindow(device)
    set_policy = _run(tmp_path, inventory, policy)
    assert set_policy.result("trustpool")["changed"] is True
    assert window.config_lines == [
        "crypto pki trustpool policy",
        f"cabundle url {url}",
        "revocation-check crl none",
    ]
    assert set_policy.result("trustpool")["commands"][-1] == "exit"
    running = device_show(device, "show running-config | section crypto pki trustpool")
    assert f" cabundle url {url}" in running and " revocation-check crl none" in running
    assert _run(tmp_path, inventory, policy).result("trustpool")["changed"] is False

    # Pasted and exclusive: only the root stays (import clean terminal), then nothing to do.
    root_only = {"ca_bundle": lab.root.pem, "exclusive": True}
    pasted = _run(tmp_path, inventory, root_only)
    assert pasted.result("trustpool")["commands"] == [
        "crypto pki trustpool import clean terminal",
        "<the PEM of ca_bundle>",
    ]
    assert _pool_serials(pasted) == lab_serials[:1]
    assert _run(tmp_path, inventory, root_only).result("trustpool")["changed"] is False

    # Clean: the downloaded certificates go; a second clean has nothing to do.
    cleaned = _run(tmp_path, inventory, {"state": "clean"})
    assert cleaned.result("trustpool")["commands"] == ["crypto pki trustpool import clean"]
    assert _pool_serials(cleaned) == []
    assert cleaned.result("info")["trustpool"] == []
    assert _run(tmp_path, inventory, {"state": "clean"}).result("trustpool")["changed"] is False


def test_a_router_served_another_bundle_is_cleaned_and_fails(mockios_device, tmp_path: Path):
    """The controller verifies one bundle, the router then gets another from the same URL
    (one more CA): the task removes the downloaded certificates and fails."""
    device = mockios_device.device
    inventory = write_inventory(tmp_path / "inventory.yml", mockios_device.devices)
    lab = LabCA(mockios_device.state_dir / "ca")
    verified = [lab.root.cert, lab.issuing.cert]
    answers = [verified, [*verified, lab.mitm.cert]]  # first GET, then every later one

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            body = pkcs7.serialize_certificates(answers[min(len(seen), 1)], Encoding.DER)
            seen.append(self.path)
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    seen: list[str] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/ca_bundle.p7b"
    try:
        window = LogWindow(device)
        run = _run(
            tmp_path, inventory, {"url": url, "fingerprints": [_sha256(c) for c in verified]}
        )
    finally:
        server.shutdown()
        server.server_close()
    failure = run.for_task("trustpool")[0]
    assert failure["status"] == "failed"
    assert "not in the verified bundle" in failure["result"]["msg"]
    assert len(seen) == 2  # the controller's GET, then the router's
    assert window.config_lines == [
        f"crypto pki trustpool import url {url}",
        "crypto pki trustpool import clean",
    ]
    assert _pool_serials(run) == []
