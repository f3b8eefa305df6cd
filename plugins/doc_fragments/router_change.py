# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every netpki.ios module that changes the router shares: check mode and save_when.

A module whose check mode says more (enroll) documents its own ``check_mode`` attribute, which
takes precedence over this one.
"""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  save_when:
    description:
      - When to copy the running configuration to the startup configuration
        (C(write memory)). Certificates and key pairs reach NVRAM only then.
      - V(modified) saves when the task changed something; V(always) saves every time;
        V(never) leaves it to you.
      - Nothing is saved in check mode.
    type: str
    choices: [never, modified, always]
    default: modified
attributes:
  check_mode:
    support: full
    description:
      - Only show commands are sent to the router; no configuration line and no dialog.
      - RV(commands) lists what would be sent, and the other results describe the state the
        task would lead to.
"""
