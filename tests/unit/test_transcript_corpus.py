"""The transcript corpus (tests/transcripts/): every file has a valid source and a verbatim quote,
and a file without them is rejected."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from corpus import case_paths, load_case, load_corpus, problems, reference_dirs

CASES = load_corpus()


def test_the_corpus_is_not_empty() -> None:
    assert len(case_paths()) >= 10


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_every_transcript_is_acceptable(case) -> None:  # noqa: ANN001
    found = problems(case)
    if str(case.source or "").startswith("shared/") and not reference_dirs():
        # The guide is not part of the clone: check everything but the quote's place in it.
        assert [p for p in found if not p.startswith("shared/reference/")] == []
        pytest.skip("shared/reference/ not beside the clone: set NETPKI_SHARED to check quotes")
    assert found == []


def _write(tmp_path: Path, **fields) -> Path:  # noqa: ANN003
    area = tmp_path / "show"
    area.mkdir(exist_ok=True)
    path = area / "case.yml"
    base = {
        "source": "https://github.com/CiscoTestAutomation/genieparser/blob/main/x_output.txt",
        "ios_version": "IOS-XE 17.x",
        "flavor": "iosxe17",
        "kind": "output",
        "command": "show crypto pki timers",
        "mode": "exec",
        "parser": "cisco_ios_show_crypto_pki_timers.textfsm",
        "quote": "PKI Timers\n|          48.241  (2022-01-15T08:54:35Z)\n",
    }
    base.update(fields)
    path.write_text(yaml.safe_dump({k: v for k, v in base.items() if v is not None}))
    return path


def test_a_complete_file_is_accepted(tmp_path: Path) -> None:
    assert problems(load_case(_write(tmp_path))) == []


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"source": None}, "no source"),
        ({"source": "my router, last week"}, "neither a URL"),
        ({"source": "ftp:/nowhere"}, "neither a URL"),
        ({"quote": None}, "missing `quote`"),
        ({"quote": ""}, "missing `quote`"),
        ({"kind": "output", "parser": None}, "needs `parser`"),
        ({"allowed_differences": ["anything"]}, "allowed difference"),
        ({"flavor": "nxos"}, "`flavor`"),
    ],
)
def test_a_file_without_source_or_quote_is_rejected(tmp_path: Path, fields, message) -> None:  # noqa: ANN001
    found = problems(load_case(_write(tmp_path, **fields)))
    assert any(message in problem for problem in found), found


def test_a_reference_source_must_exist_and_hold_the_quote(tmp_path: Path) -> None:
    if not reference_dirs():
        pytest.skip("shared/reference/ not beside the clone: set NETPKI_SHARED")
    good = "shared/reference/cisco-ios-pki-certificate-enrollment.txt:516-520"
    quote = "Router# show crypto pki certificates\nCertificate\nStatus: Available\n"
    assert problems(load_case(_write(tmp_path, source=good, quote=quote))) == []
    elsewhere = "shared/reference/cisco-ios-pki-certificate-enrollment.txt:600-610"
    found = problems(load_case(_write(tmp_path, source=elsewhere, quote=quote)))
    assert any("not in that line range" in p for p in found), found
    beyond = "shared/reference/cisco-ios-pki-certificate-enrollment.txt:99999"
    found = problems(load_case(_write(tmp_path, source=beyond, quote=quote)))
    assert any("no such line range" in p for p in found), found
    missing = "shared/reference/no-such-guide.txt:1"
    found = problems(load_case(_write(tmp_path, source=missing, quote=quote)))
    assert any("not found" in p for p in found), found


def test_a_dialog_needs_steps_that_join_to_the_quote(tmp_path: Path) -> None:
    dialog = {
        "kind": "dialog",
        "parser": None,
        "operation": "keygen_ec",
        "mode": "config",
        "command": "crypto key generate ec keysize 256 label TP1",
        "quote": "R1(config)#crypto key generate ec keysize 256 label TP1\n"
        "The name for the keys will be: TP1\n\nR1(config)#\n",
    }
    good = [{"out": "The name for the keys will be: TP1\n\n", "send": None}]
    assert problems(load_case(_write(tmp_path, **dialog, steps=good))) == []
    found = problems(load_case(_write(tmp_path, **dialog)))
    assert "a dialog needs steps" in found
    other = [{"out": "The name for the keys will be: TP2\n\n", "send": None}]
    found = problems(load_case(_write(tmp_path, **dialog, steps=other)))
    assert any("steps joined differ" in p for p in found), found
    unfinished = [{"out": "The name for the keys will be: TP1\n\n", "send": "yes"}]
    found = problems(load_case(_write(tmp_path, **dialog, steps=unfinished)))
    assert any("last step" in p for p in found), found
    found = problems(load_case(_write(tmp_path, **{**dialog, "operation": "guess"}, steps=good)))
    assert any("`operation`" in p for p in found), found
