"""mockios's IOS-XE 17 `show crypto pki timers detail` is laid out line by line as the real
captures in the transcript corpus are (countdowns and times aside)."""

from __future__ import annotations

from corpus import load_corpus
from normalise import normalise

REAL = ("show/timers_detail_csr8kv", "show/timers_detail_client_renew")


def _real_lines() -> set[str]:
    cases = [case for case in load_corpus() if case.id in REAL]
    assert len(cases) == len(REAL)
    return {line for case in cases for line in normalise(case.quote, ["timestamps"]).split("\n")}


def test_every_mockios_timer_line_has_the_shape_of_a_real_line(make_router) -> None:  # noqa: ANN001
    cli = make_router(name="R1", flavor="iosxe17", factory_defaults=False)
    _enrolled_as(cli, "client")  # the trustpoint name of the real captures
    shown = cli.type("show crypto pki timers detail")
    lines = [line for line in normalise(shown, ["timestamps"]).split("\n") if line.strip()]
    assert lines[0] == "PKI Timers"
    assert "  |<countdown>  (<iso>) RENEW client" in lines
    assert "  |<countdown>  (<iso>) SESSION CLEANUP" in lines
    assert "  |<countdown>  (<iso>) ID(client)" in lines
    assert "  |<countdown>  (<iso>) TRUSTPOOL" in lines
    real = _real_lines()
    assert [line for line in lines if line not in real and not line.endswith("#")] == []


def _enrolled_as(cli, name: str) -> None:  # noqa: ANN001
    cli.config(
        f"crypto pki trustpoint {name}",
        "enrollment url http://ca.lab.example",
        "serial-number",
        "ip-address none",
        "password x",
        "auto-enroll 80",
        "exit",
    )
    cli.dialog(f"crypto pki authenticate {name}", "yes")
    cli.dialog(f"crypto pki enroll {name}", "yes")
    cli.device.run_pending_timers()
    cli.type("end")


def test_countdowns_are_printed_as_ios_prints_them() -> None:
    from mockios.pki.show_timers import countdown

    assert countdown(48.241) == "48.241"
    assert countdown(4 * 60 + 33.164) == "4:33.164"
    assert countdown(5 * 3600 + 54 * 60 + 30.889) == "5:54:30.889"
    assert countdown(1283 * 86400 + 6 * 3600 + 19 * 60 + 2.213) == "1283d 6:19:02.213"
    assert countdown(304 * 86400 + 23 * 3600 + 58 * 60 + 41.613) == "304d23:58:41.613"


def test_certificate_server_timers_have_the_shape_of_real_lines(make_router) -> None:  # noqa: ANN001
    """A running certificate server with `auto-rollover` adds `CS Timers` (shadow generation,
    CA expiry), laid out as the real captures print them."""
    cli = make_router(name="R1", flavor="iosxe17", factory_defaults=False)
    cli.config("ip http server", "crypto pki server CS", "auto-rollover 10")
    cli.dialog("no shutdown", "cs-lab-passphrase", "cs-lab-passphrase")
    cli.type("end")
    _enrolled_as(cli, "client")
    shown = cli.type("show crypto pki timers detail")
    lines = [line for line in normalise(shown, ["timestamps"]).split("\n") if line.strip()]
    assert "CS Timers" in lines
    assert "  |<countdown>  (<iso>) CS SHADOW CERT GENERATION" in lines
    assert "  |<countdown>  (<iso>) CS CERT EXPIRE" in lines
    assert "  |<countdown>  (<iso>) SHADOW client" in lines
    real = _real_lines() | {
        line
        for case in load_corpus()
        if case.id == "show/timers_detail_cs_and_trailing_cleanup"
        for line in normalise(case.quote, ["timestamps"]).split("\n")
    }
    assert [line for line in lines if line not in real and not line.endswith("#")] == []
