"""Run a transcript's command(s) against mockios over SSH and give both texts, normalised.

``not_compared(case)`` says why a transcript is not compared (None when it is): mockios has no
device of its flavor, or the transcript has no ``setup`` (mockios cannot know the state the
real router was in). ``mockios_text(case, state_dir)`` starts a device in the transcript's
flavor, applies its setup, runs the command (typing the human's answers for a dialog) and
returns what the router printed; ``expected_text(case)`` is the transcript's side.
"""

from __future__ import annotations

import time
from pathlib import Path

from corpus import Case, typed_exchange
from normalise import normalise

from mockios.device import FLAVORS as MOCKIOS_FLAVORS

STEP_TIMEOUT = 10.0  # only a failing comparison waits this long
SETUP_KEYS = ("empty", "hostname", "config", "existing_rsa_keys", "existing_ec_keys")


def not_compared(case: Case) -> str | None:
    if case.flavor not in MOCKIOS_FLAVORS:
        return f"mockios has no {case.flavor} flavor"
    setup = case.setup_keys
    if setup is None:
        return "no setup: the router's state is not known"
    unknown = sorted(set(setup) - set(SETUP_KEYS))
    if unknown:
        return f"setup key(s) {', '.join(unknown)} not known to the compare test"
    if case.layout == "flattened":
        return "flattened source: line layout lost"
    return None


def expected_text(case: Case) -> str:
    if case.kind == "dialog":
        return typed_exchange(case.steps)
    if case.compare_mode == "block":
        lines = case.quote.split("\n")
        return "\n".join(lines[1:] if lines and _echo_line(case, lines[0]) else lines)
    return case.router_text


def _echo_line(case: Case, line: str) -> bool:
    return case.router_text != case.quote and case.command in line


def matches(case: Case, actual: str) -> bool:
    want = normalise(expected_text(case), case.allowed)
    got = normalise(actual, case.allowed)
    if case.compare_mode == "block":
        return want in got
    return want.rstrip("\n") == got.rstrip("\n")


def mockios_text(case: Case, state_dir: Path) -> str:
    import netmiko
    from mockios_proc import start_mockios

    setup = case.setup_keys or {}
    extra = ["--empty"] if setup.get("empty") else []
    hostname = setup.get("hostname", "R1")
    with start_mockios(state_dir, flavor=case.flavor, hostname=hostname, extra_args=extra) as run:
        with netmiko.ConnectHandler(**run.device.netmiko()) as conn:
            conn.enable()
            if setup_lines(setup):
                conn.send_config_set(setup_lines(setup))
            if case.kind == "output":
                return conn.send_command(case.command, strip_prompt=True, strip_command=True)
            if case.mode == "config":
                conn.config_mode()
            return _dialog(conn, case)


def setup_lines(setup: dict) -> list[str]:
    """Configuration typed before the command: ``config`` lines, then existing key pairs
    (``existing_rsa_keys`` / ``existing_ec_keys``: a label or a list of labels)."""
    lines = list(setup.get("config") or [])
    for key, command in (
        ("existing_rsa_keys", "crypto key generate rsa modulus 2048 label {}"),
        ("existing_ec_keys", "crypto key generate ec keysize 256 label {}"),
    ):
        labels = setup.get(key) or []
        lines += [
            command.format(label) for label in ([labels] if isinstance(labels, str) else labels)
        ]
    return lines


def _dialog(conn, case: Case) -> str:  # noqa: ANN001
    """Type the command and each of the human's answers once the router has printed the text
    before it; return everything after the command's echo, up to the last prompt."""
    conn.write_channel(case.command + "\n")
    seen = ""
    for step in case.steps:
        seen = _read_until(conn, seen, lambda text, s=step: _ends_with(text, s.out, case))
        if step.send is not None:
            conn.write_channel(step.send + "\n")
    seen = _read_until(conn, seen, lambda text: text.rstrip().endswith(("#", ">")))
    text = seen.replace("\r\n", "\n")
    echo_end = text.find(case.command)
    text = text[echo_end + len(case.command) :].removeprefix("\n") if echo_end >= 0 else text
    return text[: text.rstrip().rfind("\n") + 1]  # drop the final prompt line


def _ends_with(text: str, out: str, case: Case) -> bool:
    return normalise(text, case.allowed).endswith(normalise(out, case.allowed))


def _read_until(conn, seen: str, done) -> str:  # noqa: ANN001
    deadline = time.monotonic() + STEP_TIMEOUT
    while not done(seen.replace("\r\n", "\n")) and time.monotonic() < deadline:
        seen += conn.read_channel()
        time.sleep(0.02)
    return seen
