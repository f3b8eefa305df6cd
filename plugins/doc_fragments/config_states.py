# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The state and running_config options of the netpki.ios resource modules."""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  state:
    description:
      - V(merged) adds or changes the options given in O(config).
      - V(replaced) makes each block listed in O(config) exactly what is given.
      - V(overridden) does what V(replaced) does, and removes every block O(config) does not
        list (built-in trustpoints stay).
      - V(deleted) removes the blocks listed in O(config), or all of them when O(config) is
        absent (built-in trustpoints stay).
      - V(gathered) returns the router's blocks in RV(gathered).
      - V(rendered) returns the commands for O(config) in RV(rendered), without connecting.
      - V(parsed) reads O(running_config) into RV(parsed), without connecting.
    type: str
    default: merged
    choices: [merged, replaced, overridden, deleted, gathered, rendered, parsed]
  running_config:
    description:
      - Running configuration text to read with O(state=parsed), such as the output of
        C(show running-config). No connection is made.
    type: str
notes:
  - When nothing needs to change, the task sends a single show command and no configuration.
"""
