"""The headline table at the top of the generated part of bench/RESULTS.md.

It is composed from the figures (JSON) the fleet-audit and no-change benches write beside
their Markdown fragments (``report.emit_figures``): one row per audited fleet size, two for the
no-change enrollment cost per router. Each cell is the median of the rounds with their range,
and its ratio to the hand-written netmiko script's median; "—" where a run was not measured.
"""

from __future__ import annotations

from .report import table

COLUMNS = ["ours", "hand-written netmiko, threads", "asyncssh", "cisco.ios network_cli + cli_parse"]
# The run of each bench that fills each column (None: no such run).
AUDIT_RUNS = ["ours, one task", "netmiko threads", "asyncssh", "cisco.ios network_cli + cli_parse"]
NOCHANGE_ROWS = {
    "no-change enrollment tasks, per router (netmiko replaying the same sessions)": [
        "ours",
        "netmiko",
        None,
        None,
    ],
    "the same in one session per router (ours: one `netpki.ios.enrollment` task; netmiko: "
    "one session)": ["ours, one task", "netmiko, one session", None, None],
}


def _cell(figure: dict | None, netmiko: dict | None, digits: int) -> str:
    """``median s (min-max)``, and ``×ratio`` to netmiko's median unless it is netmiko's."""
    if figure is None:
        return "—"
    median, low, high = (f"{figure[key]:.{digits}f}" for key in ("median", "min", "max"))
    text = f"{median} s ({low}-{high})"
    if netmiko is not None and figure is not netmiko:
        text += f", ×{figure['median'] / netmiko['median']:.2f}"
    return text


def _audit_rows(audit: dict) -> list[list[str]]:
    rows = []
    for size, runs in audit["sizes"].items():
        walls = [runs[name]["wall"] if name in runs else None for name in AUDIT_RUNS]
        label = f"audit, {int(size):,} routers ({audit['state']}, forks {audit['forks']})"
        rows.append([label, *(_cell(wall, walls[1], 2) for wall in walls)])
    return rows


def _nochange_rows(nochange: dict) -> list[list[str]]:
    rows = []
    for label, names in NOCHANGE_ROWS.items():
        costs = [nochange["runs"][name]["per_host"] if name else None for name in names]
        rows.append([label, *(_cell(cost, costs[1], 3) for cost in costs)])
    return rows


def headline(figures: list[dict]) -> str:
    """The section: the table, what each column ran, and the benches' commands."""
    audits = [f for f in figures if f.get("kind") == "fleet_audit"]
    nochanges = [f for f in figures if f.get("kind") == "nochange_host"]
    rows = [row for audit in audits for row in _audit_rows(audit)]
    rows += [row for nochange in nochanges for row in _nochange_rows(nochange)]
    if not rows:
        return "## Headline\n\nNo figures: the fleet-audit and no-change benches did not finish.\n"
    notes = [
        "Each cell: median wall time of the rounds (range), and ×: that median over the "
        "hand-written netmiko script's (below 1: faster). —: not measured."
    ]
    if audits:
        shows = "; ".join(f"`{show}`" for show in audits[0]["commands"])
        notes.append(
            f"Audit: every router read with the same {len(audits[0]['commands'])} show "
            f"commands ({shows}), each parsed with the same TextFSM templates (`parsers/`). "
            f"ours = `playbooks/fleet_audit.yml` (one `netpki.ios.fleet_audit` task); netmiko "
            f"= `bench/kit/netmiko_audit.py`; asyncssh = `bench/kit/asyncssh_audit.py`; "
            f"cisco.ios = `bench/baseline/audit_cli_parse.yml` (`ansible.utils.cli_parse` + "
            f"`ansible.utils.textfsm` over `network_cli`, from `build/bench-venv`)."
        )
    for audit in audits:
        counts = ", ".join(
            f"{runs['records']} at {int(size):,} routers" for size, runs in audit["sizes"].items()
        )
        notes.append(
            f"Audit, {audit['state']} (median of {audit['rounds']} rounds): the baselines "
            f"parsed the same number of records in every round ({counts}). Command: "
            f"`{audit['command']}`."
        )
    for nochange in nochanges:
        small, large = nochange["sizes"]
        notes.append(
            f"No-change (median of {nochange['rounds']} rounds, forks {nochange['forks']}): "
            f"per router = the wall-time slope between {small} and {large} routers in each "
            f"round. ours = the trustpoints, ca_authenticate and enroll tasks of "
            f"`playbooks/enroll_scep.yml` run again; one task = "
            f"`playbooks/enroll_scep_one_session.yml` run again; netmiko = "
            f"`bench/kit/netmiko_replay.py` sending the show commands the simulator recorded "
            f"during ours, in the same sessions or in one. Command: `{nochange['command']}`."
        )
    return (
        "## Headline\n\n"
        + table(["work", *COLUMNS], rows)
        + "\n\n"
        + "\n".join(f"- {note}" for note in notes)
        + "\n"
    )
