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
  - Read-only. One SSH session and at most four show commands for the trustpoint kinds of
    O(gather). When all five are gathered, the trustpoint status is derived from the
    certificates, keys and configuration (C(status.source=derived)) rather than asked with a
    fifth command. V(servers) adds C(show crypto pki server), and one command per server that
    has made its CA.
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
      - V(crls) is the CRLs the router holds (C(show crypto pki crls)), each trustpoint's CRL in
        RV(trustpoints.crl), and, with O(fetch_crls), the router certificates its CA revoked
        (RV(certificates[].revoked)). It is not in the default list; it adds one show command.
      - V(servers) is the router's IOS certificate servers (C(show crypto pki server)), with the
        request table of each server that has made its CA
        (C(show crypto pki server NAME requests)). Not gathered unless named; with
        O(outputs), the requests are not read.
      - V(trustpool) is the PKI trustpool's CA certificates (C(show crypto pki trustpool)),
        returned as RV(trustpool). It is not in the default and is read with a command of its
        own, beyond the four.
    type: list
    elements: str
    choices: [trustpoints, certificates, keys, timers, config, crls, servers, trustpool]
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
  fetch_crls:
    description:
      - With V(crls) gathered (and not O(outputs)), download each CRL the router holds on the
        controller, over HTTP(S) from the distribution point the router fetched it from, to
        learn which serials it revokes (IOS prints no serials). A router that holds no CRL for
        a trustpoint (no C(revocation-check crl)) has none downloaded.
      - The CRL is used only when its signature verifies with the trustpoint's CA certificate
        from the running configuration (V(config) gathered); otherwise a warning says so and
        no certificate is marked. A CRL that cannot be downloaded also gives a warning.
    type: bool
    default: true
    version_added: 0.2.0
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

- name: The router's certificate servers and the requests waiting on them
  netpki.ios.pki_info:
    gather: [servers]
  register: cs

- name: How many requests wait on them
  ansible.builtin.debug:
    msg: "{{ cs.servers | map(attribute='pending_requests', default=0) | sum }} pending"

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
  returned: when V(config) is gathered and the configuration has a C(hostname) line
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
          SHA1 and SHA256 of each computed from its DER (C(fingerprints_from=certificate)),
          and its C(signature_algorithm) read from the DER (OpenSSL's name, such as
          V(sha256WithRSAEncryption) or V(ecdsa-with-SHA384); version_added 0.2.0).
      returned: when V(config) is gathered
      type: list
      elements: dict
      sample:
        - kind: ca
          serial: "02"
          fingerprints_from: certificate
          fingerprints:
            sha1: 521F93F4 5F269ABE 1688CA55 B8B22B60 26EAEFA7
            sha256: DA199B2C AFD9D855 C2605F77 EB95713F 7D5B56C5 CA9AF0A9 F89F6F79 D16D488D
          signature_algorithm: sha256WithRSAEncryption
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
          description: What IOS says of the key pair (V(null) when it says nothing, or when
            C(source=derived) and the key pair is not found).
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
          description: As IOS reports it (V(null) when it does not).
          returned: when C(source=device)
          type: str
          sample: Granted
        ca_fingerprints:
          description: MD5 and SHA1 of the CA certificate, as IOS prints them.
          returned: when C(source=device)
          type: dict
          sample: {md5: "4833CE98 4074DD0C 362344B2 73B9F408"}
        ca_subject:
          description: The subject of the CA certificate by short name, as IOS prints it
            (V(null) when it does not).
          returned: when C(source=device)
          type: dict
          sample: {CN: netpki Lab Issuing CA, O: netpki lab}
        router_certificates:
          description: The router certificates IOS lists in the status (two for usage keys).
          returned: when C(source=device)
          type: list
          elements: dict
          contains:
            usage:
              description: C(General Purpose), C(Signature) or C(Encryption), as printed.
              type: str
              sample: General Purpose
            subject:
              description: The subject by short name.
              type: dict
              sample: {CN: R1.lab.example, O: Netpki Lab, unstructuredName: R1.lab.example}
            fingerprints:
              description: MD5 and SHA1, as IOS prints them.
              type: dict
              sample: {md5: "4AD6458C 3771420E 35464B02 9BC21785",
                       sha1: "C9923329 45AC4D2F A85A8F5A D6C76658 D07343AC"}
    ca_certificate:
      description: The CA certificate, in the shape of RV(certificates); V(null) when none.
      returned: when V(certificates) is gathered
      type: dict
      sample: {kind: ca, serial: "02", subject_cn: netpki Lab Issuing CA,
               not_after: "2036-11-24T11:44:44Z", days_remaining: 3640, expired: false}
    certificates:
      description: The router's certificates for this trustpoint (issued, self-signed or
        pending), in the shape of RV(certificates).
      returned: when V(certificates) is gathered
      type: list
      elements: dict
      sample:
        - {kind: router, serial: "10", subject_cn: r1.lab.example, pending: false,
           not_after: "2027-11-27T11:49:43Z", days_remaining: 355, expired: false}
    ra_certificates:
      description: Registration authority certificates, in the shape of RV(certificates).
      returned: when V(certificates) is gathered
      type: list
      elements: dict
      sample:
        - {kind: ra_encipherment, serial: "610C2B5D000000000004", subject_cn: CORP-NDES-MSCEP-RA,
           not_after: "2027-10-06T08:22:44Z", days_remaining: 303, expired: false}
    rollover:
      description:
        - A CA key rollover under way (Cisco's Certificate Authority Key Rollover), the shadow
          CA and router certificates the router holds, which replace the active ones when the
          CA certificate expires. V(null) when the trustpoint holds none.
      returned: when V(certificates) is gathered
      type: dict
      version_added: 0.2.0
      contains:
        ca_certificate:
          description: The rollover CA certificate (kind V(rollover_ca)), in the shape of
            RV(certificates), or V(null).
          type: dict
        certificate:
          description: The shadow router certificate (kind V(rollover_router)), or V(null)
            while the CA has not issued it.
          type: dict
        becomes_active:
          description: When the rollover certificates become the active ones, ISO 8601 UTC
            (V(null) when their start date could not be read).
          type: str
          sample: '2027-01-06T16:20:00Z'
    key_label:
      description: The label of the key pair the trustpoint uses (V(null) when it cannot be
        told).
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
    crl:
      description: The CRL of the trustpoint's CA the router holds, in the shape of RV(crls)
        (V(null) when it holds none). With O(fetch_crls), C(verified), C(revoked_count) and
        C(crl_number) come from the CRL downloaded from its distribution point.
      returned: when V(crls) is gathered
      type: dict
      sample: {issuer: "cn=netpki Lab Issuing CA,o=netpki lab", next_update:
        "2026-12-14T16:21:31Z", source_url: "http://ca.netpki.lab/crl/issuing.crl",
        stale: false, verified: true, revoked_count: 1, crl_number: 2, trustpoints: [LAB]}
    timers:
      description: This trustpoint's timers, in the shape of RV(timers).
      returned: when V(timers) is gathered
      type: list
      elements: dict
      sample:
        - {section: PKI Timers, timer: RENEW, target: LAB-TP, trustpoint: LAB-TP,
           expires_at: "2027-09-15T11:00:00Z"}
certificates:
  description: Every certificate block the router shows, once each.
  returned: when V(certificates) is gathered
  type: list
  elements: dict
  # BEGIN generated ios_certificate (make generate)
  contains:
    type:
      description: The block header as printed.
      type: str
      sample: Certificate
    kind:
      description: V(router), V(ca), V(self_signed), V(ra_signature), V(ra_encipherment),
        V(rollover_router) or V(rollover_ca) (the shadow certificates of a CA key
        rollover), or V(other).
      type: str
      sample: router
    status:
      description: V(available) or V(pending) (V(null) when IOS prints no C(Status:)
        line).
      type: str
      sample: available
    pending:
      description: Whether this is a request still waiting for the CA.
      type: bool
      sample: false
    serial:
      description: Serial number in uppercase hex, or as printed when it is not hex
        (V(null) while pending or when unreadable).
      type: str
      sample: '10'
    usage:
      description: C(Certificate Usage) as printed.
      returned: when IOS prints it
      type: str
      sample: General Purpose
    subject:
      description: Subject attributes by short name (the last value when one repeats).
      type: dict
      sample:
        CN: r1.lab.example
        OU: Network
        O: netpki lab
        unstructuredName: R1.lab.example
        serialNumber: FTX1073219B
        unstructuredAddress: 10.0.1.1
    subject_ordered:
      description: Subject attributes in printed order, as C([name, value]) pairs.
      type: list
      elements: list
      sample:
      - [CN, r1.lab.example]
      - [OU, Network]
      - [O, netpki lab]
      - [unstructuredName, R1.lab.example]
      - [serialNumber, FTX1073219B]
      - [unstructuredAddress, 10.0.1.1]
    subject_cn:
      description: The subject common name (V(null) when the subject has none).
      type: str
      sample: r1.lab.example
    subject_hostname:
      description: The C(Name:) line of the subject (the router's FQDN), as printed.
      returned: when IOS prints it
      type: str
      sample: R1.lab.example
    subject_ip_address:
      description: The C(IP Address:) line of the subject.
      returned: when IOS prints it
      type: str
      sample: 10.0.1.1
    subject_serial_number:
      description: The C(Serial Number:) line of the subject (the router's serial
        number).
      returned: when IOS prints it
      type: str
      sample: FTX1073219B
    issuer:
      description: Issuer attributes by short name.
      type: dict
      sample: {CN: netpki Lab Issuing CA, O: netpki lab}
    issuer_ordered:
      description: Issuer attributes in printed order.
      type: list
      elements: list
      sample: [[CN, netpki Lab Issuing CA], [O, netpki lab]]
    issuer_cn:
      description: The issuer common name.
      returned: when the issuer has one
      type: str
      sample: netpki Lab Issuing CA
    not_before:
      description: Start of validity, ISO 8601 UTC (V(null) if pending, unreadable
        or in an unknown time zone).
      type: str
      sample: '2026-11-27T11:49:43Z'
    not_after:
      description: End of validity, ISO 8601 UTC (V(null) if pending, unreadable or
        in an unknown time zone).
      type: str
      sample: '2027-11-27T11:49:43Z'
    renew_at:
      description: The C(renew date) IOS prints with auto-enroll, ISO 8601 UTC.
      returned: when IOS prints it
      type: str
      sample: '2027-09-15T11:49:43Z'
    becomes_active:
      description: When a rollover (shadow) certificate becomes the active one, ISO
        8601 UTC (its C(not_before)).
      returned: for kinds V(rollover_router) and V(rollover_ca)
      type: str
    days_remaining:
      description: Whole days until C(not_after), negative once expired (V(null) when
        C(not_after) is).
      type: int
      sample: 355
    expired:
      description: Whether C(not_after) has passed (V(null) when C(not_after) is).
      type: bool
      sample: false
    unreadable:
      description: The fields of an installed certificate that IOS printed unreadably
        or not at all (C(serial), C(not_before), C(not_after)); each is also in RV(gaps)
        and a warning.
      returned: when a field of an installed certificate could not be read
      type: list
      elements: str
      sample: [not_before]
    time_zone_unknown:
      description: The time-zone abbreviation that could not be mapped; a list when
        the dates use several.
      returned: when a date uses an unknown zone
      type: raw
      sample: XYZ
    date_unreadable:
      description: The dates, as printed, that could not be read at all.
      returned: when a date could not be read
      type: list
      elements: str
      sample: ['11:38:34 Nov 27 2026']
    fingerprints:
      description:
      - In IOS format. MD5 and SHA1 as IOS prints them; SHA1 and SHA256 computed with
        C(cryptography) from the certificate itself when the running configuration
        holds it (V(config) gathered), then C(fingerprints_from) is V(certificate).
      returned: with verbose output, or when the configuration holds the certificate
      type: dict
      sample:
        md5: 46F35CCB DDD0F1A2 6C52D8C2 E533E3EA
        sha1: C9923329 45AC4D2F A85A8F5A D6C76658 D07343AC
        sha256: 34BDB9D4 D80C7EF5 8880FA0E DA5AF42E 4F635912 A06F39B4 E99A1915 B62E6A87
    fingerprints_from:
      description: V(certificate) when SHA1 and SHA256 were computed from the certificate
        in the running configuration.
      returned: when the configuration holds the certificate
      type: str
      sample: certificate
    request_fingerprints:
      description: The fingerprints of a pending request, as printed.
      returned: for pending requests
      type: dict
      sample:
        md5: 5E0A19C4 77B1D2E3 0F4A6B8C 9D2E1F30
        sha1: 8C1D2E3F 4A5B6C7D 8E9F0A1B 2C3D4E5F 60718293
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
      sample: ['http://ca.netpki.lab/crl/issuing.crl']
    storage:
      description: Where IOS keeps the certificate, as printed.
      returned: when IOS prints it
      type: str
      sample: nvram:netpkiLabIss#10.cer
    version:
      description: The X.509 version.
      returned: with verbose output
      type: int
      sample: 3
    public_key_algorithm:
      description: As printed.
      returned: with verbose output
      type: str
      sample: rsaEncryption
    public_key_size:
      description: The public key size, in C(public_key_size_unit).
      returned: with verbose output
      type: int
      sample: 2048
    public_key_size_unit:
      description: The unit IOS prints after the size.
      returned: with verbose output
      type: str
      sample: bit
    signature_algorithm:
      description: As printed.
      returned: with verbose output
      type: str
      sample: SHA256 with RSA Encryption
    key_usage:
      description: The key usage flags, as printed.
      returned: with verbose output, when the certificate has the extension
      type: list
      elements: str
      sample: [Digital Signature, Key Encipherment]
    extended_key_usage:
      description: The extended key usages, as printed.
      returned: with verbose output, when the certificate has the extension
      type: list
      elements: str
      sample: [Client Auth]
    subject_alt_names:
      description: The subject alternative names, as printed.
      returned: with verbose output, when the certificate has the extension
      type: list
      elements: str
      sample: ['DNS:R1.lab.example', 'DNS:r1-alt.lab.example', 'IP Address : 10.0.1.1']
    basic_constraints_ca:
      description: The C(CA:) flag of basicConstraints.
      returned: with verbose output, when the certificate has the extension
      type: bool
      sample: false
    key_label:
      description: The router key pair of the certificate.
      returned: with verbose output, for router certificates
      type: str
      sample: LAB.key
    install_time:
      description: When the certificate was installed, ISO 8601 UTC (as printed when
        the zone is unknown).
      returned: with verbose output
      type: str
      sample: '2026-11-27T11:49:44Z'
    revoked:
      description: Whether the trustpoint's CRL revokes this certificate's serial,
        judged from the CRL itself once its signature verified with the trustpoint's
        CA certificate.
      returned: for the router certificates of a trustpoint whose CRL verified (V(crls)
        gathered live, O(fetch_crls=true), V(config) gathered)
      type: bool
      sample: true
    revoked_at:
      description: The revocation date the CRL gives, ISO 8601 UTC (V(null) if not
        revoked).
      returned: with RV(certificates[].revoked)
      type: str
      sample: '2026-12-07T16:21:31Z'
  # END generated ios_certificate
keys:
  description: Every key pair of the router (usage keys are two entries of one name).
  returned: when V(keys) is gathered
  type: list
  elements: dict
  # BEGIN generated ios_key_pair (make generate)
  contains:
    name:
      description: The key pair's label.
      type: str
      sample: LAB.key
    type:
      description: V(RSA) or V(EC), as printed (V(null) when IOS 12 prints no type).
      type: str
      sample: RSA
    size:
      description: Size in bits, as printed or read from the public key (V(null) when
        neither can be read).
      type: int
      sample: 2048
    curve:
      description: The EC curve as printed (V(null) for RSA and when not printed).
      type: str
      sample: null
    usage:
      description: C(Usage) as printed, one entry per key pair (usage keys are two
        entries).
      type: str
      sample: General Purpose Key
    exportable:
      description: Whether the key can be exported (V(null) when IOS does not say).
      type: bool
      sample: false
    storage:
      description: C(Storage Device) as printed (V(null) when not printed).
      type: str
      sample: private-config
    redundancy:
      description: Whether IOS prints C(Redundancy enabled).
      type: bool
      sample: true
    temporary:
      description: Whether IOS marks the key pair temporary.
      type: bool
      sample: false
    generated_at:
      description: When the key pair was generated, ISO 8601 UTC (V(null) when not
        printed or in an unknown time zone).
      type: str
      sample: '2026-11-27T11:38:35Z'
    time_zone_unknown:
      description: The time-zone abbreviation of C(generated_at) that could not be
        mapped.
      returned: when C(generated_at) uses an unknown zone
      type: str
      sample: XYZ
  # END generated ios_key_pair
timers:
  description: The PKI timers.
  returned: when V(timers) is gathered
  type: list
  elements: dict
  # BEGIN generated ios_timer (make generate)
  contains:
    section:
      description: The heading the timer is under (C(PKI Timers), C(Expiry Alert Timers),
        C(CRL Timers), C(Trustpool Timers), C(CS Timers)); V(null) when under none.
      type: str
      sample: PKI Timers
    timer:
      description: The timer kind (C(RENEW), C(POLL), C(SHADOW), C(ID), C(CA), C(CS),
        C(CRL UPDATE), C(SESSION CLEANUP), C(TRUSTPOOL), C(CS CERT EXPIRE), ...).
      type: str
      sample: RENEW
    target:
      description: What the timer is for, as printed (C(client) of C(RENEW client)
        and C(ID(client)), the CRL issuer of C(CRL UPDATE *cn=root)); V(null) when
        none.
      type: str
      sample: LAB-TP
    trustpoint:
      description: The trustpoint of a per-trustpoint timer (renew, poll, shadow,
        expiry alert, EST connect retry), V(null) for others; such a timer is also
        listed under that trustpoint.
      type: str
      sample: LAB-TP
    countdown:
      description: The time left, as printed (C(304d23:58:41.613), C(4:33.164), C(48.241)).
      type: str
      sample: 291d23:54:53.214
    countdown_seconds:
      description: The time left in seconds.
      type: float
      sample: 25228493.214
    expires_at:
      description: When the timer fires (UTC, ISO 8601), as printed by newer releases,
        or the time of the run plus the countdown.
      type: str
      sample: '2027-09-15T11:00:00Z'
    expires_at_printed:
      description: Whether the router printed that time (else it is computed).
      type: bool
      sample: true
    crl_url:
      description: The CRL a C(CRL UPDATE) timer fetches, when given as a URL (else
        V(null)).
      type: str
      sample: http://ca.branch.example.net/CertEnroll/Branch%20Issuing%20CA.crl
  # END generated ios_timer
  sample:
    - {section: PKI Timers, timer: RENEW, target: LAB-TP, trustpoint: LAB-TP,
       countdown: "291d23:54:53.214", countdown_seconds: 25228493.214,
       expires_at: "2027-09-15T11:00:00Z", expires_at_printed: true, crl_url: null}
crls:
  description: The CRLs in the router's cache (C(show crypto pki crls)), each with the
    trustpoints whose CA issued it.
  returned: when V(crls) is gathered
  type: list
  elements: dict
  # BEGIN generated ios_crl (make generate)
  contains:
    issuer:
      description: The CRL issuer's name, as printed (C(CRL Issuer Name:)).
      type: str
      sample: cn=netpki Lab Issuing CA,o=netpki lab
    this_update:
      description: The CRL's thisUpdate (C(LastUpdate:)), ISO 8601 UTC.
      type: str
      sample: '2026-12-07T16:21:31Z'
    next_update:
      description: The CRL's nextUpdate (C(NextUpdate:)), ISO 8601 UTC; V(null) when
        none or in an unknown time zone.
      type: str
      sample: '2026-12-14T16:21:31Z'
    downloaded_at:
      description: When the router fetched the CRL (C(CRL downloaded at:)), ISO 8601
        UTC.
      type: str
      sample: '2026-12-07T16:21:31Z'
    source_url:
      description: The CRL distribution point it came from (V(null) when retrieved
        via SCEP).
      type: str
      sample: http://ca.netpki.lab/crl/issuing.crl
    via_scep:
      description: Whether the router retrieved it by SCEP GetCRL (no CDP published).
      type: bool
      sample: false
    der_bytes:
      description: The CRL's size as the router reports it.
      type: int
      sample: 457
    stale:
      description: Whether its nextUpdate has passed (the router holds no current
        revocation information); V(null) when the nextUpdate is unknown.
      type: bool
      sample: false
    verified:
      description: V(true) when the CRL fetched from the controller verified with
        the trustpoint's CA certificate, V(false) when it did not (then it is not
        used), V(null) when it was not fetched (O(outputs), O(fetch_crls=false), no
        CDP, no CA certificate in the configuration).
      type: bool
      sample: true
    revoked_count:
      description: How many serials the verified CRL revokes (V(null) unless verified).
      type: int
      sample: 1
    crl_number:
      description: The verified CRL's CRL number (V(null) unless verified or without
        one).
      type: int
      sample: 2
    trustpoints:
      description: The trustpoints whose CA certificate issued the CRL.
      type: list
      elements: str
      sample: [LAB]
  # END generated ios_crl
  sample:
    - {issuer: "cn=netpki Lab Issuing CA,o=netpki lab", this_update: "2026-12-07T16:21:31Z",
       next_update: "2026-12-14T16:21:31Z", downloaded_at: "2026-12-07T16:21:31Z",
       source_url: "http://ca.netpki.lab/crl/issuing.crl", via_scep: false, der_bytes: 457,
       stale: false, verified: true, revoked_count: 1, crl_number: 2, trustpoints: [LAB]}
servers:
  description: The router's IOS certificate servers (C(crypto pki server)).
  returned: when V(servers) is gathered
  type: list
  elements: dict
  version_added: 0.2.0
  contains:
    name:
      description: The server's name.
      type: str
      sample: root
    status:
      description: C(Status), V(enabled) or V(disabled); V(null) when not printed.
      type: str
      sample: enabled
    state:
      description: C(State) as printed (V(enabled), V(check failed) ...); V(null) when not printed.
      type: str
      sample: enabled
    ca_generated:
      description: Whether the server has made its CA certificate (its configuration is locked).
      type: bool
      sample: true
    ca_fingerprint_md5:
      description: The CA certificate's MD5 fingerprint as printed; V(null) before the CA exists.
      type: str
      sample: CF2C23D1 560F25DB 22E9D10F E595A6D6
    issuer_name:
      description: The CA's subject (C(Issuer name)); V(null) when not printed.
      type: str
      sample: CN=root
    grant_mode:
      description: C(Granting mode is) (V(auto), V(manual) ...); V(null) when not printed.
      type: str
      sample: auto
    last_serial:
      description: The serial of the last certificate issued, in hex; V(null) when not printed.
      type: str
      sample: '1'
    ca_not_after:
      description: When the CA certificate expires (UTC, ISO 8601); V(null) when not printed.
      type: str
      sample: '2025-01-04T12:58:34Z'
    ca_days_remaining:
      description: Whole days until RV(servers[].ca_not_after), negative once expired; V(null)
        when that is unknown.
      type: int
      sample: -702
    requests:
      description: The server's enrollment requests (live runs, for a server that has made its CA).
      returned: when the server's request table was read
      type: list
      elements: dict
      # BEGIN generated cert_server_request (make generate)
      contains:
        id:
          description: The request ID, which C(crypto pki server NAME grant|reject
            ID) takes.
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
          description: The subject name as IOS prints it (lowercase attribute names,
            C(hostname=) for the unstructured name); V(null) when IOS prints none.
          type: str
          sample: serialNumber=67111345+hostname=R27.otus.ru,cn=R27,ou=VPN,o=Otus,c=RU
      # END generated cert_server_request
    pending_requests:
      description: How many of RV(servers[].requests) are pending.
      returned: when the server's request table was read
      type: int
      sample: 2
profiles:
  description: The C(crypto pki profile enrollment) blocks, in the shape of
    O(netpki.ios.enrollment_profiles#module:config).
  returned: when V(config) is gathered
  type: list
  elements: dict
  sample: [{name: PROF, enrollment: {url: "http://10.0.0.5"}}]
trustpool:
  description:
    - The PKI trustpool's CA certificates, in the shape of RV(certificates), each with
      C(trustpool), where it came from (V(downloaded) or V(built-in)).
  returned: when V(trustpool) is gathered
  type: list
  elements: dict
  version_added: 0.2.0
  sample:
    - {type: CA Certificate, kind: ca, serial: 0A0142800000014523C844B500000002,
       subject_cn: IdenTrust Commercial Root CA 1, issuer_cn: IdenTrust Commercial Root CA 1,
       not_after: "2034-01-17T08:12:23Z", days_remaining: 2597, expired: false,
       trustpool: downloaded}
expiring:
  description: Installed certificates still valid but expiring within O(expiring_within_days)
    days, soonest first (trustpool certificates under the trustpoint name C(Trustpool) when
    V(trustpool) is gathered).
  returned: when O(expiring_within_days) is set
  type: list
  elements: dict
  sample:
    - {trustpoint: LAB, kind: router, serial: "10", subject_cn: r1.lab.example,
       not_after: "2027-11-27T11:49:43Z", days_remaining: 355}
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
      description: Installed certificates (CA, router, self-signed, RA), not counting requests
        (V(null) when V(certificates) is not gathered).
      type: int
      sample: 4
    expired:
      description: Installed certificates past their end date (V(null) when V(certificates) is
        not gathered).
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
    rollover_pending:
      description: Trustpoints holding shadow certificates of a CA key rollover, not active
        yet (V(null) when V(certificates) is not gathered).
      type: int
      sample: 0
      version_added: 0.2.0
    without_ca:
      description: Trustpoints whose CA is not authenticated (V(null) when neither
        V(trustpoints) nor V(certificates) is gathered).
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
    revoked:
      description: Installed certificates a verified CRL revokes.
      returned: when V(crls) is gathered
      type: int
      sample: 0
    stale_crls:
      description: CRLs the router holds whose nextUpdate has passed.
      returned: when V(crls) is gathered
      type: int
      sample: 0
"""

from ansible_collections.netpki.ios.plugins.module_utils import pki_info_argspec  # noqa: E402
from ansible_collections.netpki.ios.plugins.module_utils.controller_only import (  # noqa: E402
    refuse_on_target,
)


def main():
    refuse_on_target("pki_info", pki_info_argspec)


if __name__ == "__main__":
    main()
