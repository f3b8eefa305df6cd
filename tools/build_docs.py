"""Build the collection's HTML docs site the way collections publish to the Ansible docs site.

``antsibull-docs sphinx-init`` writes a Sphinx project (conf.py, build.sh) into the
destination; its build.sh renders the module docs and the guides of docs/docsite/
(extra-docs.yml, rst/) with ``antsibull-docs collection``, then runs ``sphinx-build -W``, so
a warning fails the build. The pages land in <dest>/build/html.

Offline: the generated pages refer to labels of the Ansible docs (``action_plugins``...),
which Sphinx would resolve by fetching that site's inventory. Instead a small inventory of
just those labels is written beside conf.py, so they still link to the Ansible docs and
nothing is fetched. A page that gains another such label fails the build until it is added
to ``ANSIBLE_LABELS``.

    python tools/build_docs.py [DEST]      (default build/docs; `make docs`)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ANSIBLE_DOCS = "https://docs.ansible.com/projects/ansible/devel/"
# label -> (page and anchor under ANSIBLE_DOCS, title)
ANSIBLE_LABELS = {
    "action_plugins": ("plugins/action.html#action-plugins", "Action plugins"),
    "common_return_values": (
        "reference_appendices/common_return_values.html#common-return-values",
        "Return Values",
    ),
    "ansible_configuration_settings": (
        "reference_appendices/config.html#ansible-configuration-settings",
        "Ansible Configuration Settings",
    ),
}
INVENTORY = "ansible_devel.inv"
OFFLINE_CONF = f"""
# Offline (tools/build_docs.py): the Ansible docs' labels come from a local inventory.
intersphinx_mapping = {{"ansible_devel": ({ANSIBLE_DOCS!r}, {"../" + INVENTORY!r})}}
"""


def inventory() -> bytes:
    """A Sphinx objects.inv (version 2) holding ANSIBLE_LABELS."""
    header = (
        "# Sphinx inventory version 2\n# Project: Ansible\n# Version: devel\n"
        "# The remainder of this file is compressed using zlib.\n"
    )
    lines = "".join(
        f"{label} std:label -1 {uri} {title}\n"
        for label, (uri, title) in sorted(ANSIBLE_LABELS.items())
    )
    return header.encode() + zlib.compress(lines.encode())


def build(dest: Path) -> None:
    venv_bin = Path(sys.executable).parent
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(venv_bin), env.get("PATH", "")])
    env["ANSIBLE_COLLECTIONS_PATH"] = str(REPO / "build" / "collections")
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    dest.chmod(0o755)  # antsibull-docs writes only into a directory no one else can write
    subprocess.run(
        [venv_bin / "antsibull-docs", "sphinx-init", "--use-current", "--dest-dir", dest]
        + ["--project", "netpki.ios", "--copyright", "netpki.ios maintainers"]
        + ["--title", "netpki.ios documentation", "netpki.ios"],
        env=env,
        check=True,
    )
    with (dest / "conf.py").open("a") as conf:
        conf.write(OFFLINE_CONF)
    (dest / INVENTORY).write_bytes(inventory())
    subprocess.run(["bash", dest / "build.sh"], env=env, check=True)


def main(argv: list[str]) -> int:
    dest = Path(argv[0]) if argv else REPO / "build" / "docs"
    try:
        build(dest.resolve())
    except subprocess.CalledProcessError as error:
        print(f"docs build failed: {error}", file=sys.stderr)
        return 1
    print(f"docs site: {dest / 'build' / 'html' / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
