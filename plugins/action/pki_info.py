# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action plugin of netpki.ios.pki_info: runs on the controller through the engine."""

from __future__ import annotations

from ansible_collections.netpki.ios.plugins.module_utils import pki_info_argspec as spec
from ansible_collections.netpki.ios.plugins.plugin_utils._action_module import (
    NetpkiActionBase,
    Task,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine import validate as v
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.ops import pki_info as info


class ActionModule(NetpkiActionBase):
    ARGUMENT_SPEC = spec.ARGUMENT_SPEC
    VALUE_RULES = {
        "trustpoint": v.ios_name,
        "expiring_within_days": v.int_range(0, 36500),
    }
    MULTILINE_OPTIONS = frozenset({"outputs"})

    def run_task(self, task: Task) -> dict:
        return info.run(task)
