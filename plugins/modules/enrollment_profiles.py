#!/usr/bin/python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: enrollment_profiles
short_description: Manage C(crypto pki profile enrollment) blocks on Cisco IOS and IOS-XE
version_added: 0.1.0
description:
  - Declares, changes and removes certificate enrollment profiles, which let a trustpoint
    (C(enrollment profile NAME), see M(netpki.ios.trustpoints)) authenticate and enroll over
    direct HTTP, TFTP or cut-and-paste instead of SCEP, or re-enroll with the credential of
    another trustpoint.
  - A resource module with the states O(state=merged), O(state=replaced),
    O(state=overridden), O(state=deleted), O(state=gathered), O(state=rendered) and
    O(state=parsed).
  - The router's profiles are read with one show command,
    C(show running-config | section crypto pki).
  - Every value is checked before the router is contacted. A value whose rendered line would
    not read back as the same value (so the change could never be verified) is refused, naming
    the field (for example C(config[0].enrollment.http_proxy)).
  - After sending, the blocks are read again. When the router refused a line, or a block does
    not read back as sent (another session edited it meanwhile), the blocks this run touched
    are put back as they were and read again; the task fails with V(changed=false) and says
    C(rolled back). When they could not be put back, it fails with V(changed=true) and
    RV(commands) lists the lines the router took.
author:
  - netpki.ios maintainers (@netpki)
attributes:
  diff_mode:
    support: full
    description:
      - The enrollment profile blocks before and after, as IOS configuration text.
      - In check mode the after is the configuration the task would leave.
requirements:
  - textfsm >= 2.1 on the controller
options:
  config:
    description:
      - The enrollment profiles.
      - With O(state=merged), options left out keep the router's value; a given
        O(config[].parameters) list replaces the router's list as a whole. With
        O(state=replaced) and O(state=overridden), options left out are removed.
      - With O(state=deleted), only O(config[].name) matters; without O(config), every profile
        is removed.
    type: list
    elements: dict
    suboptions:
      # BEGIN generated attributes of enrollment_profiles (make generate)
      name:
        description: Profile name (C(crypto pki profile enrollment NAME)).
        type: str
        required: true
      authentication:
        description: How the CA certificate is fetched (the authentication template).
        type: dict
        suboptions:
          url:
            description:
              - C(authentication url), the HTTP or TFTP location of the CA certificate, such as
                V(http://entrust:81) or V(tftp://192.0.2.50/ca.cer).
            type: str
          command:
            description:
              - C(authentication command), the HTTP request line sent to the CA, such as V(GET
                /certs/cacert.der).
            type: str
          terminal:
            description: C(authentication terminal), the CA certificate is pasted by hand.
            type: bool
      enrollment:
        description: How the certificate request is sent (the enrollment template).
        type: dict
        suboptions:
          url:
            description: C(enrollment url), the HTTP or TFTP location requests go to.
            type: str
          command:
            description:
              - C(enrollment command), the HTTP request line; C($REQ) stands for the request and
                C($P1)... for the parameters.
            type: str
          terminal:
            description: C(enrollment terminal), cut-and-paste enrollment.
            type: bool
          credential:
            description:
              - C(enrollment credential TRUSTPOINT), re-enroll with the certificate of another
                (third-party CA) trustpoint.
            type: str
      parameters:
        description: C(parameter N value V), values substituted for C($PN) in the HTTP commands.
        type: list
        elements: dict
        suboptions:
          number:
            description: Parameter number (1-8).
            type: int
            required: true
          value:
            description: Its value, on one line.
            type: str
            required: true
      # END generated attributes of enrollment_profiles
seealso:
  - module: netpki.ios.trustpoints
extends_documentation_fragment:
  - netpki.ios.attributes
  - netpki.ios.connection
  - netpki.ios.config_states
  - netpki.ios.router_change
"""

EXAMPLES = r"""
- name: Direct HTTP enrollment with a CA that does not speak SCEP (Cisco's guide example)
  netpki.ios.enrollment_profiles:
    config:
      - name: E
        authentication:
          url: http://entrust:81
          command: GET /certs/cacert.der
        enrollment:
          url: http://entrust:81/cda-cgi/clientcgi.exe
          command: POST reference_number=$P2&authcode=$P1&pkcs10Request=$REQ
        parameters:
          - number: 1
            value: aaaa-bbbb-cccc
          - number: 2
            value: "5001"

- name: The trustpoint that uses it
  netpki.ios.trustpoints:
    config:
      - name: Entrust
        enrollment:
          profile: E
        serial_number: true

- name: Re-enroll through a Cisco IOS CA with the third-party certificate
  netpki.ios.enrollment_profiles:
    state: replaced
    config:
      - name: REENROLL
        enrollment:
          url: http://ios-ca.example.com
          credential: Entrust

- name: Remove every profile, showing what would go first
  netpki.ios.enrollment_profiles:
    state: deleted
  check_mode: true
  diff: true
"""

RETURN = r"""
before:
  description: The profiles before the task.
  returned: when O(state) changes configuration
  type: list
  elements: dict
  sample:
    - name: E
      authentication: {url: "http://entrust:81"}
after:
  description: The profiles after the task; in check mode, what they would be.
  returned: when O(state) changes configuration
  type: list
  elements: dict
  sample:
    - name: E
      authentication: {url: "http://entrust:81", command: GET /certs/cacert.der}
      parameters:
        - {number: 1, value: aaaa-bbbb-cccc}
commands:
  description: The configuration lines sent (or, in check mode, that would be sent), in order.
  returned: when O(state) changes configuration
  type: list
  elements: str
  sample:
    - crypto pki profile enrollment E
    - authentication command GET /certs/cacert.der
    - parameter 1 value aaaa-bbbb-cccc
gathered:
  description: The profiles of the router.
  returned: when O(state=gathered)
  type: list
  elements: dict
  sample:
    - name: E
      enrollment: {terminal: true}
rendered:
  description: The commands that create O(config) on a router without these profiles.
  returned: when O(state=rendered)
  type: list
  elements: str
  sample:
    - crypto pki profile enrollment E
    - enrollment terminal
parsed:
  description: The profiles read from O(running_config), in the form of O(config).
  returned: when O(state=parsed)
  type: list
  elements: dict
  sample:
    - name: E
      enrollment: {terminal: true}
transcript_tail:
  description: The end of the SSH session text, secrets masked, when the task fails on the router.
  returned: on failure after connecting
  type: str
  sample: "R1(ca-profile-enroll)#parameter 9 value x\r\n% Invalid input detected at '^' marker."
"""

from ansible_collections.netpki.ios.plugins.module_utils import (  # noqa: E402
    enrollment_profiles_argspec,
)
from ansible_collections.netpki.ios.plugins.module_utils.controller_only import (  # noqa: E402
    refuse_on_target,
)


def main():
    refuse_on_target("enrollment_profiles", enrollment_profiles_argspec)


if __name__ == "__main__":
    main()
