#!/usr/bin/python
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: certificate_export
short_description: Export a Cisco IOS trustpoint's certificates, and its private key on request
version_added: 0.2.0
description:
  - Returns the trustpoint's CA certificate and router certificate as PEM, read from the
    running configuration (one C(show running-config | section) command). Nothing changes on
    the router.
  - With O(include_private_key=true) the router exports the key too
    (C(crypto pki export TRUSTPOINT pem terminal aes|3des password PASSPHRASE)). The key comes
    back encrypted with O(passphrase), in the legacy PEM form IOS prints
    (with a C(Proc-Type) header); the task checks that the passphrase opens it and that it
    belongs to the router certificate. B(The result then holds the key) in RV(private_key),
    so the result is marked C(no_log) (Ansible shows it censored; a registered variable keeps
    it), the key is masked in RV(commands), in errors and in the session transcript. Keep
    the registered variable out of logs and files you do not protect.
  - With O(pkcs12_url) the router writes a PKCS#12 file (key, router and CA certificates)
    where the URL says (C(crypto pki export TRUSTPOINT pkcs12 URL password PASSPHRASE)),
    answering the router's C(Destination filename) question from the URL. That writes a file,
    so it is a change, made again on every run.
  - IOS exports only a key pair generated or imported C(exportable)
    (M(netpki.ios.crypto_keys) O(netpki.ios.crypto_keys#module:exportable=true)); otherwise the
    router refuses (C(% RSA keypair LABEL is not exportable.)) and the task fails saying so.
author:
  - netpki.ios maintainers (@netpki)
attributes:
  check_mode:
    support: full
    description:
      - The certificates are returned as in a normal run. The key export and the PKCS#12
        file are only listed in RV(commands), since they take a config-mode command;
        RV(private_key) is then not returned.
  diff_mode:
    support: full
    description:
      - Only O(pkcs12_url) changes something, the file it names; the diff says it is written.
requirements:
  - cryptography on the controller
options:
  trustpoint:
    description: The trustpoint to export. Its CA must be authenticated.
    type: str
    required: true
  include_private_key:
    description:
      - Also export the trustpoint's private key, encrypted with O(passphrase), into
        RV(private_key).
      - The trustpoint must hold a router certificate (IOS exports the key with it).
    type: bool
    default: false
  passphrase:
    description:
      - The passphrase that encrypts the exported key (O(include_private_key)) or the
        PKCS#12 file (O(pkcs12_url)); required with either. One word, at least 8 characters.
      - It is typed on the router's command line and masked everywhere in the result.
    type: str
  key_encryption:
    description:
      - The cipher of the exported PEM key, C(aes) (AES-128-CBC) or C(3des) (DES-EDE3-CBC,
        for older tools).
    type: str
    choices: [aes, 3des]
    default: aes
  pkcs12_url:
    description:
      - Where the router writes a PKCS#12 file of the trustpoint, such as
        V(tftp://192.0.2.50/r1.p12) or V(flash:r1.p12). It must name the host (a network URL)
        and the file; it is checked before connecting.
    type: str
notes:
  - A module of its own rather than an option of M(netpki.ios.pki_info) or
    M(netpki.ios.certificate_import), because it is the one task that can return a secret.
    M(netpki.ios.pki_info) stays safe to log and to run in every audit, and
    M(netpki.ios.certificate_import) stays the way in.
seealso:
  - module: netpki.ios.certificate_import
  - module: netpki.ios.crypto_keys
extends_documentation_fragment:
  - netpki.ios.attributes
  - netpki.ios.connection
"""

EXAMPLES = r"""
- name: The CA and router certificates of a trustpoint, as PEM
  netpki.ios.certificate_export:
    trustpoint: VPN
  register: exported

- name: Back up the certificate with its key (exportable keys only)
  netpki.ios.certificate_export:
    trustpoint: VPN
    include_private_key: true
    passphrase: "{{ vault_key_passphrase }}"
  register: backup  # the result is no_log: Ansible shows it censored

- name: Write a PKCS#12 file of the trustpoint to a TFTP server
  netpki.ios.certificate_export:
    trustpoint: VPN
    pkcs12_url: tftp://192.0.2.50/backup/r1.p12
    passphrase: "{{ vault_p12_passphrase }}"
"""

RETURN = r"""
trustpoint:
  description: The trustpoint.
  returned: always
  type: str
  sample: VPN
ca_certificate:
  description: The trustpoint's CA certificate, PEM.
  returned: success
  type: str
  sample: |
    -----BEGIN CERTIFICATE-----
    MIIBszCCAVmgAwIBAgIUW1...
    -----END CERTIFICATE-----
certificate:
  description: The router certificate, PEM; V(null) when the trustpoint has none.
  returned: success
  type: str
  sample: |
    -----BEGIN CERTIFICATE-----
    MIIB0TCCAXegAwIBAgIBEDAK...
    -----END CERTIFICATE-----
private_key:
  description:
    - The private key, in legacy encrypted PEM (opened by O(passphrase)). A secret; the
      result that holds it is C(no_log).
  returned: when O(include_private_key=true), not in check mode
  type: str
  sample: |
    -----BEGIN RSA PRIVATE KEY-----
    Proc-Type: 4,ENCRYPTED
    DEK-Info: AES-128-CBC,9A1F...
    ...
    -----END RSA PRIVATE KEY-----
pkcs12_url:
  description: Where the router wrote the PKCS#12 file.
  returned: when O(pkcs12_url) is given
  type: str
  sample: tftp://192.0.2.50/backup/r1.p12
commands:
  description: The commands typed (or, in check mode, that would be typed), passphrases masked.
  returned: always
  type: list
  elements: str
  sample: ["crypto pki export VPN pem terminal aes password ********"]
transcript_tail:
  description: The end of the SSH session text, secrets masked, when the task fails on the router.
  returned: on failure after connecting
  type: str
  sample: "% RSA keypair VPN is not exportable.\nR1(config)#end\nR1#"
"""

from ansible_collections.netpki.ios.plugins.module_utils import (  # noqa: E402
    certificate_export_argspec,
)
from ansible_collections.netpki.ios.plugins.module_utils.controller_only import (  # noqa: E402
    refuse_on_target,
)


def main():
    refuse_on_target("certificate_export", certificate_export_argspec)


if __name__ == "__main__":
    main()
