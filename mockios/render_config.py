"""Render a RunningConfig as IOS prints it (``show running-config``/``startup-config``).

Lines end in ``\\n`` here; the session turns them into ``\\r\\n``.
"""

from __future__ import annotations

from collections.abc import Iterator

from mockios.config_model import (
    CertServer,
    ChainCert,
    EnrollmentProfile,
    RunningConfig,
    Trustpoint,
)
from mockios.pki_attributes import PROFILE_ATTRIBUTES, TRUSTPOINT_ATTRIBUTES, type7_encode

__all__ = ["type7_encode"]  # imported from here by the PKI code and tests

HEX_GROUPS_PER_LINE = 8


def _trustpoint_lines(tp: Trustpoint) -> Iterator[str]:
    yield f"crypto pki trustpoint {tp.name}"
    for attribute in TRUSTPOINT_ATTRIBUTES:
        yield from attribute.lines(tp)


def _cert_server_lines(server: CertServer) -> Iterator[str]:
    # As real routers print it (moskovchenko-iv/OTUS-LABS LAB-14, tests/transcripts/config/):
    # `database level` and `no database archive`; the other lines only when not the default.
    yield f"crypto pki server {server.name}"
    if server.database_level != "minimum":
        yield f" database level {server.database_level}"
    if server.database_url:
        yield f" database url {server.database_url}"
    yield " no database archive"
    if server.issuer_name:
        yield f" issuer-name {server.issuer_name}"
    if server.grant != "manual":
        yield f" grant {server.grant}"
    if server.lifetime_certificate != 365:
        yield f" lifetime certificate {server.lifetime_certificate}"
    if server.lifetime_ca_certificate != 1095:
        yield f" lifetime ca-certificate {server.lifetime_ca_certificate}"
    if server.auto_rollover is not None:
        yield f" auto-rollover {server.auto_rollover}"
    if server.shutdown:
        yield " shutdown"


def _profile_lines(profile: EnrollmentProfile) -> Iterator[str]:
    yield f"crypto pki profile enrollment {profile.name}"
    for attribute in PROFILE_ATTRIBUTES:
        yield from attribute.lines(profile)


def der_hex_lines(der: bytes) -> list[str]:
    """DER as IOS shows it in a chain: 8-digit uppercase groups, 8 per line, 2-space indent."""
    digits = der.hex().upper()
    groups = [digits[i : i + 8] for i in range(0, len(digits), 8)]
    return [
        "  " + " ".join(groups[i : i + HEX_GROUPS_PER_LINE]) + " "
        for i in range(0, len(groups), HEX_GROUPS_PER_LINE)
    ]


def _chain_lines(name: str, certs: list[ChainCert]) -> Iterator[str]:
    yield f"crypto pki certificate chain {name}"
    for cert in certs:
        kind = "" if cert.kind == "router" else f"{cert.kind} "
        yield f" certificate {kind}{cert.serial_hex}"
        yield from der_hex_lines(cert.der)
        yield "  \tquit"


def _trustpool_policy_lines(config: RunningConfig) -> Iterator[str]:
    """`crypto pki trustpool policy`, when anything is configured (the order of its lines has
    no real capture: tests/transcripts/GAPS.md)."""
    settings = getattr(config, "trustpool_policy", None)  # a state saved before it
    if settings is None or not settings.configured():
        return
    yield "crypto pki trustpool policy"
    if settings.cabundle_url:
        yield f" cabundle url {settings.cabundle_url}"
    if settings.chain_validation is not None:
        yield " ".join(("", "chain-validation", settings.chain_validation)).rstrip()
    for name, extra in settings.match_certificates.items():
        yield " ".join(("", "match certificate", name, extra)).rstrip()
    if settings.revocation_check:
        yield f" revocation-check {settings.revocation_check}"
    yield "!"


def pki_lines(config: RunningConfig) -> Iterator[str]:
    """Certificate servers, trustpoints, enrollment profiles, then certificate chains, each
    block ending in !."""
    for server in getattr(config, "cert_servers", {}).values():  # a state saved before them
        yield from _cert_server_lines(server)
        yield "!"
    for tp in config.trustpoints.values():
        yield from _trustpoint_lines(tp)
        yield "!"
    for profile in config.profiles.values():
        yield from _profile_lines(profile)
        yield "!"
    for name, certs in config.chains.items():
        yield from _chain_lines(name, certs)
        yield "!"
    yield from _trustpool_policy_lines(config)


def _interface_lines(config: RunningConfig) -> Iterator[str]:
    for iface in config.interfaces.values():
        yield f"interface {iface.name}"
        if iface.description:
            yield f" description {iface.description}"
        yield f" ip address {iface.ip_address}" if iface.ip_address else " no ip address"
        if iface.shutdown:
            yield " shutdown"
        yield "!"


def config_body(config: RunningConfig, flavor: str, changed_at: str) -> str:
    version = "17.9" if flavor == "iosxe17" else "15.7"
    lines = [
        "!",
        f"! Last configuration change at {changed_at}",
        "!",
        f"version {version}",
        "service timestamps debug datetime msec",
        "service timestamps log datetime msec",
        "no service password-encryption",
        "!",
        f"hostname {config.hostname}",
        "!",
        "boot-start-marker",
        "boot-end-marker",
        "!",
        "!",
        "no aaa new-model",
        "!",
    ]
    if config.domain_name:
        lines += [f"ip domain name {config.domain_name}", "!"]
    lines += ["!", *pki_lines(config), "!", *_interface_lines(config)]
    lines.append("ip http server" if config.http_server else "no ip http server")
    if config.http_secure_server:
        lines.append("ip http secure-server")
    if config.http_secure_trustpoint:
        lines.append(f"ip http secure-trustpoint {config.http_secure_trustpoint}")
    lines += [
        "!",
        "line con 0",
        "line vty 0 4",
        " login local",
        " transport input ssh",
        "!",
        "end",
    ]
    return "\n".join(lines) + "\n"


def render_running(config: RunningConfig, flavor: str, changed_at: str) -> str:
    body = config_body(config, flavor, changed_at)
    return f"Building configuration...\n\nCurrent configuration : {len(body)} bytes\n{body}"


def render_startup(config: RunningConfig, flavor: str, changed_at: str) -> str:
    body = config_body(config, flavor, changed_at)
    return f"Using {len(body)} out of 262144 bytes\n{body}"
