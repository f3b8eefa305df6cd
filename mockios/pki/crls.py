"""CRLs a router holds: fetched over HTTP from the CRL distribution point (CDP) of the
trustpoint's certificate, kept in the parsed CRL cache, shown by `show crypto pki crls`.

IOS fetches a CRL when it validates a certificate of a trustpoint with `revocation-check crl`
(Cisco's "Configuring Revocation for a PKI": "the router downloads the CRL from the CDP"),
and on demand with `crypto pki crl request TP` (config mode, no output: a real capture in
tests/transcripts/show/crls_after_request.yml). mockios validates at the moment the router
certificate is installed and at `crypto pki crl request`; a CRL in the cache is kept until
it is fetched again, so one whose NextUpdate has passed is shown as it is (stale).

The CRL's signature is checked against the trustpoint's CA certificate, as IOS does before
it caches a CRL; a list that does not verify is not cached.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from cryptography import x509

from mockios.hosts import http_endpoint

from .ca_link import TIMEOUT_SECONDS, _fleet_dir
from .cert_facts import load_der
from .ios_format import ios_date, now, serial_hex
from .messages import trustpoint_missing
from .names import one_line
from .state import pki_state

if TYPE_CHECKING:
    from mockios.device import Device
    from mockios.registry import CommandContext

# The cache's size as IOS reports it (the capture's `Parsed CRL cache maximum size`).
CACHE_MAXIMUM_BYTES = 65536


@dataclass
class HeldCrl:
    der: bytes
    source: str | None  # the CDP URL it came from; None: retrieved via SCEP
    downloaded_at: datetime

    @property
    def crl(self) -> x509.CertificateRevocationList:
        return x509.load_der_x509_crl(self.der)


class CrlFetchError(Exception):
    pass


def wants_crl(device: Device, trustpoint: str) -> bool:
    tp = device.running.trustpoints.get(trustpoint)
    return bool(tp and tp.revocation_check and tp.revocation_check[0] == "crl")


def check_installed(device: Device, trustpoint: str) -> None:
    """A router certificate was installed: with `revocation-check crl`, the router validates
    it against the CRL of its CDP (soon after, from the device's timers)."""
    if wants_crl(device, trustpoint):
        device.call_later(0, lambda: refresh(device, trustpoint))


def crl_request(ctx: CommandContext) -> str:
    """`crypto pki crl request TP`: fetch the trustpoint's CRL now."""
    name = ctx.args[0]
    if name not in ctx.device.running.trustpoints:
        return trustpoint_missing(name)
    refresh(ctx.device, name)
    return ""


def refresh(device: Device, trustpoint: str) -> HeldCrl | None:
    """Fetch the CRL of the trustpoint's certificate and check that certificate against it;
    failures are reported as IOS logs them, and the cache keeps what it had."""
    try:
        held = fetch(device, trustpoint)
    except CrlFetchError as error:
        # Layout of a real IOS-XE 17.3 syslog line (its reason words differ: GAPS.md).
        device.notify(
            f"%PKI-3-CRL_FETCH_FAIL: CRL fetch for trustpoint {trustpoint} failed\n"
            f"                      Reason : {error}"
        )
        return None
    for cert in _router_certificates(device, trustpoint):
        if held.crl.get_revoked_certificate_by_serial_number(cert.serial_number) is not None:
            # %PKI-3-CERTIFICATE_REVOKED: Cisco's System Message Guide (no capture: GAPS.md).
            device.notify(
                "%PKI-3-CERTIFICATE_REVOKED: Certificate chain validation has failed.  "
                f"The certificate (SN: {serial_hex(cert.serial_number)}) is revoked"
            )
    return held


def fetch(device: Device, trustpoint: str) -> HeldCrl:
    ca_cert = _ca_certificate(device, trustpoint)
    if ca_cert is None:
        raise CrlFetchError("no CA certificate")
    url = _cdp_url(device, trustpoint)
    if url is None:
        raise CrlFetchError("no CRL distribution point")
    der = _http_get(device, url)
    try:
        crl = x509.load_der_x509_crl(der)
    except ValueError:
        raise CrlFetchError("CRL is not DER encoded") from None
    if crl.issuer != ca_cert.subject or not crl.is_signature_valid(ca_cert.public_key()):
        raise CrlFetchError("CRL signature verification failed")
    held = HeldCrl(der, url, now())
    pki_state(device).crls[crl.issuer.public_bytes()] = held
    return held


def show_crls(device: Device) -> list[str]:
    """`show crypto pki crls`, laid out as the real capture (transcripts/show/crls_*.yml)."""
    held = list(pki_state(device).crls.values())
    lines: list[str] = []
    for entry in held:
        crl = entry.crl
        source = entry.source or "** CDP Not Published - Retrieved via SCEP"
        lines += ["CRL Issuer Name:", f"    {one_line(crl.issuer)}"]
        lines.append(f"    LastUpdate: {ios_date(crl.last_update_utc)}")
        if crl.next_update_utc:
            lines.append(f"    NextUpdate: {ios_date(crl.next_update_utc)}")
        lines += [
            "",
            f"    CRL downloaded at: {ios_date(entry.downloaded_at)}",
            "",
            "    Retrieved from CRL Distribution Point:",
            f"      {source}",
            "",
            f" CRL DER is {len(entry.der)} bytes",
            " CRL is stored in parsed CRL cache",
            "",
            "",
        ]
    if held:
        lines += [
            f"Parsed CRL cache current size is {sum(len(e.der) for e in held)} bytes",
            f"Parsed CRL cache maximum size is {CACHE_MAXIMUM_BYTES} bytes",
        ]
    return lines


def _router_certificates(device: Device, trustpoint: str) -> list[x509.Certificate]:
    chain = device.running.chains.get(trustpoint) or []
    return [load_der(entry.der) for entry in chain if entry.kind != "ca"]


def _ca_certificate(device: Device, trustpoint: str) -> x509.Certificate | None:
    chain = device.running.chains.get(trustpoint) or []
    return next((load_der(entry.der) for entry in chain if entry.kind == "ca"), None)


def _cdp_url(device: Device, trustpoint: str) -> str | None:
    """The first HTTP URL of the CDP extension of the trustpoint's router certificate."""
    for cert in _router_certificates(device, trustpoint):
        try:
            points = cert.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
        except x509.ExtensionNotFound:
            continue
        for point in points:
            for name in point.full_name or []:
                if isinstance(name, x509.UniformResourceIdentifier) and name.value.startswith(
                    "http://"
                ):
                    return name.value
    return None


def _http_get(device: Device, url: str) -> bytes:
    parts = urlsplit(url)
    endpoint = http_endpoint(_fleet_dir(device), parts.hostname or "", parts.port or 80)
    if endpoint is None:
        raise CrlFetchError(f"{parts.hostname}: no such host")
    address, port = endpoint
    direct = urlunsplit(("http", f"{address}:{port}", parts.path, parts.query, ""))
    request = urllib.request.Request(direct, headers={"Host": parts.netloc})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as answer:  # noqa: S310
            return answer.read()
    except (urllib.error.URLError, OSError) as error:
        raise CrlFetchError(f"HTTP GET {url}: {error}") from None
