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
  - O(from_enrollment_url) completes a file enrollment (C(enrollment url tftp://HOST/PATH) or
    C(flash:PATH)). The router reads the certificate the CA left at C(PATH.crt)
    (C(crypto pki import TRUSTPOINT certificate)). The file is read first through the router
    (C(more PATH.crt)) and checked as for O(certificate); idempotent by fingerprint.
  - O(pkcs12) makes the router fetch a PKCS#12 file (C(crypto pki import TRUSTPOINT pkcs12 URL
    password PASSPHRASE)). The file is not visible to the controller, so a trustpoint that
    already holds a router certificate is left alone unless O(force=true).
author:
  - netpki.ios maintainers (@netpki)
attributes:
  diff_mode:
    support: full
    description:
      - The router certificate before and after (subject, serial, not_after, SHA-256), or
        V(none).
      - In check mode the after is the certificate given; a PKCS#12 file's is named only as
        such, since the router alone reads it. No passphrase appears in the diff.
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
  from_enrollment_url:
    description:
      - Import the certificate the CA put at C(PATH.crt) of the trustpoint's file enrollment
        URL (C(tftp://HOST/PATH) or a file system such as C(flash:PATH)), after
        M(netpki.ios.enroll) wrote the request to C(PATH.req).
      - The file must hold the certificate in PEM or base64. The trustpoint's CA must be
        authenticated and its key must be the one certified, as for O(certificate).
    type: bool
    version_added: 0.2.0
  force:
    description:
      - Import even when the trustpoint already holds the certificate (O(pem)) or any router
        certificate (O(pkcs12)).
    type: bool
    default: false
notes:
  - Exactly one of O(certificate), O(pem), O(pkcs12) and O(from_enrollment_url) is required.
seealso:
  - module: netpki.ios.enroll
  - module: netpki.ios.ca_authenticate
extends_documentation_fragment:
  - netpki.ios.attributes
  - netpki.ios.connection
  - netpki.ios.router_change
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

- name: Complete a TFTP enrollment once the CA has put the certificate at PATH.crt
  netpki.ios.certificate_import:
    trustpoint: TFTP-CA
    from_enrollment_url: true

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
    - The router certificate now installed; in check mode, the one that would be (V(null) when
      not known).
  returned: success, except when RV(state=unknown_in_check_mode)
  type: dict
  # BEGIN generated x509_certificate (make generate)
  contains:
    subject:
      description: Subject attributes by short name (the last value when one repeats).
      type: dict
      sample: {CN: R1.lab.example, O: Netpki Lab, unstructuredName: R1.lab.example}
    subject_ordered:
      description: Subject attributes in certificate order, as C([name, value]) pairs.
      type: list
      elements: list
      sample: [[unstructuredName, R1.lab.example], [O, Netpki Lab], [CN, R1.lab.example]]
    subject_string:
      description: The subject in RFC 4514 form.
      type: str
      sample: CN=R1.lab.example,O=Netpki Lab,1.2.840.113549.1.9.2=R1.lab.example
    issuer:
      description: Issuer attributes by short name.
      type: dict
      sample: {CN: netpki Lab Issuing CA, O: netpki lab}
    issuer_ordered:
      description: Issuer attributes in certificate order, as C([name, value]) pairs.
      type: list
      elements: list
      sample: [[O, netpki lab], [CN, netpki Lab Issuing CA]]
    issuer_string:
      description: The issuer in RFC 4514 form.
      type: str
      sample: CN=netpki Lab Issuing CA,O=netpki lab
    serial:
      description: The serial number in uppercase hex, an even number of digits.
      type: str
      sample: '10'
    not_before:
      description: Start of validity, ISO 8601 UTC.
      type: str
      sample: '2026-11-27T11:38:34Z'
    not_after:
      description: End of validity, ISO 8601 UTC.
      type: str
      sample: '2027-11-27T11:38:34Z'
    days_remaining:
      description: Whole days until C(not_after), negative once expired.
      type: int
      sample: 355
    expired:
      description: Whether C(not_after) has passed.
      type: bool
      sample: false
    is_ca:
      description: Whether basicConstraints says C(CA:TRUE).
      type: bool
      sample: false
    self_signed:
      description: Whether the issuer is the subject.
      type: bool
      sample: false
    key_type:
      description: The public key's algorithm (V(RSA), V(EC), V(DSA), V(Ed25519),
        V(Ed448)).
      type: str
      sample: RSA
    key_size:
      description: The public key's size in bits (V(null) for an algorithm without
        one).
      type: int
      sample: 2048
    key_curve:
      description: The curve of an EC key (V(null) for other keys).
      type: str
      sample: null
    signature_hash:
      description: The hash of the signature algorithm (V(null) when it has none,
        as Ed25519).
      type: str
      sample: sha256
    fingerprints:
      description: MD5, SHA1 and SHA256 of the DER, in the IOS format.
      type: dict
      sample:
        md5: 4AD6458C 3771420E 35464B02 9BC21785
        sha1: C9923329 45AC4D2F A85A8F5A D6C76658 D07343AC
        sha256: 34BDB9D4 D80C7EF5 8880FA0E DA5AF42E 4F635912 A06F39B4 E99A1915 B62E6A87
  # END generated x509_certificate
state:
  description: V(unknown_in_check_mode) when check mode meets a trustpoint that does not exist yet.
  returned: in that case only
  type: str
  sample: unknown_in_check_mode
reason:
  description: Why nothing more could be told in check mode.
  returned: when RV(state=unknown_in_check_mode)
  type: str
  sample: trustpoint NEW is not ready yet; an earlier task would prepare it
transcript_tail:
  description: The end of the SSH session text, secrets masked, when the task fails on the router.
  returned: on failure after connecting
  type: str
  sample: "%Error opening flash:r1.p12 (No such file or directory)\nR1(config)#end\nR1#"
"""

from ansible_collections.netpki.ios.plugins.module_utils import (  # noqa: E402
    certificate_import_argspec,
)
from ansible_collections.netpki.ios.plugins.module_utils.controller_only import (  # noqa: E402
    refuse_on_target,
)


def main():
    refuse_on_target("certificate_import", certificate_import_argspec)


if __name__ == "__main__":
    main()
