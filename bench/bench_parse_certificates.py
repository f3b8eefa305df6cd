"""Time `parse_output` on a generated `show crypto pki certificates` of 200 certificates.

Run from the repository root: `.venv/bin/python bench/bench_parse_certificates.py [--count N]`.
The goal is under 50 ms per parse of 200 certificates (best of several runs, templates
already compiled, as in a long-running controller process). Exits 1 when the goal is missed.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

import textfsm

REPO = Path(__file__).resolve().parents[1]
GOAL_MS = 50.0


def _import_parse_output():
    link = REPO / "build" / "collections" / "ansible_collections" / "netpki" / "ios"
    if not link.exists():
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(REPO)
    sys.path.insert(0, str(REPO / "build" / "collections"))
    from ansible_collections.netpki.ios.plugins.plugin_utils.parse import parse_output

    return parse_output


def _time_ms(call, runs: int) -> tuple[float, float]:
    timings_ms = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        timings_ms.append((time.perf_counter() - start) * 1000)
    return min(timings_ms), statistics.median(timings_ms)


def _template_alone(text: str):
    # The template through TextFSM without clitable, to tell template cost from table cost.
    template = REPO / "parsers" / "cisco_ios_show_crypto_pki_certificates.textfsm"
    source = template.read_text()

    def parse() -> list[dict]:
        return textfsm.TextFSM(io.StringIO(source)).ParseTextToDicts(text)

    return parse


def _router_block(index: int) -> str:
    # A typical enrolled router certificate, varied per index so no two blocks are equal.
    host = f"r{index}.site{index % 17}.example.net"
    return f"""Certificate
  Status: Available
  Certificate Serial Number (hex): {index + 0x1000:X}
  Certificate Usage: General Purpose
  Issuer:
    cn=Fleet Issuing CA {index % 3}
    ou=Network PKI
    o=Example Net
    c=US
  Subject:
    Name: {host}
    IP Address: 10.{index // 256}.{index % 256}.1
    cn={host}
    hostname={host}
  CRL Distribution Points:
    http://pki.example.net/crl/fleet{index % 3}.crl
  Validity Date:
    start date: 12:00:{index % 60:02d} UTC Jun 1 2026
    end   date: 12:00:{index % 60:02d} UTC Jun 1 2027
    renew date: 12:00:{index % 60:02d} UTC May 1 2027
  Associated Trustpoints: FLEET-{index % 3}
  Storage: nvram:FleetIssu#{index + 0x1000:X}.cer

"""


def _ca_block(index: int) -> str:
    return f"""CA Certificate
  Status: Available
  Certificate Serial Number (hex): {index + 0x7A000:X}
  Certificate Usage: Signature
  Issuer:
    cn=Fleet Root CA
    o=Example Net
    c=US
  Subject:
    cn=Fleet Issuing CA {index % 3}
    ou=Network PKI
    o=Example Net
    c=US
  Validity Date:
    start date: 00:00:00 UTC Jan 1 2025
    end   date: 00:00:00 UTC Jan 1 2035
  Associated Trustpoints: FLEET-{index % 3} Trustpool

"""


def generated_output(count: int) -> str:
    """`count` certificate blocks, one CA block in every four."""
    return "".join(_ca_block(i) if i % 4 == 3 else _router_block(i) for i in range(count))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()

    parse_output = _import_parse_output()
    text = generated_output(args.count)
    records = parse_output("show crypto pki certificates", text)  # warm-up compiles templates
    if len(records) != args.count:
        print(f"FAIL: parsed {len(records)} records, expected {args.count}")
        return 1

    best, median = _time_ms(lambda: parse_output("show crypto pki certificates", text), args.runs)
    alone_best, alone_median = _time_ms(_template_alone(text), args.runs)
    print(f"{args.count} certificates, {text.count(chr(10))} lines")
    print(f"parse_output:            best {best:.1f} ms, median {median:.1f} ms")
    print(f"template through TextFSM: best {alone_best:.1f} ms, median {alone_median:.1f} ms")
    print(f"goal < {GOAL_MS:.0f} ms for parse_output: {'met' if best < GOAL_MS else 'MISSED'}")
    return 0 if best < GOAL_MS else 1


if __name__ == "__main__":
    sys.exit(main())
