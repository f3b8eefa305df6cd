"""Each `show crypto pki certificates` variation named in the facts file, proven on a sample.

The ntc-style samples hold the full expected records; this table names the variation each
one proves, so a reader can check the list against the facts file line by line.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.facts.parse import parse_output

SAMPLES_DIR = Path(__file__).resolve().parent
_PLAIN = "show_crypto_pki_certificates"
_VERBOSE = "show_crypto_pki_certificates_verbose"
_IOS15 = (_PLAIN, "ios15_indented_two_blocks")
_IOS12 = (_PLAIN, "ios12_flush_left_cn_spaces")
_SUDI = (_PLAIN, "iosxe17_sudi_selfsigned_no_blank_lines")
_RA = (_PLAIN, "ra_certificates_multivalued_ldap")
_PENDING = (_PLAIN, "pending_request")
_NOISE = (_PLAIN, "unknown_lines_and_noise")
_VERBOSE_XE = (_VERBOSE, "iosxe17_enrolled_trustpoint")
_VERBOSE_MIX = (_VERBOSE, "ios12_ec_mldsa_selfsigned")

# variation: ((folder, sample), record index, value name, expected)
_VARIATIONS = {
    "header Certificate": (_IOS15, 0, "CERTIFICATE_TYPE", "Certificate"),
    "header CA Certificate": (_IOS15, 1, "CERTIFICATE_TYPE", "CA Certificate"),
    "header Router Self-Signed Certificate": (
        _SUDI,
        3,
        "CERTIFICATE_TYPE",
        "Router Self-Signed Certificate",
    ),
    "header RA Signature Certificate": (_RA, 1, "CERTIFICATE_TYPE", "RA Signature Certificate"),
    "header RA KeyEncipher Certificate": (_RA, 0, "CERTIFICATE_TYPE", "RA KeyEncipher Certificate"),
    "pending status": (_PENDING, 0, "STATUS", "Pending"),
    "pending Key Usage": (_PENDING, 0, "CERTIFICATE_USAGE", "General Purpose"),
    "pending request fingerprint MD5": (
        _PENDING,
        0,
        "REQUEST_FINGERPRINT_MD5",
        "5E0A19C4 77B1D2E3 0F4A6B8C 9D2E1F30",
    ),
    "pending subject Name first": (_PENDING, 0, "SUBJECT_NAME", "r7.core.example.org"),
    "serial (hex)": (_IOS15, 0, "SERIAL_NUMBER", "1A"),
    "serial without (hex)": (_IOS12, 0, "SERIAL_NUMBER", "2F91C0A7000000000D12"),
    "serial 0x1": (_IOS12, 2, "SERIAL_NUMBER", "1"),
    "serial of 38 hex digits": (
        _SUDI,
        2,
        "SERIAL_NUMBER",
        "01B8A05E3C2D7F6091A4B7C8D9E0F1A2B3C4D5",
    ),
    "repeated ou kept in order": (
        _IOS15,
        0,
        "ISSUER",
        [
            "cn=Lab Issuing CA",
            "ou=PKI Operations",
            "ou=Network Security",
            "o=Example Corp",
            "l=Berlin",
            "st=BE",
            "c=DE",
        ],
    ),
    "multi-valued RDN": (
        _RA,
        2,
        "SUBJECT",
        ["serialNumber=9XVYC51FMT6+ipaddress=198.51.100.9+hostname=vpn-hub1.corp.example.com"],
    ),
    "multi-valued RDN hostname": (_RA, 2, "SUBJECT_HOSTNAME", "vpn-hub1.corp.example.com"),
    "subject IP Address line": (_PENDING, 0, "SUBJECT_IP", "192.0.2.17"),
    "subject Serial Number PID/SN": (
        _SUDI,
        0,
        "SUBJECT_SERIAL_NUMBER",
        "PID:C9600-SUP-1 SN:CAT2239L08K",
    ),
    "CN = x style": (_IOS12, 0, "ISSUER_CN", "Branch Issuing CA"),
    "OID = host subject line": (
        _IOS12,
        0,
        "SUBJECT",
        ["OID.1.2.840.113549.1.9.2 = edge1.branch.example.net"],
    ),
    "e= and dc=": (_RA, 0, "SUBJECT_E", "pki-team@example.com"),
    "several CRL distribution points incl. ldap": (
        _RA,
        0,
        "CRL_DISTRIBUTION_POINT",
        [
            "ldap:///CN=Corp%20Enterprise%20CA,CN=ca01,CN=CDP,CN=Public%20Key%20Services,CN=Services,CN=Configuration,DC=corp,DC=example,DC=com?certificateRevocationList?base?objectClass=cRLDistributionPoint",
            "http://pki.corp.example.com/CertEnroll/Corp%20Enterprise%20CA.crl",
        ],
    ),
    "singular CRL Distribution Point": (
        _IOS12,
        0,
        "CRL_DISTRIBUTION_POINT",
        ["http://ca.branch.example.net/CertEnroll/Branch%20Issuing%20CA.crl"],
    ),
    "several associated trustpoints": (
        _SUDI,
        1,
        "ASSOCIATED_TRUSTPOINTS",
        ["CISCO_IDEVID_SUDI", "CISCO_IDEVID_SUDI0", "Trustpool"],
    ),
    "singular Associated Trustpoint": (_PENDING, 0, "ASSOCIATED_TRUSTPOINTS", ["CORE-CA"]),
    "Storage": (_SUDI, 3, "STORAGE", "nvram:IOS-Self-Sig#1.cer"),
    "flush-left Cert install time": (_NOISE, 1, "INSTALL_TIME", "11:04:52 UTC Jan 2 2026"),
    "renew date": (_IOS15, 0, "RENEW_DATE", "09:14:01 CET Jan 1 2027"),
    "end   date with extra spaces, IST": (_PENDING, 1, "END_DATE", "06:30:00 IST Apr 1 2034"),
    "two blank lines between blocks": (_PENDING, 1, "CERTIFICATE_TYPE", "CA Certificate"),
    "unknown lines skipped": (_NOISE, 0, "STORAGE", "nvram:EdgeCA#5.cer"),
    "verbose version": (_VERBOSE_XE, 0, "VERSION", "3"),
    "verbose key algorithm": (_VERBOSE_XE, 0, "PUBLIC_KEY_ALGORITHM", "rsaEncryption"),
    "verbose RSA key size": (_VERBOSE_XE, 1, "KEY_SIZE", "4096"),
    "verbose ML-DSA key size in bytes": (_VERBOSE_MIX, 1, "KEY_SIZE_UNIT", "bytes"),
    "verbose signature algorithm": (
        _VERBOSE_XE,
        0,
        "SIGNATURE_ALGORITHM",
        "SHA256 with RSA Encryption",
    ),
    "verbose fingerprint SHA1": (
        _VERBOSE_XE,
        0,
        "FINGERPRINT_SHA1",
        "3F0A9C21 B77E4D58 0C6A1E92 D4B83F70 1E29C5A6",
    ),
    "verbose key usage names": (
        _VERBOSE_XE,
        1,
        "KEY_USAGE",
        ["Digital Signature", "Key Cert Sign", "CRL Signature"],
    ),
    "verbose 7-hex-digit key usage (12.4)": (_VERBOSE_MIX, 0, "KEY_USAGE_BITS", "8600000"),
    "verbose extended key usage names and OIDs": (
        _VERBOSE_XE,
        0,
        "EXTENDED_KEY_USAGE",
        ["Client Auth", "Server Auth", "1.3.6.1.5.5.8.2.2"],
    ),
    "verbose subject alternative names": (
        _VERBOSE_XE,
        0,
        "SUBJECT_ALT_NAME",
        ["DNS:r1.lab.example.com", "IP Address : 10.0.12.1"],
    ),
    "verbose basic constraints CA": (_VERBOSE_XE, 1, "BASIC_CONSTRAINTS_CA", "TRUE"),
    "verbose key label": (_VERBOSE_XE, 0, "KEY_LABEL", "LAB-TP.key"),
}


@pytest.mark.parametrize("variation", sorted(_VARIATIONS))
def test_variation(variation: str) -> None:
    (folder, sample), index, name, expected = _VARIATIONS[variation]
    command = folder.replace("_", " ")
    records = parse_output(command, (SAMPLES_DIR / folder / f"{sample}.raw").read_text())
    assert records[index][name] == expected
