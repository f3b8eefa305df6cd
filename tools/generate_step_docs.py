"""Write the step options of netpki.ios.enrollment from the single-step modules' own docs.

netpki.ios.enrollment takes each step's options from the module that step runs
(plugins/module_utils/enrollment_argspec.py ``STEPS``): ``key`` the options of crypto_keys,
``trustpoint`` one ``config`` item of trustpoints, ``ca`` those of ca_authenticate, ``enroll``
those of enroll, less what the chain sets itself. Ansible needs the module's DOCUMENTATION as
literal YAML, so the ``suboptions`` of each step are copied here from that module's
DOCUMENTATION, between ``# BEGIN generated attributes of enrollment.<step> (make generate)``
and ``# END generated attributes of enrollment.<step>``, with each reference rewritten for
where it now stands: ``O(label)`` becomes ``O(key.label)``, ``O(config[].url)``
``O(trustpoint.url)``, a step's ``O(trustpoint)`` ``O(trustpoint.name)``, and ``RV(x)`` the
single-step module's return value ``RV(netpki.ios.<module>#module:x)``. A reference to
anything else is refused.

``--check`` writes nothing and exits 1 when the module is stale
(tests/sanity/test_step_docs.py runs the same check).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import yaml
from generate_attribute_files import MarkerError, between_markers, options_yaml
from generated_files import stale, write_or_check

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "build" / "collections"))  # `make collection-link`

from ansible_collections.netpki.ios.plugins.module_utils import (  # noqa: E402
    enrollment_argspec,
)

MODULE = "enrollment"
TOP_LEVEL = {"save_when"}  # options of the composed module itself
_REFERENCE = re.compile(r"\b(O|RV)\(([^)#]*)\)")


def step_docs(step: str) -> dict[str, Any]:
    """The documented options of ``step``, as its module documents them, references
    rewritten."""
    module, left_out = enrollment_argspec.STEPS[step]
    options = module_options(module)
    if step == "trustpoint":
        options = options["config"]["suboptions"]
    options = {name: doc for name, doc in options.items() if name not in left_out}
    spec = enrollment_argspec.ARGUMENT_SPEC[step]["options"]
    if set(options) != set(spec):
        raise MarkerError(f"{module}: documents {sorted(options)}, its argspec {sorted(spec)}")
    return _rewritten(options, lambda text: _references(text, step, module, set(spec)))


def module_options(module: str) -> dict[str, Any]:
    text = (REPO / "plugins" / "modules" / f"{module}.py").read_text()
    match = re.search(r'^DOCUMENTATION = r"""\n(.*?)^"""', text, re.M | re.S)
    return yaml.safe_load(match.group(1))["options"]


def _rewritten(value: Any, rewrite) -> Any:
    if isinstance(value, dict):
        return {key: _rewritten(item, rewrite) for key, item in value.items()}
    if isinstance(value, list):
        return [_rewritten(item, rewrite) for item in value]
    return rewrite(value) if isinstance(value, str) else value


def _references(text: str, step: str, module: str, options: set[str]) -> str:
    def replace(match: re.Match) -> str:
        kind, target = match.groups()
        if kind == "RV":
            return f"RV(netpki.ios.{module}#module:{target})"
        head = re.match(r"[a-z_]+", target).group()
        if step == "trustpoint" and target.startswith("config[]."):
            return f"O(trustpoint.{target.removeprefix('config[].')})"
        if head == "trustpoint" and step in ("ca", "enroll"):
            return "O(trustpoint.name)"
        if head in options:
            return f"O({step}.{target})"
        if head in TOP_LEVEL:
            return match.group()
        raise MarkerError(f"{module}: O({target}) has no counterpart in {MODULE}")

    return _REFERENCE.sub(replace, text)


def expected_files() -> dict[Path, str]:
    path = REPO / "plugins" / "modules" / f"{MODULE}.py"
    text = path.read_text()
    for step in enrollment_argspec.STEPS:
        name = f"{MODULE}.{step}"
        marker = re.search(rf"^( *)# BEGIN generated attributes of {re.escape(name)} ", text, re.M)
        indent = len(marker.group(1)) if marker else 0
        text = between_markers(text, name, options_yaml(step_docs(step), indent), path.name)
    return {path: text}


def stale_files() -> list[Path]:
    return stale(expected_files())


def main(argv: list[str] | None = None) -> int:
    return write_or_check(__doc__.splitlines()[0], expected_files, argv)


if __name__ == "__main__":
    sys.exit(main())
