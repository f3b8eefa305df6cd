"""Where the lab CA's challenge password comes from: a file, the environment, or (warned
about, since ``ps`` shows it) the command line."""

from __future__ import annotations

import argparse

import pytest

from mockios.cli import build_parser
from mockios.pki.ca_cli import CHALLENGE_ENV, challenge_from


def _serve_args(*extra: str) -> argparse.Namespace:
    parser, _runners = build_parser()
    return parser.parse_args(["ca", "--state-dir", "S", "serve", "--port", "0", *extra])


def test_the_first_line_of_the_file(tmp_path, monkeypatch):
    monkeypatch.setenv(CHALLENGE_ENV, "from-the-environment")
    secret = tmp_path / "challenge"
    secret.write_text("from-the-file\nignored\n")
    assert challenge_from(_serve_args("--challenge-file", str(secret))) == "from-the-file"


def test_the_environment_when_no_file(monkeypatch):
    monkeypatch.setenv(CHALLENGE_ENV, "from-the-environment")
    assert challenge_from(_serve_args()) == "from-the-environment"


def test_none_without_either(monkeypatch):
    monkeypatch.delenv(CHALLENGE_ENV, raising=False)
    assert challenge_from(_serve_args()) is None


def test_the_command_line_still_works_with_a_warning(capsys, monkeypatch):
    monkeypatch.delenv(CHALLENGE_ENV, raising=False)
    assert challenge_from(_serve_args("--challenge", "on-the-command-line")) == (
        "on-the-command-line"
    )
    warning = capsys.readouterr().err
    assert "process list" in warning and "on-the-command-line" not in warning


@pytest.mark.parametrize("content", [None, "", "\nsecond line\n"])
def test_a_missing_or_empty_file_is_an_error_naming_it(tmp_path, content):
    secret = tmp_path / "challenge"
    if content is not None:
        secret.write_text(content)
    with pytest.raises(ValueError, match="challenge file"):
        challenge_from(_serve_args("--challenge-file", str(secret)))


def test_the_fleet_takes_a_challenge_file_too(tmp_path):
    secret = tmp_path / "challenge"
    secret.write_text("fleet-challenge\n")
    parser, _runners = build_parser()
    args = parser.parse_args(
        ["fleet", "--count", "2", "--base-port", "0", "--inventory", "i.yml"]
        + ["--ca-challenge-file", str(secret)]
    )
    assert challenge_from(args) == "fleet-challenge"
