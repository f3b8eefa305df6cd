"""RSA keys below 1024 bits, which `cryptography` refuses to generate but IOS still offers.

IOS 15 proposes a 512-bit default modulus; the key must still be real, so the primes are
made here and the key is assembled from its numbers.
"""

from __future__ import annotations

import secrets

from cryptography.hazmat.primitives.asymmetric import rsa

_PUBLIC_EXPONENT = 65537
_SMALL_PRIMES = (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37)


def _is_probable_prime(candidate: int, rounds: int = 40) -> bool:
    for small in _SMALL_PRIMES:
        if candidate % small == 0:
            return candidate == small
    odd_part, twos = candidate - 1, 0
    while odd_part % 2 == 0:
        odd_part //= 2
        twos += 1
    for _ in range(rounds):
        witness = secrets.randbelow(candidate - 3) + 2
        value = pow(witness, odd_part, candidate)
        if value in (1, candidate - 1):
            continue
        for _ in range(twos - 1):
            value = pow(value, 2, candidate)
            if value == candidate - 1:
                break
        else:
            return False
    return True


def _prime(bits: int) -> int:
    while True:
        # Top two bits set so that the product has exactly 2*bits bits.
        candidate = secrets.randbits(bits) | (3 << (bits - 2)) | 1
        if (candidate - 1) % _PUBLIC_EXPONENT and _is_probable_prime(candidate):
            return candidate


def generate_small_rsa(modulus_bits: int) -> rsa.RSAPrivateKey:
    """A real RSA key of `modulus_bits` (any size from 360 up)."""
    half = modulus_bits // 2
    while True:
        p, q = _prime(modulus_bits - half), _prime(half)
        if p != q and (p * q).bit_length() == modulus_bits:
            break
    phi = (p - 1) * (q - 1)
    d = pow(_PUBLIC_EXPONENT, -1, phi)
    public = rsa.RSAPublicNumbers(_PUBLIC_EXPONENT, p * q)
    numbers = rsa.RSAPrivateNumbers(p, q, d, d % (p - 1), d % (q - 1), pow(q, -1, p), public)
    return numbers.private_key()
