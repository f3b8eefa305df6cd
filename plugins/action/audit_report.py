# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action plugin of netpki.ios.audit_report: writes the fleet audit on the controller."""

from __future__ import annotations

import os

from ansible_collections.netpki.ios.plugins.module_utils import audit_report_argspec as spec
from ansible_collections.netpki.ios.plugins.plugin_utils._action_module import (
    NetpkiActionBase,
    Task,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine import validate as v
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.audit import report as audit
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.audit.html import render_html
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.x509.fingerprints import (
    expected_pins,
)


class ActionModule(NetpkiActionBase):
    ARGUMENT_SPEC = spec.ARGUMENT_SPEC
    VALUE_RULES = {
        "basename": v.file_name,
        "expiring_within_days": v.int_range(0, 36500),
    }
    # Registered results carry multi-line messages and transcripts; they are only reported.
    MULTILINE_OPTIONS = frozenset({"results"})

    def run_task(self, task: Task) -> dict:
        params = task.params
        expected = expected_pins(params.get("expected_ca_fingerprints"))
        report = audit.build_report(
            params["results"], params["expiring_within_days"], expected=expected
        )
        base = params["basename"]
        files = {
            f"{base}.json": audit.to_json(report),
            f"{base}.csv": audit.to_csv(report["rows"]),
            f"{base}.html": render_html(report, params["title"]),
        }
        dest = params["dest"]
        changed = True if task.check_mode else audit.write_files(files, dest)
        return {
            "changed": changed,
            "summary": report["summary"],
            "flagged": [row for row in report["rows"] if row["flagged"]],
            "files": [os.path.join(dest, name) for name in files],
        }
