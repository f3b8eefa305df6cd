"""The fault matrix: every operation under every mockios fault that applies to it, over SSH.

All cells run at once on one fleet (one device per cell, see ``fault_matrix_plan``):

1. setup, without faults: each device reaches the state its operation starts from;
2. the PKI state of every device is read (``fault_matrix_checks.snapshot``);
3. each device gets its fault, and one ``ansible-playbook`` run executes every cell;
4. faults are lifted (a pending SCEP request is granted by the lab CA, a SCEP server that
   went away comes back), and each device is checked: a fresh session finds the exec
   prompt, every session the task opened ended at the exec prompt outside any dialog (unless
   the fault cut it), and a failed cell left the PKI state exactly as it was (no partial
   trustpoint, certificate or key); after a SCEP cell the router must show what IOS shows
   for the CA's answer (``scep_router_problems``), and no challenge password may appear in
   the output;
5. the playbook runs again without faults (it must succeed), and once more (no change).

The lab CA's SCEP server checks a challenge password, read from a file (never on a command
line). The ``ca_away`` cell's router enrolls with a ``python -m mockios ca serve`` of its own
on the same lab CA, stopped as soon as the router polls (its second PKIOperation, a
GetCertInitial) and started again on the same port before the rerun.

For every cell the faulted run must either succeed or fail with a clear message. The outcome
of every cell is written to ``tests/integration/FAULTS.md``.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from ansible_run import REPO, PlaybookRun, run_playbook, write_playbook
from ca_serve import LabScepServer, ca_serve, write_secret_file
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from device_helpers import play, write_inventory
from enrollment_helpers import lab_ca, lab_fingerprint
from fault_matrix_checks import (
    Snapshot,
    log_length,
    scep_router_problems,
    scep_view,
    sessions_left_badly,
    snapshot,
    stable_text,
)
from fault_matrix_plan import (
    CHALLENGE,
    OPERATION_TASK,
    WRONG_CHALLENGE,
    Cell,
    cells,
    operation_tasks,
    setup_tasks,
)
from mockios_proc import DeviceParams, start_mockios
from scep_proxy import scep_proxy
from scep_server import scep_server

from mockios.faults import faults_path, update_faults_file
from mockios.log import read_session_log

CELLS = cells()
REPORT = Path(__file__).resolve().parent / "FAULTS.md"
_MAX_MESSAGE = 2000


@dataclass
class Outcome:
    cell: Cell
    device: str
    status: str = "not run"
    changed: bool = False
    message: str = ""
    problems: list[str] = field(default_factory=list)
    rerun: str = ""
    converged: str = ""
    router_view: str = ""  # a SCEP cell's: what the router shows after the faulted run

    @property
    def green(self) -> bool:
        return not self.problems


# --- the run ---------------------------------------------------------------------------------


def _parallel(function: Callable[[DeviceParams], Any], devices: list[DeviceParams]) -> list:
    with ThreadPoolExecutor(max_workers=16) as pool:
        return list(pool.map(function, devices))


def _results_by_host(run: PlaybookRun) -> dict[str, dict]:
    return {
        r["host"]: r
        for r in run.results
        if r["task"] == OPERATION_TASK and r["status"] != "skipped"
    }


def _set_faults(state_dir: Path, device: DeviceParams, settings: dict[str, Any]) -> None:
    assignments = [f"{key}={value}" for key, value in settings.items()]
    update_faults_file(faults_path(state_dir, device.name), assignments, clear=True)


def _dropped_sessions(device: DeviceParams, start: int) -> int:
    entries = read_session_log(device.log_path)[start:]
    return sum(1 for e in entries if e.get("event") == "disconnect" and e.get("dropped"))


@pytest.fixture(scope="module")
def matrix(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    base = tmp_path_factory.mktemp("fault-matrix")
    challenge_file = write_secret_file(base, CHALLENGE)
    with (
        start_mockios(
            base / "mockios",
            count=len(CELLS),
            extra_args=["--ca-challenge-file", str(challenge_file)],
        ) as run,
        scep_server(_lab_dir(run), base) as micromdm_url,
        # micromdm answers at /scep only; nginx maps IOS's /cgi-bin/pkiclient.exe to it.
        scep_proxy(micromdm_url, base) as scep_url,
        contextlib.ExitStack() as away_servers,
    ):
        devices = run.devices
        outcomes = {
            cell.id: Outcome(cell, device.name) for cell, device in zip(CELLS, devices, strict=True)
        }
        away = away_servers.enter_context(ca_serve(run.state_dir, CHALLENGE))
        inventory = _inventory(base, devices, away.base_url)
        extra = {
            "ca_sha1": lab_fingerprint(run.state_dir),
            "ca_sha256": lab_fingerprint(run.state_dir, "SHA256"),
            "scep_url": scep_url,
            "ca_pem": lab_ca(run.state_dir, "cert"),
            "work_dir": str(base),
            "lab_state_dir": str(run.state_dir),
            "repo": str(REPO),
            **_pem_bundle(run.state_dir, base),
        }
        forks = len(devices)
        setup = run_playbook(
            write_playbook(base / "setup.yml", _free_play(setup_tasks())),
            inventory,
            extra_vars=extra,
            forks=forks,
            timeout=600,
        )
        assert setup.rc == 0 and setup.failed == 0, setup.output[-6000:]
        operation = write_playbook(base / "operation.yml", _free_play(operation_tasks()))
        before = dict(zip([d.name for d in devices], _parallel(snapshot, devices), strict=True))

        starts = {d.name: log_length(d) for d in devices}
        for cell, device in zip(CELLS, devices, strict=True):
            _set_faults(run.state_dir, device, cell.settings)
        empty_known_hosts = base / "empty_known_hosts"
        empty_known_hosts.write_text("")
        goes_away = _stop_once_polled(away)
        faulted = run_playbook(
            operation,
            inventory,
            extra_vars={
                **extra,
                "faulted_known_hosts": str(empty_known_hosts),
                "faulted_challenge": WRONG_CHALLENGE,
            },
            forks=forks,
            timeout=900,
        )
        goes_away.join(timeout=1)
        ends = {d.name: log_length(d) for d in devices}
        for device in devices:
            _set_faults(run.state_dir, device, {})
        after = dict(zip([d.name for d in devices], _parallel(snapshot, devices), strict=True))
        views = {
            device.name: scep_view(device)
            for cell, device in zip(CELLS, devices, strict=True)
            if cell.scep
        }
        away_polled = away.process.poll() is not None  # it stopped: the router had polled
        # The CA comes back on its port, and grants the requests still pending.
        away_servers.enter_context(ca_serve(run.state_dir, CHALLENGE, port=away.port))
        lab_ca(run.state_dir, "grant")
        faulted_results = _results_by_host(faulted)
        for cell, device in zip(CELLS, devices, strict=True):
            outcome = outcomes[cell.id]
            _judge_faulted(
                outcome,
                faulted_results.get(device.name),
                before[device.name],
                after[device.name],
                sessions_left_badly(device.log_path, starts[device.name], ends[device.name]),
                _dropped_sessions(device, starts[device.name]),
            )
            if cell.scep:
                outcome.router_view = views[device.name].summary
                outcome.problems.extend(
                    scep_router_problems(cell, outcome.status, outcome.message, views[device.name])
                )
            if cell.op.name == "enroll_scep":
                secrets = _secrets_in(faulted_results.get(device.name), faulted.output)
                outcome.problems.extend(f"the output shows the {name}" for name in secrets)
            if cell.ca_away and not away_polled:
                outcome.problems.append("the router never polled the CA that was to go away")

        rerun = _results_by_host(
            run_playbook(operation, inventory, extra_vars=extra, forks=forks, timeout=900)
        )
        again = _results_by_host(
            run_playbook(operation, inventory, extra_vars=extra, forks=forks, timeout=900)
        )
        for cell, device in zip(CELLS, devices, strict=True):
            _judge_convergence(outcomes[cell.id], rerun.get(device.name), again.get(device.name))
    _write_report(outcomes)
    return outcomes


def _stop_once_polled(server: LabScepServer) -> threading.Thread:
    """Stop ``server`` as soon as it has answered two PKIOperations (the router's PKCSReq,
    then its first GetCertInitial): the CA goes away while the router polls."""

    def watch() -> None:
        pause = threading.Event()
        for _ in range(600):  # looks every 0.1 s, for at most a minute
            if server.log_path.read_text().count(" PKIOperation ") >= 2:
                server.stop()
                return
            pause.wait(0.1)

    thread = threading.Thread(target=watch, name="ca-goes-away", daemon=True)
    thread.start()
    return thread


def _secrets_in(record: dict | None, output: str) -> list[str]:
    """Which challenge passwords the task's result or the playbook's output shows."""
    shown = json.dumps(record or {}) + output
    names = {"challenge password": CHALLENGE, "wrong challenge password": WRONG_CHALLENGE}
    return [name for name, secret in names.items() if secret in shown]


def _lab_dir(run) -> Path:
    lab_ca(run.state_dir, "cert")  # the lab CA exists before scepserver serves it
    return run.state_dir / "ca"


def _pem_bundle(state_dir: Path, base: Path) -> dict[str, str]:
    """A key and the lab CA's certificate for it, for the PEM bundle import cells."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "bundle.fault.lab")])
    csr = x509.CertificateSigningRequestBuilder().subject_name(subject).sign(key, hashes.SHA256())
    csr_file = base / "bundle.csr"
    csr_file.write_bytes(csr.public_bytes(serialization.Encoding.PEM))
    passphrase = "Bundle-Pass-4f"
    encrypted = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase.encode()),
    )
    return {
        "bundle_certificate": lab_ca(state_dir, "sign", "--csr", str(csr_file)),
        "bundle_private_key": encrypted.decode(),
        "bundle_passphrase": passphrase,
    }


def _free_play(tasks: list[dict]) -> dict:
    # Each host goes through its own tasks without waiting for the others at every task: the
    # cells of different operations run at the same time.
    return {**play(tasks), "strategy": "free"}


def _inventory(base: Path, devices: list[DeviceParams], away_url: str) -> Path:
    path = write_inventory(base / "inventory.yml", devices, ansible_command_timeout=60)
    data = yaml.safe_load(path.read_text())
    for cell, device in zip(CELLS, devices, strict=True):
        host = data["all"]["hosts"][device.name]
        host["op"] = cell.op.name
        if cell.wrong_challenge:  # the faulted run alone gives the wrong one
            host["cell_challenge"] = "{{ faulted_challenge | default('" + CHALLENGE + "') }}"
        if cell.ca_away:  # an address, reached as written: no name to resolve
            host["cell_scep_url"] = away_url
        if cell.unknown_host_key:  # the faulted run alone names an empty known_hosts file
            fleet_file = host["netpki_known_hosts_file"]
            template = "{{ faulted_known_hosts | default('FILE') }}"
            host["netpki_known_hosts_file"] = template.replace("FILE", fleet_file)
    path.write_text(yaml.safe_dump(data))
    return path


# --- judging ---------------------------------------------------------------------------------


def _judge_faulted(
    outcome: Outcome,
    record: dict | None,
    before: Snapshot,
    after: Snapshot,
    bad_sessions: list[str],
    dropped: int,
) -> None:
    problems = outcome.problems
    if record is None:
        problems.append("the faulted task has no result")
        return
    result = record["result"]
    outcome.status = record["status"]
    outcome.changed = bool(result.get("changed"))
    outcome.message = str(result.get("msg") or "")
    if outcome.status == "failed":
        message = outcome.message
        if not message.strip() or "Traceback" in message or len(message) > _MAX_MESSAGE:
            problems.append(f"unclear failure message: {message[:300]!r}")
        if (before.pki_config, before.keys) != (after.pki_config, after.keys):
            problems.append("a failed task changed the PKI state (partial work left behind)")
    elif outcome.status != "ok":
        problems.append(f"faulted run status {outcome.status}")
    if not after.prompt.endswith("#") or "(" in after.prompt:
        problems.append(f"a fresh session found the prompt {after.prompt!r}")
    problems.extend(bad_sessions)
    if outcome.cell.fault == "disconnect" and dropped == 0:
        problems.append(f"the dialog never reached step {outcome.cell.detail}")


def _judge_convergence(outcome: Outcome, rerun: dict | None, again: dict | None) -> None:
    if rerun is None or rerun["status"] != "ok":
        message = (rerun or {}).get("result", {}).get("msg", "no result")
        outcome.rerun = "failed"
        outcome.problems.append(f"the rerun without the fault failed: {message}")
        return
    outcome.rerun = "ok, changed" if rerun["result"].get("changed") else "ok"
    if again is None or again["status"] != "ok":
        outcome.converged = "no"
        outcome.problems.append("the run after the rerun failed")
    elif not outcome.cell.op.idempotent:
        converged = again["result"].get("state") == "pending_import" and again["result"].get("csr")
        outcome.converged = "yes (new CSR, pending import)" if converged else "no"
        if not converged:
            outcome.problems.append("the terminal enrollment did not return a CSR again")
    elif again["result"].get("changed"):
        outcome.converged = "no"
        outcome.problems.append("the run after the rerun still reports a change")
    else:
        outcome.converged = "yes (no change)"


# --- the report ------------------------------------------------------------------------------


# Fingerprints of the lab CAs change with every run; the committed report must not.
_FINGERPRINT = re.compile(r"\b(?:[0-9A-F]{8} ){3,}[0-9A-F]{1,8}\b")


def _cell_text(text: str) -> str:
    text = stable_text(_FINGERPRINT.sub("<fingerprint>", text))
    return " ".join(text.replace("|", "/").split())[:160]


def _write_report(outcomes: dict[str, Outcome]) -> None:
    # No timings here: the file is committed, and a rerun must leave it as it was.
    green = sum(1 for o in outcomes.values() if o.green)
    lines = [
        "# Fault matrix",
        "",
        "Generated by `tests/integration/test_fault_matrix.py` (do not edit by hand). Every",
        "operation ran against every mockios fault that applies to it, one device per cell, all",
        "cells at once. A cell is green when the faulted task succeeded or failed with a clear",
        "message, a fresh session found the exec prompt, every session of the task ended at the",
        "exec prompt outside any dialog (unless the fault cut it), a failed task left the PKI",
        "state (trustpoints, certificates, keys) as it found it, the rerun without the fault",
        "succeeded and the run after it reported no change.",
        "",
        "Latency is 1 s per output line for `trustpoints` and `crypto_keys` and 0.2 s per line",
        "for the operations that read certificate chains and key data (at 1 s one of their shows",
        "outlasts the command timeout). The lab CA checks a challenge password; a pending SCEP",
        "request is granted by it before the rerun, and the SCEP server that went away in the",
        "`ca_away` cell (stopped once the router polled with GetCertInitial) is back by then.",
        "",
        f"**{green} of {len(outcomes)} cells green.**",
        "",
        "| operation | fault | faulted run | message | rerun | converged | verdict |",
        "|---|---|---|---|---|---|---|",
    ]
    for outcome in outcomes.values():
        cell = outcome.cell
        fault = cell.fault + (f" `{cell.detail}`" if cell.detail else "")
        run = outcome.status + (", changed" if outcome.changed and outcome.status == "ok" else "")
        verdict = "green" if outcome.green else "RED: " + _cell_text("; ".join(outcome.problems))
        lines.append(
            f"| {cell.op.name} | {_cell_text(fault)} | {run} "
            f"| {_cell_text(outcome.message)} "
            f"| {outcome.rerun} | {outcome.converged} | {verdict} |"
        )
    lines += [
        "",
        "## SCEP cells: what the router shows after the faulted run",
        "",
        "From `show crypto pki certificates FM-TP`, `show crypto pki timers` and the `%PKI-`",
        "lines of `show logging`, held to what IOS shows for the CA's answer",
        "(`fault_matrix_checks.scep_router_problems`; the messages' sources: GAPS.md, \"SCEP",
        'answers on the router").',
        "",
        "| cell | router shows |",
        "|---|---|",
    ]
    for outcome in outcomes.values():
        if outcome.cell.scep:
            lines.append(f"| {_cell_text(outcome.cell.id)} | {_cell_text(outcome.router_view)} |")
    REPORT.write_text("\n".join(lines) + "\n")


# --- the tests -------------------------------------------------------------------------------


@pytest.mark.parametrize("cell_id", [cell.id for cell in CELLS])
def test_cell(matrix: dict[str, Outcome], cell_id: str) -> None:
    outcome = matrix[cell_id]
    assert outcome.green, f"{cell_id} on {outcome.device}: {outcome.problems}"


def test_report_lists_every_cell(matrix: dict[str, Outcome]) -> None:
    report = REPORT.read_text()
    assert len(CELLS) > 50
    for cell in CELLS:
        assert f"| {cell.op.name} | {_cell_text(cell.fault)}" in report
