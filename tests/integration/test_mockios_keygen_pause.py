"""Slow 4096-bit key generation (``keygen_delay`` fault) blocks only the session that asked.

One fleet process serves every device on one event loop: while R1 generates a 4096-bit key,
R2 and a second session on R1 answer, and R1's own session finishes afterwards. The proof is
the order of events, not a stopwatch: the pause is long enough that the other sessions answer
while R1's generation is still unfinished (no `[OK]` on its channel yet).
"""

from __future__ import annotations

import re
from pathlib import Path

from mockios_proc import start_mockios
from netmiko import ConnectHandler

DELAY = 8.0


def _show_privilege(conn) -> None:  # noqa: ANN001
    out = conn.send_command("show privilege", read_timeout=DELAY)
    assert "Current privilege level is 15" in out


def test_other_sessions_answer_while_a_4096_bit_key_is_generated(tmp_path: Path) -> None:
    with start_mockios(tmp_path / "mockios", count=2) as run:
        r1, r2 = run.devices
        run.fault("R1", keygen_delay=DELAY)
        with (
            ConnectHandler(**r1.netmiko()) as busy,
            ConnectHandler(**r1.netmiko()) as same_router,
            ConnectHandler(**r2.netmiko()) as other_router,
        ):
            busy.enable()
            same_router.enable()
            other_router.enable()
            busy.config_mode()
            busy.write_channel("crypto key generate rsa label BIG modulus 4096\n")
            busy.read_until_pattern(r"Generating 4096 bit RSA keys", read_timeout=DELAY)
            _show_privilege(other_router)
            _show_privilege(same_router)
            assert "[OK]" not in busy.read_channel()  # R1's generation still under way
            busy.write_channel("do show privilege\n")  # typed during the pause: kept
            out = busy.read_until_pattern(r"level is 15\r?\nR1\(config\)#", read_timeout=3 * DELAY)
            assert re.search(r"\[OK\] \(elapsed time was \d+ seconds\)", out)
            assert out.index("[OK]") < out.index("Current privilege level is 15")
            assert "BIG" in busy.send_command("do show crypto key mypubkey rsa BIG")
