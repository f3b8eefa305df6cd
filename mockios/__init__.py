"""mockios: a stateful Cisco IOS / IOS-XE PKI device simulator, served over real SSH.

Core (no SSH): ``Device`` (``mockios.device``) holds the configuration and per-device state;
``Session(device)`` (``mockios.session``) is one CLI session: ``start()``, ``feed(text)``
returns what the router writes back. ``mockios.server`` is a thin asyncssh transport and
``mockios.fleet`` runs many devices in one event loop.

Importing the package installs the command set once (``mockios.commands.install``): the
core commands, then the PKI code's, registered by name, not discovered.

Extension points for the PKI code (``mockios/pki/``):
- ``mockios.registry.register(mode, spec, handler, priv=15)``: add commands (grammar and
  the ``MODES`` table in ``mockios.registry``); handlers get a ``CommandContext`` and return
  text or a dialog.
- ``mockios.dialog``: ``Ask``, ``Paste`` and the dialog generator protocol.
- ``mockios.config_model``: ``Trustpoint``, ``EnrollmentProfile``, ``ChainCert``; installed
  certificates live in ``device.running.chains``.
- ``mockios.device``: ``device.notify``, ``device.call_later``, ``device.keys``,
  ``device.pki``, ``device.faults``, ``add_device_hook``, ``device.shutdown_hooks``.
- ``mockios.faults.Faults``: fault switches (``mitm_ca``, ``scep_grant`` are for PKI code).
- ``mockios/pki/ca_cli.py`` with ``register(subparsers)`` and ``run(args)`` gives
  ``python -m mockios ca ...`` (``mockios.cli`` adds it).
- ``mockios.log``: ``read_session_log``, ``config_lines``, ``show_commands``, ``sessions``.
"""

from __future__ import annotations

from mockios.commands import install
from mockios.device import Device
from mockios.session import Session

install()

__all__ = ["Device", "Session"]
