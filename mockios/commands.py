"""The command set of every mockios device: the core commands, then the PKI code's.

``install()`` registers them once, in that order, so the PKI code's overrides of core
commands win (``no crypto pki trustpoint`` asks before destroying certificates), and adds the
PKI code's per-device set-up hook (``mockios.device.add_device_hook``). ``import mockios``
calls it, so every ``Device`` and ``Session`` has the whole command set.
"""

from __future__ import annotations

from mockios.commands_config import register_config_commands
from mockios.commands_exec import register_exec_commands
from mockios.commands_pki_config import register_pki_config_commands
from mockios.pki.commands import install_extension

_installed = False


def install() -> None:
    global _installed
    if _installed:
        return
    _installed = True
    register_exec_commands()
    register_config_commands()
    register_pki_config_commands()
    install_extension()
