"""Run ``ansible-playbook`` and measure it: wall time, peak memory of its process tree, recap."""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from .proctree import TreeMemory, reap_adopted

REPO = Path(__file__).resolve().parents[2]
COLLECTIONS = REPO / "build" / "collections"
_RECAP = re.compile(
    r"^(\S+)\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)", re.M
)


@dataclass
class Recap:
    ok: int = 0
    changed: int = 0
    unreachable: int = 0
    failed: int = 0


@dataclass
class Timed:
    command: list[str]
    rc: int
    wall: float
    output: str
    peak_rss_mib: float = 0.0
    peak_pss_mib: float = 0.0
    peak_processes: int = 0
    cpu: float = 0.0  # user + system seconds of the whole process tree
    recap: dict[str, Recap] = field(default_factory=dict)

    @property
    def changed(self) -> int:
        return sum(r.changed for r in self.recap.values())

    @property
    def failed(self) -> int:
        return sum(r.failed + r.unreachable for r in self.recap.values())

    def require(self, hosts: int, *, changed: bool | None = None) -> Timed:
        """Fail loudly unless every host ran without failure (and changed, or not, as asked)."""
        problems = []
        if self.rc != 0 or self.failed or len(self.recap) != hosts:
            problems.append(f"rc={self.rc}, {self.failed} failed, {len(self.recap)}/{hosts} hosts")
        if changed is True and any(r.changed == 0 for r in self.recap.values()):
            problems.append("a host reported no change")
        if changed is False and self.changed:
            problems.append(f"{self.changed} changed on a run that must change nothing")
        if problems:
            where = " ".join(self.command)
            raise RuntimeError(f"{where}: {'; '.join(problems)}\n{self.output[-3000:]}")
        return self


def ansible_env(collections: Path = COLLECTIONS, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "ANSIBLE_COLLECTIONS_PATH": str(collections),
        "ANSIBLE_CONFIG": str(REPO / "ansible.cfg"),
        "ANSIBLE_NOCOLOR": "1",
        "ANSIBLE_FORCE_COLOR": "0",
        **extra,
    }


def playbook_command(
    bin_dir: Path,
    playbook: Path,
    inventory: Path,
    *,
    forks: int,
    extra_vars: dict | None = None,
    options: list[str] | None = None,
) -> list[str]:
    command = [str(bin_dir / "ansible-playbook"), "-i", str(inventory), str(playbook)]
    command += ["--forks", str(forks)]
    if extra_vars:
        command += ["-e", json.dumps(extra_vars)]
    return command + list(options or [])


def run_measured(
    command: list[str], env: dict[str, str], exclude: set[int], timeout: float = 1800
) -> Timed:
    """Run ``command`` and sample its process tree's memory (``exclude``: our other children)."""
    cpu_before = children_cpu()
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    memory = TreeMemory(process.pid, exclude=exclude).start()
    try:
        output, _ = process.communicate(timeout=timeout)
    finally:
        memory.stop()
        if process.poll() is None:
            process.kill()
            process.wait()
    wall = time.perf_counter() - started
    reap_adopted(keep=exclude)
    recap = {
        host: Recap(*(int(value) for value in values)) for host, *values in _RECAP.findall(output)
    }
    return Timed(
        command=command,
        rc=process.returncode,
        wall=wall,
        output=output,
        peak_rss_mib=memory.peak_rss_kib / 1024,
        peak_pss_mib=memory.peak_pss_kib / 1024,
        peak_processes=memory.peak_processes,
        recap=recap,
        cpu=children_cpu() - cpu_before,
    )


def children_cpu() -> float:
    """CPU seconds (user + system) of every child process waited for so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime
