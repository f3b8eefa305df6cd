"""mockios against the transcript corpus, over real SSH: each transcript's command(s) in its
flavor and setup must print the router text of the real capture, whitespace included, except
the transcript's explicit ``allowed_differences``."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from compare import expected_text, matches, mockios_text, not_compared
from corpus import load_corpus
from known_differences import known
from normalise import normalise

COMPARED = [case for case in load_corpus() if not_compared(case) is None]


def _param(case):  # noqa: ANN001, ANN202
    reason = known("compare", case.id)
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(case, id=case.id, marks=marks)


def test_some_transcripts_are_compared() -> None:
    assert len(COMPARED) >= 5


@pytest.mark.parametrize("case", [_param(case) for case in COMPARED])
def test_mockios_prints_what_the_real_router_printed(case, tmp_path: Path) -> None:  # noqa: ANN001
    actual = mockios_text(case, tmp_path / "mockios")
    if not matches(case, actual):
        want = normalise(expected_text(case), case.allowed).split("\n")
        got = normalise(actual, case.allowed).split("\n")
        diff = "\n".join(difflib.unified_diff(want, got, "transcript", "mockios", lineterm=""))
        pytest.fail(f"mockios differs from {case.source}:\n{diff}")
