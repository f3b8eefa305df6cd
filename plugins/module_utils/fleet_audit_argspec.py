# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Argument spec of netpki.ios.fleet_audit (shared by the module and its action): the report
options of audit_report, without the results it reads itself."""

from __future__ import annotations

from ansible_collections.netpki.ios.plugins.module_utils import audit_report_argspec

ARGUMENT_SPEC = {
    **{
        key: value
        for key, value in audit_report_argspec.ARGUMENT_SPEC.items()
        if key not in ("results", "slice_reports")  # it reads the routers itself
    },
    "concurrency": dict(type="int"),
}
