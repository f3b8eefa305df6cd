"""Each dialog transcript's router side, replayed into the dialog engine through the
operation's real table and answers: the engine must complete and type what the human typed."""

from __future__ import annotations

import pytest
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.dialogs.engine import run_dialog
from corpus import load_corpus
from known_differences import known
from replay import TranscriptChannel, engine_call, final_prompt, same_typing

FAST = {"timeout": 1.0, "abort_timeout": 0.3, "settle": 0.05, "poll_interval": 0.001}
DIALOGS = [case for case in load_corpus() if case.kind == "dialog"]


def _param(case):  # noqa: ANN001, ANN202
    reason = known("replay", case.id)
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(case, id=case.id, marks=marks)


def replay(case):  # noqa: ANN001, ANN201
    """Run the engine against the transcript; return the channel (raises what the engine raises)."""
    table, answers, checks = engine_call(case)
    prompt = final_prompt(case)
    channel = TranscriptChannel(case.steps, case.command, prompt)
    run_dialog(channel, table, case.command, answers=answers, checks=checks, **FAST)
    return channel


@pytest.mark.parametrize("case", [_param(case) for case in DIALOGS])
def test_the_engine_completes_and_types_what_the_human_typed(case) -> None:  # noqa: ANN001
    channel = replay(case)
    assert channel.mismatches == []
    assert channel.finished, f"the engine stopped after {channel.writes!r}"


def test_there_are_dialogs_to_replay() -> None:
    assert len(DIALOGS) >= 5


def test_equivalent_spellings_are_only_those_ios_takes() -> None:
    assert same_typing("yes", "y") and same_typing("no", "n") and same_typing("quit", "")
    assert not same_typing("yes", "n") and not same_typing("", "no")
    assert not same_typing("quit", "yes")


def test_a_wrong_answer_is_a_mismatch() -> None:
    from corpus import Step

    steps = [Step("Proceed? [yes/no]: ", "no"), Step("Done.\n", None)]
    channel = TranscriptChannel(steps, "go", "R1#")
    channel.write_channel("go\n")
    assert "Proceed?" in channel.read_channel()
    channel.write_channel("yes\n")
    assert channel.mismatches == [("yes", "no")]
    assert not channel.finished
