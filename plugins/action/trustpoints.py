# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action plugin of netpki.ios.trustpoints: runs on the controller through the engine."""

from __future__ import annotations

from ansible_collections.netpki.ios.plugins.module_utils import trustpoints_argspec as spec
from ansible_collections.netpki.ios.plugins.plugin_utils._action_module import (
    NetpkiActionBase,
    Task,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.ops import trustpoints


class ActionModule(NetpkiActionBase):
    ARGUMENT_SPEC = spec.ARGUMENT_SPEC
    REQUIRED_IF = spec.REQUIRED_IF
    MUTUALLY_EXCLUSIVE = spec.MUTUALLY_EXCLUSIVE
    VALUE_RULES = trustpoints.VALUE_RULES
    MULTILINE_OPTIONS = frozenset({"running_config"})

    def run_task(self, task: Task) -> dict:
        return trustpoints.run(task)
