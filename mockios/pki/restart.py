"""What a router does after a reload: auto-enroll timers run again, pending requests are
polled again (IOS keeps polling the CA for an outstanding SCEP request)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .autoenroll import ensure_ticker
from .scep_client import FIRST_POLL_SECONDS, schedule_poll
from .state import pki_state

if TYPE_CHECKING:
    from mockios.device import Device


def resume_background_work(device: Device) -> None:
    """A device start hook: runs once the device serves (its timers need the event loop)."""
    state = pki_state(device)
    if any(tp.auto_enroll for tp in device.running.trustpoints.values()):
        ensure_ticker(device)
    for pending in list(state.pending.values()):
        schedule_poll(device, pending.trustpoint, pending.request_id, FIRST_POLL_SECONDS)
