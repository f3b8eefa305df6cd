"""Loads the core command set once, then the PKI extension (``mockios.pki``) if present."""

from __future__ import annotations

import importlib

_loaded = False


def load_commands() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    from mockios.commands_config import register_config_commands
    from mockios.commands_exec import register_exec_commands
    from mockios.commands_pki_config import register_pki_config_commands

    register_exec_commands()
    register_config_commands()
    register_pki_config_commands()
    try:  # the PKI package registers its commands and device hooks on import
        importlib.import_module("mockios.pki")
    except ModuleNotFoundError as error:
        if error.name not in ("mockios.pki",):
            raise
