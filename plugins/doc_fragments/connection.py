# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""How the netpki.ios modules reach a router: inventory variables, timeouts, host keys."""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options: {}
requirements:
  - netmiko >= 4.8 on the controller
notes:
  - 'The module runs on the controller, in its action plugin, and opens one SSH session to the
    router per task with C(netmiko). Use it with C(connection: local), or from an inventory
    that names C(ansible.netcommon.network_cli); the connection plugin itself is not used.'
  - 'The session is built from the usual inventory variables: C(ansible_host) (else the
    inventory name), C(ansible_port) (default 22), C(ansible_user), C(ansible_password) or
    C(ansible_ssh_pass), C(ansible_ssh_private_key_file), and C(ansible_become_password), the
    enable secret. A missing credential fails the task before anything is sent.'
  - C(ansible_command_timeout) (default 30 seconds) bounds each command. Key generation and
    SCEP waits have options of their own.
  - Host keys are checked as C(ansible_host_key_checking) says, else as the Ansible setting
    C(host_key_checking) says. An unknown host key fails the task; add it to C(known_hosts).
  - Every value is checked before the router is contacted. A newline, carriage return or other
    control character is refused in any value that becomes a CLI line, as is C(?) (IOS takes
    it as a request for help).
  - Secrets (passwords, passphrases, private keys, the enable secret) are never logged or
    returned; they are masked in RV(commands), diffs, transcripts and error messages.
"""
