#!/usr/bin/python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: certificate_import
short_description: Install issued certificates in a Cisco IOS trustpoint (paste, PEM, PKCS#12)
version_added: 0.1.0
description:
  - Installs a certificate the router does not make itself, in one of three ways.
  - O(certificate) pastes the router certificate your CA signed after a terminal enrollment
    (C(crypto pki import TRUSTPOINT certificate)). Before anything is pasted, the certificate
    must certify the trustpoint's key pair (read from C(show crypto key mypubkey all)) and be
    issued by the trustpoint's CA certificate (signature checked with C(cryptography));
    otherwise the task fails and the router is not touched. Idempotent by fingerprint.
  - O(pem) imports a CA certificate, an encrypted private key and a certificate as three
    pastes (C(crypto pki import TRUSTPOINT pem terminal password PASSPHRASE)). The bundle is
    checked first (the certificate chains to the CA, the passphrase opens the key). The key
    is sent in the legacy C(DES-EDE3-CBC) PEM envelope that every IOS release reads,
    converted with C(cryptography) when needed (see O(pem.legacy_key)). Idempotent by the
    certificate's fingerprint.
  - O(pkcs12) makes the router fetch a PKCS#12 file (C(crypto pki import TRUSTPOINT pkcs12 URL
    password PASSPHRASE)). The file is not visible to the controller, so a trustpoint that
    already holds a router certificate is left alone unless O(force=true).
author:
  - netpki.ios maintainers (@netpki)
attributes:
  diff_mode:
    support: full
    description: The diff names the router certificate before and after, with its SHA1 fingerprint.
requirements:
  - cryptography on the controller
options:
  trustpoint:
    description: The trustpoint that receives the certificate. It must exist.
    type: str
    required: true
  certificate:
    description:
      - The router certificate in PEM, as your CA issued it for the request that
        M(netpki.ios.enroll) returned.
      - The trustpoint's CA must be authenticated (M(netpki.ios.ca_authenticate)).
    type: str
  pem:
    description: A CA certificate, private key and certificate to import together.
    type: dict
    suboptions:
      ca_certificate:
        description: The issuing CA certificate, PEM.
        type: str
        required: true
      private_key:
        description: The private key, PEM, encrypted with O(pem.passphrase) (PKCS#8 or legacy).
        type: str
        required: true
      certificate:
        description: The certificate of that key, PEM, issued by O(pem.ca_certificate).
        type: str
        required: true
      passphrase:
        description: The passphrase of O(pem.private_key); one word.
        type: str
        required: true
      legacy_key:
        description:
          - V(auto) converts the key to the legacy C(DES-EDE3-CBC) envelope unless it is in
            that form already; V(always) converts anyway; V(never) sends it as given (for
            releases that read PKCS#8).
        type: str
        choices: [auto, always, never]
        default: auto
      exportable:
        description: Mark the imported key pair exportable (C(pem exportable terminal)).
        type: bool
        default: false
  pkcs12:
    description: A PKCS#12 file the router fetches.
    type: dict
    suboptions:
      url:
        description:
          - Where the router reads the file, V(flash:router.p12), V(tftp://10.0.0.5/r1.p12),
            V(scp://user@host/r1.p12) and so on.
          - It must name the host (for a network URL) and the file. The router's questions
            for them (C(Address or name of remote host), C(Source filename)) are answered
            from it; a URL without them (V(tftp:)) is refused before connecting.
        type: str
        required: true
      passphrase:
        description: The passphrase of the file; one word.
        type: str
        required: true
  force:
    description:
      - Import even when the trustpoint already holds the certificate (O(pem)) or any router
        certificate (O(pkcs12)).
    type: bool
    default: false
notes:
  - Exactly one of O(certificate), O(pem) and O(pkcs12) is required.
seealso:
  - module: netpki.ios.enroll
  - module: netpki.ios.ca_authenticate
extends_documentation_fragment:
  - netpki.ios.attributes
  - netpki.ios.attributes.check_mode
  - netpki.ios.connection
  - netpki.ios.save_when
"""

EXAMPLES = r"""
- name: Import the certificate signed for a terminal enrollment
  netpki.ios.certificate_import:
    trustpoint: TERM-CA
    certificate: "{{ signed.certificate }}"

- name: Import a key and certificate made elsewhere, with their CA
  netpki.ios.certificate_import:
    trustpoint: VPN
    pem:
      ca_certificate: "{{ lookup('ansible.builtin.file', 'pki/ca.pem') }}"
      private_key: "{{ lookup('ansible.builtin.file', 'pki/vpn-r1.key') }}"
      certificate: "{{ lookup('ansible.builtin.file', 'pki/vpn-r1.pem') }}"
      passphrase: "{{ vault_key_passphrase }}"

- name: Import a PKCS#12 file the router fetches over SCP
  netpki.ios.certificate_import:
    trustpoint: VPN
    pkcs12:
      url: scp://backup@10.0.0.5/pki/r1.p12
      passphrase: "{{ vault_p12_passphrase }}"
"""

RETURN = r"""
trustpoint:
  description: The trustpoint.
  returned: always
  type: str
  sample: TERM-CA
commands:
  description: The commands typed (or, in check mode, that would be typed), passphrases masked.
  returned: always
  type: list
  elements: str
  sample: ["crypto pki import VPN pem terminal password ********"]
certificate:
  description:
    - The router certificate now installed; in check mode, the one that would be (when known).
  returned: success
  type: dict
  contains:
    subject:
      description: Subject attributes by short name.
      type: dict
    issuer:
      description: Issuer attributes by short name.
      type: dict
    serial:
      description: The serial number in hex.
      type: str
    not_after:
      description: End of validity, UTC.
      type: str
    fingerprints:
      description: MD5, SHA1 and SHA256 fingerprints in the IOS format.
      type: dict
  sample:
    subject: {CN: r1.example.com}
    issuer: {CN: Corp Issuing CA}
    serial: "11"
    not_after: "2027-11-27T11:42:03Z"
    fingerprints: {sha1: 9327E97C F8C233A0 48B3651A 21AABA7F 7E880962}
state:
  description: V(unknown_in_check_mode) when check mode meets a trustpoint that does not exist yet.
  returned: in that case only
  type: str
  sample: unknown_in_check_mode
transcript_tail:
  description: The end of the SSH session text, secrets masked, when the task fails on the router.
  returned: on failure after connecting
  type: str
  sample: "%Error opening flash:r1.p12 (No such file or directory)\nR1(config)#end\nR1#"
"""

from ansible.module_utils.basic import AnsibleModule  # noqa: E402
from ansible_collections.netpki.ios.plugins.module_utils.certificate_import_argspec import (  # noqa: E402
    ARGUMENT_SPEC,
    MUTUALLY_EXCLUSIVE,
    REQUIRED_ONE_OF,
)


def main():
    module = AnsibleModule(
        argument_spec=ARGUMENT_SPEC,
        mutually_exclusive=MUTUALLY_EXCLUSIVE,
        required_one_of=REQUIRED_ONE_OF,
        supports_check_mode=True,
    )
    module.fail_json(
        msg="netpki.ios.certificate_import runs on the controller through its action plugin"
    )


if __name__ == "__main__":
    main()
