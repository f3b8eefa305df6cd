"""Router key pairs: what `crypto key generate` makes and `show crypto key mypubkey` shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .ios_format import hex_lines, ios_date, now
from .keypool import PrivateKey, public_der, shared_pool

# Seconds that a 4096-bit generation takes on emulated slow hardware (0: as fast as the pool);
# dialogs wait it out with a non-blocking Pause (see keygen_pause).
SLOW_4096_SECONDS = 0.0


@dataclass
class KeyPair:
    """One IOS key label. Usage keys hold a second (encryption) key under the same label."""

    label: str
    kind: str  # "rsa" | "ec"
    size: int  # modulus bits, or the curve size for EC
    key: PrivateKey
    exportable: bool = False
    encryption_key: PrivateKey | None = None
    storage: str | None = None  # `on DEV` device
    generated_at: datetime = field(default_factory=now)

    @property
    def usage_keys(self) -> bool:
        return self.encryption_key is not None

    @property
    def public_der(self) -> bytes:
        return public_der(self.key)

    def public_ders(self) -> set[bytes]:
        """Public keys of both halves, to find the certificates issued to this label."""
        ders = {public_der(self.key)}
        if self.encryption_key is not None:
            ders.add(public_der(self.encryption_key))
        return ders

    def describe(self) -> str:
        """`General Purpose, non-exportable` as `show crypto pki trustpoints status` says."""
        purpose = "Usage Keys" if self.usage_keys else "General Purpose"
        return f"{purpose}, {'exportable' if self.exportable else 'non-exportable'}"


def new_keypair(
    label: str,
    kind: str,
    size: int,
    *,
    usage_keys: bool = False,
    encryption_size: int | None = None,
    exportable: bool = False,
    storage: str | None = None,
    replacing: KeyPair | None = None,
) -> KeyPair:
    """Real keys from the pool; a replaced label always gets a different key.

    Usage keys get a second (encryption) key of `encryption_size` (default: `size`)."""
    avoid = replacing.public_ders() if replacing else set()
    signing = shared_pool().take(kind, size, avoid)
    encryption = None
    if usage_keys:
        encryption = shared_pool().take(
            kind, encryption_size or size, avoid | {public_der(signing)}
        )
    return KeyPair(
        label=label,
        kind=kind,
        size=size,
        key=signing,
        exportable=exportable,
        encryption_key=encryption,
        storage=storage,
    )


def mypubkey_lines(pair: KeyPair, flavor: str) -> list[str]:
    """The `show crypto key mypubkey` block of one label (two blocks for usage keys)."""
    halves = [(pair.key, "General Purpose Key")]
    if pair.kind == "ec":
        # Real IOS-XE 16.12 and 17 list an EC key as a lone `Signature Key`
        # (tests/transcripts/show/mypubkey_ec*.yml); no IOS 15 EC capture was found.
        halves = [(pair.key, "Signature Key")]
    if pair.encryption_key is not None:
        halves = [(pair.key, "Signature Key"), (pair.encryption_key, "Encryption Key")]
    lines: list[str] = []
    for key, usage in halves:
        lines.append(f"% Key pair was generated at: {ios_date(pair.generated_at)}")
        lines.append(f"Key name: {pair.label}")
        lines.append(f"Key type: {_key_type(pair, flavor)}")
        if pair.storage:
            lines.append(f" On Cryptographic Device: {pair.storage}")
        elif flavor == "iosxe17":
            lines.append(" Storage Device: private-config")
        else:
            lines.append(" Storage Device: not specified")
        lines.append(f" Usage: {usage}")
        exportable = "Key is exportable." if pair.exportable else "Key is not exportable."
        if flavor == "iosxe17":
            exportable += " Redundancy enabled."
        lines.append(f" {exportable}")
        lines.append(" Key Data:")
        data = hex_lines(public_der(key))
        # Real `Key Data:` lines end with a space, all but the last (short) one.
        lines.extend([line + " " for line in data[:-1]] + data[-1:])
    return lines


def _key_type(pair: KeyPair, flavor: str) -> str:
    if flavor != "iosxe17":
        return f"{pair.kind.upper()} KEYS"
    if pair.kind == "ec":
        return f"EC KEYS      p{pair.size} curve"
    return f"RSA KEYS      {pair.size} bits"
