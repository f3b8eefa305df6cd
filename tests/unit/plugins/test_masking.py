"""Secrets are masked in transcripts, commands and structures read from a device."""

from __future__ import annotations

from ansible_collections.netpki.ios.plugins.module_utils.trustpoints_argspec import (
    TRUSTPOINT_OPTIONS,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.config.type7 import device_password
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.masking import (
    MASK,
    Masker,
    mask_no_log_options,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.transport.session import (
    ConnectionSettings,
)


def test_known_secrets_and_password_lines_are_masked() -> None:
    masker = Masker(["Sup3rSecret", "no"])  # too-short values are not taken as secrets
    text = "R1#enable\r\nPassword: Sup3rSecret\r\n password 7 0822455D0A16\r\nno shutdown"
    masked = masker.text(text)
    assert "Sup3rSecret" not in masked and "0822455D0A16" not in masked
    assert f" password {MASK}" in masked and "no shutdown" in masked


def test_masker_walks_structures() -> None:
    masker = Masker(["hunter22"])
    data = {"commands": ["password hunter22", "x"], "nested": {"a": "key hunter22"}}
    assert masker.data(data) == {
        "commands": [f"password {MASK}", "x"],
        "nested": {"a": f"key {MASK}"},
    }


def test_no_log_options_are_masked_whatever_their_value() -> None:
    blocks = [{"name": "A", "password": "from-the-device"}, {"name": "B"}]
    assert mask_no_log_options(blocks, TRUSTPOINT_OPTIONS) == [
        {"name": "A", "password": MASK},
        {"name": "B"},
    ]


def test_type7_decoding() -> None:
    assert device_password("7 0822455D0A16") == "cisco"
    assert device_password("0 plain") == "plain"
    assert device_password("plain") == "plain"


def test_connection_settings_from_inventory_vars() -> None:
    settings = ConnectionSettings.from_vars(
        {
            "ansible_host": "10.0.0.1",
            "ansible_port": "2222",
            "ansible_user": "admin",
            "ansible_ssh_pass": "pw1",
            "ansible_become_password": "en",
            "ansible_command_timeout": 45,
            "ansible_host_key_checking": "false",
        }
    )
    assert (settings.host, settings.port, settings.password) == ("10.0.0.1", 2222, "pw1")
    assert settings.enable_secret == "en" and settings.command_timeout == 45.0
    assert settings.host_key_checking is False
    assert "pw1" not in repr(settings) and "en'" not in repr(settings)
