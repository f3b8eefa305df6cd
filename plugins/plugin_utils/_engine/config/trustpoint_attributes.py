"""The attributes of ``crypto pki trustpoint`` blocks, one ``Line`` each, as IOS prints them.

Adding an attribute is one entry here (then ``make generate``); see ``attributes.py``.
"""

from __future__ import annotations

from .. import validate as v
from .attributes import Group, Line, Option, Table
from .type7 import device_password


def _fingerprint(value: str) -> str:
    return "".join(value.split()).upper()


def _words(keywords: str) -> str:
    return r"\s+".join(keywords.split())


def _flag(path: str, prefix: str, keyword: str, doc: str) -> Line:
    """A keyword line, there (true) or not: ``enrollment selfsigned``."""
    name = Option(path).value_name
    return Line(
        (Option(path, "bool", doc, value=keyword),),
        f" {prefix} {keyword}",
        read=rf"{_words(prefix)}\s+${{{name}}}",
        when=f"tp.{path}",
    )


def _word(path: str, keyword: str, doc, rule=None, value=r"\S+", when="", **spec) -> Line:
    """A ``KEYWORD VALUE`` line: ``fqdn r1.example.com``."""
    name = Option(path).value_name
    jinja = "tp." + path
    return Line(
        (Option(path, doc=doc, rule=rule, value=value, **spec),),
        f" {keyword} {{{{ {jinja} }}}}",
        read=rf"{_words(keyword)}\s+${{{name}}}",
        when=when or jinja,
    )


_URL_DOC = (
    "C(enrollment url). SCEP over V(http://) or V(https://), or a file location for "
    "manual enrollment (V(tftp://), V(ftp://), V(scp://), or an IOS file system such "
    "as V(flash:) or V(bootflash:certs/)). IPv6 literals go in brackets, as in "
    "V(http://[2001:db8::10]:8080)."
)

TRUSTPOINT_TABLE = Table(
    keyword="crypto pki trustpoint",
    variable="tp",
    state="Trustpoint",
    name=Option(
        "name",
        doc="Trustpoint name (C(crypto pki trustpoint NAME)). One word.",
        required=True,
        rule=v.ios_name,
    ),
    groups=(
        Group(
            "enrollment",
            (
                "How the router obtains its certificate. O(config[].enrollment.url), "
                "O(config[].enrollment.terminal), O(config[].enrollment.selfsigned), "
                "O(config[].enrollment.pkcs12) and O(config[].enrollment.profile) exclude each "
                "other.",
            ),
            rules={"mutually_exclusive": [["url", "terminal", "selfsigned", "pkcs12", "profile"]]},
        ),
        Group(
            "rsakeypair",
            "C(rsakeypair LABEL [MODULUS [ENCRYPTION_MODULUS]]), the RSA key pair used.",
            rules={"no_log": False, "required_by": {"encryption_modulus": ["modulus"]}},
        ),
        Group(
            "auto_enroll",
            "C(auto-enroll [PERCENT] [regenerate]), automatic enrollment and renewal.",
        ),
        Group("ocsp", "How the router asks an OCSP server whether a certificate is revoked."),
    ),
    lines=(
        Line(
            (
                Option(
                    "enrollment.terminal",
                    "bool",
                    "C(enrollment terminal), manual cut-and-paste enrollment.",
                    value="terminal",
                ),
                Option(
                    "enrollment.pem",
                    "bool",
                    "With O(config[].enrollment.terminal), C(enrollment terminal pem) (PEM "
                    "framing).",
                    value="pem",
                ),
            ),
            " enrollment terminal{% if tp.enrollment.pem %} pem{% endif %}",
            read=r"enrollment\s+${ENROLLMENT_TERMINAL}(?:\s+${ENROLLMENT_PEM})?",
            when="tp.enrollment.terminal",
        ),
        _flag(
            "enrollment.selfsigned",
            "enrollment",
            "selfsigned",
            "C(enrollment selfsigned), a persistent self-signed certificate.",
        ),
        _flag(
            "enrollment.pkcs12",
            "enrollment",
            "pkcs12",
            "C(enrollment pkcs12), certificates imported from a PKCS#12 file.",
        ),
        _word(
            "enrollment.profile",
            "enrollment profile",
            (
                "C(enrollment profile NAME), enroll through an enrollment profile "
                "(see M(netpki.ios.enrollment_profiles)).",
            ),
            rule=v.ios_name,
        ),
        _flag(
            "enrollment.mode_ra",
            "enrollment",
            "mode ra",
            "C(enrollment mode ra), the CA is behind a registration authority.",
        ),
        _word(
            "enrollment.retry_period",
            "enrollment retry period",
            "C(enrollment retry period), minutes between SCEP polls (1-60).",
            rule=v.int_range(1, 60),
            value=r"\d+",
            when="tp.enrollment.retry_period is not none",
            type="int",
        ),
        _word(
            "enrollment.retry_count",
            "enrollment retry count",
            "C(enrollment retry count), SCEP polls before giving up (1-100).",
            rule=v.int_range(1, 100),
            value=r"\d+",
            when="tp.enrollment.retry_count is not none",
            type="int",
        ),
        _word("enrollment.url", "enrollment url", (_URL_DOC,), rule=v.url),
        _word(
            "enrollment.http_proxy",
            "enrollment http-proxy",
            "C(enrollment http-proxy HOST PORT).",
            rule=v.cli_text,
            value=r"\S+(?:\s+\d+)?",
        ),
        Line(
            (
                Option(
                    "serial_number",
                    "bool",
                    (
                        "V(true) renders C(serial-number) (the router serial number goes in the "
                        "request), V(false) renders C(serial-number none) (no serial number, no "
                        "question at enrollment). Leave it out to have IOS ask at enrollment "
                        "time.",
                    ),
                    value=r"serial-number(?:\s+none)?",
                ),
            ),
            " serial-number{% if not tp.serial_number %} none{% endif %}",
            read="${SERIAL_NUMBER}",
            when="tp.serial_number is not none",
        ),
        _word(
            "fqdn",
            "fqdn",
            "C(fqdn), the fully qualified domain name in the request, or V(none).",
            rule=v.fqdn,
        ),
        _word(
            "ip_address",
            "ip-address",
            "C(ip-address), an IPv4/IPv6 address, an interface name, or V(none).",
            rule=v.address_or_interface,
            value=r"\S+(?:\s+\S+)?",
        ),
        _word(
            "password",
            "password",
            (
                "C(password), the challenge password sent with SCEP requests (so IOS does not "
                "ask for one). Never shown. The router stores it as type 7, which the module "
                "decodes to compare, and every result masks it.",
            ),
            rule=v.secret_word,
            value=r"\S+(?:\s+\S+)?",
            no_log=True,
            from_device=device_password,
        ),
        _word(
            "fingerprint",
            "fingerprint",
            (
                "C(fingerprint), the CA certificate fingerprint pinned in the trustpoint (MD5 "
                "or SHA1 in hex). Spaces, colons and case do not matter; it is sent as "
                "uppercase hex.",
                "IOS compares this line only with the MD5 and SHA1 of the CA it receives, so a "
                "SHA256, SHA384 or SHA512 value is refused before connecting; pin those with "
                "O(netpki.ios.ca_authenticate#module:fingerprint), which verifies them itself.",
            ),
            rule=v.fingerprint,
            value=r"[0-9A-Fa-f]+(?:\s+[0-9A-Fa-f]+)*",
            from_device=_fingerprint,
        ),
        _word(
            "subject_name",
            "subject-name",
            (
                "C(subject-name), the X.500 subject requested, such as "
                "V(CN=r1.example.com, O=Example, C=US).",
            ),
            rule=v.distinguished_name,
            value=r"\S.*?",
        ),
        _word(
            "subject_alt_name",
            "subject-alt-name",
            "C(subject-alt-name), a DNS name added as subject alternative name.",
            rule=v.fqdn,
        ),
        Line(
            (
                Option(
                    "usage",
                    "list",
                    "C(usage), what the certificate is for.",
                    value=r"\S+(?:\s+\S+)*?",
                    elements="str",
                    choices=("ike", "ssl-client", "ssl-server"),
                ),
            ),
            " usage {{ tp.usage | join(' ') }}",
            read=r"usage\s+${USAGE}",
            when="tp.usage",
        ),
        _word(
            "source_interface",
            "source interface",
            "C(source interface), the interface whose address sources CA traffic.",
            rule=v.interface_name,
            value=r"\S+(?:\s+\S+)?",
        ),
        _word("vrf", "vrf", "C(vrf), the VRF used to reach the CA.", rule=v.ios_name),
        Line(
            (
                Option(
                    "revocation_check",
                    "list",
                    "C(revocation-check), the methods in order of preference.",
                    value=r"\S+(?:\s+\S+)*?",
                    elements="str",
                    choices=("crl", "ocsp", "none"),
                ),
            ),
            " revocation-check {{ tp.revocation_check | join(' ') }}",
            read=r"revocation-check\s+${REVOCATION_CHECK}",
            when="tp.revocation_check",
        ),
        _word(
            "ocsp.url",
            "ocsp url",
            (
                "C(ocsp url), the OCSP server to ask, instead of the one the certificate names "
                "in its Authority Info Access extension (with O(config[].revocation_check) "
                "V(ocsp)). An V(http://) URL.",
            ),
            rule=v.url_of_scheme("http"),
        ),
        Line(
            (
                Option("rsakeypair.label", doc="Key label.", required=True, rule=v.ios_name),
                Option(
                    "rsakeypair.modulus",
                    "int",
                    "Modulus in bits (360-4096) for keys generated at enrollment.",
                    rule=v.int_range(360, 4096),
                    value=r"\d+",
                ),
                Option(
                    "rsakeypair.encryption_modulus",
                    "int",
                    "Encryption key modulus for usage keys (needs O(config[].rsakeypair.modulus)).",
                    rule=v.int_range(360, 4096),
                    value=r"\d+",
                ),
            ),
            " rsakeypair {{ tp.rsakeypair.label }}{% if tp.rsakeypair.modulus %} "
            "{{ tp.rsakeypair.modulus }}{% if tp.rsakeypair.encryption_modulus %} "
            "{{ tp.rsakeypair.encryption_modulus }}{% endif %}{% endif %}",
            read=r"rsakeypair\s+${RSAKEYPAIR_LABEL}(?:\s+${RSAKEYPAIR_MODULUS}"
            r"(?:\s+${RSAKEYPAIR_ENCRYPTION_MODULUS})?)?",
            when="tp.rsakeypair.label",
        ),
        _word(
            "eckeypair",
            "eckeypair",
            "C(eckeypair LABEL), the EC key pair used. Excludes O(config[].rsakeypair).",
            rule=v.ios_name,
            no_log=False,
        ),
        _word(
            "storage",
            "storage",
            (
                "C(storage), where certificates are kept, an IOS file system location such as "
                "V(flash:certs).",
            ),
            rule=v.filesystem,
        ),
        _word(
            "hash",
            "hash",
            "C(hash), the signature hash of the certificate request.",
            choices=("md5", "sha1", "sha256", "sha384", "sha512"),
        ),
        Line(
            (
                Option(
                    "auto_enroll.enabled",
                    "bool",
                    "V(false) removes C(auto-enroll).",
                    value="auto-enroll",
                    default=True,
                ),
                Option(
                    "auto_enroll.percent",
                    "int",
                    "Renew when this percentage of the certificate lifetime has passed (10-100).",
                    rule=v.int_range(10, 100),
                    value=r"\d+",
                ),
                Option(
                    "auto_enroll.regenerate",
                    "bool",
                    "Generate a new key pair at renewal.",
                    value="regenerate",
                ),
            ),
            " auto-enroll{% if tp.auto_enroll.percent %} {{ tp.auto_enroll.percent }}{% endif %}"
            "{% if tp.auto_enroll.regenerate %} regenerate{% endif %}",
            read=r"${AUTO_ENROLL_ENABLED}(?:\s+${AUTO_ENROLL_PERCENT})?"
            r"(?:\s+${AUTO_ENROLL_REGENERATE})?",
            when="tp.auto_enroll.enabled",
        ),
        Line(
            (
                Option(
                    "regenerate",
                    "bool",
                    "C(regenerate), make a new key pair at each manual enrollment.",
                    value="regenerate",
                ),
            ),
            " regenerate",
            read="${REGENERATE}",
            when="tp.regenerate",
        ),
    ),
    block_rules={"mutually_exclusive": [["rsakeypair", "eckeypair"]]},
    template_comment=(
        "One `crypto pki trustpoint` block. `tp` is complete: every option present, None when "
        "unset.\n   Generated from config/trustpoint_attributes.py by `make generate`."
    ),
    parser_comment=(
        "Reads every `crypto pki trustpoint` block out of running-config text: the whole config "
        "or\nany `| section` of it. Other blocks are skipped. One record per trustpoint. A "
        "value's name is\nits option path in netpki.ios.trustpoints, upper-cased and joined "
        "with `_`.\nGenerated from plugins/plugin_utils/_engine/config/trustpoint_attributes.py "
        "by `make generate`."
    ),
)
