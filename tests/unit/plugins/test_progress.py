"""Progress lines and wait records, on a clock the test moves (no sleeping, no wall clock)."""

from __future__ import annotations

import pytest
from ansible_collections.netpki.ios.plugins.plugin_utils._engine import progress as progress_module
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.progress import Progress


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(progress_module.time, "monotonic", clock)
    return clock


def _recording() -> tuple[Progress, list[tuple[str, str | None]]]:
    lines: list[tuple[str, str | None]] = []
    return Progress("R1", lambda message, host: lines.append((host, message))), lines


def test_a_polling_wait_reports_every_interval_with_elapsed_and_remaining(clock: Clock) -> None:
    progress, lines = _recording()
    with progress.wait("waiting for the CA's grant of TP", timeout=60, interval=5):
        for step in (1, 2, 3, 4, 1, 6):  # looks at irregular times, as a backing-off poll does
            clock.now += step
            progress.poll()
    assert [message for _, message in lines] == [
        "waiting for the CA's grant of TP (up to 60s, checking every 5s)",
        "waiting for the CA's grant of TP: 6s elapsed, 54s left",
        "waiting for the CA's grant of TP: 11s elapsed, 49s left",
        "waiting for the CA's grant of TP: 17s elapsed, 43s left",
        "waiting for the CA's grant of TP: done after 17s",
    ]
    assert {host for host, _ in lines} == {"R1"}
    assert progress.waits == [{"step": "waiting for the CA's grant of TP", "seconds": 17.0}]


def test_a_failed_wait_is_recorded_and_not_called_done(clock: Clock) -> None:
    progress, lines = _recording()
    with pytest.raises(RuntimeError), progress.wait("generating 4096-bit RSA keys K", timeout=120):
        clock.now += 7.25
        progress.poll()  # no interval: no progress line
        raise RuntimeError("dialog timed out")
    assert [message for _, message in lines] == ["generating 4096-bit RSA keys K (up to 120s)"]
    assert progress.waits == [{"step": "generating 4096-bit RSA keys K", "seconds": 7.2}]


def test_silent_without_a_display_and_poll_outside_a_wait_is_harmless(clock: Clock) -> None:
    progress = Progress()
    progress.poll()
    with progress.wait("step"):
        clock.now += 1
    assert progress.waits == [{"step": "step", "seconds": 1.0}]
