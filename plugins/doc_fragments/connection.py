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
  - 'Credentials are read as Ansible passes them, the first found wins: the host variables
    C(ansible_user), C(ansible_password) (or C(ansible_ssh_pass)), C(ansible_private_key_file)
    (or C(ansible_ssh_private_key_file)), C(ansible_become_password) (or C(ansible_become_pass)),
    the enable secret, and C(ansible_port) (default 22); then the command line (C(-u), C(-k),
    C(-K), C(--private-key), C(--connection-password-file), C(--become-password-file)); then
    the environment variables of the AWX/AAP network credential (C(ANSIBLE_NET_USERNAME),
    C(ANSIBLE_NET_PASSWORD), C(ANSIBLE_NET_SSH_KEYFILE), and C(ANSIBLE_NET_AUTH_PASS) when
    C(ANSIBLE_NET_AUTHORIZE) is set). A missing credential fails the task before anything is
    sent.'
  - 'Keys from a running SSH agent (C(SSH_AUTH_SOCK)) are offered, as OpenSSH does. A private
    key file protected by a passphrase takes it from the host variable
    C(netpki_private_key_passphrase) (keep it in a vault; it is masked like every secret).'
  - C(ansible_command_timeout) (default 30 seconds) bounds each command. Key generation and
    SCEP waits have options of their own.
  - 'Host keys are always checked, against the OpenSSH known_hosts file named by the host
    variable C(netpki_known_hosts_file) (default C(~/.ssh/known_hosts), entries C(host) on port
    22, else C([host]:port)). The file is read, never written. An unknown or changed host key
    fails the task, saying which, with the SHA-256 fingerprint the router presented and the
    file checked; nothing is sent to the router. C(python -m mockios fleet) writes such a file
    for its routers and points its inventory at it.'
  - 'Only an explicit opt-out turns checking off, and every task then warns: the host variable
    C(ansible_host_key_checking: false) (or C(ansible_ssh_host_key_checking)), or
    C(StrictHostKeyChecking=no) in C(ansible_ssh_common_args) / C(ansible_ssh_extra_args).
    The Ansible setting C(host_key_checking) (ansible.cfg, C(ANSIBLE_HOST_KEY_CHECKING)) is not
    an opt-out here.'
  - 'Bastions: C(ProxyCommand) or C(ProxyJump) (C(-o ProxyJump=...) or C(-J user@jump:port)) in
    C(ansible_ssh_common_args) / C(ansible_ssh_extra_args), or in the entry for the router in the
    ssh_config file named by C(netpki_ssh_config_file) (which may also give C(HostName),
    C(Port), C(User), C(IdentityFile)). ProxyJump runs the OpenSSH client C(ssh -W), which
    checks the key of each jump host as strictly (against C(netpki_known_hosts_file) when it is
    set) and never prompts: log in to jump hosts with keys or the agent. The key of the router
    itself is checked as above.'
  - 'C(ansible_network_os), when set, must be C(cisco.ios.ios) or C(ios) (IOS and IOS-XE);
    any other value fails the task before connecting.'
  - Every value is checked before the router is contacted. A newline, carriage return or other
    control character is refused in any value that becomes a CLI line, as is C(?) (IOS takes
    it as a request for help).
  - Secrets (passwords, passphrases, private keys, the enable secret) are never logged or
    returned; they are masked in the commands and diffs a task returns, in transcripts and in
    error messages.
"""
