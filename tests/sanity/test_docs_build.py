"""The docs site (tools/build_docs.py, `make docs`) builds offline with no Sphinx warning, has a
page for every module and every guide of docs/docsite/, and passes antsibull-docs' linter."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

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


def _title(page: Path) -> str:
    return re.search(r"<title>(.*?)</title>", page.read_text(), re.S).group(1)


def _guide_title(name: str) -> str:
    rst = (REPO / "docs" / "docsite" / "rst" / f"{name}.rst").read_text()
    return rst.split("\n\n")[1].splitlines()[0]  # after the label, the page's title


def test_docs_site_builds_with_a_page_per_module_and_guide(tmp_path: Path) -> None:
    """One test, so that the site is built once even when xdist splits the file."""
    dest = tmp_path / "site"
    done = _run(sys.executable, REPO / "tools" / "build_docs.py", dest, timeout=300)
    # build.sh runs sphinx-build -W: any warning fails it.
    assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]
    pages = dest / "build" / "html" / "collections" / "netpki" / "ios"
    assert MODULES
    for module in MODULES:
        assert _title(pages / f"{module}_module.html").startswith(f"netpki.ios.{module} module")
    guides = [name for section in GUIDES for name in section["toctree"]]
    assert guides
    for name in guides:
        assert _title(pages / "docsite" / f"{name}.html").startswith(_guide_title(name)), name


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
