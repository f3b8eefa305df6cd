"""Load and check the transcript corpus (``tests/transcripts/<area>/<case>.yml``).

One file is one real capture: its ``source`` (a public URL, or a line range of a file under
``shared/reference/``) and its ``quote``, verbatim. ``load_corpus()`` returns every case;
``problems(case)`` lists what makes a file unacceptable (the unit test rejects those). The
format is described in README.md beside this file.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from normalise import NORMALISERS

CORPUS_DIR = Path(__file__).resolve().parent
REPO = CORPUS_DIR.parents[1]
AREAS = ("keys", "authenticate", "enroll", "import", "show", "config")
KINDS = ("dialog", "output")
MODES = ("exec", "config")
FLAVORS = ("ios15", "iosxe16", "iosxe17")
LAYOUTS = ("verbatim", "flattened")
COMPARE_MODES = ("whole", "block")
OPERATIONS = (
    "keygen_rsa",
    "keygen_ec",
    "zeroize",
    "authenticate_url",
    "authenticate_terminal",
    "enroll_scep",
    "enroll_terminal",
    "enroll_selfsigned",
    "import_certificate",
    "import_pem",
    "import_pkcs12",
    "remove_trustpoint",
    "enable",
    "cert_server_start",
)
ALLOWED_DIFFERENCES = NORMALISERS  # each names a normaliser in normalise.py
_URL = re.compile(r"^https?://[^\s/]+\.[^\s/]+/\S*$")
_REFERENCE = re.compile(r"^shared/reference/(?P<file>[\w.-]+):(?P<first>\d+)(?:-(?P<last>\d+))?$")
_REQUIRED = ("source", "ios_version", "flavor", "kind", "command", "mode", "quote")


@dataclass
class Step:
    out: str
    send: str | None
    echo: bool = True


@dataclass
class Case:
    """One transcript file, as loaded (``data`` keeps every field for the report)."""

    path: Path
    data: dict[str, Any]
    steps: list[Step] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.path.parent.name}/{self.path.stem}"

    def __getattr__(self, name: str) -> Any:
        # Every other field of the file reads as an attribute (None when absent).
        if name.startswith("_") or name == "data":
            raise AttributeError(name)
        return self.data.get(name)

    @property
    def layout(self) -> str:
        return self.data.get("layout") or "verbatim"

    @property
    def allowed(self) -> tuple[str, ...]:
        return tuple(self.data.get("allowed_differences") or ())

    @property
    def setup_keys(self) -> dict[str, Any] | None:
        """``setup`` as one mapping (the list-of-mappings form of corpus_format.md merged)."""
        return None if self.data.get("setup") is None else setup_of(self.data["setup"])

    @property
    def compare_mode(self) -> str:
        return self.data.get("compare") or "whole"

    @property
    def router_text(self) -> str:
        """The quote without the echoed command line and without a final bare prompt."""
        if self.layout == "flattened" and self.kind == "dialog":
            return _flattened_router_text(self.quote, self.command)
        lines = self.quote.replace("\r\n", "\n").split("\n")
        if lines and _is_echo(lines[0], self.command):
            lines = lines[1:]
        while lines and not lines[-1].strip():
            lines.pop()
        if lines and _PROMPT.match(lines[-1]):
            lines.pop()
        return "\n".join(lines) + "\n"


_PROMPT = re.compile(r"^[\w.:/-]+(?:\([\w-]+\))?[#>]\s*$")


def _flattened_router_text(quote: str, command: str) -> str:
    # The source lost its line breaks: drop "[prompt] command" at the start and a last prompt.
    text = _squash(quote)
    echo = re.match(r"^(?:[\w.:/-]+(?:\([\w-]+\))?[#>]\s*)?" + re.escape(_squash(command)), text)
    if echo:
        text = text[echo.end() :].strip()
    return re.sub(r"\s*[\w.:/-]+(?:\([\w-]+\))?[#>]$", "", text) + "\n"


def _is_echo(line: str, command: str | None) -> bool:
    if not command:
        return False
    if _squash(line) == _squash(command):
        return True  # recorded without the prompt
    match = re.match(r"^[\w.:/-]+(?:\([\w-]+\))?[#>]\s*(?P<typed>.*)$", line)
    return bool(match) and _squash(match["typed"]) == _squash(command)


def _squash(text: str) -> str:
    return " ".join(text.split())


def reference_dirs() -> list[Path]:
    """Where ``shared/reference`` may be: NETPKI_SHARED, or ``shared/`` beside or above it."""
    candidates = [os.environ.get("NETPKI_SHARED", ""), str(REPO.parent / "shared")]
    candidates += [str(parent / "shared") for parent in REPO.parents]
    return [Path(c) / "reference" for c in candidates if c and (Path(c) / "reference").is_dir()]


def reference_text(file: str, first: int, last: int) -> str | None:
    for folder in reference_dirs():
        path = folder / file
        if path.is_file():
            lines = path.read_text(encoding="utf-8").split("\n")
            if 1 <= first <= last <= len(lines):
                return "\n".join(lines[first - 1 : last])
            return ""
    return None


def source_problem(source: Any, quote: Any) -> str | None:
    """Why ``source`` is no valid source for ``quote`` (None when it is)."""
    if not isinstance(source, str) or not source.strip():
        return "no source"
    if _URL.match(source):
        return None
    match = _REFERENCE.match(source)
    if not match:
        return f"source {source!r} is neither a URL nor shared/reference/<file>:<line>[-<line>]"
    first = int(match["first"])
    last = int(match["last"] or first)
    text = reference_text(match["file"], first, last)
    if text is None:
        return f"shared/reference/{match['file']} not found (looked in {reference_dirs()})"
    if not text:
        return f"{source}: no such line range"
    if not isinstance(quote, str) or _squash(quote) not in _squash(text):
        return f"{source}: the quote is not in that line range"
    return None


def setup_of(raw: Any) -> dict[str, Any] | None:
    if isinstance(raw, dict):
        return dict(raw)
    if isinstance(raw, list) and all(isinstance(item, dict) for item in raw):
        return {key: value for item in raw for key, value in item.items()}
    return None


def _steps(raw: Any) -> tuple[list[Step], list[str]]:
    if not isinstance(raw, list) or not raw:
        return [], ["a dialog needs steps"]
    steps, errors = [], []
    for index, item in enumerate(raw):
        if not isinstance(item, dict) or not isinstance(item.get("out"), str):
            errors.append(f"steps[{index}] needs an `out` string")
            continue
        send = item.get("send")
        if send is not None and not isinstance(send, str):
            errors.append(f"steps[{index}].send must be a string or null")
            continue
        steps.append(Step(item["out"], send, bool(item.get("echo", True))))
    if steps and steps[-1].send is not None:
        errors.append("the last step must have send: null (the prompt ends the dialog)")
    return steps, errors


def typed_exchange(steps: list[Step]) -> str:
    """The exchange as a screen shows it: router output, then each echoed answer and Enter."""
    text = ""
    for step in steps:
        text += step.out
        if step.send is not None:
            text += (step.send if step.echo else "") + "\n"
    return text


def problems(case: Case) -> list[str]:
    data = case.data
    errors = [f"missing `{key}`" for key in _REQUIRED if not data.get(key)]
    if case.path.parent.name not in AREAS:
        errors.append(f"area {case.path.parent.name!r} is not one of {AREAS}")
    problem = source_problem(data.get("source"), data.get("quote"))
    if problem:
        errors.append(problem)
    for key, choices in (
        ("kind", KINDS),
        ("mode", MODES),
        ("flavor", FLAVORS),
        ("layout", LAYOUTS),
        ("compare", COMPARE_MODES),
    ):
        if data.get(key) is not None and data[key] not in choices:
            errors.append(f"`{key}` {data[key]!r} is not one of {choices}")
    for kind in case.allowed:
        if kind not in ALLOWED_DIFFERENCES:
            errors.append(f"allowed difference {kind!r} is not one of {ALLOWED_DIFFERENCES}")
    if data.get("setup") is not None and setup_of(data["setup"]) is None:
        errors.append("`setup` must be a mapping, or a list of one-key mappings")
    if data.get("kind") == "dialog":
        if data.get("operation") not in OPERATIONS:
            errors.append(f"`operation` {data.get('operation')!r} is not one of {OPERATIONS}")
        steps, step_errors = _steps(data.get("steps"))
        errors += step_errors
        if steps and isinstance(data.get("quote"), str) and not step_errors:
            errors += _steps_match_quote(case, steps)
    elif data.get("kind") == "output" and not data.get("parser"):
        errors.append("an output needs `parser`")
    return errors


def _steps_match_quote(case: Case, steps: list[Step]) -> list[str]:
    typed = typed_exchange(steps)
    quoted = case.router_text
    if case.layout == "flattened":
        same = _squash(typed) == _squash(quoted)
    else:
        same = typed.rstrip("\n") == quoted.rstrip("\n")
    return [] if same else ["steps joined differ from the quote (without echo and prompt)"]


def load_case(path: Path) -> Case:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        data = {}
    case = Case(path, data)
    if data.get("kind") == "dialog":
        case.steps, _ = _steps(data.get("steps"))
    return case


def case_paths() -> list[Path]:
    return sorted(p for area in AREAS for p in (CORPUS_DIR / area).glob("*.yml"))


def load_corpus() -> list[Case]:
    return [load_case(path) for path in case_paths()]
