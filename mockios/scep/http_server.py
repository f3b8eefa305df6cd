"""`python -m mockios ca serve`: the lab CA as a SCEP server over HTTP (RFC 8894 section 4),
with its CRL published at the path of the CRL distribution point in its certificates, and
its CA certificates as a trustpool bundle (`crypto pki trustpool import url`): PEM at
`/trustpool/ca_bundle.pem`, DER PKCS #7 (Cisco's `.p7b` / `.bin` form) at
`/trustpool/ca_bundle.p7b` and `/trustpool/ca_bundle.bin`.

SCEP answers at `/cgi-bin/pkiclient.exe` (what IOS requests when its enrollment URL has no
path), at any other path ending in `/pkiclient.exe` (IOS appends that to the path of an
enrollment URL: `http://ca.netpki.lab/scep` -> `/scep/pkiclient.exe`), and at `/scep`
(where micromdm's clients look). Bound to loopback unless told otherwise; `serve` stops on
SIGTERM or SIGINT, `start_in_thread` when told to (the fleet's lab CA).
"""

from __future__ import annotations

import base64
import binascii
import signal
import sys
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

from cryptography.hazmat.primitives.serialization import Encoding, pkcs7

from mockios.pki.lab_ca import CRL_URL, LabCA

from .responder import Responder

SCEP_PATHS = ("/cgi-bin/pkiclient.exe", "/scep")
IOS_SCRIPT = "/pkiclient.exe"
CRL_PATH = urlsplit(CRL_URL).path
MAX_BODY = 1 << 20
BUNDLE_PATHS = {
    "/trustpool/ca_bundle.pem": "application/x-pem-file",
    "/trustpool/ca_bundle.p7b": "application/x-pkcs7-certificates",
    "/trustpool/ca_bundle.bin": "application/octet-stream",
}
PKI_MESSAGE = "application/x-pki-message"


class ScepHttpServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], responder: Responder) -> None:
        super().__init__(address, _Handler)
        self.responder = responder

    @property
    def port(self) -> int:
        return self.server_address[1]

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


NEXT_CA_CERT = "application/x-x509-next-ca-cert"


def is_scep_path(path: str) -> bool:
    return path in SCEP_PATHS or path.endswith(IOS_SCRIPT)


class _Handler(BaseHTTPRequestHandler):
    server: ScepHttpServer
    server_version = "mockios-scep"

    def do_GET(self) -> None:  # noqa: N802  (http.server's naming)
        path, query = _split(self.path)
        crl = self.server.responder.crl_der() if self._is_crl_path(path) else None
        if crl is not None:
            self._send(200, crl, "application/pkix-crl")
        elif path in BUNDLE_PATHS and self.server.responder.bundle_certificates():
            self._send(200, _bundle(self.server.responder, path), BUNDLE_PATHS[path])
        elif not is_scep_path(path) or not self.server.responder.available():
            self._send(404, b"not found\n", "text/plain")
        else:
            self._scep(query.get("operation", ""), query.get("message", ""), None)

    def _is_crl_path(self, path: str) -> bool:
        """The default CDP's path, or the one the lab CA writes now (`ca cdp-url`)."""
        configured = getattr(self.server.responder, "crl_path", None)
        return path == CRL_PATH or (configured is not None and path == configured())

    def do_POST(self) -> None:  # noqa: N802
        path, query = _split(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        if not self.server.responder.available():
            self._send(404, b"not found\n", "text/plain")
            return
        if not is_scep_path(path) or not 0 < length <= MAX_BODY:
            self._send(400 if is_scep_path(path) else 404, b"bad request\n", "text/plain")
            return
        self._scep(query.get("operation", ""), "", self.rfile.read(length))

    def _scep(self, operation: str, message: str, body: bytes | None) -> None:
        responder = self.server.responder
        if operation == "GetCACaps":
            self._send(200, responder.capabilities(), "text/plain")
        elif operation == "GetCACert":
            self._send(200, *responder.ca_certificates())
        elif operation == "GetNextCACert":  # RFC 8894 section 4.7: the rollover CA, if any
            answer = responder.next_ca_certificate()
            if answer is None:
                self._send(404, b"no rollover CA certificate\n", "text/plain")
            else:
                self._send(200, answer, NEXT_CA_CERT)
        elif operation == "PKIOperation":
            der = body if body is not None else _base64(message)
            answer = responder.pki_operation(der, f"scep {self.client_address[0]}") if der else None
            if answer is None:
                self._send(400, b"not a SCEP PKI message\n", "text/plain")
            else:
                self._send(200, answer, PKI_MESSAGE)
        else:
            self._send(400, f"unknown operation {operation!r}\n".encode(), "text/plain")

    def _send(self, code: int, body: bytes, content_type: str) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        # The path only: a GET's query holds the whole enveloped request.
        path, query = _split(self.path)
        operation = query.get("operation", "-")
        print(
            f"{self.command} {path} {operation} {args[1] if len(args) > 1 else ''}",
            file=sys.stderr,
            flush=True,
        )


def _bundle(responder: Responder, path: str) -> bytes:
    certs = responder.bundle_certificates()
    if path.endswith(".pem"):
        return b"".join(cert.public_bytes(Encoding.PEM) for cert in certs)
    return pkcs7.serialize_certificates(certs, Encoding.DER)


def _split(raw: str) -> tuple[str, dict[str, str]]:
    """Path and query, the values unquoted without turning `+` into a space: clients send
    base64 in `message=`, not always URL-encoded (IOS leaves its line breaks in as %0A)."""
    parts = urlsplit(raw)
    query = {}
    for pair in parts.query.split("&"):
        name, _sep, value = pair.partition("=")
        query[unquote(name)] = unquote(value)
    return parts.path, query


def _base64(message: str) -> bytes | None:
    text = "".join(message.split()).replace("-", "+").replace("_", "/")
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return None


def serve(
    lab: LabCA,
    host: str,
    port: int,
    challenge: str | None,
    announce: Callable[[str], None],
) -> int:
    """Serve until SIGTERM or SIGINT; `announce` is told the base URL once listening."""
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    server = start_in_thread(Responder(lab, challenge), host, port)
    announce(f"http://{server.server_address[0]}:{server.port}")
    try:
        stop.wait()
    finally:
        server.stop()
    return 0


def start_in_thread(responder: Responder, host: str, port: int) -> ScepHttpServer:
    """Serve `responder` from a thread of this process until `stop()`."""
    server = ScepHttpServer((host, port), responder)
    threading.Thread(target=server.serve_forever, name="scep-http", daemon=True).start()
    return server
