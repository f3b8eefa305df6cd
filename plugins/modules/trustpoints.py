#!/usr/bin/python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: trustpoints
short_description: Manage C(crypto pki trustpoint) blocks on Cisco IOS and IOS-XE
version_added: 0.1.0
description:
  - Declares, changes and removes PKI trustpoints in the running configuration of Cisco IOS and
    IOS-XE routers, as a resource module with the states O(state=merged), O(state=replaced),
    O(state=overridden), O(state=deleted), O(state=gathered), O(state=rendered) and O(state=parsed).
  - The router's trustpoints are read with one show command,
    C(show running-config | section crypto pki).
  - Removing a trustpoint that holds certificates makes IOS ask
    C(Are you sure you want to do this? [yes/no]:); the module answers V(yes), and RV(commands)
    lists that answer after the C(no crypto pki trustpoint) line.
  - Built-in trustpoints (C(SLA-TrustPoint), C(CISCO_IDEVID_*) and C(TP-self-signed-*)) are never
    removed by O(state=overridden) or by O(state=deleted) without O(config), unless listed.
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
      - The trustpoint blocks before and after, as IOS configuration text; passwords are
        masked.
      - In check mode the after is the configuration the task would leave.
requirements:
  - textfsm >= 2.1 on the controller
options:
  config:
    description:
      - The trustpoints. Options map to the IOS keywords of the C(ca-trustpoint) mode.
      - With O(state=merged), options left out keep the router's value. With O(state=replaced)
        and O(state=overridden), options left out are removed from the trustpoint.
      - With O(state=deleted), only O(config[].name) matters; without O(config), every
        trustpoint except the built-in ones is removed.
    type: list
    elements: dict
    suboptions:
      # BEGIN generated attributes of trustpoints (make generate)
      name:
        description: Trustpoint name (C(crypto pki trustpoint NAME)). One word.
        type: str
        required: true
      enrollment:
        description:
          - How the router obtains its certificate. O(config[].enrollment.url),
            O(config[].enrollment.terminal), O(config[].enrollment.selfsigned),
            O(config[].enrollment.pkcs12) and O(config[].enrollment.profile) exclude each other.
        type: dict
        suboptions:
          terminal:
            description: C(enrollment terminal), manual cut-and-paste enrollment.
            type: bool
          pem:
            description:
              - With O(config[].enrollment.terminal), C(enrollment terminal pem) (PEM framing).
            type: bool
          selfsigned:
            description: C(enrollment selfsigned), a persistent self-signed certificate.
            type: bool
          pkcs12:
            description: C(enrollment pkcs12), certificates imported from a PKCS#12 file.
            type: bool
          profile:
            description:
              - C(enrollment profile NAME), enroll through an enrollment profile (see
                M(netpki.ios.enrollment_profiles)).
            type: str
          mode_ra:
            description: C(enrollment mode ra), the CA is behind a registration authority.
            type: bool
          retry_period:
            description: C(enrollment retry period), minutes between SCEP polls (1-60).
            type: int
          retry_count:
            description: C(enrollment retry count), SCEP polls before giving up (1-100).
            type: int
          url:
            description:
              - C(enrollment url). SCEP over V(http://) or V(https://), or a file location for
                manual enrollment (V(tftp://), V(ftp://), V(scp://), or an IOS file system such as
                V(flash:) or V(bootflash:certs/)). IPv6 literals go in brackets, as in
                V(http://[2001:db8::10]:8080).
            type: str
          http_proxy:
            description: C(enrollment http-proxy HOST PORT).
            type: str
      serial_number:
        description:
          - V(true) renders C(serial-number) (the router serial number goes in the request),
            V(false) renders C(serial-number none) (no serial number, no question at enrollment).
            Leave it out to have IOS ask at enrollment time.
        type: bool
      fqdn:
        description: C(fqdn), the fully qualified domain name in the request, or V(none).
        type: str
      ip_address:
        description: C(ip-address), an IPv4/IPv6 address, an interface name, or V(none).
        type: str
      password:
        description:
          - C(password), the challenge password sent with SCEP requests (so IOS does not ask for
            one). Never shown. The router stores it as type 7, which the module decodes to
            compare, and every result masks it.
        type: str
      fingerprint:
        description:
          - C(fingerprint), the CA certificate fingerprint pinned in the trustpoint (MD5 or SHA1
            in hex). Spaces, colons and case do not matter; it is sent as uppercase hex.
          - IOS compares this line only with the MD5 and SHA1 of the CA it receives, so a SHA256,
            SHA384 or SHA512 value is refused before connecting; pin those with
            O(netpki.ios.ca_authenticate#module:fingerprint), which verifies them itself.
        type: str
      subject_name:
        description:
          - C(subject-name), the X.500 subject requested, such as V(CN=r1.example.com, O=Example,
            C=US).
        type: str
      subject_alt_name:
        description: C(subject-alt-name), a DNS name added as subject alternative name.
        type: str
      usage:
        description: C(usage), what the certificate is for.
        type: list
        elements: str
        choices: [ike, ssl-client, ssl-server]
      source_interface:
        description: C(source interface), the interface whose address sources CA traffic.
        type: str
      vrf:
        description: C(vrf), the VRF used to reach the CA.
        type: str
      revocation_check:
        description: C(revocation-check), the methods in order of preference.
        type: list
        elements: str
        choices: [crl, ocsp, none]
      ocsp:
        description: How the router asks an OCSP server whether a certificate is revoked.
        type: dict
        suboptions:
          url:
            description:
              - C(ocsp url), the OCSP server to ask, instead of the one the certificate names in
                its Authority Info Access extension (with O(config[].revocation_check) V(ocsp)).
                An V(http://) URL.
            type: str
      rsakeypair:
        description: C(rsakeypair LABEL [MODULUS [ENCRYPTION_MODULUS]]), the RSA key pair used.
        type: dict
        suboptions:
          label:
            description: Key label.
            type: str
            required: true
          modulus:
            description: Modulus in bits (360-4096) for keys generated at enrollment.
            type: int
          encryption_modulus:
            description:
              - Encryption key modulus for usage keys (needs O(config[].rsakeypair.modulus)).
            type: int
      eckeypair:
        description: C(eckeypair LABEL), the EC key pair used. Excludes O(config[].rsakeypair).
        type: str
      storage:
        description:
          - C(storage), where certificates are kept, an IOS file system location such as
            V(flash:certs).
        type: str
      hash:
        description: C(hash), the signature hash of the certificate request.
        type: str
        choices: [md5, sha1, sha256, sha384, sha512]
      auto_enroll:
        description: C(auto-enroll [PERCENT] [regenerate]), automatic enrollment and renewal.
        type: dict
        suboptions:
          enabled:
            description: V(false) removes C(auto-enroll).
            type: bool
            default: true
          percent:
            description: Renew when this percentage of the certificate lifetime has passed (10-100).
            type: int
          regenerate:
            description: Generate a new key pair at renewal.
            type: bool
      regenerate:
        description: C(regenerate), make a new key pair at each manual enrollment.
        type: bool
      # END generated attributes of trustpoints
notes:
  - A trustpoint's certificates are managed by M(netpki.ios.ca_authenticate), M(netpki.ios.enroll)
    and M(netpki.ios.certificate_import); this module manages the configuration only.
  - RV(gathered), RV(before) and RV(after) show O(config[].password) as C(********).
seealso:
  - module: netpki.ios.enrollment_profiles
  - module: netpki.ios.crypto_keys
extends_documentation_fragment:
  - netpki.ios.attributes
  - netpki.ios.connection
  - netpki.ios.config_states
  - netpki.ios.router_change
"""

EXAMPLES = r"""
- name: A SCEP trustpoint with automatic renewal
  netpki.ios.trustpoints:
    config:
      - name: CORP-CA
        enrollment:
          url: http://ca.example.com:80
          retry_period: 5
          retry_count: 10
        fingerprint: "CC594608 A263E8E2 FC43F9C3 D784785D FFB3EE31"
        subject_name: CN=r1.example.com, O=Example, C=US
        serial_number: false
        ip_address: none
        revocation_check: [crl, none]
        rsakeypair:
          label: CORP-KEY
          modulus: 2048
        auto_enroll:
          percent: 80
          regenerate: true

- name: Exactly these trustpoints (built-ins stay), shown as a diff first
  netpki.ios.trustpoints:
    state: overridden
    config:
      - name: CORP-CA
        enrollment:
          url: http://ca.example.com:80
        revocation_check: [none]
  check_mode: true
  diff: true

- name: Remove a trustpoint (IOS confirmation answered when it holds certificates)
  netpki.ios.trustpoints:
    state: deleted
    config:
      - name: OLD-CA

- name: Read the trustpoints
  netpki.ios.trustpoints:
    state: gathered
  register: tps

- name: The commands for a cut-and-paste trustpoint, without a router
  netpki.ios.trustpoints:
    state: rendered
    config:
      - name: TERM-CA
        enrollment:
          terminal: true
          pem: true
        revocation_check: [none]
  delegate_to: localhost

- name: Read trustpoints out of saved configuration text
  netpki.ios.trustpoints:
    state: parsed
    running_config: "{{ lookup('ansible.builtin.file', 'r1-running.txt') }}"
  delegate_to: localhost
"""

RETURN = r"""
before:
  description: The trustpoints before the task.
  returned: when O(state) changes configuration
  type: list
  elements: dict
  sample:
    - name: CORP-CA
      enrollment: {url: "http://ca.example.com:80"}
      revocation_check: [crl]
after:
  description: The trustpoints after the task; in check mode, what they would be.
  returned: when O(state) changes configuration
  type: list
  elements: dict
  sample:
    - name: CORP-CA
      enrollment: {url: "http://ca.example.com:80"}
      revocation_check: [crl, none]
commands:
  description:
    - The configuration lines sent (or, in check mode, that would be sent), in order.
    - A V(yes) follows C(no crypto pki trustpoint NAME) when the trustpoint holds certificates
      and IOS asks for confirmation.
  returned: when O(state) changes configuration
  type: list
  elements: str
  sample:
    - crypto pki trustpoint CORP-CA
    - no revocation-check crl
    - revocation-check crl none
    - no crypto pki trustpoint OLD-CA
    - "yes"
gathered:
  description: The trustpoints of the router.
  returned: when O(state=gathered)
  type: list
  elements: dict
  sample:
    - name: SLA-TrustPoint
      enrollment: {pkcs12: true}
      revocation_check: [crl]
rendered:
  description: The commands that create O(config) on a router without these trustpoints.
  returned: when O(state=rendered)
  type: list
  elements: str
  sample:
    - crypto pki trustpoint TERM-CA
    - enrollment terminal pem
    - revocation-check none
parsed:
  description: The trustpoints read from O(running_config), in the form of O(config).
  returned: when O(state=parsed)
  type: list
  elements: dict
  sample:
    - name: TERM-CA
      enrollment: {terminal: true, pem: true}
transcript_tail:
  description: The end of the SSH session text, secrets masked, when the task fails on the router.
  returned: on failure after connecting
  type: str
  sample: "R1(ca-trustpoint)#subject-name CN\r\n% Invalid input detected at '^' marker."
"""

from ansible_collections.netpki.ios.plugins.module_utils import trustpoints_argspec  # noqa: E402
from ansible_collections.netpki.ios.plugins.module_utils.controller_only import (  # noqa: E402
    refuse_on_target,
)


def main():
    refuse_on_target("trustpoints", trustpoints_argspec)


if __name__ == "__main__":
    main()
