"""The PKI trustpool (Cisco's "PKI Trustpool Management"): `crypto pki trustpool import
url|terminal|ca-bundle`, `... import clean [url URL|terminal]`, the `crypto pki trustpool
policy` sub-mode and `show crypto pki trustpool [policy]`.

The trustpool's certificates live in the configuration (IOS 15 keeps them under `crypto pki
certificate pool`), so they survive a restart once saved, like certificate chains. A bundle
is read from HTTP (the host resolved through the fleet's names map, as SCEP URLs are), TFTP
or a file system, in any of the forms the guide lists: PEM certificates, or DER / PEM
PKCS #7 (Cisco's `.p7b` / `.bin`). Real IOS also checks the signature of a downloaded
Cisco bundle with a built-in certificate; mockios has no built-in certificates and takes
the bundle as it is (tests/transcripts/GAPS.md).

Texts: the import dialog and `show crypto pki trustpool` follow real captures
(tests/transcripts/import/cube_trustpool_import_clean_url.yml, show/trustpool_fn72323.yml);
`show crypto pki trustpool policy` has none (see GAPS.md).
"""

from __future__ import annotations

import urllib.error
import urllib.request
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, pkcs7

from mockios.config_model import TrustpoolPolicy
from mockios.dialog import Dialog, Paste
from mockios.hosts import http_endpoint
from mockios.registry import CommandContext, register

from . import cert_facts, tftp
from .ca_link import _fleet_dir
from .filesystem import FileSystemError, read_file
from .ios_format import ios_date
from .names import dn_lines
from .pasted import PasteError, certificate_from_lines

if TYPE_CHECKING:
    from mockios.config_model import RunningConfig
    from mockios.device import Device

POLICY_MODE = "ca-trustpool"
TIMEOUT_SECONDS = 5.0
PASTE_TEXT = (
    "% Enter PEM-formatted CA certificate.\n"
    '% End with a blank line or "quit" on a line by itself.\n'
)
SUCCESS = "% PEM files import succeeded.\n"
FAILED = "% PEM files import failed.\n"


class BundleError(ValueError):
    """The reason IOS prints in parentheses after `%Error opening URL`."""


# --- state -----------------------------------------------------------------------------------


def pool(config: RunningConfig) -> list[bytes]:
    if not hasattr(config, "trustpool"):  # a state saved before the trustpool
        config.trustpool = []
    return config.trustpool


def policy(config: RunningConfig) -> TrustpoolPolicy:
    if not hasattr(config, "trustpool_policy"):
        config.trustpool_policy = TrustpoolPolicy()
    return config.trustpool_policy


def add_certificates(device: Device, certs: list[x509.Certificate], clean: bool) -> None:
    held = pool(device.running)
    if clean:
        held.clear()
    for cert in certs:
        der = cert.public_bytes(Encoding.DER)
        if der not in held:
            held.append(der)
    device.mark_changed()


def bundle_certificates(data: bytes) -> list[x509.Certificate]:
    """PEM certificates, PEM or DER PKCS #7, or one DER certificate."""
    loaders = (
        x509.load_pem_x509_certificates,
        pkcs7.load_pem_pkcs7_certificates,
        pkcs7.load_der_pkcs7_certificates,
        lambda raw: [x509.load_der_x509_certificate(raw)],
    )
    for load in loaders:
        try:
            certs = load(data)
        except ValueError:
            continue
        if certs:
            return list(certs)
    raise BundleError("Not a certificate bundle")


# --- import -----------------------------------------------------------------------------------


def _import_url(ctx: CommandContext) -> Dialog:
    return _url_dialog(ctx.device, ctx.args[0], clean="clean" in ctx.words)


def _import_ca_bundle(ctx: CommandContext) -> Dialog | str:
    url = policy(ctx.device.running).cabundle_url
    if not url:
        return "% CA bundle URL is not configured\n"  # no capture: GAPS.md
    return _url_dialog(ctx.device, url, clean=False)


def _url_dialog(device: Device, url: str, clean: bool) -> Dialog:
    # As the capture: "Reading file from URL", "Loading URL", then the result.
    yield f"Reading file from {url}\n"
    try:
        data = read_bundle(device, url)
    except BundleError as error:
        return f"%Error opening {url} ({error})\n"
    yield f"Loading {url}\n"
    try:
        certs = bundle_certificates(data)
    except BundleError:
        return FAILED
    add_certificates(device, certs, clean)
    return SUCCESS


def _import_terminal(ctx: CommandContext) -> Dialog:
    clean = "clean" in ctx.words
    lines = yield Paste("trustpool_paste", PASTE_TEXT)
    certs = []
    block: list[str] = []
    for line in [*lines, "-----BEGIN CERTIFICATE-----"]:
        # Several certificates may be pasted, each between its BEGIN and END lines.
        if line.strip().startswith("-----BEGIN") and block:
            try:
                certs.append(certificate_from_lines(block))
            except PasteError:
                return FAILED
            block = []
        elif line.strip():
            block.append(line)
    if not certs:
        return FAILED
    add_certificates(ctx.device, certs, clean)
    return SUCCESS


def _clean(ctx: CommandContext) -> str:
    pool(ctx.device.running).clear()
    ctx.device.mark_changed()
    return ""


def read_bundle(device: Device, url: str) -> bytes:
    scheme = url.partition(":")[0].lower()
    if scheme == "http":
        return _http_get(device, url)
    if scheme == "tftp":
        parts = urlsplit(url)
        try:
            return tftp.fetch(parts.hostname or "", parts.path.lstrip("/"))
        except tftp.TftpError as error:
            raise BundleError(str(error)) from None
    try:
        return read_file(device, url)
    except FileSystemError as error:
        raise BundleError(str(error).rpartition("(")[2].rstrip(")") or str(error)) from None


def _http_get(device: Device, url: str) -> bytes:
    parts = urlsplit(url)
    endpoint = http_endpoint(_fleet_dir(device), parts.hostname or "", parts.port or 80)
    if endpoint is None:
        raise BundleError("Host name lookup failed")
    address, port = endpoint
    direct = urlunsplit(("http", f"{address}:{port}", parts.path or "/", parts.query, ""))
    request = urllib.request.Request(direct, headers={"Host": parts.netloc})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as answer:  # noqa: S310
            return answer.read()
    except urllib.error.HTTPError:
        raise BundleError("No such file or directory") from None
    except (urllib.error.URLError, OSError):
        raise BundleError("Timed out") from None


# --- show ------------------------------------------------------------------------------------


def show_trustpool(device: Device) -> list[str]:
    """One block per certificate, as FN72323's capture, with two blank lines between."""
    lines: list[str] = []
    for der in pool(device.running):
        cert = x509.load_der_x509_certificate(der)
        lines += [
            "CA Certificate",
            "  Status: Available",
            f"  Certificate Serial Number (hex): {cert_facts.serial_text(cert)}",
            f"  Certificate Usage: {cert_facts.certificate_usage(cert)}",
            "  Issuer: ",
            *(f"    {line}" for line in dn_lines(cert.issuer)),
            "  Subject: ",
            *(f"    {line}" for line in dn_lines(cert.subject)),
            "  Validity Date: ",
            f"    start date: {ios_date(cert.not_valid_before_utc)}",
            f"    end   date: {ios_date(cert.not_valid_after_utc)}",
            "  Associated Trustpoints: Trustpool ",
            "  Trustpool: Downloaded",
            "",
            "",
        ]
    return lines


def show_policy(device: Device) -> list[str]:
    """No real capture (GAPS.md): a minimal listing of mockios's own, one line per setting,
    to be replaced by a capture; the engine does not read it."""
    settings = policy(device.running)
    revocation = settings.revocation_check
    lines = ["", "Trustpool Policy", ""]
    if revocation and revocation != "none":
        lines.append(f"Trustpool revocation checking is enabled: {revocation}")
    else:
        lines.append("Trustpool revocation checking is disabled")
    if settings.cabundle_url:
        lines.append(f"CA bundle download url: {settings.cabundle_url}")
    for name, extra in settings.match_certificates.items():
        lines.append(f"Trustpool certificate map: {' '.join(filter(None, (name, extra)))}")
    return lines


# --- the policy sub-mode ----------------------------------------------------------------------


def _enter_policy(ctx: CommandContext) -> str:
    policy(ctx.device.running)
    ctx.session.enter_mode(POLICY_MODE)
    return ""


def _no_policy(ctx: CommandContext) -> str:
    ctx.device.running.trustpool_policy = TrustpoolPolicy()
    ctx.device.mark_changed()
    return ""


def _setting(name: str, value_from_args: bool):
    def handler(ctx: CommandContext) -> str:
        value = " ".join(ctx.args) if value_from_args else None
        if name == "cabundle_url" and value == "none":  # `cabundle url {url | none}`
            value = None
        setattr(policy(ctx.device.running), name, value)
        ctx.device.mark_changed()
        return ""

    return handler


def _match(ctx: CommandContext) -> str:
    extra = ctx.args[1] if len(ctx.args) > 1 else ""
    policy(ctx.device.running).match_certificates[ctx.args[0]] = extra
    ctx.device.mark_changed()
    return ""


def _no_match(ctx: CommandContext) -> str:
    policy(ctx.device.running).match_certificates.pop(ctx.args[0], None)
    ctx.device.mark_changed()
    return ""


def _show_trustpool(ctx: CommandContext) -> str:
    lines = show_policy(ctx.device) if "policy" in ctx.words else show_trustpool(ctx.device)
    return "\n".join(lines) + ("\n" if lines else "")


def register_trustpool_commands() -> None:
    for spec, handler in (
        ("crypto pki trustpool import url WORD", _import_url),
        ("crypto pki trustpool import clean url WORD", _import_url),
        ("crypto pki trustpool import terminal", _import_terminal),
        ("crypto pki trustpool import clean terminal", _import_terminal),
        ("crypto pki trustpool import clean", _clean),
        ("crypto pki trustpool import ca-bundle", _import_ca_bundle),
        ("crypto pki trustpool clean", _clean),
        ("crypto pki trustpool policy", _enter_policy),
        ("no crypto pki trustpool policy", _no_policy),
    ):
        register("config", spec, handler)
    for spec, handler in (
        ("cabundle url WORD", _setting("cabundle_url", True)),
        ("no cabundle url LINE?", _setting("cabundle_url", False)),
        ("chain-validation WORD?", _setting("chain_validation", True)),
        ("no chain-validation LINE?", _setting("chain_validation", False)),
        ("revocation-check LINE", _setting("revocation_check", True)),
        ("no revocation-check LINE?", _setting("revocation_check", False)),
        ("match certificate WORD LINE?", _match),
        ("no match certificate WORD LINE?", _no_match),
    ):
        register(POLICY_MODE, spec, handler)
    register("exec", "show crypto pki trustpool policy?", _show_trustpool)
