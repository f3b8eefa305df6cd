"""``make ee``: the execution environment's build context, from galaxy.yml and the tarball.

``ansible-builder create`` only logs a build file it cannot find and exits 0, and the EE
definition names the collection tarball, whose name carries the version. So this wrapper
reads the version from galaxy.yml (the one place it is kept), fails when the tarball
``ansible-galaxy collection build`` makes is missing, writes the complete EE definition
(``ee/execution-environment.yml`` plus the tarball, the galaxy requirement and the image tag)
under ``--out`` and runs ``ansible-builder create`` on it.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
EE_DEFINITION = REPO / "ee" / "execution-environment.yml"


def collection_release() -> tuple[str, str]:
    """(tarball file name, version) as ``ansible-galaxy collection build`` names them."""
    galaxy = yaml.safe_load((REPO / "galaxy.yml").read_text())
    version = str(galaxy["version"])
    return f"{galaxy['namespace']}-{galaxy['name']}-{version}.tar.gz", version


def ee_definition(tarball: Path, version: str) -> dict:
    """ee/execution-environment.yml completed with what depends on the release."""
    definition = yaml.safe_load(EE_DEFINITION.read_text())
    # The image's galaxy stage installs from /build, where additional_build_files copies to.
    definition["dependencies"]["galaxy"] = {
        "collections": [{"name": f"collections/{tarball.name}", "type": "file"}]
    }
    definition["additional_build_files"] = [{"src": str(tarball), "dest": "collections"}]
    definition.setdefault("options", {})["tags"] = [f"netpki-ios-ee:{version}"]
    return definition


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="make ee", description=__doc__.split("\n\n", maxsplit=1)[0]
    )
    parser.add_argument(
        "--dist", type=Path, default=REPO, help="where the collection tarball is (default: .)"
    )
    parser.add_argument(
        "--out", type=Path, default=REPO / "build" / "ee", help="EE definition and context"
    )
    args = parser.parse_args(argv)
    name, version = collection_release()
    tarball = (args.dist / name).resolve()
    if not tarball.is_file():
        print(
            f"make ee: the collection tarball {tarball} is missing; build it first with\n"
            f"  ansible-galaxy collection build --output-path {args.dist}",
            file=sys.stderr,
        )
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    definition_file = args.out / "execution-environment.yml"
    definition_file.write_text(
        "# Written by `make ee` (ee/create.py) from ee/execution-environment.yml and galaxy.yml.\n"
        + yaml.safe_dump(ee_definition(tarball, version), sort_keys=False)
    )
    context = args.out / "context"
    builder = Path(sys.executable).parent / "ansible-builder"
    command = [str(builder), "create", "--file", str(definition_file), "--context", str(context)]
    done = subprocess.run(command, check=False)
    if done.returncode != 0:
        return done.returncode
    # Belt and braces: ansible-builder must have copied the tarball, or the image has nothing.
    if not (context / "_build" / "collections" / name).is_file():
        print(f"make ee: {name} did not reach the build context {context}", file=sys.stderr)
        return 1
    print(
        f"make ee: context for netpki.ios {version} in {context}; build the image with\n"
        f"  ansible-builder build --file {definition_file} --context {context}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
