"""The execution environment definition is valid and carries our controller dependencies.

``make ee`` (``ee/create.py`` around ``ansible-builder create``) turns
``ee/execution-environment.yml`` into a build context from a freshly built collection tarball,
named from galaxy.yml's version, and fails when that tarball is missing. The test then
replays, on this machine, the two image build stages that read our metadata: the galaxy stage
(``ansible-galaxy collection install -r requirements.yml`` from the context's ``_build``
directory, as the Containerfile does in ``/build``) and the builder stage (the context's own
``introspect.py``, which collects the Python and system requirements of the installed
collections). No container runtime needed.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
GALAXY = yaml.safe_load((REPO / "galaxy.yml").read_text())
VERSION = GALAXY["version"]
GALAXY_DEPENDENCIES = GALAXY["dependencies"]
TARBALL = f"netpki-ios-{VERSION}.tar.gz"
# Runtime dependencies that are not the collection's to declare: ansible-core is the EE's
# own, pyyaml comes with it, asyncssh and asn1crypto serve only the simulator.
_NOT_COLLECTION_DEPS = {"ansible-core", "pyyaml", "asyncssh", "asn1crypto"}


def _run(*command: str | Path, cwd: Path) -> str:
    # Ansible must not see the repository's own collection link (build/collections): ours is
    # "already installed" there, and galaxy would install nothing.
    env = {**os.environ, "ANSIBLE_COLLECTIONS_PATH": str(cwd / "no-collections")}
    env.pop("ANSIBLE_CONFIG", None)
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"{command}:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _pins(lines: list[str]) -> dict[str, str]:
    """``name==version`` lines (comments and markers stripped) as {lowercase name: version}."""
    pins = {}
    for line in lines:
        match = re.match(r"\s*([A-Za-z0-9_.-]+)==([^\s#;]+)", line)
        if match:
            pins[match.group(1).lower()] = match.group(2)
    return pins


def _make_ee(dist: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(REPO), "ee", f"EE_DIST={dist}", f"EE_OUT={out}"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def context(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The build context ``make ee`` makes from a fresh tarball."""
    work = tmp_path_factory.mktemp("ee")
    _run(BIN / "ansible-galaxy", "collection", "build", REPO, "--output-path", work, cwd=work)
    done = _make_ee(work, work / "ee")
    assert done.returncode == 0, done.stdout + done.stderr
    return work / "ee" / "context"


def test_make_ee_fails_without_the_collection_tarball(tmp_path: Path) -> None:
    done = _make_ee(tmp_path, tmp_path / "ee")
    assert done.returncode != 0
    assert f"{tmp_path / TARBALL} is missing" in done.stderr
    assert "ansible-galaxy collection build" in done.stderr
    assert not (tmp_path / "ee" / "context").exists()


def test_the_version_is_written_from_galaxy_yml_only(context: Path) -> None:
    for path in (REPO / "ee").iterdir():
        assert VERSION not in path.read_text(), f"{path} repeats the version by hand"
    definition = yaml.safe_load((context.parent / "execution-environment.yml").read_text())
    assert definition["options"]["tags"] == [f"netpki-ios-ee:{VERSION}"]
    with tarfile.open(context / "_build" / "collections" / TARBALL) as archive:
        manifest = json.load(archive.extractfile("MANIFEST.json"))
    assert manifest["collection_info"]["version"] == VERSION


def test_builder_creates_a_context_holding_the_collection_tarball(context: Path) -> None:
    containerfile = next(
        p for p in (context / "Containerfile", context / "Dockerfile") if p.exists()
    )
    text = containerfile.read_text()
    assert "ansible-core==2.19.14" in text
    assert "ansible-galaxy collection install" in text and "COPY _build /build" in text
    copied = context / "_build" / "collections" / TARBALL
    assert copied.is_file()
    with tarfile.open(copied) as archive:
        names = set(archive.getnames())
    assert {"meta/execution-environment.yml", "requirements.txt", "bindep.txt"} <= names
    assert "plugins/plugin_utils/_engine/transport/session.py" in names
    assert not any(name.startswith(("mockios/", "demo/", "tests/", "bench/")) for name in names)


def test_requirements_point_inside_the_context(context: Path) -> None:
    requirements = yaml.safe_load((context / "_build" / "requirements.yml").read_text())
    (entry,) = requirements["collections"]
    assert entry["type"] == "file"
    assert (context / "_build" / entry["name"]).is_file(), entry


def test_image_stages_install_the_collection_and_find_our_dependencies(
    context: Path, tmp_path: Path
) -> None:
    build = context / "_build"
    installed = tmp_path / "collections"
    # The image's stage also fetches our Galaxy dependencies (community.crypto); Galaxy cannot
    # be reached here, so the replay installs the tarball alone and checks they are declared.
    _run(
        BIN / "ansible-galaxy",
        "collection",
        "install",
        "-r",
        "requirements.yml",
        "--no-deps",
        "--collections-path",
        installed,
        cwd=build,
    )
    manifest = installed / "ansible_collections" / "netpki" / "ios" / "MANIFEST.json"
    dependencies = json.loads(manifest.read_text())["collection_info"]["dependencies"]
    assert dependencies == GALAXY_DEPENDENCIES and "community.crypto" in dependencies
    pip, bindep = tmp_path / "pip.txt", tmp_path / "bindep.txt"
    _run(
        sys.executable,
        build / "scripts" / "introspect.py",
        "introspect",
        installed,
        "--write-pip",
        pip,
        "--write-bindep",
        bindep,
        cwd=build,
    )
    found = _pins(pip.read_text().splitlines())
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    wanted = {
        name: version
        for name, version in _pins(project).items()
        if name not in _NOT_COLLECTION_DEPS
    }
    assert wanted, "no pinned runtime dependency found in pyproject.toml"
    assert {name: found.get(name) for name in wanted} == wanted
    assert "openssh-clients [platform:rpm]" in bindep.read_text()


def test_collection_requirements_match_the_project_pins() -> None:
    declared = _pins((REPO / "requirements.txt").read_text().splitlines())
    project = _pins(tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"])
    for name, version in declared.items():
        assert project.get(name) == version, f"requirements.txt pins {name}=={version}"
