"""Run real ``ansible-playbook`` for integration tests and read its results back as data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
CALLBACKS = Path(__file__).resolve().parent / "callback_plugins"


@dataclass
class PlaybookRun:
    rc: int
    output: str  # stdout and stderr together, as a user would see them
    results: list[dict] = field(default_factory=list)

    def for_task(self, task: str, host: str | None = None) -> list[dict]:
        return [
            r for r in self.results if r["task"] == task and (host is None or r["host"] == host)
        ]

    def result(self, task: str, host: str | None = None) -> dict:
        """The one result of ``task`` (on ``host``); fails loudly if there is not exactly one."""
        found = self.for_task(task, host)
        assert len(found) == 1, f"{len(found)} results for {task!r}:\n{self.output}"
        return found[0]["result"]

    @property
    def changed(self) -> int:
        return sum(1 for r in self.results if r["result"].get("changed"))

    @property
    def failed(self) -> int:
        return sum(1 for r in self.results if r["status"] in ("failed", "unreachable"))


def write_playbook(path: Path, plays: list[dict] | dict) -> Path:
    path.write_text(yaml.safe_dump(plays if isinstance(plays, list) else [plays], sort_keys=False))
    return path


def run_playbook(
    playbook: Path,
    inventory: Path,
    *,
    check: bool = False,
    diff: bool = False,
    verbosity: int = 0,
    extra_vars: dict | None = None,
    limit: str | None = None,
    forks: int | None = None,
    timeout: float = 300,
    env: dict | None = None,
    args: list[str] | None = None,
) -> PlaybookRun:
    # The record lives outside the repository, even when the playbook is one of playbooks/.
    handle, name = tempfile.mkstemp(prefix="netpki-results-", suffix=".jsonl")
    os.close(handle)
    record = Path(name)
    cmd = [str(BIN / "ansible-playbook"), "-i", str(inventory), str(playbook)]
    if check:
        cmd.append("--check")
    if diff:
        cmd.append("--diff")
    if verbosity:
        cmd.append("-" + "v" * verbosity)
    if extra_vars:
        cmd += ["-e", json.dumps(extra_vars)]
    if limit:
        cmd += ["--limit", limit]
    if forks:
        cmd += ["--forks", str(forks)]
    cmd += args or []
    run_env = {
        **os.environ,
        "ANSIBLE_COLLECTIONS_PATH": str(REPO / "build" / "collections"),
        "ANSIBLE_CONFIG": str(REPO / "ansible.cfg"),
        "ANSIBLE_CALLBACK_PLUGINS": str(CALLBACKS),
        "ANSIBLE_CALLBACKS_ENABLED": "netpki_record",
        "ANSIBLE_FORCE_COLOR": "0",
        "ANSIBLE_NOCOLOR": "1",
        "NETPKI_RECORD_FILE": str(record),
        **(env or {}),
    }
    proc = subprocess.run(
        cmd,
        env=run_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=timeout,
        check=False,
    )
    results = [json.loads(line) for line in record.read_text().splitlines() if line]
    record.unlink()
    return PlaybookRun(rc=proc.returncode, output=proc.stdout, results=results)
