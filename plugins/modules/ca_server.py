#!/usr/bin/python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: ca_server
short_description: Run a Cisco IOS certificate server and grant or reject its requests
version_added: 0.2.0
description:
  - Manages the router's own CA, the IOS certificate server (C(crypto pki server NAME)). It
    configures it, starts it (C(no shutdown), which makes its CA key and certificate the
    first time, protected by O(passphrase)), stops it (C(shutdown)) or removes it.
  - Grants or rejects the enrollment requests waiting on it, chosen by request ID, by a
    pattern over the subject name, or all of them.
  - Reads C(show running-config | section crypto pki server), C(show crypto pki server NAME)
    and, when requests are to be granted or rejected, C(show crypto pki server NAME requests).
    Nothing is sent when the server and its requests are already as asked.
  - IOS locks a running server's settings, so a change to a running server is made between
    C(shutdown) and C(no shutdown). O(issuer_name) and O(lifetime.ca_certificate) are written
    into the CA certificate, made at the first start; once it exists the task refuses to
    change them (remove the server to make a new CA).
  - Each chosen request is granted or rejected by its ID (C(crypto pki server NAME grant ID)),
    never with C(all), so a request that arrives while the task runs is not granted unseen.
author:
  - netpki.ios maintainers (@netpki)
attributes:
  diff_mode:
    support: full
    description:
      - The server's settings, whether it runs, and its requests with their states, before
        and after.
options:
  name:
    description: The certificate server's name (also the name of its trustpoint and key pair).
    type: str
    required: true
  state:
    description:
      - V(started) configures the server and runs it (C(no shutdown)).
      - V(stopped) configures the server and stops it (C(shutdown)).
      - V(absent) removes it (C(no crypto pki server NAME)). IOS asks
        C(CA certificate, Keypair, CRL and database files will be deleted. Do you wish to
        continue? [yes/no]:) and the task answers C(yes); the certificates the CA issued can
        then no longer be renewed or revoked. The trustpoint of the same name stays.
    type: str
    choices: [started, stopped, absent]
    default: started
  issuer_name:
    description:
      - The CA's subject (C(issuer-name)), for example C(CN=LAB-CA, O=Example). IOS uses
        C(CN=NAME) when it is not set.
      - Fixed once the server has made its CA certificate.
    type: str
  grant_mode:
    description:
      - V(auto) grants every request at once (C(grant auto)); V(none) rejects every request
        (C(grant none)); V(manual) leaves them pending for an administrator, or for
        O(grant) and O(reject) (IOS's default).
    type: str
    choices: [auto, none, manual]
  lifetime:
    description: How long the certificates last, in days.
    type: dict
    suboptions:
      certificate:
        description: The certificates the server issues (C(lifetime certificate), 1 to 1825).
        type: int
      ca_certificate:
        description:
          - The CA certificate (C(lifetime ca-certificate), 1 to 7305). Fixed once the server
            has made its CA certificate.
        type: int
  database:
    description: Where and how much the server records of what it issues.
    type: dict
    suboptions:
      url:
        description: The storage location (C(database url)), for example C(nvram:) or C(flash:/cs/).
        type: str
      level:
        description: What is written per certificate (C(database level)).
        type: str
        choices: [minimum, names, complete]
  auto_rollover:
    description:
      - The CA key rollover overlap in days (C(auto-rollover DAYS)); V(0) turns rollover off
        (C(no auto-rollover)).
    type: int
  passphrase:
    description:
      - The passphrase IOS asks for at the first start, which protects the CA's private key.
        Required when the server starts for the first time; not asked afterwards.
      - Never logged, and masked in RV(commands) and in the transcript.
    type: str
  grant:
    description:
      - The pending requests to grant. A request already granted is left alone, so a second
        run changes nothing; a request ID not in the database is a warning.
      - Needs O(state=started).
    type: dict
    suboptions:
      ids:
        description: Request IDs, as C(show crypto pki server NAME requests) lists them.
        type: list
        elements: int
      subject:
        description:
          - A Python regular expression searched in each pending request's subject name, as
            IOS prints it (for example C(hostname=R2.lab.example,cn=R2)).
        type: str
      all:
        description: Every pending request.
        type: bool
        default: false
  reject:
    description:
      - The pending requests to reject, chosen as in O(grant) (a request cannot be named in
        both). Needs O(state=started).
    type: dict
    suboptions:
      ids:
        description: Request IDs.
        type: list
        elements: int
      subject:
        description: A Python regular expression searched in each pending request's subject.
        type: str
      all:
        description: Every pending request.
        type: bool
        default: false
seealso:
  - module: netpki.ios.pki_info
  - module: netpki.ios.enroll
extends_documentation_fragment:
  - netpki.ios.attributes
  - netpki.ios.connection
  - netpki.ios.router_change
notes:
  - Clients reach the server over SCEP on the router's HTTP server (C(ip http server)),
    which this module does not manage.
"""

EXAMPLES = r"""
- name: A CA on the router, granting by hand
  netpki.ios.ca_server:
    name: LAB-CA
    issuer_name: CN=LAB-CA, O=Example
    lifetime:
      certificate: 365
    database:
      level: complete
    passphrase: "{{ vault_ca_passphrase }}"

- name: Grant the requests of the branch routers
  netpki.ios.ca_server:
    name: LAB-CA
    grant:
      subject: 'hostname=BR-\d+\.lab\.example'

- name: Grant request 4 and reject request 5
  netpki.ios.ca_server:
    name: LAB-CA
    grant:
      ids: [4]
    reject:
      ids: [5]

- name: Stop the server
  netpki.ios.ca_server:
    name: LAB-CA
    state: stopped

- name: Remove the server and its CA
  netpki.ios.ca_server:
    name: LAB-CA
    state: absent
"""

RETURN = r"""
commands:
  description:
    - The configuration lines and exec commands sent (or, in check mode, that would be sent),
      with the passphrase answers masked.
  returned: always
  type: list
  elements: str
  sample:
    - crypto pki server LAB-CA
    - issuer-name CN=LAB-CA, O=Example
    - no shutdown
    - "********"
    - "********"
    - crypto pki server LAB-CA grant 4
server:
  description:
    - The server after the task (in check mode, as it would be); null when it is not
      configured.
  returned: always
  type: dict
  contains:
    name:
      description: The server's name.
      type: str
      sample: LAB-CA
    issuer_name:
      description: The C(issuer-name) configured, or null for IOS's C(CN=NAME).
      type: str
      sample: CN=LAB-CA, O=Example
    grant_mode:
      description: V(auto), V(none) or V(manual).
      type: str
      sample: manual
    lifetime_certificate:
      description: Days the issued certificates last.
      type: int
      sample: 365
    lifetime_ca_certificate:
      description: Days the CA certificate lasts.
      type: int
      sample: 1095
    database_url:
      description: The C(database url), or null for IOS's C(nvram:).
      type: str
      sample: null
    database_level:
      description: V(minimum), V(names) or V(complete).
      type: str
      sample: complete
    auto_rollover:
      description: The rollover overlap in days, or null when rollover is off.
      type: int
      sample: null
    shutdown:
      description: Whether the server is shut down.
      type: bool
      sample: false
    status:
      description: The C(Status) C(show crypto pki server) prints (V(enabled), V(disabled)).
      type: str
      sample: enabled
    ca_generated:
      description: Whether the server has made its CA key and certificate.
      type: bool
      sample: true
    ca_not_after:
      description: When the CA certificate expires (UTC, ISO 8601).
      type: str
      sample: "2029-12-06T16:20:01Z"
requests:
  description:
    - The server's enrollment requests after the task (in check mode, as they would be).
  returned: when O(grant) or O(reject) is given
  type: list
  elements: dict
  # BEGIN generated cert_server_request (make generate)
  contains:
    id:
      description: The request ID, which C(crypto pki server NAME grant|reject ID)
        takes.
      type: int
      sample: 1
    kind:
      description: The table IOS lists it in, V(router), V(ra) or V(subordinate_ca).
      type: str
      sample: router
    state:
      description: V(pending), V(granted), V(rejected) ...
      type: str
      sample: pending
    fingerprint_md5:
      description: The request's MD5 fingerprint, as IOS prints it (32 hex digits).
      type: str
      sample: 620A2913C62A765342BA892007C5E7CF
    subject:
      description: The subject name as IOS prints it (lowercase attribute names, C(hostname=)
        for the unstructured name); V(null) when IOS prints none.
      type: str
      sample: serialNumber=67111345+hostname=R27.otus.ru,cn=R27,ou=VPN,o=Otus,c=RU
  # END generated cert_server_request
granted:
  description: The IDs of the requests granted (in check mode, that would be granted).
  returned: always
  type: list
  elements: int
  sample: [4]
rejected:
  description: The IDs of the requests rejected (in check mode, that would be rejected).
  returned: always
  type: list
  elements: int
  sample: [5]
"""

from ansible_collections.netpki.ios.plugins.module_utils import ca_server_argspec  # noqa: E402
from ansible_collections.netpki.ios.plugins.module_utils.controller_only import (  # noqa: E402
    refuse_on_target,
)


def main():
    refuse_on_target("ca_server", ca_server_argspec)


if __name__ == "__main__":
    main()
