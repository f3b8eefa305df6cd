"""netpki.ios.fleet_audit: the audit of every router of the play from one task, in one process.

Each router is read by ``pki_info``'s own code (the same show commands, parsers and facts),
over its own SSH session, ``concurrency`` routers at a time on threads; its facts become report
rows as soon as they arrive and are then dropped, so memory follows the rows, not the facts. A
router that cannot be read is an ``error`` row and the run goes on. The report is the one
``audit_report`` writes.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import gc
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, as_completed, wait
from contextlib import contextmanager
from typing import Any

from .. import validate as v
from ..audit import report as audit
from ..errors import NetpkiError
from ..task import HostTask, Task
from ..x509.fingerprints import expected_pins
from . import audit_report, pki_info

VALUE_RULES: v.Rules = {
    **audit_report.VALUE_RULES,
    "concurrency": v.int_range(1, 1000),
}


def run(task: Task) -> dict[str, Any]:
    params = task.params
    within = params["expiring_within_days"]
    expected = expected_pins(params.get("expected_ca_fingerprints"))  # checked before connecting
    rows: list[dict[str, Any]] = []
    failed: list[dict[str, str]] = []
    # Each router's task (its session and transcript) is let go once the router is read.
    hosts, task.hosts = deque(task.hosts), []
    routers = len(hosts)
    with _collecting_sessions(every=params["concurrency"]) as collect:
        for host, result in _gathered(hosts, params["concurrency"]):
            rows += audit.audit_rows({host: result}, within, expected)
            if result.get("failed"):
                failed.append({"host": host, "msg": result["msg"]})
            for warning in result.get("warnings", []):
                task.warnings.append(f"{host}: {warning}")
            collect()
    rows.sort(key=lambda row: row["router"])  # stable: each router's rows keep their order
    report = audit.report_of_rows(rows, within, routers, timeline_days=params.get("timeline_days"))
    outcome = audit_report.write_report(task, report)
    outcome["failed_hosts"] = failed
    return outcome


@contextmanager
def _collecting_sessions(every: int) -> Iterator[Callable[[], None]]:
    """A call to make after each router: every ``every`` routers, it frees the closed sessions.

    A paramiko transport refers to itself (its message handlers are its own bound methods), so
    a closed session, with its thread's buffers and cipher state, is freed by the cyclic
    collector only. In the worker Ansible forks, the full collections that would reach it are
    rare (its heap is large), and the transports of a whole fleet piled up: 702 of the first
    750 at 1,000 routers. What the process held before the audit is frozen (``gc.freeze``),
    so each collection looks at the audit's own objects only and costs little. What the
    sessions' threads freed stays in glibc's per-thread arenas until it is trimmed."""
    done = 0

    def collect() -> None:
        nonlocal done
        done += 1
        if done % every == 0:
            gc.collect()
            _trim_malloc()

    gc.freeze()
    try:
        yield collect
    finally:
        gc.unfreeze()


@functools.cache
def _libc() -> Any:
    try:
        return ctypes.CDLL(ctypes.util.find_library("c"))
    except OSError:
        return None


def _limit_malloc_arenas(arenas: int = 2) -> None:
    """Let the sessions' threads share ``arenas`` malloc arenas instead of one each (glibc's
    ``mallopt(M_ARENA_MAX)``; elsewhere nothing): fifty threads with an arena each hold freed
    pages apart, and the worker's memory grew with the fleet. Set before the threads start."""
    mallopt = getattr(_libc(), "mallopt", None)
    if mallopt is not None:
        mallopt(_M_ARENA_MAX, arenas)


_M_ARENA_MAX = -8  # glibc's malloc.h


def _trim_malloc() -> None:
    """Give the free pages of every malloc arena back to the system (glibc's ``malloc_trim``;
    elsewhere nothing)."""
    trim = getattr(_libc(), "malloc_trim", None)
    if trim is not None:
        trim(0)


def per_host_params(params: dict[str, Any]) -> dict[str, Any]:
    """What each router's ``pki_info`` is asked: what ``playbooks/audit.yml`` asks (the
    default kinds, the CRLs and the IOS certificate servers)."""
    return {
        "gather": list(pki_info.AUDIT_GATHER),
        "trustpoint": None,
        "outputs": None,
        "expiring_within_days": params["expiring_within_days"],
        "expected_ca_fingerprints": params.get("expected_ca_fingerprints"),
    }


def _gathered(hosts: deque[HostTask], concurrency: int) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each router's result as soon as it is read, at most ``concurrency`` in flight: a
    router's task leaves ``hosts`` when it starts, and a finished future is let go once its
    result is handed on."""
    _limit_malloc_arenas()
    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="audit") as pool:
        running: set[Future] = set()
        while hosts:
            host = hosts.popleft()
            if len(running) >= concurrency:
                done, running = wait(running, return_when=FIRST_COMPLETED)
                yield from (future.result() for future in done)
            running.add(pool.submit(_read_one, host))
        yield from (future.result() for future in as_completed(running))


def _read_one(host: HostTask) -> tuple[str, dict[str, Any]]:
    task = host.task
    try:
        if host.error is not None:
            raise host.error
        result = pki_info.run(task)
        if task.warnings:
            result["warnings"] = task.warnings
    except NetpkiError as exc:
        result = {"failed": True, "msg": exc.msg}
    finally:
        task.close()
    return host.name, task.masker.data(result)
