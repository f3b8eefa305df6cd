"""The session's line editor and pager on their own, without a device."""

from __future__ import annotations

from mockios.line_editing import ENTER, LineEditor
from mockios.paging import ERASE_MORE, MORE, Pager, page_length, screen_lines


def _type(editor: LineEditor, data: str, echo: bool = True) -> tuple[list[str], str]:
    keys, echoed = [], ""
    for char in data:
        key = editor.key(char)
        if key == ENTER:
            keys.append(editor.take())
        elif key is not None:
            echoed += editor.edit(key, echo)
    return keys, echoed


def test_cr_lf_and_crlf_are_one_enter_even_split_across_reads() -> None:
    editor = LineEditor()
    assert _type(editor, "a\rb\nc\r\n") == (["a", "b", "c"], "abc")
    assert _type(editor, "d\r") == (["d"], "d")
    assert _type(editor, "\ne\r") == (["e"], "e")  # the LF of the CRLF came late


def test_backspace_edits_and_secrets_are_not_echoed() -> None:
    editor = LineEditor()
    assert _type(editor, "ab\x08c\x7f\x7f\x7fz\r") == (["z"], "ab\b \bc\b \b\b \bz")
    assert _type(editor, "s3cr3t\x08\r", echo=False) == (["s3cr3"], "")
    assert _type(editor, "\tx\x01\r") == (["x"], "x")  # other control keys are dropped


def test_pager_holds_the_rest_behind_more() -> None:
    pager, out = Pager(), []
    text = "".join(f"line {n}\n" for n in range(1, 8))
    assert pager.emit(text, out, length=4, wrap80=False, paged=True) is False
    assert out == ["line 1\r\nline 2\r\nline 3\r\n" + MORE]
    out.clear()
    assert pager.key("\n", out, length=4) is False  # Enter: one more line
    assert out == [ERASE_MORE, "line 4\r\n", MORE]
    out.clear()
    assert pager.key(" ", out, length=4) is True  # Space: the last three, then the prompt
    assert out == [ERASE_MORE, "line 5\r\nline 6\r\nline 7\r\n"] and pager.held is None


def test_pager_quits_on_another_key_and_length_zero_pages_only_under_the_fault() -> None:
    pager, out = Pager(), []
    pager.emit("a\nb\nc\n", out, length=2, wrap80=False, paged=True)
    assert pager.key("q", [], length=2) is True and pager.held is None
    assert page_length(0, pager_fault=False) == 0 and page_length(0, pager_fault=True) == 24
    assert screen_lines("x" * 170, wrap80=True) == ["x" * 80, "x" * 80, "x" * 10]
    assert screen_lines("a\r\n\r\nb", wrap80=True) == ["a", "", "b"]
