#!/usr/bin/python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: pki_info
short_description: PKI facts of Cisco IOS and IOS-XE routers, per trustpoint
version_added: 0.1.0
description:
  - Reads the trustpoints, certificates, key pairs, PKI timers and PKI configuration of a router
    and returns them as normalized facts, per trustpoint.
  - Dates become ISO 8601 UTC. IOS prints them in the router's local time zone
    (C(18:16:45 PDT Jun 7 2002)); the common abbreviations (UTC, GMT, PST/PDT, EST/EDT, CST/CDT,
    MST/MDT, CET/CEST, EET/EEST, BST, IST, JST, AEST and more) are mapped to their offsets.
    C(CST) is read as US Central, C(IST) as India and C(BST) as British Summer Time. A date in a
    zone not in that table is never guessed, its RV(certificates[].not_after) and
    RV(certificates[].days_remaining) are V(null), and the zone is named in
    C(time_zone_unknown).
  - Read-only. One SSH session and at most four show commands, whatever O(gather) holds. When
    all five kinds are gathered, the trustpoint status is derived from the certificates, keys and
    configuration (C(status.source=derived)) rather than asked with a fifth command.
  - Nothing unread is left as a silent V(null). A certificate whose serial or dates cannot be
    read, an output that ends in the middle of a block and an output that is empty although the
    router has trustpoints are each returned in RV(gaps) and as a warning naming the trustpoint
    and the field.
  - With O(outputs), no connection is made (and C(netmiko) is not needed); the text is parsed
    as it is, for offline audits of collected outputs or backups. The same text gives the same
    facts as a live run.
author:
  - netpki.ios maintainers (@netpki)
requirements:
  - textfsm >= 2.1 on the controller
options:
  gather:
    description:
      - What to read. Each choice maps to one show command.
      - V(trustpoints) is the state of each trustpoint (C(show crypto pki trustpoints status)),
        that is keys generated, CA authenticated and certificate request.
      - V(certificates) is every certificate block (C(show crypto pki certificates verbose)),
        placed under the trustpoints it is associated with.
      - V(keys) is every key pair (C(show crypto key mypubkey all)).
      - V(timers) is the renew, poll and CRL timers (C(show crypto pki timers detail)).
      - V(config) is the trustpoint and enrollment-profile configuration and the certificate
        chains, with the hostname and domain name that make the default key label
        (C(show running-config | section crypto pki|^hostname|^ip domain)).
    type: list
    elements: str
    choices: [trustpoints, certificates, keys, timers, config]
    default: [trustpoints, certificates, keys, timers, config]
  trustpoint:
    description:
      - Only report these trustpoints (names as configured). Certificates and timers of other
        trustpoints are left out; key pairs are all listed.
      - A name the router does not have gives a warning.
    type: list
    elements: str
  expiring_within_days:
    description:
      - Adds RV(expiring), the installed certificates (CA, router, RA) that are still valid but
        expire within this many days, and counts them in RV(summary.expiring).
    type: int
  outputs:
    description:
      - Command outputs collected earlier, as a dictionary of command to text. No connection is
        made when this is set.
      - Keys may be any form of the commands of O(gather), abbreviated or not, with or without
        a trustpoint argument or C(verbose) (for example C(show crypto pki certificates),
        C(sh cry pki cert verbose LAB), C(show running-config) or
        C(show running-config | section crypto pki)). A command with no parser is an error.
      - Kinds in O(gather) that have no text here are left out of the result, with a warning.
    type: dict
  expected_ca_fingerprints:
    description:
      - The CA fingerprints you expect, per trustpoint name, as a list of fingerprints each
        (MD5, SHA1, SHA256, SHA384 or SHA512 hex, told apart by length, any spelling).
      - Every CA certificate that matches none of its trustpoint's list is flagged with
        RV(trustpoints.ca_expected=false), counted in RV(summary.unexpected_ca) and named in a
        warning, so that a CA installed earlier without verification (for example with
        O(netpki.ios.ca_authenticate#module:accept_unverified=true)) is found.
      - Digests are computed with C(cryptography) from the certificate in the running
        configuration (V(config) in O(gather)); without it only the MD5 and SHA1 that IOS
        prints can be compared, and a CA certificate that cannot be compared is flagged.
      - Trustpoints not named here are not checked.
    type: dict
notes:
  - Passwords in the trustpoint configuration are returned as C(********).
  - A certificate associated with several trustpoints appears under each of them, and once in
    RV(certificates).
seealso:
  - module: netpki.ios.trustpoints
  - module: netpki.ios.enroll
extends_documentation_fragment:
  - netpki.ios.attributes
  - netpki.ios.attributes.info_module
  - netpki.ios.connection
"""

EXAMPLES = r"""
- name: Everything about the router's PKI
  netpki.ios.pki_info:
  register: pki

- name: Certificates that expire within 30 days
  netpki.ios.pki_info:
    gather: [certificates]
    expiring_within_days: 30
  register: pki

- name: Fail when a router certificate expires within 30 days
  ansible.builtin.assert:
    that: pki.expiring | selectattr('kind', 'equalto', 'router') | list | length == 0
    fail_msg: "{{ pki.expiring | map(attribute='trustpoint') | join(', ') }} expire soon"

- name: Is the CA of trustpoint LAB authenticated, and is a request pending?
  netpki.ios.pki_info:
    gather: [trustpoints]
    trustpoint: LAB
  register: lab

- name: Show it
  ansible.builtin.debug:
    msg: >-
      CA authenticated: {{ lab.trustpoints.LAB.status.ca_authenticated }},
      request: {{ lab.trustpoints.LAB.status.certificate_request }}

- name: Find CA certificates that are not the ones published by our CAs
  netpki.ios.pki_info:
    expected_ca_fingerprints:
      CORP-CA: ["{{ corp_ca_sha256 }}"]
      LAB: ["{{ lab_ca_sha256 }}", "{{ lab_ca_next_sha256 }}"]
  register: pki

- name: Fail on any unexpected CA
  ansible.builtin.assert:
    that: pki.summary.unexpected_ca == 0

- name: Audit saved outputs of a router, with no connection
  netpki.ios.pki_info:
    outputs:
      show crypto pki certificates verbose: "{{ lookup('ansible.builtin.file', 'r1-certs.txt') }}"
      show running-config: "{{ lookup('ansible.builtin.file', 'r1-running.txt') }}"
    expiring_within_days: 60
  delegate_to: localhost
"""

RETURN = r"""
gathered:
  description: The kinds of O(gather) that were answered.
  returned: always
  type: list
  elements: str
  sample: [trustpoints, certificates, keys, timers, config]
commands:
  description: The show commands sent to the router (empty with O(outputs)).
  returned: always
  type: list
  elements: str
  sample:
    - show crypto pki certificates verbose
    - show crypto key mypubkey all
    - show crypto pki timers detail
    - show running-config | section crypto pki|^hostname|^ip domain
hostname:
  description: The router's hostname, from the configuration.
  returned: when V(config) is gathered from a full C(show running-config) in O(outputs)
  type: str
  sample: R1
trustpoints:
  description: One entry per trustpoint, keyed by name.
  returned: always
  type: dict
  contains:
    name:
      description: The trustpoint name.
      type: str
      sample: LAB
    config:
      description:
        - The trustpoint configuration, in the shape of O(netpki.ios.trustpoints#module:config)
          (V(null) for a trustpoint IOS shows but the configuration does not hold).
      returned: when V(config) is gathered
      type: dict
      sample: {name: LAB, enrollment: {url: "http://10.0.0.5:80"}, rsakeypair: {label: LAB.key}}
    chain:
      description:
        - The certificates in the trustpoint's C(crypto pki certificate chain), with the
          SHA1 and SHA256 of each computed from its DER (C(fingerprints_from=certificate)).
      returned: when V(config) is gathered
      type: list
      elements: dict
      sample: [{kind: ca, serial: "02", fingerprints_from: certificate,
                fingerprints: {sha1: "C9923329 45AC4D2F A85A8F5A D6C76658 D07343AC",
                               sha256: "0A1B2C3D 4E5F6071 8293A4B5 C6D7E8F9 0A1B2C3D 4E5F6071
                                        8293A4B5 C6D7E8F9"}}]
    ca_expected:
      description: Whether the CA certificate matches one of O(expected_ca_fingerprints) for
        this trustpoint.
      returned: when O(expected_ca_fingerprints) names the trustpoint and it has a CA
      type: bool
      sample: true
    status:
      description: The trustpoint's state.
      returned: when V(trustpoints) is gathered
      type: dict
      contains:
        source:
          description: V(device) when read from C(show crypto pki trustpoints status),
            V(derived) when worked out from the certificates, keys and configuration.
          type: str
          sample: device
        keys_generated:
          description: Whether the trustpoint's key pair exists (V(null) when it cannot be told).
          type: bool
          sample: true
        keys_detail:
          description: What IOS says of the key pair.
          type: str
          sample: General Purpose, non-exportable
        ca_authenticated:
          description: Whether the issuing CA certificate is installed.
          type: bool
          sample: true
        certificate_request:
          description: V(granted) (a router certificate is installed), V(pending) or V(none).
          type: str
          sample: granted
        last_enrollment_status:
          description: As IOS reports it.
          returned: when C(source=device) and IOS prints it
          type: str
          sample: Granted
        ca_fingerprints:
          description: MD5 and SHA1 of the CA certificate, as IOS prints them.
          returned: when C(source=device)
          type: dict
          sample: {md5: "4833CE98 4074DD0C 362344B2 73B9F408"}
    ca_certificate:
      description: The CA certificate, in the shape of RV(certificates); V(null) when none.
      returned: when V(certificates) is gathered
      type: dict
      sample: {kind: ca, serial: "01", subject_cn: netpki Lab Issuing CA,
               not_after: "2036-11-25T11:38:34Z", days_remaining: 3650, expired: false}
    certificates:
      description: The router's certificates for this trustpoint (issued, self-signed or
        pending), in the shape of RV(certificates).
      returned: when V(certificates) is gathered
      type: list
      elements: dict
      sample:
        - {kind: router, serial: "10", subject_cn: r1.lab.example, pending: false,
           not_after: "2027-11-27T11:38:34Z", days_remaining: 364, expired: false}
    ra_certificates:
      description: Registration authority certificates, in the shape of RV(certificates).
      returned: when V(certificates) is gathered
      type: list
      elements: dict
      sample:
        - {kind: ra_signature, serial: "03", subject_cn: netpki Lab RA,
           not_after: "2028-11-26T11:38:34Z", days_remaining: 729, expired: false}
    key_label:
      description: The label of the key pair the trustpoint uses, when it can be told.
      returned: when V(keys) is gathered
      type: str
      sample: LAB.key
    keys:
      description: That key pair, in the shape of RV(keys) (two entries for usage keys).
      returned: when V(keys) is gathered
      type: list
      elements: dict
      sample:
        - {name: LAB.key, type: RSA, size: 2048, usage: General Purpose Key, exportable: false}
    timers:
      description: This trustpoint's timers, in the shape of RV(timers).
      returned: when V(timers) is gathered
      type: list
      elements: dict
      sample:
        - {section: PKI Timers, timer: RENEW, trustpoint: LAB,
           expires_at: "2027-08-27T11:38:34Z"}
certificates:
  description: Every certificate block the router shows, once each.
  returned: when V(certificates) is gathered
  type: list
  elements: dict
  contains:
    type:
      description: The block header as printed.
      type: str
      sample: CA Certificate
    kind:
      description: V(router), V(ca), V(self_signed), V(ra_signature), V(ra_encipherment) or
        V(other).
      type: str
      sample: router
    status:
      description: V(available) or V(pending).
      type: str
      sample: available
    pending:
      description: Whether this is a request still waiting for the CA.
      type: bool
      sample: false
    serial:
      description: Serial number in uppercase hex (V(null) while pending).
      type: str
      sample: 0B
    usage:
      description: C(Certificate Usage).
      type: str
      sample: General Purpose
    subject:
      description: Subject attributes by short name (the last value when one repeats).
      type: dict
      sample: {CN: r1.lab.example, O: Netpki Lab, unstructuredName: r1.lab.example}
    subject_ordered:
      description: Subject attributes in printed order, as C([name, value]) pairs.
      type: list
      elements: list
      sample: [[CN, r1.lab.example], [O, Netpki Lab]]
    subject_cn:
      description: The subject common name.
      type: str
      sample: r1.lab.example
    issuer:
      description: Issuer attributes by short name.
      type: dict
      sample: {CN: netpki Lab Issuing CA, O: netpki lab}
    issuer_ordered:
      description: Issuer attributes in printed order.
      type: list
      elements: list
      sample: [[CN, netpki Lab Issuing CA], [O, netpki lab]]
    not_before:
      description: Start of validity, ISO 8601 UTC (V(null) if pending or the zone is unknown).
      type: str
      sample: "2026-11-27T11:38:34Z"
    not_after:
      description: End of validity, ISO 8601 UTC (V(null) if pending or the zone is unknown).
      type: str
      sample: "2027-11-27T11:38:34Z"
    renew_at:
      description: The C(renew date) IOS prints with auto-enroll, ISO 8601 UTC.
      returned: when IOS prints it
      type: str
      sample: "2027-08-27T11:38:34Z"
    days_remaining:
      description: Whole days until C(not_after), negative once expired.
      type: int
      sample: 364
    expired:
      description: Whether C(not_after) has passed (V(null) when unknown).
      type: bool
      sample: false
    unreadable:
      description: The fields of an installed certificate that IOS printed unreadably or not at
        all (C(serial), C(not_before), C(not_after)); each is also in RV(gaps) and a warning.
      returned: when a field could not be read
      type: list
      elements: str
      sample: [not_after]
    time_zone_unknown:
      description: The time-zone abbreviation that could not be mapped.
      returned: when a date uses an unknown zone
      type: str
      sample: XYZ
    fingerprints:
      description:
        - In IOS format. MD5 and SHA1 as IOS prints them; SHA1 and SHA256 computed with
          C(cryptography) from the certificate itself when the running configuration holds
          it (V(config) gathered), then C(fingerprints_from) is V(certificate).
      returned: with verbose output, or when the configuration holds the certificate
      type: dict
      sample: {md5: "4AD6458C 3771420E 35464B02 9BC21785",
               sha1: "C9923329 45AC4D2F A85A8F5A D6C76658 D07343AC"}
    request_fingerprints:
      description: The fingerprints of a pending request.
      returned: for pending requests
      type: dict
      sample: {md5: "0E3A7F2C 91B4D5E6 8F102A3B 4C5D6E7F",
               sha1: "5A6B7C8D 9E0F1A2B 3C4D5E6F 7A8B9C0D 1E2F3A4B"}
    associated_trustpoints:
      description: The trustpoints (and C(Trustpool)) IOS associates with the certificate.
      type: list
      elements: str
      sample: [LAB]
    crl_distribution_points:
      description: CRL distribution point URLs.
      returned: when present
      type: list
      elements: str
      sample: ["http://10.0.0.5/crl/lab.crl"]
    key_label:
      description: The router key pair of the certificate.
      returned: with verbose output, for router certificates
      type: str
      sample: LAB.key
    signature_algorithm:
      description: As printed.
      returned: with verbose output
      type: str
      sample: SHA256 with RSA Encryption
keys:
  description: Every key pair of the router.
  returned: when V(keys) is gathered
  type: list
  elements: dict
  sample:
    - {name: LAB.key, type: RSA, size: 2048, curve: null, usage: General Purpose Key,
       exportable: false, storage: private-config, redundancy: true, temporary: false,
       generated_at: "2026-11-27T11:38:35Z"}
timers:
  description: The PKI timers.
  returned: when V(timers) is gathered
  type: list
  elements: dict
  contains:
    section:
      description: The heading the timer is under (C(PKI Timers), C(Expiry Alert Timers),
        C(CRL Timers), C(Trustpool Timers), C(CS Timers)).
      type: str
    timer:
      description: The timer kind (C(RENEW), C(POLL), C(SHADOW), C(ID), C(CA), C(CS),
        C(CRL UPDATE), C(SESSION CLEANUP), C(TRUSTPOOL), C(CS CERT EXPIRE), ...).
      type: str
    target:
      description: What the timer is for, as printed (C(client) of C(RENEW client) and
        C(ID(client)), the CRL issuer of C(CRL UPDATE *cn=root)); V(null) when none.
      type: str
    trustpoint:
      description: The trustpoint of a per-trustpoint timer (renew, poll, shadow, expiry
        alert, EST connect retry); such a timer is also listed under that trustpoint.
      type: str
    countdown:
      description: The time left, as printed (C(304d23:58:41.613), C(4:33.164), C(48.241)).
      type: str
    countdown_seconds:
      description: The time left in seconds.
      type: float
    expires_at:
      description: When the timer fires (UTC, ISO 8601), as printed by newer releases, or
        the time of the run plus the countdown.
      type: str
    expires_at_printed:
      description: Whether the router printed that time (else it is computed).
      type: bool
    crl_url:
      description: The CRL a C(CRL UPDATE) timer fetches, when given as a URL.
      type: str
  sample:
    - {section: PKI Timers, timer: RENEW, target: LAB, trustpoint: LAB,
       countdown: "264d23:59:58.100", countdown_seconds: 22895998.1,
       expires_at: "2027-08-27T11:38:34Z", expires_at_printed: true, crl_url: null}
profiles:
  description: The C(crypto pki profile enrollment) blocks, in the shape of
    O(netpki.ios.enrollment_profiles#module:config).
  returned: when V(config) is gathered
  type: list
  elements: dict
  sample: [{name: PROF, enrollment: {url: "http://10.0.0.5"}}]
expiring:
  description: Installed certificates still valid but expiring within O(expiring_within_days)
    days, soonest first.
  returned: when O(expiring_within_days) is set
  type: list
  elements: dict
  sample:
    - {trustpoint: LAB, kind: router, serial: "10", subject_cn: r1.lab.example,
       not_after: "2026-12-07T11:38:34Z", days_remaining: 9}
gaps:
  description:
    - What could not be read, each also returned as a warning, so no fact is silently missing
      (netpki.ios.audit_report shows each as C(unknown)).
    - A certificate whose serial or dates cannot be read (C(field) names it); an output that
      ends in the middle of a block (a certificate without C(Associated Trustpoints:), a
      trustpoint status without C(Certificate request(s)), a certificate chain without C(quit));
      an output that is empty although the other outputs show trustpoints it should list (both
      with C(field=output)).
  returned: always
  type: list
  elements: dict
  sample:
    - {trustpoint: LAB, field: not_after, command: show crypto pki certificates verbose,
       kind: router, serial: "10", message: "trustpoint LAB: the router certificate 10 has no
       readable not_after in the output of 'show crypto pki certificates verbose': its expiry
       is unknown"}
summary:
  description: Counts for an audit (V(null) where the data was not gathered).
  returned: always
  type: dict
  contains:
    trustpoints:
      description: Trustpoints reported.
      type: int
      sample: 3
    certificates:
      description: Installed certificates (CA, router, self-signed, RA), not counting requests.
      type: int
      sample: 4
    expired:
      description: Installed certificates past their end date.
      type: int
      sample: 0
    expiring:
      description: Installed certificates still valid that end within O(expiring_within_days)
        days (V(null) without that option).
      type: int
      sample: 1
    pending:
      description: Trustpoints with a certificate request waiting for the CA.
      type: int
      sample: 1
    without_ca:
      description: Trustpoints whose CA is not authenticated.
      type: int
      sample: 1
    time_zone_unknown:
      description: Certificates whose dates are in a time zone that could not be mapped.
      type: int
      sample: 0
    unexpected_ca:
      description: Trustpoints whose CA certificate matches none of O(expected_ca_fingerprints).
      returned: when O(expected_ca_fingerprints) is given
      type: int
      sample: 0
    unreadable:
      description: Installed certificates with a serial or date that could not be read.
      type: int
      sample: 0
"""

from ansible.module_utils.basic import AnsibleModule  # noqa: E402
from ansible_collections.netpki.ios.plugins.module_utils.pki_info_argspec import (  # noqa: E402
    ARGUMENT_SPEC,
)


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, supports_check_mode=True)
    module.fail_json(msg="netpki.ios.pki_info runs on the controller through its action plugin")


if __name__ == "__main__":
    main()
