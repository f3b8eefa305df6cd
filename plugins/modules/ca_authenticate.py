#!/usr/bin/python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: ca_authenticate
short_description: Install a trustpoint's CA certificate on Cisco IOS, verified by fingerprint
version_added: 0.1.0
description:
  - Runs C(crypto pki authenticate TRUSTPOINT) and answers the router's
    C(% Do you accept this certificate? [yes/no]:) question with V(yes) B(only) when the
    fingerprints the router displays equal the pinned O(fingerprint), or those computed from
    O(ca_certificate). Any other certificate is answered V(no), nothing is installed, and the
    task fails naming both fingerprints. This holds whatever the router or the network says,
    so a man in the middle answering at the enrollment URL is refused.
  - With neither O(fingerprint) nor O(ca_certificate), and O(accept_unverified=false), the task
    fails before connecting. Without a fingerprint, accepting the CA would trust whatever
    answers at that URL.
  - For a URL (SCEP) trustpoint the router fetches the CA certificate itself; for a terminal
    trustpoint (C(enrollment terminal)) the module pastes O(ca_certificate), line by line.
  - For file enrollment (C(enrollment url tftp://HOST/PATH) or C(flash:PATH)) the router reads
    the CA certificate from C(PATH.ca) and shows its fingerprints as over SCEP, so the pin
    is required and checked the same way. A SHA-256 (or longer) pin is first checked on the
    same file, read through the router (C(more PATH.ca)).
  - A C(fingerprint) configured in the trustpoint makes IOS accept a matching CA without
    asking. The module then requires that pin to equal its own (same algorithm), before
    sending anything. A SHA256 (or longer) C(fingerprint) line is refused, as IOS compares it
    only with MD5 or SHA1, so it would reject every CA.
  - Idempotent by fingerprint. The task reads the trustpoint's part of the running
    configuration (its block and the DER of its installed certificates), with one
    C(show running-config | section) command; a CA certificate that matches means
    no change. A different CA certificate fails, unless O(force=true), which removes it
    (C(no certificate ca SERIAL) in the certificate chain) and authenticates the pinned one; if
    that fails, the previous CA certificate is put back.
  - After the dialog the installed certificate is read back and checked against the pin again.
author:
  - netpki.ios maintainers (@netpki)
attributes:
  diff_mode:
    support: full
    description:
      - The trustpoint's CA certificate before and after (subject, serial, not_after,
        SHA-256), or V(none).
      - In check mode the after is O(ca_certificate), or without it the one the enrollment
        URL offers, named by the pins it must match.
requirements:
  - cryptography on the controller
options:
  trustpoint:
    description:
      - The trustpoint whose CA is authenticated. It must exist (see M(netpki.ios.trustpoints)).
    type: str
    required: true
  fingerprint:
    description:
      - The fingerprint of the CA certificate, as your CA publishes it. MD5 (32 hex digits),
        SHA1 (40), SHA256 (64), SHA384 (96) or SHA512 (128), in any spelling, for example
        V(CC594608 A263E8E2 FC43F9C3 D784785D FFB3EE31),
        V(cc:59:46:08:a2:63:e8:e2:fc:43:f9:c3:d7:84:78:5d:ff:b3:ee:31) or without separators.
      - IOS 15 and IOS-XE display only MD5 and SHA1 while authenticating, and compare a
        trustpoint C(fingerprint) line only with those two. A SHA256/384/512 pin is therefore
        verified by the module itself, on every flavor, before the router is asked anything.
        The CA certificate comes by a second path, O(ca_certificate) when given, else the
        CA's SCEP C(GetCACert) answer fetched by the controller from the trustpoint's
        enrollment URL (the CGI form C(URL/pkiclient.exe), then the URL as written; http or
        https). Only a certificate whose digest, computed with C(cryptography), equals the pin
        is kept, and the router's displayed MD5 B(and) SHA1 must both belong to it; otherwise
        the answer is V(no) and nothing is installed. If the controller cannot fetch it, the
        task fails before sending anything; give O(ca_certificate) then.
      - This path is safe because nothing reaches the router before the pin is verified on
        the controller, and no scratch trustpoint ever holds an unverified certificate (IOS
        trusts every authenticated trustpoint, and a crash could leave one behind).
      - An MD5-only pin is accepted with a warning that MD5 is weak.
      - When O(ca_certificate) is also given, the two must agree.
    type: str
  ca_certificate:
    description:
      - The CA certificate in PEM. Required for terminal trustpoints, where it is pasted.
      - For a URL trustpoint it pins the CA instead of O(fingerprint); the router's displayed
        fingerprints must equal those computed from this certificate with C(cryptography).
      - Must be a CA certificate (C(basicConstraints CA:TRUE)) that has not expired.
    type: str
  accept_unverified:
    description:
      - Accept whatever CA certificate the router receives, without a fingerprint to compare.
      - Only for labs. Without a pin, anyone who can answer at the enrollment URL becomes a CA
        your router trusts. The fingerprints accepted are returned in RV(fingerprints), and a
        warning names them (the SHA256 read back from the router and the fingerprints the
        router displayed), so that the certificate can be checked afterwards, for example
        with O(netpki.ios.pki_info#module:expected_ca_fingerprints).
    type: bool
    default: false
  force:
    description:
      - Replace a different CA certificate already installed in the trustpoint. Router
        certificates issued by the old CA stay until you enroll again (a warning says so).
    type: bool
    default: false
notes:
  - The CA certificate accepted is the one the router received; the module never sends the
    router a certificate for a URL trustpoint.
  - In check mode, a trustpoint that does not exist yet (an earlier task in check mode would
    create it) is reported as RV(state=unknown_in_check_mode) with the command that would run.
seealso:
  - module: netpki.ios.trustpoints
  - module: netpki.ios.enroll
  - name: Cisco IOS PKI Certificate Enrollment (Certificate Authority authentication)
    description: Configuring Certificate Enrollment for a PKI
    link: https://www.cisco.com/c/en/us/td/docs/ios-xml/ios/sec_conn_pki/configuration/xe-16/sec-pki-xe-16-book/sec-cert-enroll-pki.html
extends_documentation_fragment:
  - netpki.ios.attributes
  - netpki.ios.connection
  - netpki.ios.router_change
"""

EXAMPLES = r"""
- name: Authenticate the CA of a SCEP trustpoint, pinned by its published SHA1 fingerprint
  netpki.ios.ca_authenticate:
    trustpoint: CORP-CA
    fingerprint: "{{ corp_ca_sha1 }}"   # e.g. CC594608 A263E8E2 FC43F9C3 D784785D FFB3EE31

- name: Pin the CA by its SHA-256 fingerprint (verified by the module, on every IOS flavor)
  netpki.ios.ca_authenticate:
    trustpoint: CORP-CA
    fingerprint: "{{ corp_ca_sha256 }}"   # 64 hex digits, as CAs publish it today

- name: Authenticate the CA of a terminal trustpoint by pasting its certificate
  netpki.ios.ca_authenticate:
    trustpoint: TERM-CA
    ca_certificate: "{{ lookup('ansible.builtin.file', 'files/corp-ca.pem') }}"

- name: The CA was re-keyed, replace the old CA certificate with the new, pinned one
  netpki.ios.ca_authenticate:
    trustpoint: CORP-CA
    fingerprint: "{{ corp_ca_new_sha1 }}"
    force: true
  register: ca

- name: Show what was accepted
  ansible.builtin.debug:
    msg: >-
      {{ ca.ca.subject_string }} valid until {{ ca.ca.not_after }},
      SHA256 {{ ca.fingerprints.sha256 }}
"""

RETURN = r"""
trustpoint:
  description: The trustpoint.
  returned: always
  type: str
  sample: CORP-CA
commands:
  description: The commands typed (or, in check mode, that would be typed), in order.
  returned: always
  type: list
  elements: str
  sample: ["crypto pki authenticate CORP-CA"]
ca:
  description:
    - The CA certificate now installed (in check mode, the one that would be, when known).
    - V(null) in check mode for a URL trustpoint, whose CA only the router fetches.
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
fingerprints:
  description: The fingerprints of the installed CA certificate (a copy of RV(ca.fingerprints);
    V(null) when RV(ca) is).
  returned: success, except when RV(state=unknown_in_check_mode)
  type: dict
  sample:
    md5: 1461A5DC 22012AE8 76AF3058 EB7AF17C
    sha1: CC594608 A263E8E2 FC43F9C3 D784785D FFB3EE31
    sha256: 9F86D081 884C7D65 9A2FEAA0 C55AD015 A3BF4F1B 2B0B822C D15D6C15 B0F00A08
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
  sample: "% Do you accept this certificate? [yes/no]: no\nR1(config)#end\nR1#"
"""

from ansible_collections.netpki.ios.plugins.module_utils import (  # noqa: E402
    ca_authenticate_argspec,
)
from ansible_collections.netpki.ios.plugins.module_utils.controller_only import (  # noqa: E402
    refuse_on_target,
)


def main():
    refuse_on_target("ca_authenticate", ca_authenticate_argspec)


if __name__ == "__main__":
    main()
