# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Attributes shared by the netpki.ios modules, one variable per kind of module."""

from __future__ import annotations


class ModuleDocFragment:
    # Every module: the work runs in the action plugin, on the controller. A module that does
    # not talk to a router overrides platform.
    DOCUMENTATION = r"""
options: {}
attributes:
  action:
    support: full
    description: Runs on the controller through its action plugin.
  async:
    support: none
    description: Not supported.
  platform:
    support: full
    platforms: ios
    description: Cisco IOS 15 and IOS-XE 16/17, over SSH.
"""

    # Modules that only read.
    INFO_MODULE = r"""
options: {}
attributes:
  check_mode:
    support: full
    description: The module only reads; it runs the same way in check mode.
  diff_mode:
    support: N/A
    description: Nothing changes, so there is no diff.
"""
