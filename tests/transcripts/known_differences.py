"""Transcripts that show what the engine or mockios does not do yet, each with the reason.

Keys are ``(test, transcript id)`` with test ``"replay"`` (the dialog engine) or ``"compare"``
(mockios over SSH). The tests expect these cases to fail (strict): remove the entry when the
fact is fixed. Issue 11's facts are cited by number.
"""

from __future__ import annotations

KNOWN_DIFFERENCES: dict[tuple[str, str], str] = {
    # Found by the corpus, not among issue 11's facts (older IOS 12.x forms):
    ("replay", "enroll/guide_terminal_usage_keys"): (
        "not in issue 11: IOS 12.x usage keys print two requests without the `---End - This "
        "line not part of the certificate request---` line and ask `Redisplay` twice; the "
        "human's first answer is lost in the flattened source"
    ),
    ("compare", "keys/genielibs_zeroize_rsa_label"): (
        "unconfirmed: the capture is genielibs mock data whose API types `crypto key zeroize` "
        "with device.execute, so the mock puts it under the exec prompt; every human capture "
        "found (IOS 15 and IOS-XE 16/17 lab write-ups, `sw(config)#crypto key zeroize`) types "
        "it in configuration mode, as Cisco's command reference has it, and no capture shows "
        "an IOS router accepting it at exec (IOS-XR does). mockios accepts it only in "
        "configuration mode until a real exec capture is found"
    ),
    ("compare", "show/mypubkey_ec"): (
        "not in issue 11: this older IOS-XE 17 prints `Key type: EC KEYS` without the curve; "
        "mockios's one iosxe17 flavor prints the newer `EC KEYS      p256 curve`"
    ),
    ("compare", "show/mypubkey_rsa_label"): (
        "not in issue 11: this older IOS-XE 17 prints `Key type: RSA KEYS` without the size; "
        "mockios's one iosxe17 flavor prints the newer `RSA KEYS      2048 bits`"
    ),
    ("compare", "show/mypubkey_rsa_label_2048"): (
        "not in issue 11: this capture shows `Storage Device: not specified` for an RSA key "
        "shown right after generation (an EC key of the same router and day: private-config). "
        "Every `not specified` capture found is a just-generated RSA key, every `private-config` "
        "an older (saved) or EC key, which suggests the device is named once the key is saved; "
        "mockios would need a per-key saved state set by `write memory` (mockios/device.py) and "
        "no capture shows one key before and after saving: mockios prints private-config"
    ),
}


def known(test: str, case_id: str) -> str | None:
    return KNOWN_DIFFERENCES.get((test, case_id))
