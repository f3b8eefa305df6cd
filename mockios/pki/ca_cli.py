"""`python -m mockios ca ...`: the lab CA seen from outside, like an external CA's console."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from mockios import clock

from . import scep
from .ios_format import fingerprints
from .lab_ca import LabCA, describe_keys
from .lab_url import lab_ca_dir

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("ca", help="the lab CA: certificates, signing, grants")
    parser.add_argument("--state-dir", required=True, type=Path, help="simulator state dir")
    parser.add_argument(
        "--clock-offset", help="move the lab's clock first: +9d, -2h (see `mockios clock`)"
    )
    actions = parser.add_subparsers(dest="ca_action", required=True)
    init = actions.add_parser("init", help="create the lab CA: RSA (default) or ECDSA keys")
    init.add_argument("--key-type", choices=["rsa", "ec"], default="rsa", help="CA key type")
    init.add_argument(
        "--curve", type=int, choices=[256, 384], default=256, help="EC curve (P-256, P-384)"
    )
    cert = actions.add_parser("cert", help="print the issuing CA certificate (PEM)")
    cert.add_argument("--root", action="store_true", help="the root CA instead")
    cert.add_argument("--chain", action="store_true", help="issuing then root")
    cert.add_argument("--ra", action="store_true", help="the RA's certificates (ECDSA CA)")
    prints = actions.add_parser("fingerprints", help="MD5/SHA1/SHA256 of the CA certificate")
    prints.add_argument("--root", action="store_true", help="the root CA instead")
    sign = actions.add_parser("sign", help="sign a CSR (PEM or bare base64) like an external CA")
    sign.add_argument("--csr", required=True, type=Path, help="CSR file, '-' for stdin")
    sign.add_argument("--days", type=float, help="certificate lifetime in days")
    actions.add_parser("requests", help="list the pending SCEP requests")
    grant = actions.add_parser("grant", help="grant a pending request (all when no ID)")
    grant.add_argument("id", nargs="?")
    reject = actions.add_parser("reject", help="reject a pending request (all when no ID)")
    reject.add_argument("id", nargs="?")
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
    crl_lifetime = actions.add_parser("crl-lifetime", help="CRL nextUpdate after N[s|m|h|d]")
    crl_lifetime.add_argument("duration")
    crl_lifetime.add_argument("--backdate", default="0s", help="thisUpdate that long ago")
    cdp = actions.add_parser("cdp-url", help="CRL distribution point URL in issued certificates")
    cdp.add_argument("url")
    actions.add_parser("crl", help="issue a new CRL now and print it (PEM)")
    serve = actions.add_parser("serve", help="serve SCEP and the CRL over HTTP until stopped")
    serve.add_argument("--port", required=True, type=int, help="TCP port (0: any free one)")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (loopback)")
    add_challenge_options(serve, "--challenge-file")
    serve.add_argument(
        "--challenge",
        help="challenge password on the command line (visible in ps: prefer --challenge-file)",
    )
    return parser


CHALLENGE_ENV = "MOCKIOS_CA_CHALLENGE"


def add_challenge_options(parser: argparse.ArgumentParser, flag: str) -> None:
    parser.add_argument(
        flag,
        dest="challenge_file",
        type=Path,
        help="file whose first line is the challenge password every PKCSReq must carry "
        f"(or set {CHALLENGE_ENV}); kept out of the process list",
    )


def challenge_from(args: argparse.Namespace) -> str | None:
    """The lab CA's challenge password: from a file, the environment, or (with a warning,
    since `ps` shows it) the command line; None when there is none."""
    given = getattr(args, "challenge", None)
    if given is not None:
        print(
            "warning: --challenge shows the challenge password in the process list; "
            f"use --challenge-file or {CHALLENGE_ENV}",
            file=sys.stderr,
            flush=True,
        )
        return given
    if args.challenge_file is not None:
        try:
            lines = args.challenge_file.read_text().splitlines()
        except OSError as error:
            raise ValueError(f"challenge file: {error}") from None
        if not lines or not lines[0]:
            raise ValueError(f"challenge file {args.challenge_file}: the first line is empty")
        return lines[0]
    return os.environ.get(CHALLENGE_ENV) or None


def run(args: argparse.Namespace) -> int:
    clock.use_state_dir(args.state_dir, args.clock_offset)
    ca = LabCA(lab_ca_dir(args.state_dir))
    handler = _HANDLERS[args.ca_action]
    try:
        if args.ca_action != "init":
            ca.ensure()
            ca.advance()  # at the lab's time: a rollover CA whose time has come is active
        return handler(ca, args)
    except (KeyError, ValueError) as error:
        print(f"error: {error.args[0] if error.args else error}", file=sys.stderr)
        return 1


def _init(ca: LabCA, args: argparse.Namespace) -> int:
    ca.init_keys(args.key_type, args.curve if args.key_type == "ec" else None)
    ra = ", SCEP through an RSA RA" if ca.uses_ra() else ""
    print(f"lab CA: {describe_keys(ca.key_spec())}{ra}")
    return _fingerprints(ca, argparse.Namespace(root=False))


def _cert(ca: LabCA, args: argparse.Namespace) -> int:
    if args.ra:
        if not ca.ra:
            raise ValueError("this lab CA answers SCEP itself: it has no RA")
        print("".join(identity.pem for identity in ca.ra), end="")
    elif args.chain:
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
    ids = [args.id] if args.id else [request.id for request in scep.pending(ca)]
    for request_id in ids:
        request = scep.reject(ca, request_id)
        print(f"{request.id} {request.state}")
    return 0


def _revoke(ca: LabCA, args: argparse.Namespace) -> int:
    serial = int(args.serial.replace(":", ""), 16)
    crl = ca.revoke(serial)
    number = crl.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number
    print(f"revoked {serial:X}; CRL number {number}")
    return 0


def _crl(ca: LabCA, args: argparse.Namespace) -> int:
    print(ca.issue_crl().public_bytes(serialization.Encoding.PEM).decode(), end="")
    return 0


def _crl_lifetime(ca: LabCA, args: argparse.Namespace) -> int:
    seconds, backdate = _seconds(args.duration), _seconds(args.backdate)
    ca.update_settings(crl_lifetime_seconds=seconds, crl_backdate_seconds=backdate)
    print(f"crl lifetime {seconds:g} seconds, backdated {backdate:g} seconds")
    return 0


def _cdp_url(ca: LabCA, args: argparse.Namespace) -> int:
    if not args.url.lower().startswith("http://"):
        raise ValueError(f"cdp-url: an http:// URL, not {args.url!r}")
    ca.update_settings(cdp_url=args.url)
    print(f"cdp-url {args.url}")
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


def _seconds(duration: str) -> float:
    """N[s|m|h|d], days when no unit is given."""
    text = duration.strip().lower()
    unit = _UNITS.get(text[-1:], None)
    return float(text[:-1]) * unit if unit else float(text) * 86400


def _lifetime(ca: LabCA, args: argparse.Namespace) -> int:
    seconds = _seconds(args.duration)
    ca.update_settings(lifetime_seconds=seconds)
    print(f"lifetime {seconds:g} seconds")
    return 0


def _serve(ca: LabCA, args: argparse.Namespace) -> int:
    from mockios.scep.http_server import serve  # the HTTP side loads only when served

    def announce(url: str) -> None:
        print(f"SCEP at {url}/scep and {url}/cgi-bin/pkiclient.exe", flush=True)

    return serve(ca, args.host, args.port, challenge_from(args), announce)


_HANDLERS = {
    "init": _init,
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
    "crl-lifetime": _crl_lifetime,
    "cdp-url": _cdp_url,
    "crl": _crl,
    "serve": _serve,
}
