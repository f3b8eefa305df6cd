"""Controller-side Python dependencies, imported when first needed.

A missing package becomes one clear error naming what to install, instead of a traceback at
plugin load (and ``ansible-test sanity``'s import test loads plugins without them).
"""

from __future__ import annotations

import importlib
from types import ModuleType

from .errors import NetpkiError

_PIP_NAMES = {
    "textfsm": "textfsm",
    "netmiko": "netmiko",
    "cryptography": "cryptography",
    "jinja2": "jinja2",
}


def require(module: str) -> ModuleType:
    """Import ``module`` (dotted path) or fail naming the package to install on the controller."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        package = _PIP_NAMES.get(module.split(".")[0], module.split(".")[0])
        raise NetpkiError(
            f"netpki.ios needs the Python package '{package}' on the controller "
            f"(pip install {package}): {exc}"
        ) from exc
