# Test-only callback: appends each task result as one JSON line to $NETPKI_RECORD_FILE,
# so integration tests assert on structured results instead of scraping screen output.
from __future__ import annotations

import json
import os

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = """
name: netpki_record
type: aggregate
short_description: record task results as JSON lines (tests only)
description: Writes host, task name, status and the result dict to C($NETPKI_RECORD_FILE).
"""


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "netpki_record"
    CALLBACK_NEEDS_ENABLED = True

    def _record(self, status: str, result) -> None:
        path = os.environ.get("NETPKI_RECORD_FILE")
        if not path:
            return
        entry = {
            "host": result._host.get_name(),
            "task": result._task.get_name(),
            "action": result._task.action,
            "status": status,
            "result": result._result,
        }
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry, default=str) + "\n")

    def v2_runner_on_ok(self, result) -> None:
        self._record("ok", result)

    def v2_runner_on_failed(self, result, ignore_errors=False) -> None:
        self._record("failed", result)

    def v2_runner_on_unreachable(self, result) -> None:
        self._record("unreachable", result)

    def v2_runner_on_skipped(self, result) -> None:
        self._record("skipped", result)
