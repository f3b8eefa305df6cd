"""Certificate kinds: one vocabulary for every reader (``pki_info``'s ``kind``, the chains, the
trustpoint facts the operations plan from).

IOS names a kind two ways: ``show crypto pki certificates`` heads each block (``CA
Certificate``, ``Router Self-Signed Certificate``), and the running config's chain puts a
word between ``certificate`` and the serial (``certificate ca 01``, ``certificate
self-signed 01``, none for the router's own).
"""

from __future__ import annotations

CA = "ca"
ROUTER = "router"
SELF_SIGNED = "self_signed"
RA_SIGNATURE = "ra_signature"
RA_ENCIPHERMENT = "ra_encipherment"
# CA key rollover: the shadow certificates a router holds until its CA certificate expires.
ROLLOVER_ROUTER = "rollover_router"
ROLLOVER_CA = "rollover_ca"
OTHER = "other"

ISSUING = (CA, SELF_SIGNED)  # a trustpoint holding one is authenticated
OWN = (ROUTER, SELF_SIGNED)  # the router's own certificate

_HEADINGS = {
    "certificate": ROUTER,
    "ca certificate": CA,
    "router self-signed certificate": SELF_SIGNED,
    "ra signature certificate": RA_SIGNATURE,
    "ra keyencipher certificate": RA_ENCIPHERMENT,
    "rollover certificate": ROLLOVER_ROUTER,
    "rollover ca certificate": ROLLOVER_CA,
}
ROLLOVER = (ROLLOVER_ROUTER, ROLLOVER_CA)
_CHAIN_WORDS = {"": ROUTER, "ca": CA, "self-signed": SELF_SIGNED}
# IOS's words for an RA's certificates (no router capture: tests/transcripts/GAPS.md).
_CHAIN_WORDS |= {"ra-sign": RA_SIGNATURE, "ra-encrypt": RA_ENCIPHERMENT}


def from_heading(heading: str) -> str:
    """The kind of a ``show crypto pki certificates`` block (``OTHER`` when unknown)."""
    return _HEADINGS.get(" ".join(heading.split()).lower(), OTHER)


def from_chain_word(word: str | None) -> str:
    """The kind of a chain entry (an unknown word is kept as printed)."""
    word = (word or "").strip().lower()
    return _CHAIN_WORDS.get(word, word)
