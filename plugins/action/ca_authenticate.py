# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action plugin of netpki.ios.ca_authenticate: runs on the controller through the engine."""

from __future__ import annotations

from ansible_collections.netpki.ios.plugins.module_utils import ca_authenticate_argspec as spec
from ansible_collections.netpki.ios.plugins.plugin_utils._action_module import (
    NetpkiActionBase,
    Task,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.ops import ca_authenticate


class ActionModule(NetpkiActionBase):
    ARGUMENT_SPEC = spec.ARGUMENT_SPEC
    VALUE_RULES = ca_authenticate.VALUE_RULES
    MULTILINE_OPTIONS = frozenset({"ca_certificate"})

    def run_task(self, task: Task) -> dict:
        return ca_authenticate.run(task)
