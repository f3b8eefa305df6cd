#!/usr/bin/python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: crypto_keys
short_description: Generate, replace and remove RSA and EC key pairs on Cisco IOS and IOS-XE
version_added: 0.1.0
description:
  - Makes sure the router holds a key pair with the given O(label), O(type), O(size) and
    O(usage) (C(crypto key generate rsa|ec)), or none (C(crypto key zeroize)).
  - Idempotent by label, type, size and usage, read from C(show crypto key mypubkey all). A
    matching key pair is left alone; a different one is replaced, answering the IOS
    C(% Do you really want to replace them? [yes/no]:) question; O(force=true) replaces it
    anyway. A key pair of the other type under the same label is zeroized first.
  - O(exportable) and O(storage) cannot change on an existing key pair; when only they differ,
    the task warns and leaves the key alone unless O(force=true).
author:
  - netpki.ios maintainers (@netpki)
attributes:
  diff_mode:
    support: full
    description:
      - The key pair under O(label) before and after (type, size, usage, exportable, storage,
        the SHA-256 of its public key), or V(none); a key pair this task removed is
        "none (zeroized)".
      - In check mode the after is the key pair that would be generated.
requirements:
  - textfsm >= 2.1 on the controller
  - cryptography on the controller
options:
  label:
    description: Key pair label (C(label LABEL)). One word.
    type: str
    required: true
  type:
    description: V(rsa) or V(ec).
    type: str
    default: rsa
    choices: [rsa, ec]
  size:
    description:
      - For V(rsa), the modulus in bits (360-4096; IOS-XE wants at least 512). For V(ec), the
        curve size, V(256), V(384) or V(521).
      - Defaults to V(2048) for RSA and V(256) for EC.
    type: int
  usage:
    description:
      - V(general) makes one general-purpose key pair; V(usage-keys) makes a signature and an
        encryption key pair (RSA only).
    type: str
    default: general
    choices: [general, usage-keys]
  exportable:
    description: Make the private key exportable (C(exportable)).
    type: bool
    default: false
  storage:
    description:
      - The device the key pair is generated on and kept in (C(on DEVICE)), such as
        V(usbtoken0:).
    type: str
  state:
    description: V(present) makes sure the key pair exists as described; V(absent) zeroizes it.
    type: str
    default: present
    choices: [present, absent]
  force:
    description: Replace the key pair even when it already matches.
    type: bool
    default: false
  timeout:
    description:
      - Seconds to wait for the router while it generates the key pair. RSA 4096 takes tens of
        seconds on real hardware.
      - IOS finishes a generation it has started, so a task that times out after the router
        accepted the command fails with C(changed=true) and the command in RV(commands).
    type: int
    default: 120
notes:
  - Zeroizing or replacing a key pair also removes the router certificates issued for it.
seealso:
  - module: netpki.ios.trustpoints
extends_documentation_fragment:
  - netpki.ios.attributes
  - netpki.ios.connection
  - netpki.ios.router_change
"""

EXAMPLES = r"""
- name: A 2048-bit general-purpose RSA key pair for the corporate trustpoint
  netpki.ios.crypto_keys:
    label: CORP-KEY
    size: 2048

- name: An exportable P-384 EC key pair
  netpki.ios.crypto_keys:
    label: VPN-EC
    type: ec
    size: 384
    exportable: true

- name: Roll the key (a new key pair even though the old one matches)
  netpki.ios.crypto_keys:
    label: CORP-KEY
    size: 4096
    force: true
    timeout: 300

- name: Remove a key pair
  netpki.ios.crypto_keys:
    label: OLD-KEY
    state: absent
"""

RETURN = r"""
before:
  description: The key pair under O(label) before the task, or V(null).
  returned: always
  type: dict
  # BEGIN generated key_pair (make generate)
  contains:
    label:
      description: The key pair's label.
      type: str
      sample: LAB.key
    type:
      description: V(rsa) or V(ec).
      type: str
      sample: rsa
    size:
      description: The RSA modulus or the EC curve size in bits (V(null) when IOS
        prints neither a size nor a readable key).
      type: int
      sample: 2048
    usage:
      description: V(general) or V(usage-keys) (a signature and an encryption key
        pair).
      type: str
      sample: general
    exportable:
      description: Whether the key pair can be exported.
      type: bool
      sample: false
    storage:
      description: Where the key pair is stored when not in the default place (NVRAM's
        private configuration), else V(null).
      type: str
      sample: null
    public_key_sha256:
      description: The SHA-256 of the public key (its DER SubjectPublicKeyInfo) as
        IOS lists it, in 8-hex groups; for usage keys the signature and the encryption
        key's, comma separated. A regenerated key pair has a new one. V(null) when
        IOS lists no key data, and in check mode for a key pair not generated yet.
      type: str
      sample: 9707BB94 09450395 AC5A5A6F C812B207 5DCD54C0 41F71798 8FA5B199 4E1EFBAE
  # END generated key_pair
after:
  description: The key pair after the task (in check mode, what it would be), or V(null).
  returned: always
  type: dict
  # BEGIN generated key_pair (make generate)
  contains:
    label:
      description: The key pair's label.
      type: str
      sample: LAB.key
    type:
      description: V(rsa) or V(ec).
      type: str
      sample: rsa
    size:
      description: The RSA modulus or the EC curve size in bits (V(null) when IOS
        prints neither a size nor a readable key).
      type: int
      sample: 2048
    usage:
      description: V(general) or V(usage-keys) (a signature and an encryption key
        pair).
      type: str
      sample: general
    exportable:
      description: Whether the key pair can be exported.
      type: bool
      sample: false
    storage:
      description: Where the key pair is stored when not in the default place (NVRAM's
        private configuration), else V(null).
      type: str
      sample: null
    public_key_sha256:
      description: The SHA-256 of the public key (its DER SubjectPublicKeyInfo) as
        IOS lists it, in 8-hex groups; for usage keys the signature and the encryption
        key's, comma separated. A regenerated key pair has a new one. V(null) when
        IOS lists no key data, and in check mode for a key pair not generated yet.
      type: str
      sample: 9707BB94 09450395 AC5A5A6F C812B207 5DCD54C0 41F71798 8FA5B199 4E1EFBAE
  # END generated key_pair
commands:
  description:
    - The commands sent (or, in check mode, that would be sent). A V(yes) follows a command
      when IOS asks to confirm replacing or removing keys.
  returned: always
  type: list
  elements: str
  sample:
    - crypto key generate rsa general-keys label CORP-KEY modulus 2048
    - "yes"
waits:
  description:
    - How long the key dialog took, in seconds; recorded when the task fails too. At C(-v)
      the task shows a line saying which keys it generates (or removes).
  returned: when the task generated or removed keys
  type: list
  elements: dict
  sample: [{step: generating 2048-bit RSA keys CORP-KEY, seconds: 3.1}]
transcript_tail:
  description: The end of the SSH session text, secrets masked, when the task fails on the router.
  returned: on failure after connecting
  type: str
  sample: "% Please define a domain-name first."
"""

from ansible_collections.netpki.ios.plugins.module_utils import crypto_keys_argspec  # noqa: E402
from ansible_collections.netpki.ios.plugins.module_utils.controller_only import (  # noqa: E402
    refuse_on_target,
)


def main():
    refuse_on_target("crypto_keys", crypto_keys_argspec)


if __name__ == "__main__":
    main()
