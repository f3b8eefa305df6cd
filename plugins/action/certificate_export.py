# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action plugin of netpki.ios.certificate_export: runs on the controller through the engine."""

from __future__ import annotations

from ansible_collections.netpki.ios.plugins.module_utils import certificate_export_argspec as spec
from ansible_collections.netpki.ios.plugins.plugin_utils._action_module import action_module
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.ops import certificate_export

ActionModule = action_module(spec, certificate_export)
