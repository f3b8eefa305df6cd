"""`python -m mockios ca ...`: the lab CA seen from outside, like an external CA's console."""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from mockios import clock

from . import scep
from .ios_format import fingerprints
from .lab_ca import LabCA
from .lab_url import lab_ca_dir

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("ca", help="the lab CA: certificates, signing, grants")
    parser.add_argument("--state-dir", required=True, type=Path, help="simulator state dir")
    parser.add_argument(
        "--clock-offset", help="move the lab's clock first: +9d, -2h (see `mockios clock`)"
    )
    actions = parser.add_subparsers(dest="ca_action", required=True)
    cert = actions.add_parser("cert", help="print the issuing CA certificate (PEM)")
    cert.add_argument("--root", action="store_true", help="the root CA instead")
    cert.add_argument("--chain", action="store_true", help="issuing then root")
    prints = actions.add_parser("fingerprints", help="MD5/SHA1/SHA256 of the CA certificate")
    prints.add_argument("--root", action="store_true", help="the root CA instead")
    sign = actions.add_parser("sign", help="sign a CSR (PEM or bare base64) like an external CA")
    sign.add_argument("--csr", required=True, type=Path, help="CSR file, '-' for stdin")
    sign.add_argument("--days", type=float, help="certificate lifetime in days")
    actions.add_parser("requests", help="list the pending SCEP requests")
    grant = actions.add_parser("grant", help="grant a pending request (all when no ID)")
    grant.add_argument("id", nargs="?")
    reject = actions.add_parser("reject", help="reject a pending request")
    reject.add_argument("id")
    revoke = actions.add_parser("revoke", help="revoke a certificate by serial (hex)")
    revoke.add_argument("serial")
    mode = actions.add_parser("mode", help="SCEP grant mode: auto, manual, delay N or reject")
    mode.add_argument("mode", choices=["auto", "manual", "delay", "reject"])
    mode.add_argument("seconds", nargs="?", type=float, default=0.0)
    actions.add_parser(
        "rollover",
        help="CA key rollover: make the rollover (shadow) issuing CA, valid from the active "
        "one's end, when it takes over; served with SCEP GetNextCACert",
    )
    lifetime = actions.add_parser("lifetime", help="lifetime of issued certs: N[s|m|h|d]")
    lifetime.add_argument("duration")
    serve = actions.add_parser("serve", help="serve SCEP and the CRL over HTTP until stopped")
    serve.add_argument("--port", required=True, type=int, help="TCP port (0: any free one)")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (loopback)")
    serve.add_argument("--challenge", help="challenge password every PKCSReq must carry")
    return parser


def run(args: argparse.Namespace) -> int:
    clock.use_state_dir(args.state_dir, args.clock_offset)
    ca = LabCA(lab_ca_dir(args.state_dir)).ensure()
    ca.advance()  # at the lab's time: a rollover CA whose time has come is the active one
    handler = _HANDLERS[args.ca_action]
    try:
        return handler(ca, args)
    except (KeyError, ValueError) as error:
        print(f"error: {error.args[0] if error.args else error}", file=sys.stderr)
        return 1


def _cert(ca: LabCA, args: argparse.Namespace) -> int:
    if args.chain:
        print(ca.issuing.pem + ca.root.pem, end="")
    else:
        print((ca.root if args.root else ca.issuing).pem, end="")
    return 0


def _fingerprints(ca: LabCA, args: argparse.Namespace) -> int:
    identity = ca.root if args.root else ca.issuing
    print(f"Subject: {identity.cert.subject.rfc4514_string()}")
    for name, value in fingerprints(identity.der).items():
        print(f"{name + ':':8}{value}")
    return 0


def _sign(ca: LabCA, args: argparse.Namespace) -> int:
    text = sys.stdin.read() if str(args.csr) == "-" else args.csr.read_text()
    csr = load_csr_text(text)
    lifetime = timedelta(days=args.days) if args.days else None
    cert = ca.sign(csr, lifetime)
    print(cert.public_bytes(serialization.Encoding.PEM).decode(), end="")
    return 0


def load_csr_text(text: str) -> x509.CertificateSigningRequest:
    """A CSR as IOS displays it: PEM-framed or bare base64, `---End` line and all."""
    if "-----BEGIN" in text:
        return x509.load_pem_x509_csr(text.encode())
    body = [
        line.strip()
        for line in text.splitlines()
        if line.strip() and not line.startswith("---") and "Certificate Request" not in line
    ]
    pem = "-----BEGIN CERTIFICATE REQUEST-----\n" + "\n".join(body)
    return x509.load_pem_x509_csr((pem + "\n-----END CERTIFICATE REQUEST-----\n").encode())


def _requests(ca: LabCA, args: argparse.Namespace) -> int:
    for request in scep.pending(ca):
        print(f"{request.id}  {request.requester}  {request.subject}")
    return 0


def _grant(ca: LabCA, args: argparse.Namespace) -> int:
    ids = [args.id] if args.id else [request.id for request in scep.pending(ca)]
    for request_id in ids:
        request = scep.grant(ca, request_id)
        print(f"{request.id} {request.state} serial {request.serial or '-'}")
    return 0


def _reject(ca: LabCA, args: argparse.Namespace) -> int:
    request = scep.reject(ca, args.id)
    print(f"{request.id} {request.state}")
    return 0


def _revoke(ca: LabCA, args: argparse.Namespace) -> int:
    serial = int(args.serial.replace(":", ""), 16)
    ca.revoke(serial)
    print(f"revoked {serial:X}")
    return 0


def _mode(ca: LabCA, args: argparse.Namespace) -> int:
    settings = ca.update_settings(mode=args.mode, delay_seconds=args.seconds)
    delay = f" {args.seconds:g}s" if args.mode == "delay" else ""
    print(f"grant mode {settings['mode']}{delay}")
    return 0


def _rollover(ca: LabCA, args: argparse.Namespace) -> int:
    shadow = ca.roll_over()
    start, end = shadow.cert.not_valid_before_utc, shadow.cert.not_valid_after_utc
    print(
        f"rollover issuing CA, active from {start:%Y-%m-%dT%H:%M:%SZ} to {end:%Y-%m-%dT%H:%M:%SZ}"
    )
    print(f"SHA256: {fingerprints(shadow.der)['SHA256']}")
    return 0


def _lifetime(ca: LabCA, args: argparse.Namespace) -> int:
    text = args.duration.strip().lower()
    unit = _UNITS.get(text[-1:], None)
    seconds = float(text[:-1]) * unit if unit else float(text) * 86400
    ca.update_settings(lifetime_seconds=seconds)
    print(f"lifetime {seconds:g} seconds")
    return 0


def _serve(ca: LabCA, args: argparse.Namespace) -> int:
    from mockios.scep.http_server import serve  # the HTTP side loads only when served

    def announce(url: str) -> None:
        print(f"SCEP at {url}/scep and {url}/cgi-bin/pkiclient.exe", flush=True)

    return serve(ca, args.host, args.port, args.challenge, announce)


_HANDLERS = {
    "cert": _cert,
    "fingerprints": _fingerprints,
    "sign": _sign,
    "requests": _requests,
    "grant": _grant,
    "reject": _reject,
    "revoke": _revoke,
    "mode": _mode,
    "lifetime": _lifetime,
    "rollover": _rollover,
    "serve": _serve,
}
