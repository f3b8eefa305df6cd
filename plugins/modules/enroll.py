#!/usr/bin/python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: enroll
short_description: Enroll a Cisco IOS trustpoint for its certificate (SCEP, terminal, self-signed)
version_added: 0.1.0
description:
  - Runs C(crypto pki enroll TRUSTPOINT) and answers its questions (challenge password, serial
    number, IP address, re-enrollment) from the options. Works for URL (SCEP) trustpoints,
    terminal (cut and paste) trustpoints, self-signed trustpoints, and trustpoints that enroll
    through an enrollment profile (see M(netpki.ios.enrollment_profiles)).
  - Idempotent. The task reads the trustpoint's part of the running configuration (one
    C(show running-config | section) command), which holds the trustpoint and the DER of its
    certificates. A valid router certificate issued by the
    trustpoint's current CA, with more than O(renew_before_days) days left, means no change.
    A missing, expired or soon expiring certificate, one from another CA, or O(force=true)
    means enrolling; a re-enrollment answers V(yes) to
    C(Do you want to continue with re-enrollment? [yes/no]:).
  - B(SCEP.) The router sends the request and the CA answers later. With O(wait=true) the task
    polls C(show crypto pki certificates TRUSTPOINT) until the certificate arrives. Past
    O(wait_timeout) it fails, saying the request is still pending at the CA. A rerun finds the
    pending request (or the certificate that arrived meanwhile) and does B(not) enroll again;
    it waits for the grant instead. A request the CA rejects fails
    the task with the router's last enrollment status.
  - B(Terminal.) The router prints a certificate signing request. The task returns it in
    RV(csr) as proper PEM, with C(BEGIN)/C(END) lines whatever the router printed, and the
    state V(pending_import). Have your CA sign it, then install the certificate with
    M(netpki.ios.certificate_import). Each run without an installed certificate makes a new
    request.
  - B(File (TFTP or file system).) With C(enrollment url tftp://HOST/PATH) or
    C(enrollment url flash:PATH) the router writes the request to C(PATH.req) (Cisco's
    "Configuring TFTP Certificate Enrollment"). The task reads that file back through the
    router (C(more PATH.req)) and returns it in RV(csr) with RV(request_path), state
    V(pending_import); it does not wait for a grant. Once the CA has put the certificate at
    C(PATH.crt), M(netpki.ios.certificate_import) with
    O(netpki.ios.certificate_import#module:from_enrollment_url=true) installs it. A URL that
    names no file stands for one named after the trustpoint.
  - B(Self-signed.) The router makes its certificate at once. IOS keeps one self-signed
    certificate per router; replacing another trustpoint's (such as IOS-XE's built-in
    C(TP-self-signed-NNNN)) needs O(replace_selfsigned=true) or O(force=true).
  - The trustpoint's CA must have been authenticated first (M(netpki.ios.ca_authenticate)),
    except for self-signed trustpoints. IOS generates the trustpoint's key pair while
    enrolling if it does not exist yet (or make it with M(netpki.ios.crypto_keys)).
author:
  - netpki.ios maintainers (@netpki)
attributes:
  check_mode:
    support: full
    description:
      Only show commands are sent. RV(state=would_enroll) and RV(commands) say what would
      happen; no dialog is started and no request reaches the CA.
  diff_mode:
    support: full
    description:
      - The router certificate before and after (subject, serial, not_after, SHA-256), or
        V(none); a certificate request pending at the CA or waiting for its import is shown
        as such.
      - In check mode the after names what would come, a new certificate from the CA, a new
        self-signed one or a printed request, since its serial and dates are not known yet.
  async:
    support: none
    description: Not supported; use O(wait=false) and run the task again to collect the result.
requirements:
  - cryptography on the controller
options:
  trustpoint:
    description: The trustpoint to enroll. It must exist (see M(netpki.ios.trustpoints)).
    type: str
    required: true
  challenge_password:
    description:
      - The SCEP challenge password (your CA issues it; it also lets you revoke the certificate).
      - Typed at the router's C(Password:) and C(Re-enter password:) prompts, never logged nor
        returned. Without it the prompts are answered with an empty password. A trustpoint
        with C(password) configured asks nothing, and terminal (cut-and-paste) enrollment asks
        for none, so none is needed there.
    type: str
  include_serial_number:
    description:
      - Answer to C(% Include the router serial number in the subject name? [yes/no]:).
      - Not asked when the trustpoint configures C(serial-number) or C(serial-number none).
    type: bool
    default: false
  ip_address:
    description:
      - Answer to C(% Include an IP address in the subject name?). V(false) answers no; an
        interface name (V(GigabitEthernet0/0)) or an IPv4/IPv6 address answers yes and gives it.
      - Not asked when the trustpoint configures C(ip-address).
    type: raw
    default: false
  renew_before_days:
    description:
      - Enroll again when the router certificate has this many days left, or fewer.
      - Default 30, unless only O(renew_before_percent) is given.
      - A certificate whose whole lifetime is no longer than this (a CA that issues short
        certificates) would be renewed on every run. For such a certificate the
        O(renew_before_percent) rule applies instead (default 20%), with a warning on every
        run, so that enrollment settles.
    type: int
  renew_before_percent:
    description:
      - Enroll again when the router certificate's remaining lifetime is this percentage of
        its whole lifetime, or less (1 to 99), as IOS's C(auto-enroll) does from the other
        end (C(auto-enroll 80) renews with 20% left).
      - Alone, it is the renewal rule; with O(renew_before_days), it is the rule for
        certificates no longer than O(renew_before_days) (default 20).
    type: int
  force:
    description:
      - Enroll even when the current certificate is valid (not idempotent), and replace
        another trustpoint's self-signed certificate if IOS asks.
    type: bool
    default: false
  regenerate:
    description:
      - Make a new key pair before enrolling (C(crypto key generate ... label LABEL) with the
        current type and size), so the new certificate certifies a new key.
      - IOS removes the certificates of the replaced key. For SCEP renewals that keep the old
        certificate until the new one arrives, configure C(auto_enroll.regenerate) or
        C(regenerate) on the trustpoint instead (M(netpki.ios.trustpoints)).
    type: bool
    default: false
  replace_selfsigned:
    description:
      - Answer V(yes) when IOS asks to replace the self-signed certificate another trustpoint
        holds (IOS keeps one per router). Without it, that question fails the task and the
        other certificate stays.
      - Unlike O(force), a valid certificate in this trustpoint still means no change.
    type: bool
    default: false
  wait:
    description:
      - For SCEP, wait until the CA grants the request and the certificate is installed.
      - With V(false) the task returns RV(state=pending) as soon as the request is sent; run
        it again later to collect the certificate (it does not enroll again meanwhile).
    type: bool
    default: true
  wait_timeout:
    description: Longest wait for a SCEP grant, in seconds. Past it the task fails clearly.
    type: int
    default: 300
  poll_interval:
    description:
      - The longest wait, in seconds, between two looks at the pending request. The first look
        comes after one second, and the waits double up to this value.
    type: int
    default: 5
notes:
  - A certificate granted after a timed-out task is installed by the router on its own; the
    rerun then reports no change, so use O(save_when=always) if it must reach the startup
    configuration in that run.
  - In check mode, a trustpoint that does not exist yet, or whose CA is not authenticated yet
    (earlier tasks in check mode would do it), is reported as RV(state=unknown_in_check_mode).
seealso:
  - module: netpki.ios.ca_authenticate
  - module: netpki.ios.certificate_import
  - module: netpki.ios.trustpoints
extends_documentation_fragment:
  - netpki.ios.attributes
  - netpki.ios.connection
  - netpki.ios.router_change
"""

EXAMPLES = r"""
- name: Enroll over SCEP, waiting up to 10 minutes for the CA
  netpki.ios.enroll:
    trustpoint: CORP-CA
    challenge_password: "{{ vault_scep_challenge }}"
    wait_timeout: 600
  register: enrollment

- name: Terminal enrollment, the CSR signed by our own CA (community.crypto), then imported
  block:
    - name: Enroll; the router prints a certificate request
      netpki.ios.enroll:
        trustpoint: TERM-CA
      register: enrollment

    - name: Sign the request
      community.crypto.x509_certificate_pipe:
        csr_content: "{{ enrollment.csr }}"
        provider: ownca
        ownca_content: "{{ lookup('ansible.builtin.file', 'ca.pem') }}"
        ownca_privatekey_content: "{{ lookup('ansible.builtin.file', 'ca.key') }}"
        ownca_privatekey_passphrase: "{{ vault_ca_passphrase }}"
        ownca_not_after: +365d
      delegate_to: localhost
      register: signed
      when: enrollment.state == 'pending_import'

    - name: Import the certificate
      netpki.ios.certificate_import:
        trustpoint: TERM-CA
        certificate: "{{ signed.certificate }}"
      when: enrollment.state == 'pending_import'

- name: Persistent self-signed certificate, renewed 60 days before it ends
  netpki.ios.enroll:
    trustpoint: HTTPS-SELF
    renew_before_days: 60

- name: Send the SCEP request now, collect the certificate in a later run
  netpki.ios.enroll:
    trustpoint: CORP-CA
    wait: false
"""

RETURN = r"""
trustpoint:
  description: The trustpoint.
  returned: always
  type: str
  sample: CORP-CA
state:
  description:
    - V(enrolled), the router holds a valid certificate.
    - V(pending), a SCEP request waits at the CA (O(wait=false)).
    - V(pending_import), terminal or file enrollment made RV(csr); import the signed
      certificate.
    - V(would_enroll), check mode, an enrollment would run.
    - V(unknown_in_check_mode), check mode met a trustpoint not ready yet.
  returned: always
  type: str
  sample: enrolled
reason:
  description: Why the task enrolled, or why it did not.
  returned: always
  type: str
  sample: 12 days left, renew_before_days is 30
commands:
  description: The commands typed (or, in check mode, that would be typed).
  returned: always
  type: list
  elements: str
  sample: ["crypto pki enroll CORP-CA"]
csr:
  description: The certificate signing request of a terminal or file enrollment, in PEM.
  returned: when RV(state=pending_import)
  type: str
  sample: |
    -----BEGIN CERTIFICATE REQUEST-----
    MIIBjDCB9gIBADAtMREwDwYJKoZIhvcNAQkCDAJSMTEYMBYGA1UEAwwPcjF0Lmxh
    -----END CERTIFICATE REQUEST-----
request_path:
  description:
    - Where the router wrote the request in a file enrollment (C(PATH.req) of the
      trustpoint's C(tftp://) or file system enrollment URL).
  returned: when a file enrollment wrote the request
  type: str
  version_added: 0.2.0
  sample: tftp://192.0.2.50/pki/r1.req
certificate:
  description: The router certificate now installed (V(null) if there is none).
  returned: when RV(state=enrolled)
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
waits:
  description:
    - How long each wait took, in seconds; recorded when the task fails too. At C(-v) the
      task shows a line when it starts waiting for the CA's grant, then one every
      O(poll_interval) with the elapsed and remaining time.
  returned: when the task waited for the CA's grant
  type: list
  elements: dict
  sample: [{step: "waiting for the CA's grant of CORP-CA", seconds: 42.5}]
transcript_tail:
  description: The end of the SSH session text, secrets masked, when the task fails on the router.
  returned: on failure after connecting
  type: str
  sample: |
    Request certificate from CA? [yes/no]: yes
    % Error in sending certificate request: status = FAIL
    R1(config)#end
"""

from ansible_collections.netpki.ios.plugins.module_utils import enroll_argspec  # noqa: E402
from ansible_collections.netpki.ios.plugins.module_utils.controller_only import (  # noqa: E402
    refuse_on_target,
)


def main():
    refuse_on_target("enroll", enroll_argspec)


if __name__ == "__main__":
    main()
