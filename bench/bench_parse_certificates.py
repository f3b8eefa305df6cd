"""Time `parse_output` on generated `show crypto pki certificates [verbose]` of 200 certificates.

Run from the repository root:
`.venv/bin/python bench/bench_parse_certificates.py [--count N] [--runs N] [--profile]`.

Both outputs hold router and CA blocks (one CA block in every four); the verbose one adds what
IOS prints with `verbose` (version, key info, fingerprints, X509v3 extensions, key label). The
goal is under 50 ms per parse of 200 certificates for each output: best of several runs,
templates already compiled, as in a long-running controller process. The goal is judged on the
CPU time of the parse, which other processes on a shared machine do not inflate; the wall
time is printed beside it. Every run is checked against the values the generator wrote.
`--profile` prints the TextFSM rules that cost most on the verbose output. Exits 1 when a goal
is missed or a value is wrong.
"""

from __future__ import annotations

import argparse
import collections
import io
import statistics
import sys
import time
from pathlib import Path

import textfsm

REPO = Path(__file__).resolve().parents[1]
TEMPLATE = REPO / "parsers" / "cisco_ios_show_crypto_pki_certificates.textfsm"
GOAL_MS = 50.0
PLAIN = "show crypto pki certificates"
VERBOSE = "show crypto pki certificates verbose"


def _import_parse_output():
    link = REPO / "build" / "collections" / "ansible_collections" / "netpki" / "ios"
    if not link.exists():
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(REPO)
    sys.path.insert(0, str(REPO / "build" / "collections"))
    from ansible_collections.netpki.ios.plugins.plugin_utils._engine.facts import parse

    def parse_again(command: str, text: str) -> list[dict]:
        # parse_output keeps the records of the last outputs it parsed: time the parse itself.
        parse._parsed.cache_clear()
        return parse.parse_output(command, text)

    return parse_again


def _hex_groups(seed: int, words: int) -> str:
    # Fingerprints and key IDs as IOS prints them: 8-digit hex words, a trailing space.
    return (
        " ".join(f"{(seed * 2654435761 + n * 40503) & 0xFFFFFFFF:08X}" for n in range(words)) + " "
    )


def _router_block(index: int, verbose: bool) -> tuple[str, dict]:
    # A typical enrolled router certificate, varied per index so no two blocks are equal.
    host = f"r{index}.site{index % 17}.example.net"
    address = f"10.{index // 256}.{index % 256}.1"
    serial = f"{index + 0x1000:X}"
    second = f" 12:00:{index % 60:02d} UTC"
    subject_serial = f"    Serial Number: FTX{index:07d}\n" if index % 5 == 0 else ""
    lines = [
        "Certificate",
        "  Status: Available",
        *(["  Version: 3"] if verbose else []),
        f"  Certificate Serial Number (hex): {serial}",
        "  Certificate Usage: General Purpose",
        "  Issuer: ",
        f"    cn=Fleet Issuing CA {index % 3}",
        "    ou=Network PKI",
        "    o=Example Net",
        "    c=US",
        "  Subject:",
        f"    Name: {host}",
        f"    IP Address: {address}",
        subject_serial.rstrip("\n"),
        f"    cn={host}",
        f"    hostname={host}",
        f"    ipaddress={address}",
        "  CRL Distribution Points: ",
        f"    http://pki.example.net/crl/fleet{index % 3}.crl",
        "  Validity Date: ",
        f"    start date:{second} Jun 1 2026",
        f"    end   date:{second} Jun 1 2027",
        f"    renew date:{second} May 1 2027",
    ]
    expected = {
        "CERTIFICATE_TYPE": "Certificate",
        "SERIAL_NUMBER": serial,
        "SUBJECT_CN": host,
        "SUBJECT_IP": address,
        "ISSUER_OU": "Network PKI",
        "CRL_DISTRIBUTION_POINT": [f"http://pki.example.net/crl/fleet{index % 3}.crl"],
        "RENEW_DATE": f"{second.strip()} May 1 2027",
        "ASSOCIATED_TRUSTPOINTS": [f"FLEET-{index % 3}"],
    }
    if verbose:
        lines += [
            "  Subject Key Info:",
            "    Public Key Algorithm: rsaEncryption",
            "    RSA Public Key: (2048 bit)",
            "  Signature Algorithm: SHA256 with RSA Encryption",
            f"  Fingerprint MD5: {_hex_groups(index, 4)}",
            f"  Fingerprint SHA1: {_hex_groups(index + 7, 5)}",
            "  X509v3 extensions:",
            "    X509v3 Key Usage: A0000000",
            "      Digital Signature",
            "      Key Encipherment",
            f"    X509v3 Subject Key ID: {_hex_groups(index + 11, 5)}",
            f"    X509v3 Authority Key ID: {_hex_groups(index % 3, 5)}",
            "    Authority Info Access:",
            f"        CA ISSUERS: http://pki.example.net/aia/fleet{index % 3}.crt",
            "    X509v3 Subject Alternative Name:",
            f"        DNS:{host}",
            f"        IP Address : {address}",
            "    Extended Key Usage:",
            "        Client Auth",
            "        Server Auth",
            f"  Cert install time:{second} Jun 1 2026",
        ]
        expected |= {
            "FINGERPRINT_SHA1": _hex_groups(index + 7, 5).strip(),
            "KEY_SIZE": "2048",
            "KEY_USAGE_BITS": "A0000000",
            "KEY_USAGE": ["Digital Signature", "Key Encipherment"],
            "SUBJECT_ALT_NAME": [f"DNS:{host}", f"IP Address : {address}"],
            "EXTENDED_KEY_USAGE": ["Client Auth", "Server Auth"],
            "KEY_LABEL": f"FLEET-{index % 3}.key",
        }
    lines += [
        f"  Associated Trustpoints: FLEET-{index % 3} ",
        f"  Storage: nvram:FleetIssu#{serial}.cer",
        *([f"  Key Label: FLEET-{index % 3}.key"] if verbose else []),
    ]
    return "\n".join(line for line in lines if line) + "\n\n", expected


def _ca_block(index: int, verbose: bool) -> tuple[str, dict]:
    serial = f"{index + 0x7A000:X}"
    lines = [
        "CA Certificate",
        "  Status: Available",
        *(["  Version: 3"] if verbose else []),
        f"  Certificate Serial Number (hex): {serial}",
        "  Certificate Usage: Signature",
        "  Issuer: ",
        "    cn=Fleet Root CA",
        "    o=Example Net",
        "    c=US",
        "  Subject: ",
        f"    cn=Fleet Issuing CA {index % 3}",
        "    ou=Network PKI",
        "    o=Example Net",
        "    c=US",
        "  Validity Date: ",
        "    start date: 00:00:00 UTC Jan 1 2025",
        "    end   date: 00:00:00 UTC Jan 1 2035",
    ]
    expected = {
        "CERTIFICATE_TYPE": "CA Certificate",
        "SERIAL_NUMBER": serial,
        "SUBJECT_CN": f"Fleet Issuing CA {index % 3}",
        "ISSUER": ["cn=Fleet Root CA", "o=Example Net", "c=US"],
        "ASSOCIATED_TRUSTPOINTS": [f"FLEET-{index % 3}", "Trustpool"],
    }
    if verbose:
        lines += [
            "  Subject Key Info:",
            "    Public Key Algorithm: rsaEncryption",
            "    RSA Public Key: (4096 bit)",
            "  Signature Algorithm: SHA384 with RSA Encryption",
            f"  Fingerprint MD5: {_hex_groups(index + 3, 4)}",
            f"  Fingerprint SHA1: {_hex_groups(index + 5, 5)}",
            "  X509v3 extensions:",
            "    X509v3 Key Usage: 86000000",
            "      Digital Signature",
            "      Key Cert Sign",
            "      CRL Signature",
            f"    X509v3 Subject Key ID: {_hex_groups(index % 3, 5)}",
            "    X509v3 Basic Constraints:",
            "        CA: TRUE",
            f"    X509v3 Authority Key ID: {_hex_groups(99, 5)}",
            "    Authority Info Access:",
            "  Cert install time: 00:00:05 UTC Jan 2 2025",
        ]
        expected |= {
            "FINGERPRINT_MD5": _hex_groups(index + 3, 4).strip(),
            "SIGNATURE_ALGORITHM": "SHA384 with RSA Encryption",
            "KEY_USAGE": ["Digital Signature", "Key Cert Sign", "CRL Signature"],
            "BASIC_CONSTRAINTS_CA": "TRUE",
            "INSTALL_TIME": "00:00:05 UTC Jan 2 2025",
        }
    lines += [
        f"  Associated Trustpoints: FLEET-{index % 3} Trustpool ",
        f"  Storage: nvram:FleetRoot#{serial}CA.cer",
    ]
    return "\n".join(lines) + "\n\n", expected


def generated_output(count: int, verbose: bool = False) -> tuple[str, list[dict]]:
    """`count` certificate blocks (one CA block in every four) and the values each must give."""
    blocks = [
        _ca_block(i, verbose) if i % 4 == 3 else _router_block(i, verbose) for i in range(count)
    ]
    return "".join(text for text, _ in blocks), [expected for _, expected in blocks]


def _wrong_values(records: list[dict], expected: list[dict]) -> list[str]:
    if len(records) != len(expected):
        return [f"parsed {len(records)} records, expected {len(expected)}"]
    return [
        f"record {n} {name}: {record.get(name)!r} != {value!r}"
        for n, (record, wanted) in enumerate(zip(records, expected, strict=True))
        for name, value in wanted.items()
        if record.get(name) != value
    ]


def _time_ms(call, runs: int) -> dict[str, float]:
    cpu_ms, wall_ms = [], []
    for _ in range(runs):
        cpu, wall = time.process_time(), time.perf_counter()
        call()
        cpu_ms.append((time.process_time() - cpu) * 1000)
        wall_ms.append((time.perf_counter() - wall) * 1000)
    return {
        "cpu_best": min(cpu_ms),
        "cpu_median": statistics.median(cpu_ms),
        "wall_best": min(wall_ms),
        "wall_median": statistics.median(wall_ms),
    }


class _CountingFSM(textfsm.TextFSM):
    # Counts tries, matches and regex time per rule: the cost TextFSM pays line by line.
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.tries: collections.Counter = collections.Counter()
        self.matches: collections.Counter = collections.Counter()
        self.seconds: collections.Counter = collections.Counter()

    def _CheckRule(self, rule, line):  # noqa: N802 - TextFSM's hook name
        start = time.perf_counter()
        matched = rule.regex_obj.match(line)
        key = (self._cur_state_name, rule.line_num, rule.match)
        self.seconds[key] += time.perf_counter() - start
        self.tries[key] += 1
        self.matches[key] += matched is not None
        return matched


def _print_profile(text: str, top: int = 15) -> None:
    fsm = _CountingFSM(io.StringIO(TEMPLATE.read_text()))
    fsm.ParseText(text)
    lines = text.count("\n")
    total = sum(fsm.tries.values())
    print(f"profile: {total} rule tries for {lines} lines ({total / lines:.1f} per line)")
    print(f"{'tries':>7} {'matches':>7} {'regex ms':>8}  state:line rule")
    for key, tries in fsm.tries.most_common(top):
        state, line_num, regex = key
        print(
            f"{tries:7d} {fsm.matches[key]:7d} {fsm.seconds[key] * 1000:8.2f}"
            f"  {state}:{line_num} {regex[:70]}"
        )


def _bench(parse_output, command: str, text: str, expected: list[dict], runs: int) -> bool:
    wrong = _wrong_values(parse_output(command, text), expected)  # the warm-up compiles too
    for problem in wrong[:10]:
        print(f"WRONG {command!r}: {problem}")
    timing = _time_ms(lambda: parse_output(command, text), runs)
    met = not wrong and timing["cpu_best"] < GOAL_MS
    print(
        f"{command:<37} {len(expected)} certs {text.count(chr(10)):6d} lines  "
        f"cpu best {timing['cpu_best']:6.1f} ms median {timing['cpu_median']:6.1f}  "
        f"wall best {timing['wall_best']:6.1f} median {timing['wall_median']:6.1f}  "
        f"goal < {GOAL_MS:.0f} ms: {'met' if met else 'MISSED'}"
    )
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--profile", action="store_true", help="per-rule cost, verbose output")
    args = parser.parse_args()

    parse_output = _import_parse_output()
    outputs = {
        command: generated_output(args.count, verbose=command == VERBOSE)
        for command in (PLAIN, VERBOSE)
    }
    if args.profile:
        _print_profile(outputs[VERBOSE][0])
    results = [
        _bench(parse_output, command, text, expected, args.runs)
        for command, (text, expected) in outputs.items()
    ]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
