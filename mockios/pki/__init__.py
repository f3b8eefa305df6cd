"""PKI behaviour of the mockios simulator: keys, the lab CA, enrollment dialogs and shows.

Everything here uses real X.509 objects from `cryptography`. Importing the package
registers the PKI commands and device hooks with the core (after the core's own commands,
whichever is imported first, so that the PKI overrides win).
"""

from __future__ import annotations

from mockios.commands import load_commands

from .commands import install_extension

load_commands()
install_extension()
