"""The ``keygen_delay`` fault: seconds per 4096-bit RSA key, waited as a dialog ``Pause``."""

from __future__ import annotations

from mockios.dialog import Pause
from mockios.pki import keys
from mockios.pki.keygen_pause import keygen_pause, keygen_seconds


def test_delay_counts_each_4096_bit_rsa_key(router, monkeypatch):
    device = router.device
    monkeypatch.setattr(keys, "SLOW_4096_SECONDS", 0.0)
    assert keygen_seconds(device, "rsa", (4096,)) == 0
    device.faults.keygen_delay = 1.5
    assert keygen_seconds(device, "rsa", (4096,)) == 1.5
    assert keygen_seconds(device, "rsa", (4096, 4096)) == 3.0  # usage keys: two keys
    assert keygen_seconds(device, "rsa", (2048, 4096)) == 1.5
    assert keygen_seconds(device, "ec", (521,)) == 0
    assert list(keygen_pause(device, "rsa", 4096)) == [Pause("keygen", 1.5)]
    assert list(keygen_pause(device, "rsa", 2048)) == []


def test_environment_default_applies_without_the_fault(router, monkeypatch):
    monkeypatch.setattr(keys, "SLOW_4096_SECONDS", 0.25)
    assert keygen_seconds(router.device, "rsa", (4096,)) == 0.25


def test_enrollment_that_makes_a_4096_bit_key_pauses(router):
    from mockios.pki.keygen_pause import autogen_pause

    router.config("crypto pki trustpoint BIG", "rsakeypair BIGKEY 4096", "exit")
    router.device.faults.keygen_delay = 0.5
    trustpoint = router.device.running.trustpoints["BIG"]
    assert list(autogen_pause(router.device, trustpoint)) == [Pause("keygen", 0.5)]
    router.config("crypto key generate rsa label BIGKEY modulus 2048")
    assert list(autogen_pause(router.device, trustpoint)) == []  # the key exists
