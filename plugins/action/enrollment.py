# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Action plugin of netpki.ios.enrollment: runs on the controller through the engine."""

from __future__ import annotations

from ansible_collections.netpki.ios.plugins.module_utils import enrollment_argspec as spec
from ansible_collections.netpki.ios.plugins.plugin_utils._action_module import action_module
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.ops import enrollment

# ca.ca_certificate is PEM, pasted line by line: it never reaches the CLI as one typed line.
ActionModule = action_module(spec, enrollment, multiline=frozenset({"ca.ca_certificate"}))
