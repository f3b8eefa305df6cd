# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action plugin of netpki.ios.ca_server: runs on the controller through the engine."""

from __future__ import annotations

from ansible_collections.netpki.ios.plugins.module_utils import ca_server_argspec as spec
from ansible_collections.netpki.ios.plugins.plugin_utils._action_module import action_module
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.ops import ca_server

ActionModule = action_module(spec, ca_server)
