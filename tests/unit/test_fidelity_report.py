"""tests/transcripts/FIDELITY.md is what fidelity.py generates from the corpus today."""

from __future__ import annotations

from corpus import load_corpus
from fidelity import REPORT, render


def test_fidelity_report_is_current() -> None:
    assert REPORT.exists(), "run: python tests/transcripts/fidelity.py"
    assert REPORT.read_text(encoding="utf-8") == render(), (
        "FIDELITY.md is stale: run .venv/bin/python tests/transcripts/fidelity.py"
    )


def test_fidelity_report_lists_every_transcript() -> None:
    text = render()
    for case in load_corpus():
        assert f"`{case.id}`" in text
    assert "## Gaps" in text
