"""What each host saw, from the simulator's session logs: SSH sessions and commands."""

from __future__ import annotations

from dataclasses import dataclass

from mockios.log import config_lines, read_session_log, sessions, show_commands

from .fleet import MockiosRun


@dataclass
class HostCounts:
    sessions: float
    shows: float
    config_lines: float
    lines: float  # every line typed, prompts' newlines and dialog answers included


class LogMarks:
    """Remembers where each device's log ends now; ``per_host()`` counts what came after."""

    def __init__(self, run: MockiosRun) -> None:
        self.run = run
        self.start = {d.name: len(read_session_log(d.log_path)) for d in run.devices}

    def entries(self) -> dict[str, list[dict]]:
        return {
            d.name: read_session_log(d.log_path)[self.start[d.name] :] for d in self.run.devices
        }

    def per_host(self) -> HostCounts:
        """Mean counts per host since the marks were taken."""
        logs = list(self.entries().values())
        hosts = len(logs)
        return HostCounts(
            sessions=sum(sessions(e) for e in logs) / hosts,
            shows=sum(len(show_commands(e)) for e in logs) / hosts,
            config_lines=sum(len(config_lines(e)) for e in logs) / hosts,
            lines=sum(sum(1 for x in e if x.get("event") == "line") for e in logs) / hosts,
        )

    def show_lines_by_session(self, host: str) -> list[list[str]]:
        """The show commands one host received, as typed, grouped by SSH session."""
        grouped: dict[int, list[str]] = {}
        for entry in self.entries()[host]:
            if entry.get("event") == "connect":
                grouped[entry["session"]] = []
            elif entry.get("event") == "line" and entry.get("command", "").startswith("show"):
                grouped.setdefault(entry["session"], []).append(entry["line"].strip())
        return list(grouped.values())
