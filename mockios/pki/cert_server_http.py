"""A router's HTTP server, where its certificate server answers SCEP (`ip http server` and a
running `crypto pki server`), as IOS serves it at `/cgi-bin/pkiclient.exe`.

Each router's HTTP socket is bound when the router starts serving, so that the fleet's names
map (`<state-dir>/hosts.json`) lists its `http_port` and other routers reach
`enrollment url http://R1:80` there; the serving thread starts with the first certificate
server. A thread, not the event loop: a router's own SCEP client, on the loop, may be asking.
"""

from __future__ import annotations

import sys
import threading
from typing import TYPE_CHECKING

from mockios.scep import ca_certs, messages
from mockios.scep.attributes import FailInfo, MessageType, PkiStatus
from mockios.scep.http_server import ScepHttpServer
from mockios.scep.messages import ScepFailure
from mockios.scep.responder import CAPABILITIES, Responder, _same_key

from . import cert_server, rollover
from .cert_server import CertServerCA

if TYPE_CHECKING:
    from mockios.device import Device

HOST = "127.0.0.1"


class CertServerResponder(Responder):
    """The SCEP answers of the router's running certificate server."""

    def __init__(self, device: Device) -> None:
        self.device = device

    def _running(self) -> tuple[CertServerCA, object] | None:
        config = self.device.running
        if not config.http_server:
            return None
        for settings in getattr(config, "cert_servers", {}).values():
            ca = cert_server.servers(self.device).get(settings.name)
            if ca is not None and not settings.shutdown:
                rollover.advance(self.device, settings, ca)
                return ca, settings
        return None

    def available(self) -> bool:
        return self._running() is not None

    def crl_der(self) -> bytes | None:
        return None

    def crl_path(self) -> str | None:
        return None  # no CRL here (the lab CA's `crl_path` reads a LabCA this server lacks)

    def bundle_certificates(self) -> list:
        return []  # a router's HTTP server serves no trustpool bundle: those paths are 404

    def capabilities(self) -> bytes:
        return "\n".join((*CAPABILITIES, rollover.NEXT_CA_CAPABILITY)).encode()

    def ca_certificates(self) -> tuple[bytes, str]:
        running = self._running()
        assert running is not None  # the handler asked available() first
        return ca_certs.answer([running[0].cert])

    def next_ca_certificate(self) -> bytes | None:
        running = self._running()
        return rollover.next_ca_answer(running[0]) if running is not None else None

    def pki_operation(self, der: bytes, requester: str) -> bytes | None:
        running = self._running()
        if running is None:
            return None
        ca, settings = running
        try:
            # A request enveloped for the rollover CA is for a shadow certificate.
            request, for_rollover = rollover.read_request(ca, der)
        except ScepFailure as failure:
            print(f"{self.device.name} CS: {failure}", file=sys.stderr, flush=True)
            if failure.request is None:
                return None
            return messages.cert_rep(
                failure.request, PkiStatus.FAILURE, ca.cert, ca.key, fail_info=failure.fail_info
            )
        cert, key = (ca.rollover_cert, ca.rollover_key) if for_rollover else (ca.cert, ca.key)
        with ca.lock:
            stored = ca.request_by_transaction(request.transaction_id)
            if stored is None and request.message_type == MessageType.PKCS_REQ.value:
                csr = request.csr
                if csr is None or not _same_key(csr, request.signer):
                    return messages.cert_rep(
                        request, PkiStatus.FAILURE, cert, key, fail_info=FailInfo.BAD_MESSAGE_CHECK
                    )
                stored = ca.file_request(
                    settings,  # type: ignore[arg-type]
                    request.transaction_id,
                    csr,
                    rollover=for_rollover,
                )
                cert_server.save(self.device, ca)
        if stored is None:
            return messages.cert_rep(
                request, PkiStatus.FAILURE, cert, key, fail_info=FailInfo.BAD_CERT_ID
            )
        if stored.state == "granted" and stored.serial is not None:
            issued = ca.issued[stored.serial]
            return messages.cert_rep(request, PkiStatus.SUCCESS, cert, key, issued)
        if stored.state == "rejected":
            return messages.cert_rep(
                request, PkiStatus.FAILURE, cert, key, fail_info=FailInfo.BAD_REQUEST
            )
        return messages.cert_rep(request, PkiStatus.PENDING, cert, key)


def bind(device: Device) -> None:
    """Bind the router's HTTP socket (its port goes into the names map); nothing is served
    until `serve` starts the thread."""
    if getattr(device, "http", None) is None:
        device.http = ScepHttpServer((HOST, 0), CertServerResponder(device))
        device.http_port = device.http.port
        device.http_serving = False
        device.shutdown_hooks.append(lambda: _stop(device))


def serve(device: Device) -> None:
    """Start answering on the bound socket (once); a device never bound serves nothing."""
    if getattr(device, "http", None) is not None and not device.http_serving:
        device.http_serving = True
        threading.Thread(
            target=device.http.serve_forever, name=f"{device.name}-http", daemon=True
        ).start()


def _stop(device: Device) -> None:
    if device.http_serving:
        device.http.shutdown()
    device.http.server_close()
