"""Peak memory of a process tree, sampled from /proc while it runs.

``TreeMemory(root_pid)`` samples every ``interval`` seconds the resident set (RSS) and the
proportional set (PSS: shared pages split between the processes sharing them) of the root and
all its descendants, and keeps the peak of each sum. Forked Ansible workers share most pages
with their parent, so the RSS sum over-counts; PSS is what the tree really costs.

Daemonized descendants (``ansible-connection`` for ``network_cli``) leave the tree when they
double-fork. ``become_subreaper()`` makes the calling process adopt them, and ``adopted``
processes (children of the caller that it did not start itself) are then counted too; they
outlive the playbook (idle until their timeout), so ``end_adopted()`` ends them after it.
"""

from __future__ import annotations

import ctypes
import os
import signal
import threading
from pathlib import Path

_PR_SET_CHILD_SUBREAPER = 36
_PAGE = os.sysconf("SC_PAGE_SIZE")


def become_subreaper() -> bool:
    """Adopt orphaned descendants (Linux); False where the call is not available."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _parents() -> dict[int, int]:
    parents = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces: split after the last ')'.
        fields = stat[stat.rindex(")") + 2 :].split()
        parents[int(entry.name)] = int(fields[1])
    return parents


def descendants(roots: set[int], parents: dict[int, int]) -> set[int]:
    found = set(roots)
    grew = True
    while grew:
        more = {pid for pid, ppid in parents.items() if ppid in found and pid not in found}
        found |= more
        grew = bool(more)
    return found


def _memory_kib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) in KiB; (0, 0) for a process that is gone."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        try:
            resident = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
        except (OSError, IndexError):
            return 0, 0
        return resident * _PAGE // 1024, resident * _PAGE // 1024
    values = {}
    for line in rollup.splitlines():
        name, _, rest = line.partition(":")
        if name in ("Rss", "Pss"):
            values[name] = int(rest.split()[0])
    return values.get("Rss", 0), values.get("Pss", 0)


class TreeMemory:
    """Samples a process tree's memory in a thread until ``stop()``."""

    def __init__(self, root_pid: int, exclude: set[int] = frozenset(), interval: float = 0.1):
        self.root_pid = root_pid
        self.exclude = set(exclude)  # children of ours that are not part of the measured run
        self.interval = interval
        self.peak_rss_kib = 0
        self.peak_pss_kib = 0
        self.peak_processes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> TreeMemory:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def sample(self) -> None:
        parents = _parents()
        me = os.getpid()
        adopted = {pid for pid, ppid in parents.items() if ppid == me} - self.exclude
        tree = descendants({self.root_pid} | adopted, parents) - self.exclude
        tree.discard(me)
        rss = pss = 0
        for pid in tree:
            one_rss, one_pss = _memory_kib(pid)
            rss += one_rss
            pss += one_pss
        self.peak_rss_kib = max(self.peak_rss_kib, rss)
        self.peak_pss_kib = max(self.peak_pss_kib, pss)
        self.peak_processes = max(self.peak_processes, len(tree))

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)


def reap_adopted(keep: set[int]) -> None:
    """Collect adopted children that have exited (zombies), leaving ``keep`` (our own) alone."""
    me = os.getpid()
    for pid, ppid in _parents().items():
        if ppid != me or pid in keep:
            continue
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
            if state == "Z":
                os.waitpid(pid, os.WNOHANG)
        except (OSError, IndexError, ChildProcessError):
            continue


def end_adopted(keep: set[int]) -> None:
    """End the adopted children still running (``ansible-connection`` daemons a finished run
    left behind), each by its pid, so that the next run's memory does not count them."""
    me = os.getpid()
    for pid, ppid in _parents().items():
        if ppid != me or pid in keep:
            continue
        try:
            os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
        except (OSError, ChildProcessError):
            continue


_TICKS = os.sysconf("SC_CLK_TCK")


def tree_cpu_seconds(root_pid: int) -> float:
    """User + system CPU seconds used so far by a live process tree (exited, reaped children
    included through their parent's counts): read before and after a run for its share."""
    total = 0
    for pid in descendants({root_pid}, _parents()):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        total += sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
    return total / _TICKS
