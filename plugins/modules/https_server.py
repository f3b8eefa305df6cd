#!/usr/bin/python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: https_server
short_description: Serve HTTPS on Cisco IOS with a trustpoint's certificate
version_added: 0.1.0
description:
  - Manages C(ip http secure-server) and C(ip http secure-trustpoint TRUSTPOINT), so the
    router's HTTPS server presents the certificate of a trustpoint (self-signed or issued).
  - Reads C(show running-config | include ^ip http); nothing is sent when both lines are
    already as wanted.
  - With O(state=present) the trustpoint must hold a router certificate (see
    M(netpki.ios.enroll)); otherwise the task fails before configuring anything.
author:
  - netpki.ios maintainers (@netpki)
attributes:
  diff_mode:
    support: full
    description:
      - The C(ip http) secure-server lines before and after, as IOS configuration text.
      - In check mode the after is the configuration the task would leave.
options:
  trustpoint:
    description: The trustpoint whose certificate the HTTPS server presents.
    type: str
  state:
    description:
      - V(present) enables the HTTPS server with O(trustpoint) (required then).
      - V(absent) disables the HTTPS server (C(no ip http secure-server)).
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: netpki.ios.enroll
extends_documentation_fragment:
  - netpki.ios.attributes
  - netpki.ios.connection
  - netpki.ios.router_change
"""

EXAMPLES = r"""
- name: HTTPS with the self-signed certificate of trustpoint HTTPS-SELF
  netpki.ios.https_server:
    trustpoint: HTTPS-SELF

- name: Turn the HTTPS server off
  netpki.ios.https_server:
    state: absent
"""

RETURN = r"""
commands:
  description: The configuration lines sent (or, in check mode, that would be sent).
  returned: always
  type: list
  elements: str
  sample: ["ip http secure-trustpoint HTTPS-SELF", "ip http secure-server"]
before:
  description: The HTTPS server settings before the task.
  returned: always
  type: dict
  sample: {secure_server: false, trustpoint: null}
after:
  description: The HTTPS server settings after the task (in check mode, as they would be).
  returned: always
  type: dict
  sample: {secure_server: true, trustpoint: HTTPS-SELF}
"""

from ansible_collections.netpki.ios.plugins.module_utils import https_server_argspec  # noqa: E402
from ansible_collections.netpki.ios.plugins.module_utils.controller_only import (  # noqa: E402
    refuse_on_target,
)


def main():
    refuse_on_target("https_server", https_server_argspec)


if __name__ == "__main__":
    main()
