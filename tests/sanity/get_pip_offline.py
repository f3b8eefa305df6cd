"""Offline stand-in for the get-pip.py script that ``ansible-test`` would download.

ansible-test bootstraps pip into each sanity virtualenv by running get-pip.py, which it fetches
from a host outside the package registry. ``make sanity`` places this script in ansible-test's
cache instead: it runs pip straight from a pip wheel fetched from PyPI with ``pip download``.
Arguments are get-pip's: pip options plus requirement specifiers.
"""

import glob
import os
import sys

WHEEL_DIR = "@WHEEL_DIR@"  # filled in by the Makefile


def main():
    wheels = sorted(glob.glob(os.path.join(WHEEL_DIR, "pip-*.whl")))
    if not wheels:
        sys.exit(f"no pip wheel in {WHEEL_DIR}: run 'make sanity-bootstrap'")
    sys.path.insert(0, wheels[-1])
    from pip._internal.cli.main import main as pip_main  # from the wheel above

    # get-pip.py's own flags; plain pip does not know them.
    args = [a for a in sys.argv[1:] if a not in ("--no-setuptools", "--no-wheel")]
    sys.exit(pip_main(["install", "--find-links", WHEEL_DIR, *args]))


if __name__ == "__main__":
    main()
