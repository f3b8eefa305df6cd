"""A router's side of SCEP over HTTP (RFC 8894 section 4): GetCACaps, GetCACert, and
PKIOperation carrying PKCSReq, then CertPoll while the CA answers PENDING.

`ScepClient` takes the URL requests go to, query excluded (`urls.ios_request_url` turns an
IOS `enrollment url` into it). PKIOperation goes by POST when the CA's capabilities offer it,
by GET (base64 in `message=`) otherwise or when `post=False` (what IOS does). `identifier`
is the `message=` of GetCACaps and GetCACert (IOS sends the trustpoint's name); `host`, when
given, is the Host header (the name of the enrollment URL, when the URL requested carries
the address that name resolved to). Every request goes out as HTTP/1.0, as IOS sends it
(docs/scep-wire.md, "The URL IOS requests").
"""

from __future__ import annotations

import base64
import http.client
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import quote

from cryptography import x509
from cryptography.hazmat.primitives import hashes

from mockios.pki.ios_format import now

from . import ca_certs, messages, signed
from .envelope import cipher_for
from .messages import CertRep, ScepError, Sent
from .signed import SigningKey

USER_AGENT = "Mozilla/4.0 (compatible; MSIE 5.0; Cisco PKI)"  # what IOS sends


# IOS's request lines read `GET /cgi-bin/pkiclient.exe?operation=GetCACert&message=TP
# HTTP/1.0` (genieparser's C8000V event trace, micromdm/scep#211's debug, step-ca's logs in
# smallstep/certificates#2100): http.client says HTTP/1.1 unless told otherwise.
class _Http10Connection(http.client.HTTPConnection):
    _http_vsn = 10
    _http_vsn_str = "HTTP/1.0"


class _Https10Connection(http.client.HTTPSConnection):
    _http_vsn = 10
    _http_vsn_str = "HTTP/1.0"


class _Http10Handler(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_Http10Connection, req)


class _Https10Handler(urllib.request.HTTPSHandler):
    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_Https10Connection, req, context=self._context)


_OPENER = urllib.request.build_opener(_Http10Handler, _Https10Handler)


class ScepClient:
    def __init__(
        self,
        url: str,
        timeout: float = 5.0,
        post: bool | None = None,
        identifier: str = "",
        host: str | None = None,
    ) -> None:
        self.url = url
        self.timeout = timeout
        self.post = post  # None: as the capabilities say
        self.identifier = identifier
        self.host = host
        self._capabilities: set[str] | None = None

    def capabilities(self) -> set[str]:
        if self._capabilities is None:
            body, _type = self._get("GetCACaps", self.identifier)
            self._capabilities = {line.strip() for line in body.decode().splitlines() if line}
        return self._capabilities

    def ca_certificates(self, identifier: str | None = None) -> list[x509.Certificate]:
        message = self.identifier if identifier is None else identifier
        body, content_type = self._get("GetCACert", message)
        try:
            return ca_certs.read(body, content_type)
        except ValueError as error:
            raise ScepError(f"GetCACert: {error}") from None

    def next_ca_certificates(self, current: x509.Certificate) -> list[x509.Certificate]:
        """GetNextCACert (RFC 8894 section 4.7): the CA's rollover certificates, in a
        SignedData that the `current` CA certificate must have signed."""
        body, _type = self._get("GetNextCACert", self.identifier)
        try:
            message = signed.read(body)
            signer = message.signer_certificate([current])
            if signer is None:
                raise signed.SignatureError("not signed by the current CA")
            message.verify(signer)
        except signed.SignatureError as error:
            raise ScepError(f"GetNextCACert: {error}") from None
        return [cert for cert in message.certificates if cert != current]

    def pki_operation(self, der: bytes) -> bytes:
        post = self.post
        if post is None:
            post = bool({"POSTPKIOperation", "SCEPStandard"} & self.capabilities())
        if post:
            return self._send("PKIOperation", "", der)[0]
        return self._get("PKIOperation", base64.b64encode(der).decode())[0]

    def _get(self, operation: str, message: str) -> tuple[bytes, str]:
        return self._send(operation, message, None)

    def _send(self, operation: str, message: str, body: bytes | None) -> tuple[bytes, str]:
        query = f"operation={operation}"
        if body is None:
            query += f"&message={quote(message, safe='')}"
        request = urllib.request.Request(f"{self.url}?{query}", data=body)
        request.add_header("User-Agent", USER_AGENT)
        if self.host:
            request.add_header("Host", self.host)
        if body is not None:
            request.add_header("Content-Type", "application/x-pki-message")
        try:
            with _OPENER.open(request, timeout=self.timeout) as answer:
                return answer.read(), answer.headers.get("Content-Type", "")
        except urllib.error.HTTPError as error:
            raise ScepError(f"{operation}: HTTP {error.code} from {self.url}") from None
        except (urllib.error.URLError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise ScepError(f"{operation}: {self.url} does not answer: {reason}") from None


def requester_certificate(key: SigningKey, subject: x509.Name) -> x509.Certificate:
    """The self-signed certificate a requester signs its first request with."""
    start = now() - timedelta(minutes=5)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=1))
        .sign(key, hashes.SHA256())
    )


@dataclass
class Enrollment:
    """One enrollment in flight: what a poll needs to ask again and read the answer."""

    client: ScepClient
    key: SigningKey
    csr: x509.CertificateSigningRequest
    signer: x509.Certificate
    ca_certs: list[x509.Certificate]
    sent: Sent
    answer: CertRep

    @property
    def certificate(self) -> x509.Certificate | None:
        """The issued certificate: the one of the answer that carries our public key."""
        mine = self.key.public_key().public_numbers()
        for cert in self.answer.certificates:
            if cert.public_key().public_numbers() == mine:
                return cert
        return None


def enroll(
    client: ScepClient,
    csr: x509.CertificateSigningRequest,
    key: SigningKey,
    ca_certs_given: list[x509.Certificate] | None = None,
    cipher: str | None = None,
    transaction_id: str | None = None,
) -> Enrollment:
    """Send a PKCSReq for `csr` (its challenge password inside); the answer may be PENDING.

    `cipher` overrides the one the CA's capabilities choose (a name of envelope.CIPHERS);
    `transaction_id` the one named by a hash of the key.
    """
    cipher = cipher or cipher_for(client.capabilities())
    ca_list = ca_certs_given or client.ca_certificates()
    signer = requester_certificate(key, csr.subject)
    recipient = ca_certs.recipient(ca_list)
    sent = messages.pkcs_req(csr, key, signer, recipient, cipher, _digest(client), transaction_id)
    answer = messages.read_cert_rep(client.pki_operation(sent.der), sent, key, ca_list)
    return Enrollment(client, key, csr, signer, ca_list, sent, answer)


def poll(enrollment: Enrollment) -> Enrollment:
    """Ask again with a CertPoll (GetCertInitial); updates and returns `enrollment`."""
    recipient = ca_certs.recipient(enrollment.ca_certs)
    client = enrollment.client
    sent = messages.cert_poll(
        recipient.subject,
        enrollment.csr.subject,
        enrollment.key,
        enrollment.signer,
        recipient,
        cipher_for(client.capabilities()),
        _digest(client),
        enrollment.sent.transaction_id,
    )
    answer = client.pki_operation(sent.der)
    enrollment.sent = sent
    enrollment.answer = messages.read_cert_rep(answer, sent, enrollment.key, enrollment.ca_certs)
    return enrollment


def _digest(client: ScepClient) -> str:
    capabilities = client.capabilities()
    if "SHA-1" in capabilities and not {"SHA-256", "SCEPStandard"} & capabilities:
        return "sha1"
    return "sha256"
