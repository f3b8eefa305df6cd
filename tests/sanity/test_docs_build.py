"""The docs site (tools/build_docs.py, `make docs`) builds offline with no Sphinx warning, has a
page for every module and every guide of docs/docsite/, and passes antsibull-docs' linter."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
MODULES = sorted(
    p.stem for p in (REPO / "plugins" / "modules").glob("*.py") if p.stem != "__init__"
)
GUIDES = yaml.safe_load((REPO / "docs" / "docsite" / "extra-docs.yml").read_text())["sections"]


def _run(*command: str | Path, timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(part) for part in command],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="module")
def html(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("docs") / "site"
    done = _run(sys.executable, REPO / "tools" / "build_docs.py", dest, timeout=300)
    # build.sh runs sphinx-build -W: any warning fails it.
    assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]
    assert "warning" not in done.stderr.lower(), done.stderr[-4000:]
    return dest / "build" / "html"


def _title(page: Path) -> str:
    return re.search(r"<title>(.*?)</title>", page.read_text(), re.S).group(1)


@pytest.mark.parametrize("module", MODULES)
def test_each_module_has_a_page(html: Path, module: str) -> None:
    page = html / "collections" / "netpki" / "ios" / f"{module}_module.html"
    assert page.is_file()
    assert _title(page).startswith(f"netpki.ios.{module} module")


def test_each_guide_has_a_page(html: Path) -> None:
    names = [name for section in GUIDES for name in section["toctree"]]
    assert names
    for name in names:
        rst = (REPO / "docs" / "docsite" / "rst" / f"{name}.rst").read_text()
        heading = rst.split("\n\n")[1].splitlines()[0]  # after the label, the page's title
        page = html / "collections" / "netpki" / "ios" / "docsite" / f"{name}.html"
        assert _title(page).startswith(heading), name


def test_collection_docs_pass_antsibull_docs_lint() -> None:
    """Plugin docs schema and markup, extra docs labels and references (needs
    community.crypto, the collection's dependency: tools/with_collections.py)."""
    done = _run(
        sys.executable,
        REPO / "tools" / "with_collections.py",
        Path(sys.executable).parent / "antsibull-docs",
        "lint-collection-docs",
        "--plugin-docs",
        "--check-extra-docs-refs",
        ".",
        timeout=900,
    )
    assert done.returncode == 0, done.stdout + done.stderr  # 3 on any finding
