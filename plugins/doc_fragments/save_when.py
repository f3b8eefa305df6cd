# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The save_when option of the netpki.ios modules that change the router."""

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
"""
