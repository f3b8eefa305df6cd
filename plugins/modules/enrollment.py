#!/usr/bin/python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: enrollment
short_description: Key pair, trustpoint, CA and certificate of one trustpoint, in one SSH session
version_added: 0.2.0
description:
  - The whole enrollment chain of one trustpoint as one desired state, planned and applied in
    B(one) SSH session per router, where the single-step modules open one each.
  - The steps run in order, each with the code and the checks of the module it stands for,
    and each takes that module's options under its own key. O(key) makes the key pair
    (M(netpki.ios.crypto_keys)). O(trustpoint) merges the trustpoint block
    (M(netpki.ios.trustpoints), one item of its O(netpki.ios.trustpoints#module:config)).
    O(ca) installs the pinned CA certificate (M(netpki.ios.ca_authenticate)). O(enroll)
    enrolls, or renews within the renewal window (M(netpki.ios.enroll)).
  - The trustpoint's name is given once, in O(trustpoint.name). O(key) and O(ca) are
    optional; the trustpoint and enrollment steps always run (O(enroll) may be left out for
    its defaults).
  - Every value is checked before the router is contacted, including what the steps check
    before they connect (the CA pin, the key size, values that would not read back), and the
    key pair of O(key) must be the one the trustpoint names
    (O(trustpoint.rsakeypair.label) or O(trustpoint.eckeypair)).
  - The first step that fails stops the chain. The task fails naming the step, the steps
    done before it and, in RV(commands), every line the router took in the session; a CA whose
    fingerprint is not the pinned one is answered V(no) before anything is installed.
  - The configuration is saved once, at the end, when a step changed something
    (O(save_when)); a failed chain is not saved.
author:
  - netpki.ios maintainers (@netpki)
attributes:
  check_mode:
    support: full
    description:
      - Only show commands are sent to the router; no configuration line and no dialog.
      - Each step runs in check mode, as its module does. A later step reads a router on
        which the earlier steps did nothing, so its plan is corrected where that matters.
      - A key pair that would be replaced takes its router certificate along, so
        RV(steps.enroll) reports RV(netpki.ios.enroll#module:state=would_enroll).
      - After a CA certificate that would be installed or replaced, whether the current
        router certificate still fits cannot be known, and RV(steps.enroll) says so
        (RV(netpki.ios.enroll#module:state=unknown_in_check_mode)). A trustpoint that does
        not exist yet leaves RV(steps.ca) and RV(steps.enroll) unknown in the same way.
  diff_mode:
    support: full
    description:
      - The diffs of the steps, in order, as their modules show them. The key pair, the
        trustpoint block, the CA certificate and the router certificate.
requirements:
  - textfsm >= 2.1 on the controller
  - cryptography on the controller
options:
  trustpoint:
    description:
      - The trustpoint, as one item of O(netpki.ios.trustpoints#module:config) with
        O(netpki.ios.trustpoints#module:state=merged). Options left out keep the router's value.
    type: dict
    required: true
    suboptions:
      # BEGIN generated attributes of enrollment.trustpoint (make generate)
      name:
        description: Trustpoint name (C(crypto pki trustpoint NAME)). One word.
        type: str
        required: true
      enrollment:
        description:
          - How the router obtains its certificate. O(trustpoint.enrollment.url),
            O(trustpoint.enrollment.terminal), O(trustpoint.enrollment.selfsigned),
            O(trustpoint.enrollment.pkcs12) and O(trustpoint.enrollment.profile) exclude each
            other.
        type: dict
        suboptions:
          terminal:
            description: C(enrollment terminal), manual cut-and-paste enrollment.
            type: bool
          pem:
            description:
              - With O(trustpoint.enrollment.terminal), C(enrollment terminal pem) (PEM framing).
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
                its Authority Info Access extension (with O(trustpoint.revocation_check) V(ocsp)).
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
              - Encryption key modulus for usage keys (needs O(trustpoint.rsakeypair.modulus)).
            type: int
      eckeypair:
        description: C(eckeypair LABEL), the EC key pair used. Excludes O(trustpoint.rsakeypair).
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
      # END generated attributes of enrollment.trustpoint
  key:
    description:
      - The trustpoint's key pair, as M(netpki.ios.crypto_keys) makes it (with
        O(netpki.ios.crypto_keys#module:state=present)). Left out, no key step runs (IOS
        generates a missing key pair while enrolling).
      - Replacing the key pair removes the router certificate issued for it, so the
        enrollment step enrolls again.
    type: dict
    suboptions:
      # BEGIN generated attributes of enrollment.key (make generate)
      label:
        description: Key pair label (C(label LABEL)). One word.
        type: str
        required: true
      type:
        description: V(rsa) or V(ec).
        type: str
        default: rsa
        choices: [rsa, ec]
      size:
        description:
          - For V(rsa), the modulus in bits (360-4096; IOS-XE wants at least 512). For V(ec), the
            curve size, V(256), V(384) or V(521).
          - Defaults to V(2048) for RSA and V(256) for EC.
        type: int
      usage:
        description:
          - V(general) makes one general-purpose key pair; V(usage-keys) makes a signature and an
            encryption key pair (RSA only).
        type: str
        default: general
        choices: [general, usage-keys]
      exportable:
        description: Make the private key exportable (C(exportable)).
        type: bool
        default: false
      storage:
        description:
          - The device the key pair is generated on and kept in (C(on DEVICE)), such as
            V(usbtoken0:).
        type: str
      force:
        description: Replace the key pair even when it already matches.
        type: bool
        default: false
      timeout:
        description:
          - Seconds to wait for the router while it generates the key pair. RSA 4096 takes tens of
            seconds on real hardware.
          - IOS finishes a generation it has started, so a task that times out after the router
            accepted the command fails with C(changed=true) and the command in
            RV(netpki.ios.crypto_keys#module:commands).
        type: int
        default: 120
      # END generated attributes of enrollment.key
  ca:
    description:
      - How the trustpoint's CA certificate is verified and installed, as
        M(netpki.ios.ca_authenticate) does it. Left out, no CA step runs (a self-signed
        trustpoint has no CA).
    type: dict
    suboptions:
      # BEGIN generated attributes of enrollment.ca (make generate)
      fingerprint:
        description:
          - The fingerprint of the CA certificate, as your CA publishes it. MD5 (32 hex digits),
            SHA1 (40), SHA256 (64), SHA384 (96) or SHA512 (128), in any spelling, for example
            V(CC594608 A263E8E2 FC43F9C3 D784785D FFB3EE31),
            V(cc:59:46:08:a2:63:e8:e2:fc:43:f9:c3:d7:84:78:5d:ff:b3:ee:31) or without separators.
          - IOS 15 and IOS-XE display only MD5 and SHA1 while authenticating, and compare a
            trustpoint C(fingerprint) line only with those two. A SHA256/384/512 pin is therefore
            verified by the module itself, on every flavor, before the router is asked anything.
            The CA certificate comes by a second path, O(ca.ca_certificate) when given, else the
            CA's SCEP C(GetCACert) answer fetched by the controller from the trustpoint's
            enrollment URL (the CGI form C(URL/pkiclient.exe), then the URL as written; http or
            https). Only a certificate whose digest, computed with C(cryptography), equals the pin
            is kept, and the router's displayed MD5 B(and) SHA1 must both belong to it; otherwise
            the answer is V(no) and nothing is installed. If the controller cannot fetch it, the
            task fails before sending anything; give O(ca.ca_certificate) then.
          - This path is safe because nothing reaches the router before the pin is verified on the
            controller, and no scratch trustpoint ever holds an unverified certificate (IOS trusts
            every authenticated trustpoint, and a crash could leave one behind).
          - An MD5-only pin is accepted with a warning that MD5 is weak.
          - When O(ca.ca_certificate) is also given, the two must agree.
        type: str
      ca_certificate:
        description:
          - The CA certificate in PEM. Required for terminal trustpoints, where it is pasted.
          - For a URL trustpoint it pins the CA instead of O(ca.fingerprint); the router's
            displayed fingerprints must equal those computed from this certificate with
            C(cryptography).
          - Must be a CA certificate (C(basicConstraints CA:TRUE)) that has not expired.
        type: str
      accept_unverified:
        description:
          - Accept whatever CA certificate the router receives, without a fingerprint to compare.
          - Only for labs. Without a pin, anyone who can answer at the enrollment URL becomes a CA
            your router trusts. The fingerprints accepted are returned in
            RV(netpki.ios.ca_authenticate#module:fingerprints), and a warning names them (the
            SHA256 read back from the router and the fingerprints the router displayed), so that
            the certificate can be checked afterwards, for example with
            O(netpki.ios.pki_info#module:expected_ca_fingerprints).
        type: bool
        default: false
      force:
        description:
          - Replace a different CA certificate already installed in the trustpoint. Router
            certificates issued by the old CA stay until you enroll again (a warning says so).
        type: bool
        default: false
      # END generated attributes of enrollment.ca
  enroll:
    description:
      - The enrollment and renewal policy, as M(netpki.ios.enroll) applies it.
    type: dict
    suboptions:
      # BEGIN generated attributes of enrollment.enroll (make generate)
      challenge_password:
        description:
          - The SCEP challenge password (your CA issues it; it also lets you revoke the
            certificate).
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
            interface name (V(GigabitEthernet0/0)) or an IPv4/IPv6 address answers yes and gives
            it.
          - Not asked when the trustpoint configures C(ip-address).
        type: raw
        default: false
      renew_before_days:
        description:
          - Enroll again when the router certificate has this many days left, or fewer.
          - Default 30, unless only O(enroll.renew_before_percent) is given.
          - A certificate whose whole lifetime is no longer than this (a CA that issues short
            certificates) would be renewed on every run. For such a certificate the
            O(enroll.renew_before_percent) rule applies instead (default 20%), with a warning on
            every run, so that enrollment settles.
        type: int
      renew_before_percent:
        description:
          - Enroll again when the router certificate's remaining lifetime is this percentage of
            its whole lifetime, or less (1 to 99), as IOS's C(auto-enroll) does from the other end
            (C(auto-enroll 80) renews with 20% left).
          - Alone, it is the renewal rule; with O(enroll.renew_before_days), it is the rule for
            certificates no longer than O(enroll.renew_before_days) (default 20).
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
          - Unlike O(enroll.force), a valid certificate in this trustpoint still means no change.
        type: bool
        default: false
      wait:
        description:
          - For SCEP, wait until the CA grants the request and the certificate is installed.
          - With V(false) the task returns RV(netpki.ios.enroll#module:state=pending) as soon as
            the request is sent; run it again later to collect the certificate (it does not enroll
            again meanwhile).
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
      # END generated attributes of enrollment.enroll
notes:
  - A no-change run sends two show commands in its one session (the key pairs and the
    C(crypto pki) configuration). The CA and enrollment steps reuse what the session read while
    nothing was sent to the router, and read the trustpoint's section again after a step
    changed something.
seealso:
  - module: netpki.ios.crypto_keys
  - module: netpki.ios.trustpoints
  - module: netpki.ios.ca_authenticate
  - module: netpki.ios.enroll
extends_documentation_fragment:
  - netpki.ios.attributes
  - netpki.ios.connection
  - netpki.ios.router_change
"""

EXAMPLES = r"""
- name: SCEP enrollment with a pinned CA and renewal at 80% of the lifetime, in one task
  netpki.ios.enrollment:
    trustpoint:
      name: CORP-CA
      enrollment:
        url: http://ca.example.com
      subject_name: CN={{ inventory_hostname }}
      revocation_check: [none]
      rsakeypair:
        label: CORP-CA
      auto_enroll:
        percent: 80
        regenerate: true
    key:
      label: CORP-CA
      size: 2048
    ca:
      fingerprint: "{{ corp_ca_sha1 }}"
    enroll:
      challenge_password: "{{ vault_scep_challenge }}"
      renew_before_days: 30
  register: enrollment

- name: Show the certificate
  ansible.builtin.debug:
    msg: "{{ enrollment.steps.enroll.certificate.subject_string }}"

- name: A persistent self-signed certificate (no CA step)
  netpki.ios.enrollment:
    trustpoint:
      name: HTTPS-SELF
      enrollment:
        selfsigned: true
      rsakeypair:
        label: HTTPS-SELF
    key:
      label: HTTPS-SELF
    enroll:
      renew_before_days: 60
"""

RETURN = r"""
trustpoint:
  description: The trustpoint.
  returned: success
  type: str
  sample: CORP-CA
steps:
  description:
    - The result of each step that ran, under its key, as its module returns it (without
      its diff, which is in the task's). On failure, the steps done before the failing one.
  returned: always
  type: dict
  contains:
    key:
      description: What M(netpki.ios.crypto_keys) returns.
      returned: when O(key) is given
      type: dict
      sample: {changed: false, commands: [], before: {label: CORP-CA, type: rsa, size: 2048}}
    trustpoint:
      description: What M(netpki.ios.trustpoints) returns.
      returned: always
      type: dict
      sample: {changed: true, commands: [crypto pki trustpoint CORP-CA, revocation-check none]}
    ca:
      description: What M(netpki.ios.ca_authenticate) returns.
      returned: when O(ca) is given
      type: dict
      sample: {changed: true, trustpoint: CORP-CA, commands: [crypto pki authenticate CORP-CA]}
    enroll:
      description:
        - What M(netpki.ios.enroll) returns; its RV(netpki.ios.enroll#module:state) says
          whether the router holds its certificate.
      returned: always
      type: dict
      sample: {changed: true, trustpoint: CORP-CA, state: enrolled}
failed_step:
  description: The step that failed.
  returned: failure, after the values were checked
  type: str
  sample: ca
commands:
  description:
    - The commands of every step, in order (in check mode, that would be sent). On failure,
      the lines the router took in the session, the failing step's included.
  returned: always
  type: list
  elements: str
  sample:
    - crypto pki trustpoint CORP-CA
    - revocation-check none
    - crypto pki authenticate CORP-CA
waits:
  description: How long each long step took (key generation, the CA's grant), in seconds.
  returned: when a step waited
  type: list
  elements: dict
  sample: [{step: "waiting for the CA's grant of CORP-CA", seconds: 1.5}]
transcript_tail:
  description: The end of the SSH session text, secrets masked, when the task fails on the router.
  returned: on failure after connecting
  type: str
  sample: "% Please define a domain-name first."
"""

from ansible_collections.netpki.ios.plugins.module_utils import enrollment_argspec  # noqa: E402
from ansible_collections.netpki.ios.plugins.module_utils.controller_only import (  # noqa: E402
    refuse_on_target,
)


def main():
    refuse_on_target("enrollment", enrollment_argspec)


if __name__ == "__main__":
    main()
