# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action plugin of netpki.ios.pki_info: runs on the controller through the engine."""

from __future__ import annotations

from ansible_collections.netpki.ios.plugins.module_utils import pki_info_argspec as spec
from ansible_collections.netpki.ios.plugins.plugin_utils._action_module import (
    NetpkiActionBase,
    Task,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.ops import pki_info


class ActionModule(NetpkiActionBase):
    ARGUMENT_SPEC = spec.ARGUMENT_SPEC
    VALUE_RULES = pki_info.VALUE_RULES
    MULTILINE_OPTIONS = frozenset({"outputs"})

    def run_task(self, task: Task) -> dict:
        return pki_info.run(task)
