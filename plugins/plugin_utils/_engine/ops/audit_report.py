"""The fleet audit report: registered ``pki_info`` results -> JSON, CSV and HTML files."""

from __future__ import annotations

import json
import os
from typing import Any

from .. import validate as v
from ..audit import report as audit
from ..audit.html import render_html
from ..errors import ValidationError
from ..task import Task
from ..x509.fingerprints import expected_pins

VALUE_RULES: v.Rules = {
    "basename": v.file_name,
    "expiring_within_days": v.int_range(0, 36500),
    "timeline_days": v.int_range(7, audit.TIMELINE_MAX_DAYS),
}
# Registered results carry multi-line messages and transcripts; they are only reported.
MULTILINE_OPTIONS = frozenset({"results"})


def run(task: Task) -> dict[str, Any]:
    params = task.params
    if params.get("slice_reports"):
        slices = [(path, _slice_report(path)) for path in params["slice_reports"]]
        report = audit.merge_reports(slices, timeline_days=params.get("timeline_days"))
        return write_report(task, report)
    expected = expected_pins(params.get("expected_ca_fingerprints"))
    report = audit.build_report(
        params["results"],
        params["expiring_within_days"],
        expected=expected,
        timeline_days=params.get("timeline_days"),
    )
    return write_report(task, report)


def _slice_report(path: str) -> dict[str, Any]:
    """A slice's ``<basename>.json``, checked for the parts a merge reads."""
    try:
        with open(path, encoding="utf-8") as file:
            report = json.load(file)
    except (OSError, ValueError) as exc:
        raise ValidationError(f"slice_reports: cannot read {path!r}: {exc}") from exc
    summary = report.get("summary") if isinstance(report, dict) else None
    if (
        not isinstance(summary, dict)
        or not isinstance(summary.get("routers"), int)
        or not isinstance(summary.get("expiring_within_days"), int)
        or not isinstance(report.get("rows"), list)
        or not all(isinstance(row, dict) and "router" in row for row in report["rows"])
    ):
        raise ValidationError(
            f"slice_reports: {path!r} is not a report of audit_report or fleet_audit "
            "(docs/schema/audit_report.schema.json)"
        )
    return report


def write_report(task: Task, report: dict[str, Any]) -> dict[str, Any]:
    """Write the report's JSON, CSV and HTML files (not in check mode) and say what they hold."""
    params = task.params
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
