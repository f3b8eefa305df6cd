#!/usr/bin/python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: trustpool
short_description: Manage the PKI trustpool of Cisco IOS (CA bundle and policy)
version_added: 0.2.0
description:
  - Imports a bundle of CA certificates into the router's PKI trustpool, from a URL
    (C(crypto pki trustpool import url URL)) or pasted (C(crypto pki trustpool import terminal),
    from O(ca_bundle)); removes the downloaded certificates (O(state=clean),
    C(crypto pki trustpool import clean)); and sets the C(crypto pki trustpool policy).
  - A bundle from O(url) is fetched by the controller first, over HTTP or HTTPS, and every
    certificate in it must match one of O(fingerprints) (SHA1 or longer); otherwise the task
    fails before anything is sent to the router. O(accept_unverified=true) is the explicit
    opt-out, with a warning naming each certificate accepted and its SHA256.
  - After the import the trustpool is read again. Every certificate of the bundle must be
    there. A certificate that appeared without being in the verified bundle means the router
    received another bundle from the URL than the controller; the task then removes the
    downloaded certificates (C(crypto pki trustpool import clean)) and fails.
  - Idempotent from C(show crypto pki trustpool). A bundle certificate counts as present when
    the trustpool holds a certificate with its serial number and issuer common name; nothing is
    imported when all are present. The policy is read from
    C(show running-config | section crypto pki trustpool).
  - Built-in trustpool certificates (shown as C(Trustpool Built-In)) are the router's own;
    O(exclusive) and O(state=clean) leave them.
author:
  - netpki.ios maintainers (@netpki)
attributes:
  diff_mode:
    support: full
    description:
      - The trustpool's certificates (serial, subject and issuer common name, expiry) and the
        policy settings managed by the task, before and after.
      - In check mode the after is the trustpool the task would leave.
requirements:
  - cryptography on the controller
options:
  state:
    description:
      - V(present) imports the bundle of O(url) or O(ca_bundle) (when given) and sets O(policy)
        (when given). One of O(url), O(ca_bundle) or O(policy) is required then.
      - V(clean) removes every downloaded trustpool certificate; O(policy) may still be set in
        the same task.
    type: str
    choices: [present, clean]
    default: present
  url:
    description:
      - The URL of the CA bundle, C(http://) or C(https://). Both the controller and the router
        read it, the controller to verify the certificates and the router to import them.
      - The bundle may be PEM certificates, or PKCS#7 in DER (Cisco's C(.p7b) and C(.bin)
        bundles) or PEM.
      - For a bundle the controller cannot reach, give its PEM in O(ca_bundle).
    type: str
  ca_bundle:
    description:
      - One or more CA certificates in PEM, pasted at C(crypto pki trustpool import terminal).
      - The certificates are trusted as given (you supply them); O(fingerprints), when given,
        must match each of them too.
    type: str
  fingerprints:
    description:
      - The fingerprints of the CA certificates the bundle may hold, as your CA publishes them,
        SHA1 (40 hex digits), SHA256 (64), SHA384 (96) or SHA512 (128), in any spelling.
      - Every certificate of the bundle must match one of them. MD5 is refused.
      - Required with O(url) unless O(accept_unverified=true).
    type: list
    elements: str
  accept_unverified:
    description:
      - Import the bundle of O(url) without O(fingerprints). Whatever answers at that URL is
        trusted by the router for every session that uses the trustpool; the task warns, naming
        each certificate and its SHA256.
    type: bool
    default: false
  exclusive:
    description:
      - Also remove downloaded certificates that are not in the bundle, so that the trustpool
        holds exactly the bundle (C(crypto pki trustpool import clean url URL) or
        C(... clean terminal), sent only when such a certificate is there).
    type: bool
    default: false
  policy:
    description:
      - The C(crypto pki trustpool policy) settings. Each option left out is left as it is.
    type: dict
    suboptions:
      cabundle_url:
        description:
          - C(cabundle url URL), where the router downloads the bundle on its own. An empty
            string removes the line.
        type: str
      revocation_check:
        description:
          - C(revocation-check), the methods in order (V(crl), V(ocsp), V(none)). An empty list
            removes the line.
        type: list
        elements: str
        choices: [crl, ocsp, none]
      match_certificates:
        description:
          - C(match certificate MAP [ACTION]) lines, all of them (a map not listed is removed).
        type: list
        elements: dict
        suboptions:
          map:
            description: The certificate map's name (C(crypto pki certificate map)).
            type: str
            required: true
          action:
            description: What a certificate matching the map is allowed.
            type: str
            choices: [allow expired-certificate, skip revocation-check, skip authorization-check]
seealso:
  - module: netpki.ios.pki_info
  - module: netpki.ios.ca_authenticate
extends_documentation_fragment:
  - netpki.ios.attributes
  - netpki.ios.connection
  - netpki.ios.router_change
"""

EXAMPLES = r"""
- name: Import the lab CA bundle, pinned by the SHA256 of its certificates
  netpki.ios.trustpool:
    url: http://ca.lab.example/trustpool/ca_bundle.p7b
    fingerprints:  # SHA256 of the root and the issuing CA, as the CA publishes them
      - 9A1F2B3C 4D5E6F70 81929AB3 C4D5E6F7 08192A3B 4C5D6E7F 8091A2B3 C4D5E6F7
      - 4C03E5D7 19A2B4C6 D8E0F213 2435465F 68798A9B ACBDCEDF E0F10213 24354657

- name: The trustpool holds exactly these two CA certificates, pasted
  netpki.ios.trustpool:
    ca_bundle: "{{ lookup('file', 'pki/ca-bundle.pem') }}"
    exclusive: true

- name: Revocation checking and the bundle URL of the policy
  netpki.ios.trustpool:
    policy:
      cabundle_url: http://www.cisco.com/security/pki/trs/ios_core.p7b
      revocation_check: [crl, none]

- name: Remove every downloaded trustpool certificate
  netpki.ios.trustpool:
    state: clean
"""

RETURN = r"""
commands:
  description:
    - The configuration lines sent (or, in check mode, that would be sent). A pasted bundle is
      shown as a placeholder line after its command.
  returned: always
  type: list
  elements: str
  sample: ["crypto pki trustpool import url http://ca.lab.example/trustpool/ca_bundle.p7b"]
trustpool:
  description:
    - The trustpool's certificates after the task (in check mode, as the task would leave them),
      from C(show crypto pki trustpool), in the shape of M(netpki.ios.pki_info)'s
      RV(netpki.ios.pki_info#module:certificates), plus C(trustpool), where each came from
      (V(downloaded) or V(built-in)). In check mode a certificate still to be imported has only
      C(serial), C(subject_cn), C(issuer_cn), C(not_after) and C(trustpool).
  returned: always
  type: list
  elements: dict
  sample:
    - serial: "01"
      subject_cn: netpki Lab Root CA
      issuer_cn: netpki Lab Root CA
      not_after: "2036-12-05T16:07:11Z"
      days_remaining: 3650
      expired: false
      trustpool: downloaded
bundle:
  description: The bundle's certificates as the controller read and verified them.
  returned: when O(url) or O(ca_bundle) is given
  type: list
  elements: dict
  sample:
    - subject_string: CN=netpki Lab Root CA,O=netpki lab
      serial: "01"
      not_after: "2036-12-05T16:07:11Z"
      fingerprints: {sha256: "9A1F2B3C ..."}
policy:
  description: The trustpool policy settings after the task, as the running configuration has them.
  returned: when O(policy) is given
  type: dict
  contains:
    cabundle_url:
      description: The C(cabundle url), or V(null).
      type: str
      sample: http://www.cisco.com/security/pki/trs/ios_core.p7b
    revocation_check:
      description: The C(revocation-check) methods in order (empty when not set).
      type: list
      elements: str
      sample: [crl, none]
    match_certificates:
      description: The C(match certificate) lines.
      type: list
      elements: dict
      sample: [{map: PARTNERS, action: allow expired-certificate}]
"""

from ansible_collections.netpki.ios.plugins.module_utils import trustpool_argspec  # noqa: E402
from ansible_collections.netpki.ios.plugins.module_utils.controller_only import (  # noqa: E402
    refuse_on_target,
)


def main():
    refuse_on_target("trustpool", trustpool_argspec)


if __name__ == "__main__":
    main()
