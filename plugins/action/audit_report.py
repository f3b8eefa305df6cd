# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action plugin of netpki.ios.audit_report: writes the fleet audit on the controller."""

from __future__ import annotations

from ansible_collections.netpki.ios.plugins.module_utils import audit_report_argspec as spec
from ansible_collections.netpki.ios.plugins.plugin_utils._action_module import action_module
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.ops import audit_report

ActionModule = action_module(spec, audit_report)
