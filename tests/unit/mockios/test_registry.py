from __future__ import annotations

import pytest

from mockios.registry import (
    CONFIG_SUBMODES,
    MODES,
    REGISTRY,
    Match,
    ParseFailure,
    Registry,
    register,
)


def _noop(ctx):  # noqa: ANN001
    return ""


def _registry() -> Registry:
    registry = Registry()
    for spec in (
        "show running-config",
        "show startup-config",
        "show version",
        "configure terminal",
        "copy running-config startup-config",
        "crypto pki trustpoint WORD",
        "rsakeypair WORD NUM? NUM?",
        "subject-name LINE?",
    ):
        registry.register("m", spec, _noop)
    registry.register("m", "secret thing", _noop, priv=15)
    return registry


def test_abbreviations_expand_to_keywords() -> None:
    result = _registry().match("m", "sh run")
    assert isinstance(result, Match)
    assert result.words == ["show", "running-config"]
    result = _registry().match("m", "cry pki trustp TP1")
    assert isinstance(result, Match)
    assert result.args == ["TP1"] and result.words[-1] == "TP1"


def test_ambiguous_incomplete_and_invalid_column() -> None:
    registry = _registry()
    assert registry.match("m", "c t") == ParseFailure("ambiguous", 0, 0)
    failure = registry.match("m", "show")
    assert isinstance(failure, ParseFailure) and failure.kind == "incomplete"
    failure = registry.match("m", "show bogus")
    assert isinstance(failure, ParseFailure) and (failure.kind, failure.column) == ("invalid", 5)
    failure = registry.match("m", "show version extra")
    assert isinstance(failure, ParseFailure) and failure.column == 13


def test_line_keeps_spaces_and_optionals_expand() -> None:
    registry = _registry()
    result = registry.match("m", "subject-name OU=Spiral Dept., O=example.com")
    assert isinstance(result, Match) and result.args == ["OU=Spiral Dept., O=example.com"]
    assert isinstance(registry.match("m", "subject-name"), Match)
    result = registry.match("m", "rsakeypair K 2048 1024")
    assert isinstance(result, Match) and result.args == ["K", "2048", "1024"]
    failure = registry.match("m", "rsakeypair K big")
    assert isinstance(failure, ParseFailure) and failure.kind == "invalid"


def test_privilege_hides_commands() -> None:
    registry = _registry()
    assert isinstance(registry.match("m", "secret thing", priv=1), ParseFailure)
    assert isinstance(registry.match("m", "secret thing", priv=15), Match)


def test_registering_again_replaces_handler() -> None:
    registry = _registry()

    def other(ctx):  # noqa: ANN001
        return "x"

    registry.register("m", "show version", other)
    result = registry.match("m", "show version")
    assert isinstance(result, Match) and result.spec.handler is other


def test_every_command_is_in_a_declared_mode() -> None:
    # the whole command set (core and PKI) is installed by `import mockios`
    used = {mode for mode, _ in REGISTRY.specs}
    assert used <= set(MODES)
    assert {"exec", "config", *CONFIG_SUBMODES} <= used
    assert ("config", "crypto pki enroll WORD") in REGISTRY.specs  # PKI, registered by name


def test_config_submodes_fall_back_to_global_config() -> None:
    assert CONFIG_SUBMODES == (
        "ca-trustpoint",
        "ca-profile-enroll",
        "config-cert-chain",
        "config-if",
        "cs-server",
        "ca-trustpool",
    )
    assert all(
        MODES[mode].parent == "config" and MODES[mode].configures for mode in CONFIG_SUBMODES
    )
    assert not MODES["exec"].configures


def test_registering_in_an_undeclared_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown mode 'ca-trustpiont'"):
        register("ca-trustpiont", "zzz", _noop)
