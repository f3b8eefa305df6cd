"""PKI behaviour of the mockios simulator: keys, the lab CA, enrollment dialogs and shows.

Everything here uses real X.509 objects from `cryptography`; the core (CLI, modes, SSH)
lives one level up and calls into this package through `mockios.pki.commands`.
"""

from __future__ import annotations
