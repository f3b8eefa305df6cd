# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The module side of every netpki.ios module. The work runs on the controller, in the
module's action plugin; the module file is its documentation and this one call."""

from __future__ import annotations

from ansible.module_utils.basic import AnsibleModule


def refuse_on_target(name, argspec):
    """Checks the arguments against the module's argspec (``argspec`` is its
    ``module_utils/<name>_argspec.py``), then fails: the module was run on a target host
    instead of through its action plugin."""
    module = AnsibleModule(
        argument_spec=argspec.ARGUMENT_SPEC,
        required_if=getattr(argspec, "REQUIRED_IF", None) or None,
        mutually_exclusive=getattr(argspec, "MUTUALLY_EXCLUSIVE", None) or None,
        required_one_of=getattr(argspec, "REQUIRED_ONE_OF", None) or None,
        supports_check_mode=True,
    )
    module.fail_json(msg=f"netpki.ios.{name} runs on the controller through its action plugin")
