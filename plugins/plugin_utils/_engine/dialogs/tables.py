"""The interactive IOS PKI commands, one table each (the wording is in
``reference/ios-pki-cli-facts.md``; IOS 15 and IOS-XE forms side by side).

Patterns are MULTILINE regexes matched on cleaned text (no syslog, no pager, wraps joined
where needed). Answers with a ``var`` take the per-call value from ``answers``; the helpers at
the bottom build those dicts from module options.
"""

from __future__ import annotations

import re

from ..errors import DeviceConnectionError
from ..ios_errors import REFUSED
from .engine import Answer, Decide, DialogTable, Fail, Paste, Rule

_SP = r"[ \t]*"  # prompts end with a trailing space, or none


def _yes_no(question: str) -> str:
    return question + r"\s*\[yes/no\]:" + _SP


def _paste_prompt(first: str, second: str) -> str:
    # IOS-XE prints blank lines around the paste instructions.
    return first + r"\s*\n\s*" + second


COMMON_FAILURES: tuple[Rule, ...] = (
    Rule(r"^[ \t]*% ?Error\b[^\n]*", Fail("the router reported an error")),
    Rule(r"^[ \t]*% ?Failed\b[^\n]*", Fail("the router reported a failure")),
    Rule(r"^[ \t]*%[^\n]*\b(?:failed|FAILED)\b[^\n]*", Fail("the router reported a failure")),
    Rule(
        r"% Please delete your existing CA certificate first\.",
        Fail("a CA certificate is already installed in this trustpoint"),
    ),
    Rule(r"Trustpoint CA certificate is rejected\.", Fail("the router rejected the CA")),
    Rule(r"Trustpoint fingerprint must be supplied\.", Fail("the router requires a pinned CA")),
    *(
        Rule(rf"% ?{re.escape(word)}[^\n]*", Fail("the router refused the command"))
        for word in REFUSED
    ),
    Rule(r"% Bad interface or address[^\n]*", Fail("the router refused the IP address")),
    Rule(r"% Please define a domain-name first\.", Fail("the router has no domain name")),
    Rule(r"% You must authenticate the Certificate Authority[^\n]*", Fail("CA not authenticated")),
    Rule(r"% Trustpoint \S+ not found[^\n]*", Fail("no such trustpoint")),
    Rule(r"^CRYPTO_PKI: [^\n]*(?:[Ff]ail|[Ee]rror)[^\n]*", Fail("the router reported a failure")),
)

_SECRET_REJECTED = Fail(
    "enable secret rejected: check ansible_become_password", error=DeviceConnectionError
)

# IOS asks `Password:` again (three times) for a wrong secret, then prints `% Bad secrets`.
# The re-asks get an empty answer, so the router itself ends the dialog with that line.
ENABLE = DialogTable(
    name="enable",
    rules=(
        Rule(r"^[ \t]*Password:" + _SP, Answer(var="secret")),
        Rule(r"^[ \t]*Password:" + _SP, Answer(text=""), times=2),
        Rule(r"% Bad secrets", _SECRET_REJECTED),
        Rule(r"% No password set", Fail("the router has no enable secret", DeviceConnectionError)),
    ),
    secret_vars=frozenset({"secret"}),
    require_success=False,
)

_KEY_REPLACE: tuple[Rule, ...] = (
    Rule(
        r"% You already have (?P<existing_type>RSA|EC) keys defined named "
        r"(?P<existing_label>\S+)\.[ \t]*$"
    ),
    Rule(_yes_no(r"% Do you really want to replace them\?"), Answer(var="replace")),
)

KEY_GENERATE = DialogTable(
    name="crypto key generate",
    rules=(
        Rule(r"How many bits in the modulus \[\d+\]:" + _SP, Answer(var="modulus")),
        *_KEY_REPLACE,
        Rule(r"% They will be replaced\."),
        Rule(r"The (?:EC )?key modulus size is (?P<modulus_size>\d+) bits"),
        Rule(r"% Generating (?P<generated_bits>\d+) bit (?:RSA|EC) keys[^\n]*", success=True),
        Rule(r"^\[OK\][^\n]*", success=True),
        *COMMON_FAILURES,
    ),
    applies_once_accepted=True,
)

# EC keys: IOS prints the key name (or asks to replace) and returns to its prompt, with no
# `% Generating` and no `[OK]`. Success is the prompt back without a `%` message; the caller
# then finds the key in `show crypto key mypubkey`.
KEY_GENERATE_EC = DialogTable(
    name="crypto key generate ec",
    rules=(
        Rule(r"The name for the keys will be: (?P<key_name>\S+)"),
        *_KEY_REPLACE,
        *COMMON_FAILURES,
        Rule(r"^[ \t]*%[^\n]*", Fail("the router printed an unexpected message")),
    ),
    require_success=False,
    applies_once_accepted=True,
)

KEY_ZEROIZE = DialogTable(
    name="crypto key zeroize",
    rules=(
        Rule(r"% Keys to be removed are named '(?P<removed_label>[^'\n]+)'\."),
        Rule(r"% All router certs issued using these keys will also be removed\."),
        Rule(_yes_no(r"Do you really want to remove these keys\?"), Answer("yes"), success=True),
        Rule(r"% No [^\n]*[Kk]eys found[^\n]*", Fail("no such key pair")),
        *COMMON_FAILURES,
    ),
    require_success=False,
)

_DISPLAYED_FINGERPRINTS: tuple[Rule, ...] = (
    Rule(r"Certificate has the following attributes:"),
    Rule(r"Trustpoint Fingerprint:[ \t]*(?P<trustpoint_fingerprint>[0-9A-Fa-f: ]+?)[ \t]*$"),
)

CA_AUTHENTICATE = DialogTable(
    name="crypto pki authenticate",
    rules=(
        Rule(
            _paste_prompt(
                r"Enter the base 64 encoded CA certificate\.",
                r'End with a blank line or the word "quit" on a line by itself',
            ),
            Paste(var="ca_certificate"),
        ),
        *_DISPLAYED_FINGERPRINTS,
        Rule(_yes_no(r"(?:% )?Do you accept this certificate\?"), Decide("fingerprint")),
        Rule(r"Certificate validated - fingerprints matched\.", success=True),
        Rule(r"Trustpoint CA certificate accepted\.", success=True),
        Rule(r"% Certificate successfully imported", success=True),
        *COMMON_FAILURES,
    ),
)

_SUBJECT_NOTE = r"% The subject name in the certificate will "
_IP_ADDRESS_NOTE = Rule(r"% The IP address in the certificate is (?P<ip_address>[0-9.]+)")

_ENROLL_SUBJECT_NOTES: tuple[Rule, ...] = (
    # IOS-XE prints two of these: the DN (attributes, so an `=`), then the host name; older
    # IOS one `will be:` line with the host name.
    Rule(_SUBJECT_NOTE + r"include: ?(?P<subject_name>[^\n]*=[^\n]*)\n"),
    Rule(_SUBJECT_NOTE + r"(?:include|be): ?(?P<subject_hostname>[^\n=]*)\n"),
    Rule(r"% The serial number in the certificate will be: ?(?P<serial_number>\S+)"),
    _IP_ADDRESS_NOTE,
)

_ENROLL_SUBJECT_QUESTIONS: tuple[Rule, ...] = (
    Rule(
        _yes_no(r"% Include the router serial number in the subject name\?"),
        Answer(var="include_serial"),
    ),
    Rule(
        r"% Include an IP address in the subject name\? \[no\]:" + _SP,
        Answer(var="include_ip"),
    ),
    Rule(r"Enter Interface name or IP Address\[\]:" + _SP, Answer(var="ip_address")),
)

CSR_CAPTURE = (
    r"Certificate Request follows:[ \t]*\n(?P<csr>(?s:.*?))\n?[ \t]*"
    r"---End - This line not part of the certificate request---"
)

ENROLL = DialogTable(
    name="crypto pki enroll",
    rules=(
        Rule(
            r"Trustpoint (?P<enrolled_trustpoint>\S+) has already enrolled and has a router "
            r"cert issued to it\."
        ),
        Rule(_yes_no(r"Do you want to continue with re-enrollment\?"), Answer(var="reenroll")),
        # Self-signed: "only one per router", and IOS asks before replacing it.
        Rule(r"^[^\n]*[Rr]eplace[^\n]*\[yes/no\]:" + _SP, Answer(var="replace")),
        Rule(r"% Start certificate enrollment"),
        Rule(r"^[ \t]*Password:" + _SP, Answer(var="challenge_password")),
        Rule(r"^[ \t]*Re-enter password:" + _SP, Answer(var="challenge_password")),
        *_ENROLL_SUBJECT_NOTES,
        *_ENROLL_SUBJECT_QUESTIONS,
        Rule(_yes_no(r"Request certificate from CA\?"), Answer("yes", var="request")),
        Rule(r"% Certificate request sent to Certificate Authority", success=True),
        Rule(_yes_no(r"Display Certificate Request to terminal\?"), Answer("yes")),
        Rule(CSR_CAPTURE, success=True),
        Rule(_yes_no(r"Redisplay enrollment request\?"), Answer("no")),
        Rule(_yes_no(r"Generate Self Signed Router Certificate\?"), Answer("yes")),
        Rule(r"Router Self Signed Certificate successfully created", success=True),
        *COMMON_FAILURES,
    ),
    secret_vars=frozenset({"challenge_password"}),
)

IMPORT_CERTIFICATE = DialogTable(
    name="crypto pki import certificate",
    rules=(
        _IP_ADDRESS_NOTE,
        Rule(
            _paste_prompt(
                r"Enter the base 64 encoded certificate\.",
                r'End with a blank line or the word "quit" on a line by itself',
            ),
            Paste(var="certificate"),
        ),
        Rule(r"% (?:Router|Switch) Certificate successfully imported", success=True),
        *COMMON_FAILURES,
    ),
)

IMPORT_PEM = DialogTable(
    name="crypto pki import pem",
    rules=(
        Rule(
            _paste_prompt(
                r"% Enter PEM-formatted CA certificate\.",
                r'% End with a blank line or "quit" on a line by itself\.',
            ),
            Paste(var="ca_certificate"),
        ),
        Rule(
            _paste_prompt(
                r"% Enter PEM-formatted encrypted private (?:General Purpose|Signature|"
                r"Encryption) key\.",
                r'% End with "quit" on a line by itself\.',
            ),
            Paste(var="private_key", keep_blank_lines=True),
        ),
        Rule(
            _paste_prompt(
                r"% Enter PEM-formatted (?:General Purpose|Signature|Encryption) certificate\.",
                r'% End with a blank line or "quit" on a line by itself\.',
            ),
            Paste(var="certificate"),
        ),
        Rule(r"% PEM files import succeeded\.", success=True),
        *COMMON_FAILURES,
    ),
    secret_vars=frozenset({"private_key", "passphrase"}),
)

IMPORT_PKCS12 = DialogTable(
    name="crypto pki import pkcs12",
    rules=(
        Rule(r"% Importing pkcs12\.\.\."),
        # The file copy asks for what the URL lacks (or to confirm it): answered from the URL
        # the user gave, never with a bare Enter that would take the router's guess.
        Rule(r"Address or name of remote host \[[^\]\n]*\]\?" + _SP, Answer(var="remote_host")),
        Rule(r"Source filename \[[^\]\n]*\]\?" + _SP, Answer(var="source_filename")),
        Rule(r"^Reading file from \S+"),
        Rule(r"^\[OK - (?P<bytes_read>\d+) bytes\]"),
        Rule(r"CRYPTO_PKI: Imported PKCS12 file successfully\.", success=True),
        *COMMON_FAILURES,
    ),
    secret_vars=frozenset({"passphrase"}),
)

TRUSTPOINT_REMOVE = DialogTable(
    name="no crypto pki trustpoint",
    rules=(
        Rule(r"% Removing an enrolled trustpoint will destroy all certificates"),
        Rule(_yes_no(r"Are you sure you want to do this\?"), Answer("yes")),
        Rule(r"% Be sure to ask the CA administrator to revoke your certificates\."),
        *COMMON_FAILURES,
    ),
    require_success=False,
)


# `no certificate [ca] SERIAL` inside `crypto pki certificate chain TP`; some releases confirm.
CHAIN_CERTIFICATE_REMOVE = DialogTable(
    name="no certificate",
    rules=(
        Rule(_yes_no(r"[^\n]*[Aa]re you sure you want to remove the certificate"), Answer("yes")),
        *COMMON_FAILURES,
    ),
    require_success=False,
)

# `no shutdown` in `crypto pki server NAME`: the first start asks for the passphrase that
# protects the CA's key (twice); a server that has its CA starts without asking.
CERT_SERVER_START = DialogTable(
    name="no shutdown (crypto pki server)",
    rules=(
        Rule(r"%Some server settings cannot be changed after CA certificate generation\."),
        Rule(r"% Please enter a passphrase to protect the private key"),
        Rule(r"^[ \t]*Password:" + _SP, Answer(var="passphrase")),
        Rule(r"^[ \t]*Re-enter password:" + _SP, Answer(var="passphrase")),
        Rule(r"% Generating \d+ bit RSA keys[^\n]*"),
        Rule(r"% Certificate Server enabled\.", success=True),
        Rule(r"Certificate server 'no shut' event has been queued for processing\.", success=True),
        Rule(r"% Password mismatch[^\n]*", Fail("the router refused the passphrase")),
        *COMMON_FAILURES,
    ),
    secret_vars=frozenset({"passphrase"}),
)

# `no crypto pki server NAME` asks before deleting the CA (the prompt genielibs'
# `unconfigure_crypto_pki_server` answers).
CERT_SERVER_REMOVE = DialogTable(
    name="no crypto pki server",
    rules=(
        Rule(
            _yes_no(
                r"CA certificate, Keypair, CRL and database files will be deleted\. "
                r"Do you wish to continue\?"
            ),
            Answer("yes"),
        ),
        Rule(r"% Certificate server '[^'\n]*' is not known", Fail("no such certificate server")),
        *COMMON_FAILURES,
    ),
    require_success=False,
)

# ---------------------------------------------------------------- per-call answers


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def key_generate_table(kind: str) -> DialogTable:
    """The table for ``crypto key generate rsa|ec``."""
    return KEY_GENERATE_EC if kind == "ec" else KEY_GENERATE


def key_generate_answers(modulus: int | None = None, replace: bool = False) -> dict[str, str]:
    answers = {"replace": _yes(replace)}
    if modulus is not None:
        answers["modulus"] = str(modulus)
    return answers


def pkcs12_answers(passphrase: str, host: str | None, file: str) -> dict[str, str]:
    """Answers for ``IMPORT_PKCS12``; a file system path has no host to give."""
    answers = {"passphrase": passphrase, "source_filename": file}
    if host:
        answers["remote_host"] = host
    return answers


def enroll_answers(
    *,
    include_serial: bool | None = False,
    ip_address: str | bool | None = False,
    challenge_password: str | None = None,
    reenroll: bool = False,
    replace: bool = False,
) -> dict[str, str]:
    """Answers for ``ENROLL``. ``include_serial=None`` leaves the serial question unanswered
    (the dialog then aborts if asked); ``ip_address`` is an interface, an address or false;
    no challenge password answers the password prompts with Enter (none set)."""
    answers = {
        "reenroll": _yes(reenroll),
        "replace": _yes(replace),
        "challenge_password": challenge_password or "",
        "include_ip": _yes(bool(ip_address)),
    }
    if include_serial is not None:
        answers["include_serial"] = _yes(include_serial)
    if isinstance(ip_address, str) and ip_address:
        answers["ip_address"] = ip_address
    return answers
