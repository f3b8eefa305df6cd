# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action plugin of netpki.ios.fleet_audit: reads every router of the play and writes the audit."""

from __future__ import annotations

from ansible_collections.netpki.ios.plugins.module_utils import fleet_audit_argspec as spec
from ansible_collections.netpki.ios.plugins.plugin_utils._action_module import action_module
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.ops import fleet_audit

ActionModule = action_module(spec, fleet_audit)
