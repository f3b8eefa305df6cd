"""Loads the core command set once, then the PKI extension if present.

The PKI package plugs in by being imported: ``mockios.pki`` and then
``mockios.pki.commands`` (when that module exists) register their commands with
``mockios.registry.register`` and their per-device set-up with
``mockios.device.add_device_hook``.
"""

from __future__ import annotations

import importlib

from mockios.registry import REGISTRY

_loaded = False
EXTENSIONS = ("mockios.pki", "mockios.pki.commands")


def load_commands() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    from mockios.commands_config import register_config_commands
    from mockios.commands_exec import register_exec_commands
    from mockios.commands_pki_config import register_pki_config_commands

    earlier = dict(REGISTRY.specs)  # extension commands registered before us keep priority
    register_exec_commands()
    register_config_commands()
    register_pki_config_commands()
    REGISTRY.specs.update(earlier)
    for module in EXTENSIONS:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as error:
            if error.name != module:  # a real import error inside the extension
                raise
