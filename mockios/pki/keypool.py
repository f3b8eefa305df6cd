"""A disk cache of pre-generated keys, so that tests get real keys without waiting.

Keys are generated lazily: the first `POOL_SIZE` requests of a given kind generate and
store a key, later ones reuse a random stored key. A key is handed out at most once per
process (a router never holds the same key under two labels, as a real one never does), and
the processes of a sharded fleet each take their own share of the stored keys;
when every stored key is taken, a fresh one is generated and stored for later runs.
The cache lives in `$MOCKIOS_KEYPOOL` or `~/.cache/mockios/keypool`.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from .small_rsa import generate_small_rsa

POOL_SIZE = 8
CURVES: dict[int, type[ec.EllipticCurve]] = {
    256: ec.SECP256R1,
    384: ec.SECP384R1,
    521: ec.SECP521R1,
}

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


def default_pool_dir() -> Path:
    configured = os.environ.get("MOCKIOS_KEYPOOL")
    if configured:
        return Path(configured)
    return Path.home() / ".cache" / "mockios" / "keypool"


def generate_key(kind: str, size: int) -> PrivateKey:
    """A fresh key: RSA of `size` bits, or EC on the curve of `size` bits."""
    if kind == "ec":
        return ec.generate_private_key(CURVES[size]())
    if size < 1024:
        return generate_small_rsa(size)
    return rsa.generate_private_key(public_exponent=65537, key_size=size)


def public_der(key: PrivateKey) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


class KeyPool:
    def __init__(self, directory: Path | None = None, size: int = POOL_SIZE) -> None:
        self.directory = directory or default_pool_dir()
        self.size = size
        self._handed: set[bytes] = set()  # public keys already given out by this process
        # Stored files already given out or found taken: loading a key costs milliseconds, and a
        # fleet of a hundred routers must not load the whole pool for every key it asks for.
        self._spent: set[Path] = set()
        self._share = (0, 1)  # (number, of): which stored keys this process may hand out

    def use_share(self, number: int, of: int) -> None:
        """Hand out only every ``of``-th stored key, from the ``number``-th: the processes of
        a sharded fleet then never give two routers the same key."""
        self._share = (number, of)

    def take(self, kind: str, size: int, avoid: set[bytes] | None = None) -> PrivateKey:
        """A real key of the given kind and size, never handed out before by this pool,
        whose public key is not in `avoid`."""
        taken = (avoid or set()) | self._handed
        folder = self.directory / f"{kind}-{size}"
        stored = sorted(folder.glob("*.pem")) if folder.is_dir() else []
        stored = [path for path in stored if self._in_share(path)]
        key = None
        if len(stored) >= self.size:
            key = self._first_free(stored, taken)
        if key is None:
            key = generate_key(kind, size)
            self._store(folder, key)
        self.claim(key)
        return key

    def _in_share(self, path: Path) -> bool:
        # By the file's own (random hex) name, so that a key stored later moves no other.
        number, of = self._share
        return of == 1 or int.from_bytes(path.stem.encode(), "big") % of == number

    def claim(self, key: PrivateKey) -> None:
        """Keep `key` (one loaded from saved state, say) from being handed out."""
        self._handed.add(public_der(key))

    def _first_free(self, stored: list[Path], taken: set[bytes]) -> PrivateKey | None:
        fresh = [path for path in stored if path not in self._spent]
        for path in secrets.SystemRandom().sample(fresh, len(fresh)):
            key = self._load(path)
            self._spent.add(path)
            if key is not None and public_der(key) not in taken:
                return key
        return None

    @staticmethod
    def _load(path: Path) -> PrivateKey | None:
        try:
            # The pool's own keys, written by cryptography: their check costs ~50 ms each.
            key = serialization.load_pem_private_key(
                path.read_bytes(), password=None, unsafe_skip_rsa_key_validation=True
            )
        except (OSError, ValueError):
            return None  # a half-written file from a concurrent writer
        return key  # type: ignore[return-value]

    @staticmethod
    def _store(folder: Path, key: PrivateKey) -> None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            pem = key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
            temporary = folder / f".{secrets.token_hex(8)}.tmp"
            temporary.write_bytes(pem)
            os.replace(temporary, folder / f"{secrets.token_hex(8)}.pem")
        except OSError:
            pass  # the pool is only a cache; a read-only home still gets real keys


_shared_pool: KeyPool | None = None


def shared_pool() -> KeyPool:
    global _shared_pool
    if _shared_pool is None:
        _shared_pool = KeyPool()
    return _shared_pool
