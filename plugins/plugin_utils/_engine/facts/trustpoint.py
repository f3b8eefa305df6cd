"""What the router holds for one trustpoint, read with one show command.

One ``show running-config | section`` with a regex answers every question the enrollment
operations ask before they act: the trustpoint's configuration (enrollment method, pinned
fingerprint, key pair), the enrollment profiles, and the certificates installed in its chain.
Other trustpoints' chains (IOS-XE's built-in ones hold large certificates) are not read.
The chain holds the full DER of each certificate, so fingerprints, serials and validity come
from real X.509 parsing, not from the router's summaries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import diff
from ..config.resources import PROFILES, TRUSTPOINTS
from ..errors import ValidationError
from ..x509.certs import certificate_summary
from . import kinds
from .chains import chain_entries

if TYPE_CHECKING:  # cryptography is imported lazily by certs (sanity import test)
    from cryptography import x509

# IOS section regex: the trustpoint's block and chain (anchored), and every profile.
GATHER_COMMAND = (
    "show running-config | section crypto pki (trustpoint|certificate chain) {name}$"
    "|crypto pki profile enrollment"
)
# What the trustpoints and enrollment_profiles operations read (config/task.py).
WHOLE_SECTION = "show running-config | section crypto pki"


@dataclass(frozen=True)
class InstalledCertificate:
    kind: str  # kinds.CA, kinds.ROUTER or kinds.SELF_SIGNED
    serial: str
    cert: x509.Certificate

    def summary(self) -> dict[str, Any]:
        return certificate_summary(self.cert)


@dataclass
class TrustpointFacts:
    name: str
    config: dict[str, Any] | None
    profile: dict[str, Any] | None = None
    certificates: list[InstalledCertificate] = field(default_factory=list)

    @property
    def exists(self) -> bool:
        return self.config is not None

    @property
    def ca(self) -> InstalledCertificate | None:
        return next((c for c in self.certificates if c.kind == kinds.CA), None)

    @property
    def router(self) -> InstalledCertificate | None:
        """The router's own certificate: issued by the CA, or self-signed."""
        return next((c for c in self.certificates if c.kind in kinds.OWN), None)

    @property
    def enrollment(self) -> dict[str, Any]:
        return (self.config or {}).get("enrollment") or {}

    @property
    def method(self) -> str | None:
        """``url``, ``terminal``, ``selfsigned``, ``pkcs12`` or ``profile`` (None: unset)."""
        for method in ("selfsigned", "terminal", "pkcs12", "url", "profile"):
            if self.enrollment.get(method):
                return method
        return None

    @property
    def terminal(self) -> bool:
        """Whether the CA certificate and the router certificate travel by cut and paste."""
        if self.method == "terminal":
            return True
        profile = self.profile or {}
        return self.method == "profile" and bool(
            (profile.get("authentication") or {}).get("terminal")
        )

    @property
    def key_label(self) -> str | None:
        """The key pair the trustpoint names, if it names one."""
        config = self.config or {}
        return (config.get("rsakeypair") or {}).get("label") or config.get("eckeypair")

    def described(self, title: str) -> str:
        """Its CA or router certificate (``diff.CA_CERTIFICATE`` or ``ROUTER_CERTIFICATE``)
        as a diff text."""
        installed = self.ca if title == diff.CA_CERTIFICATE else self.router
        return diff.certificate(title, installed.summary() if installed else None)

    def require(self) -> TrustpointFacts:
        if not self.exists:
            raise ValidationError(
                f"trustpoint {self.name!r} does not exist on the router: create it first "
                "(netpki.ios.trustpoints)"
            )
        return self


def check_mode_preview(
    task: Any, facts: TrustpointFacts, command: str, ready: bool, shown: str
) -> dict[str, Any] | None:
    """In check mode, a trustpoint that is not ready (missing, or without its CA) may be made
    ready by an earlier task of the same run that only pretended: say what would be sent
    instead of failing, and that the ``shown`` certificate's future is unknown. Outside check
    mode, or when ready, None."""
    if not task.check_mode or ready:
        return None
    unknown = f"unknown in check mode (trustpoint {facts.name} is not ready yet)"
    return {
        "trustpoint": facts.name,
        "changed": True,
        "commands": [command],
        "state": "unknown_in_check_mode",
        "reason": f"trustpoint {facts.name} is not ready yet; an earlier task would prepare it",
        "diff": diff.trustpoint_diff(
            facts.name, facts.described(shown), diff.certificate(shown, unknown)
        ),
    }


def parse_facts(name: str, text: str) -> TrustpointFacts:
    """The facts of trustpoint ``name`` from ``show running-config | section crypto pki``."""
    config = next((tp for tp in TRUSTPOINTS.parse(text) if tp["name"] == name), None)
    profile = None
    profile_name = ((config or {}).get("enrollment") or {}).get("profile")
    if profile_name:
        profile = next((p for p in PROFILES.parse(text) if p["name"] == profile_name), None)
    return TrustpointFacts(name, config, profile, _chain(name, text))


def gather(session: Any, name: str, *, reuse: bool = False) -> TrustpointFacts:
    """The trustpoint's facts, read from the router.

    ``reuse``: from what the session already read, if the router was sent nothing since: this
    section, or the whole ``crypto pki`` section (the trustpoints step's read), which holds the
    same blocks and chain (``parse_facts`` picks them by name). The steps of one enrollment
    task so read the running configuration once."""
    command = GATHER_COMMAND.format(name=name)
    if reuse:
        for earlier in (command, WHOLE_SECTION):
            text = session.shown(earlier)
            if text is not None:
                return parse_facts(name, text)
    return parse_facts(name, session.show(command))


def _chain(name: str, text: str) -> list[InstalledCertificate]:
    return [
        InstalledCertificate(entry.kind, entry.serial, entry.certificate())
        for entry in chain_entries(text)
        if entry.trustpoint == name and entry.hex  # not another's, nor kept in a file (nvram:)
    ]
