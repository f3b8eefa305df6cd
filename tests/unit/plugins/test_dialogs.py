"""The dialog engine against a scripted router: exact writes, masking, abort and recovery.

``ScriptedChannel`` stands in for netmiko's channel (the rules allow a scripted channel for
dialog unit tests). It echoes what is typed, as IOS does, and replies to each expected write
with text taken from ``reference/ios-pki-cli-facts.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.dialogs.engine import (
    Answer,
    Decide,
    DialogTable,
    Fail,
    Paste,
    Rule,
    prompt_pattern,
    run_dialog,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.dialogs.tables import (
    KEY_GENERATE_EC,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.errors import (
    DeviceConnectionError,
    DeviceError,
    DialogError,
    ValidationError,
    VerificationError,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.masking import MASK

CONFIG = "R1(config)#"
FAST = {"timeout": 1.0, "abort_timeout": 0.5, "settle": 0.05, "poll_interval": 0.001}


@dataclass
class Step:
    """One thing typed (``expect``, exact) and what the router prints after echoing it."""

    expect: str
    reply: str = ""
    echo: bool = True


def crlf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


class ScriptedChannel:
    """Replays a router: typed text is echoed, scripted replies follow, reads may be chunked."""

    def __init__(
        self,
        steps: list[Step],
        *,
        chunk: int | None = None,
        recovery: dict[str, str] | None = None,
        fail_read_after: int | None = None,
    ) -> None:
        self.steps = list(steps)
        self.writes: list[str] = []
        self.unexpected: list[str] = []
        self.chunk = chunk
        self.recovery = {
            "no\n": "no\r\n" + CONFIG,
            "\x03": "^C\r\n% Aborted.\r\n" + CONFIG,
            "end\n": "end\r\nR1#",
            **(recovery or {}),
        }
        self._out = ""
        self._reads_left = fail_read_after

    def write_channel(self, out_data: str) -> None:
        self.writes.append(out_data)
        if self.steps and out_data == self.steps[0].expect:
            step = self.steps.pop(0)
            echo = crlf(out_data) if step.echo and out_data != " " else ""
            self._out += echo + crlf(step.reply)
        else:
            self.unexpected.append(out_data)
            self._out += crlf(self.recovery.get(out_data, ""))

    def read_channel(self) -> str:
        if self._reads_left is not None:
            if self._reads_left == 0:
                raise OSError("Socket is closed")
            self._reads_left -= 1
        size = self.chunk or len(self._out)
        data, self._out = self._out[:size], self._out[size:]
        return data


def paste_steps(block: str) -> list[Step]:
    """One echoed write per non-blank line, as the engine must paste."""
    return [Step(line.strip() + "\n") for line in block.splitlines() if line.strip()]


# ---------------------------------------------------------------------- a toy table

TOY = DialogTable(
    name="toy",
    rules=(
        Rule(r"Color\? \[red\]: ?", Answer(var="color")),
        Rule(r"Secret: ?", Answer(var="secret")),
        Rule(r"Blob:\n", Paste(var="blob")),
        Rule(r"Proceed\? \[yes/no\]: ?", Decide("ok")),
        Rule(r"^Value is (?P<value>\w+)"),
        Rule(r"^Done\.", success=True),
        Rule(r"^% Error[^\n]*", Fail("toy failed")),
    ),
    secret_vars=frozenset({"secret"}),
)


def test_answers_are_written_exactly_with_one_enter_each():
    channel = ScriptedChannel(
        [
            Step("toy\n", "Color? [red]: "),
            Step("blue\n", "Value is blue\nDone.\n" + CONFIG),
        ]
    )
    result = run_dialog(channel, TOY, "toy", answers={"color": "blue"}, **FAST)
    assert channel.writes == ["toy\n", "blue\n"]
    assert result.captures == {"value": "blue"}
    assert result.successes == ["Done."]
    assert result.prompt == CONFIG
    assert result.sent == ["toy", "blue"]


def test_secret_answers_are_masked_everywhere():
    channel = ScriptedChannel(
        [
            Step("toy\n", "Secret: "),
            Step("hunter2-long\n", "\nValue is ok\nDone.\n" + CONFIG, echo=False),
        ]
    )
    result = run_dialog(channel, TOY, "toy", answers={"secret": "hunter2-long"}, **FAST)
    assert channel.writes[1] == "hunter2-long\n"
    assert result.sent == ["toy", MASK]
    assert "hunter2" not in result.transcript


def test_paste_one_line_per_write_then_quit_and_no_blank_line():
    blob = "\nAAAA\n\n  BBBB  \nCCCC\n"
    channel = ScriptedChannel(
        [
            Step("toy\n", "Blob:\n"),
            *paste_steps(blob),
            Step("quit\n", "Done.\n" + CONFIG),
        ]
    )
    run_dialog(channel, TOY, "toy", answers={"blob": blob}, **FAST)
    assert channel.writes == ["toy\n", "AAAA\n", "BBBB\n", "CCCC\n", "quit\n"]
    assert channel.unexpected == []


def test_decide_yes_when_the_check_passes():
    seen: list[str] = []

    def ok(text: str) -> dict[str, str]:
        seen.append(text)
        return {"checked": "yes"}

    channel = ScriptedChannel(
        [Step("toy\n", "Value is x\nProceed? [yes/no]: "), Step("yes\n", "Done.\n" + CONFIG)]
    )
    result = run_dialog(channel, TOY, "toy", checks={"ok": ok}, **FAST)
    assert channel.writes == ["toy\n", "yes\n"]
    assert "Value is x" in seen[0]
    assert result.captures["checked"] == "yes"


def test_decide_no_and_fail_when_the_check_refuses():
    def refuse(text: str) -> None:
        raise VerificationError("not this one")

    channel = ScriptedChannel([Step("toy\n", "Proceed? [yes/no]: ")])
    with pytest.raises(VerificationError, match="not this one") as info:
        run_dialog(channel, TOY, "toy", checks={"ok": refuse}, **FAST)
    assert channel.writes == ["toy\n", "no\n", "end\n"]
    assert "Proceed?" in info.value.transcript_tail


def test_failure_string_aborts_and_leaves_config_mode():
    channel = ScriptedChannel([Step("toy\n", "% Error in toy: status = FAIL\n" + CONFIG)])
    with pytest.raises(DeviceError, match=r"toy: toy failed: % Error in toy: status = FAIL$"):
        run_dialog(channel, TOY, "toy", **FAST)
    assert channel.writes == ["toy\n", "end\n"]


def test_unexpected_yes_no_question_is_answered_no():
    channel = ScriptedChannel(
        [Step("toy\n", "% Unexpected question? [yes/no]: ")],
        recovery={"no\n": "no\r\n% Aborted.\r\n" + CONFIG},
    )
    with pytest.raises(DialogError, match="unexpected question: '% Unexpected question"):
        run_dialog(channel, TOY, "toy", **FAST)
    assert channel.writes == ["toy\n", "no\n", "end\n"]


def test_question_without_a_configured_answer_aborts():
    channel = ScriptedChannel([Step("toy\n", "Color? [red]: ")])
    with pytest.raises(DialogError, match=r"no answer for it \(color\)"):
        run_dialog(channel, TOY, "toy", **FAST)
    assert channel.writes == ["toy\n", "\x03", "end\n"]


def test_timeout_sends_ctrl_c_and_reports_the_last_line():
    channel = ScriptedChannel([Step("toy\n", "Working hard")])
    with pytest.raises(DialogError, match=r"no expected output within 0.2s; last line: 'Working"):
        run_dialog(channel, TOY, "toy", **{**FAST, "timeout": 0.2})
    assert channel.writes == ["toy\n", "\x03", "end\n"]


def test_a_key_generation_that_times_out_once_accepted_may_have_applied():
    """IOS finishes a key generation it has started: the timeout says so, and the session
    then reports the command as sent (changed: true)."""
    channel = ScriptedChannel(
        [
            Step(
                "crypto key generate ec keysize 256 label K\n",
                "The name for the keys will be: K\n\n",
            )
        ]
    )
    with pytest.raises(
        DialogError, match=r"after the router accepted the command; it may have applied it"
    ) as info:
        run_dialog(
            channel,
            KEY_GENERATE_EC,
            "crypto key generate ec keysize 256 label K",
            **{**FAST, "timeout": 0.2},
        )
    assert info.value.may_have_applied is True


def test_a_timeout_before_the_router_accepts_anything_has_not_applied():
    channel = ScriptedChannel([Step("crypto key generate ec keysize 256 label K\n", "")])
    with pytest.raises(DialogError, match="no expected output within 0.2s; last line") as info:
        run_dialog(
            channel,
            KEY_GENERATE_EC,
            "crypto key generate ec keysize 256 label K",
            **{**FAST, "timeout": 0.2},
        )
    assert info.value.may_have_applied is False
    # a dialog that does not go on by itself (TOY) never says so, whatever it printed
    toy = ScriptedChannel([Step("toy\n", "Value is x\nWorking hard")])
    with pytest.raises(DialogError) as info:
        run_dialog(toy, TOY, "toy", **{**FAST, "timeout": 0.2})
    assert info.value.may_have_applied is False


def test_router_that_never_recovers_is_reported():
    channel = ScriptedChannel([Step("toy\n", "Working hard")], recovery={"\x03": ""})
    with pytest.raises(DialogError, match="did not return to its prompt; close the session"):
        run_dialog(channel, TOY, "toy", **{**FAST, "timeout": 0.1, "abort_timeout": 0.05})
    assert channel.writes.count("\x03") == 4


def test_prompt_without_success_is_an_error():
    channel = ScriptedChannel([Step("toy\n", "Value is x\n" + CONFIG)])
    with pytest.raises(DialogError, match="without confirming success"):
        run_dialog(channel, TOY, "toy", **FAST)
    assert channel.writes == ["toy\n", "end\n"]


def test_lost_connection_raises_connection_error_with_masked_tail():
    channel = ScriptedChannel([Step("toy\n", "Secret: ")], fail_read_after=3)
    with pytest.raises(DeviceConnectionError, match="connection lost during the dialog"):
        run_dialog(channel, TOY, "toy", answers={"secret": "topsecret"}, **FAST)


def test_control_characters_in_answers_are_refused_before_writing():
    channel = ScriptedChannel([Step("toy\n", "Color? [red]: ")])
    with pytest.raises(ValidationError, match="color contains a line break"):
        run_dialog(channel, TOY, "toy", answers={"color": "blue\nend"}, **FAST)
    assert channel.writes == []  # refused before the command was typed
    with pytest.raises(ValidationError, match="blob contains"):
        run_dialog(ScriptedChannel([]), TOY, "toy", answers={"blob": "AAAA\n\x1bBB"}, **FAST)
    with pytest.raises(ValidationError, match="command contains"):
        run_dialog(ScriptedChannel([]), TOY, "toy\nreload", **FAST)


def test_missing_echo_of_the_command_aborts():
    channel = ScriptedChannel([], recovery={"\x03": "^C\r\n" + CONFIG})
    with pytest.raises(DialogError, match="did not echo the command"):
        run_dialog(channel, TOY, "toy", **{**FAST, "timeout": 0.1})


def test_pager_gets_a_space_not_a_newline():
    channel = ScriptedChannel(
        [
            Step("toy\n", "Value is paged\n --More-- "),
            Step(
                " ",
                "\x08" * 9 + " " * 9 + "\x08" * 9 + "Done.\n" + CONFIG,
            ),
        ]
    )
    result = run_dialog(channel, TOY, "toy", **FAST)
    assert channel.writes == ["toy\n", " "]
    assert result.successes == ["Done."]


def test_one_character_reads():
    channel = ScriptedChannel(
        [
            Step("toy\n", "Color? [red]: "),
            Step("red\n", "Value is red\nDone.\n" + CONFIG),
        ],
        chunk=1,
    )
    result = run_dialog(channel, TOY, "toy", answers={"color": "red"}, **FAST)
    assert channel.writes == ["toy\n", "red\n"]
    assert result.captures["value"] == "red"


def test_prompt_pattern_modes():
    regex = re.compile(prompt_pattern("R1"), re.MULTILINE)
    assert regex.search("x\nR1#").group("mode") is None
    assert regex.search("x\nR1(ca-trustpoint)# ").group("mode") == "(ca-trustpoint)"
    assert regex.search("x\nR1#show\n") is None
    assert re.search(prompt_pattern(None), "\nrouter-7.lab(config)#", re.MULTILINE)


class _Remote:
    closed = False


def test_closed_ssh_channel_is_noticed_without_waiting_for_the_timeout():
    channel = ScriptedChannel([Step("toy\n", "Secret: ")])
    channel.remote_conn = _Remote()
    channel.remote_conn.closed = True  # what paramiko shows once the router drops the session
    with pytest.raises(DeviceConnectionError, match="the router closed the channel"):
        run_dialog(channel, TOY, "toy", **{**FAST, "timeout": 30.0})
