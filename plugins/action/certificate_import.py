# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action plugin of netpki.ios.certificate_import: runs on the controller through the engine."""

from __future__ import annotations

from ansible_collections.netpki.ios.plugins.module_utils import certificate_import_argspec as spec
from ansible_collections.netpki.ios.plugins.plugin_utils._action_module import (
    NetpkiActionBase,
    Task,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.ops import certificate_import


class ActionModule(NetpkiActionBase):
    ARGUMENT_SPEC = spec.ARGUMENT_SPEC
    MUTUALLY_EXCLUSIVE = spec.MUTUALLY_EXCLUSIVE
    REQUIRED_ONE_OF = spec.REQUIRED_ONE_OF
    VALUE_RULES = certificate_import.VALUE_RULES
    # PEM text spans lines; check_inputs checks what reaches the command line.
    MULTILINE_OPTIONS = frozenset({"certificate", "pem"})

    def run_task(self, task: Task) -> dict:
        return certificate_import.run(task)
