"""tests/system_tools.py: a missing outside tool skips locally and fails under CI=true."""

from __future__ import annotations

import pytest
from system_tools import require_tool, unavailable

MISSING = "netpki-no-such-tool"


def test_a_present_tool_gives_its_path() -> None:
    assert require_tool("sh", "dash").endswith("/sh")


def test_a_missing_tool_skips_locally_naming_the_package(monkeypatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install -y netpki-pkg"):
        require_tool(MISSING, "netpki-pkg")


@pytest.mark.parametrize("ci", ["true", "1"])
def test_a_missing_tool_fails_under_ci(monkeypatch, ci: str) -> None:
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.fail.Exception, match=f"{MISSING} is not installed"):
        require_tool(MISSING, "netpki-pkg")
    with pytest.raises(pytest.fail.Exception, match="needs root"):
        unavailable("in.tftpd --secure needs root")
