"""The changelog (antsibull-changelog): every fragment is well formed, changelog.yaml is valid,
and CHANGELOG.md is what ``antsibull-changelog generate`` writes from it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CHANGELOG = [str(Path(sys.executable).parent / "antsibull-changelog")]


def _changelog(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        CHANGELOG + [str(arg) for arg in args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_fragments_pass_lint() -> None:
    done = _changelog("lint")
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def test_lint_rejects_a_malformed_fragment(tmp_path: Path) -> None:
    fragment = tmp_path / "typo.yml"
    fragment.write_text("minor_change:\n  - trustpoints - a section name with a typo.\n")
    done = _changelog("lint", fragment)
    assert done.returncode != 0
    assert "invalid section: minor_change" in done.stdout


def test_changelog_yaml_is_valid() -> None:
    done = _changelog("lint-changelog-yaml", REPO / "changelogs" / "changelog.yaml")
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def test_changelog_md_is_generated_from_changelog_yaml(tmp_path: Path) -> None:
    generated = tmp_path / "CHANGELOG.md"
    done = _changelog("generate", "--output", generated, "--output-format", "md")
    assert done.returncode == 0, done.stdout + done.stderr
    assert (REPO / "CHANGELOG.md").read_text() == generated.read_text(), (
        "CHANGELOG.md is stale: run `antsibull-changelog generate`"
    )
