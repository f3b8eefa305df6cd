"""RETURN docs that cannot drift from the code.

The structures several modules return (a certificate, a key pair) are declared once, in
docs/schema/return_structures.yml, and copied into the modules by `make generate`
(tools/generate_return_docs.py). This file fails when
- a module's copy is stale, or a structure is copied where it is not declared to be;
- the engine's fact builders, run on the real outputs of tests/parsers/ (and the certificates
  their running configurations hold), return a key the docs do not declare, miss a key declared
  as always returned, return another type, or return null where the description does not say
  so, recursively; the whole of pki_info's RETURN is held to build_facts the same way;
- a declared key is never returned by any of those outputs (so it is documented for nothing);
- a sample is not of its declared type, or a structure's sample is not a value the engine
  returned for those outputs.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import asdict
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.facts import cert_server
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.facts.chains import (
    chain_certificates,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.ops import crypto_keys as keys
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.ops import pki_info as info
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.x509 import certs
from return_docs_check import (
    KEYED_BY_NAME,
    REPO,
    Checker,
    documented_paths,
    generator,
    module_text,
    modules,
    return_doc,
    schema,
)

PARSERS = REPO / "tests" / "parsers"
NOW = dt.datetime(2026, 12, 7, tzinfo=dt.UTC)

# ---------------------------------------------------------------- real results


def _raws(*folders: str) -> list[Path]:
    return [raw for folder in folders for raw in sorted((PARSERS / folder).glob("*.raw"))]


CERTIFICATE_OUTPUTS = _raws("show_crypto_pki_certificates", "show_crypto_pki_certificates_verbose")
KEY_OUTPUTS = _raws(
    "show_crypto_key_mypubkey_all", "show_crypto_key_mypubkey_ec", "show_crypto_key_mypubkey_rsa"
)
CONFIG_OUTPUTS = _raws(
    "show_running-config_crypto_pki_certificate_chain",
    "show_running-config_crypto_pki_trustpoint",
    "show_running-config_crypto_pki_profile_enrollment",
    "show_startup-config_crypto_pki_certificate_chain",
)
# Key data made up by hand (not DER): the crypto_keys reader, which needs the size from it on
# IOS 12, refuses it; pki_info's reader leaves the size null.
KEY_DATA_EDITED = {"ios12_no_key_type_two_keys.raw"}
STATUS_OUTPUTS = _raws("show_crypto_pki_trustpoints_status")
SERVER_OUTPUTS = _raws("show_crypto_pki_server")
REQUEST_OUTPUTS = _raws("show_crypto_pki_server_requests")
TIMER_OUTPUTS = _raws("show_crypto_pki_timers", "show_crypto_pki_timers_detail")
CRL_OUTPUTS = _raws("show_crypto_pki_crls")
# A simulated router whose certificate its CA revoked, with that CA's CRL (what
# `fetch_crls` downloads): the only source of the facts a verified CRL adds.
REVOKED_ROUTER = Path(__file__).with_name("mockios_router_with_revoked_certificate.json")
TRUSTPOOL_OUTPUTS = _raws("show_crypto_pki_trustpool")


def _one_router() -> dict[str, str]:
    """The outputs captured from one (simulated) router, every kind pki_info reads."""
    return {
        "certificates": (
            PARSERS
            / "show_crypto_pki_certificates_verbose"
            / "mockios_iosxe17_verbose_enrolled_and_selfsigned.raw"
        ).read_text(),
        "trustpoints": (
            PARSERS
            / "show_crypto_pki_trustpoints_status"
            / "mockios_iosxe17_enrolled_unauthenticated_selfsigned.raw"
        ).read_text(),
        "keys": (
            PARSERS / "show_crypto_key_mypubkey_all" / "mockios_iosxe17_two_rsa_keys.raw"
        ).read_text(),
        "config": (
            PARSERS
            / "show_running-config_crypto_pki_certificate_chain"
            / "mockios_iosxe17_enrolled_and_selfsigned.raw"
        ).read_text(),
    }


def _date_variants(text: str) -> list[str]:
    """The same output with its dates in zones no table maps (IOS prints the router's local
    zone, whatever it is named: one zone, then two), and with the first date missing its zone,
    which cannot be read."""
    if " UTC " not in text:
        return []
    return [
        text.replace(" UTC ", " XYZ "),
        text.replace(" UTC ", " XYZ ", 1).replace(" UTC ", " QQT ", 1),
        text.replace(" UTC ", " ", 1),
    ]


@cache
def pki_info_results() -> list[dict[str, Any]]:
    """build_facts over every real output alone, over one router's outputs together, and with
    the options that add keys (expiring_within_days, expected_ca_fingerprints)."""
    runs: list[tuple[dict[str, str], dict[str, Any]]] = []
    for kind, outputs in (
        ("certificates", CERTIFICATE_OUTPUTS),
        ("keys", KEY_OUTPUTS),
        ("config", CONFIG_OUTPUTS),
        ("trustpoints", STATUS_OUTPUTS),
        ("timers", TIMER_OUTPUTS),
        ("crls", CRL_OUTPUTS),
        ("servers", SERVER_OUTPUTS),
        ("trustpool", TRUSTPOOL_OUTPUTS),
    ):
        for raw in outputs:
            text = raw.read_text()
            runs.append(({kind: text}, {}))
            if kind in ("certificates", "keys"):
                runs += [({kind: variant}, {}) for variant in _date_variants(text)]
    together = _one_router()
    ca = next(c for (tp, _), c in chain_certificates(together["config"]).items() if tp == "LAB")
    ca_sha256 = certs.certificate_fingerprint(ca, "sha256").ios
    runs.append((together, {"expiring_within_days": 400}))
    runs.append(({k: v for k, v in together.items() if k != "trustpoints"}, {}))
    pins = {"LAB": [ca_sha256], "SELF": ["00" * 32]}
    runs.append((together, {"expected_ca_fingerprints": info.expected_pins(pins)}))
    runs.append(_revoked_router_run())
    # A certificate server's request tables, as a live run reads them beside its status.
    for raw in REQUEST_OUTPUTS:
        requests = {"server_requests": {"root": raw.read_text()}}
        runs.append(({"servers": SERVER_OUTPUTS[0].read_text()}, requests))
    results = []
    for texts, options in runs:
        facts = info.build_facts(texts, list(info.COMMANDS), now=NOW, **options)
        facts.pop("warnings")
        results.append({"changed": False, "commands": [], **facts})
    return results


def _revoked_router_run() -> tuple[dict[str, str], dict[str, Any]]:
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    bundle = json.loads(REVOKED_ROUTER.read_text())
    der = x509.load_pem_x509_crl(bundle["crl_pem"].encode()).public_bytes(Encoding.DER)
    texts = {kind: bundle[kind] for kind in ("certificates", "config", "crls")}
    return texts, {"crl_source": {bundle["crl_url"]: der}.get}


@cache
def x509_certificates() -> list[Any]:
    """Every certificate the real running configurations hold in hex, and an EC self-signed
    certificate as IOS makes for an `eckeypair` trustpoint: no capture holds an EC
    certificate's hex, so `cryptography` makes one."""
    found = []
    for raw in CONFIG_OUTPUTS:
        found += chain_certificates(raw.read_text()).values()
    return [*found, _ec_self_signed()]


def _ec_self_signed() -> Any:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "IOS-Self-Signed-Certificate-1")])
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(dt.datetime(2026, 11, 27, 11, 38, 35, tzinfo=dt.UTC))
        .not_valid_after(dt.datetime(2030, 1, 1, tzinfo=dt.UTC))
        .sign(key, hashes.SHA256())
    )


def structure_results(name: str) -> list[dict[str, Any]]:
    """The values the engine builds for one schema structure, from the real outputs."""
    if name == "x509_certificate":
        return [certs.certificate_summary(cert, NOW) for cert in x509_certificates()]
    if name == "key_pair":
        return [
            asdict(pair)
            for raw in KEY_OUTPUTS
            if raw.name not in KEY_DATA_EDITED
            for pair in keys.key_pairs(raw.read_text()).values()
        ]
    if name == "cert_server_request":
        return [row for raw in REQUEST_OUTPUTS for row in cert_server.requests(raw.read_text())]
    key = {
        "ios_certificate": "certificates",
        "ios_key_pair": "keys",
        "ios_timer": "timers",
        "ios_crl": "crls",
    }[name]
    return [item for result in pki_info_results() for item in result.get(key, [])]


# ---------------------------------------------------------------- tests


def test_generated_blocks_are_current() -> None:
    assert generator.stale_modules() == [], "run `make generate`"


def test_structures_are_copied_where_declared() -> None:
    copies = {m: generator.markers(module_text(m)) for m in modules()}
    for name, structure in schema().items():
        for module, keys_ in structure["used_by"].items():
            assert copies[module].count(name) == len(keys_), (module, name)
            for key in keys_:
                entry = {"contains": return_doc(module)}
                for part in key.split("."):  # a copy may sit inside a list's entries
                    entry = entry["contains"][part]
                assert entry["contains"] == structure["contains"], (module, key)
    declared = {(m, n) for n, s in schema().items() for m in s["used_by"]}
    assert {(m, n) for m, names in copies.items() for n in names} == declared


def test_references_name_the_structure_they_have_the_shape_of() -> None:
    """An entry documented "in the shape of RV(x)" rather than holding a copy exists, holds no
    `contains` of its own, and names a key that holds the copy."""
    for structure in schema().values():
        for module, paths in (structure.get("referred_by") or {}).items():
            copies = structure["used_by"][module]
            for path in paths:
                entry = {"contains": return_doc(module)}
                for key in path.split("."):
                    entry = entry if key == "*" else entry["contains"][key]
                assert "contains" not in entry, (module, path)
                assert any(f"in the shape of RV({c})" in entry["description"] for c in copies), (
                    module,
                    path,
                )


@pytest.mark.parametrize("name", sorted(schema()))
def test_structure_is_what_the_engine_returns(name: str) -> None:
    results = structure_results(name)
    assert len(results) >= 3, f"too few real results for {name}"
    checker = Checker()
    for value in results:
        checker.contains(schema()[name]["contains"], value, "")
    assert sorted(checker.problems) == []
    never = set(documented_paths(None, schema()[name]["contains"])) - checker.seen
    assert sorted(never) == [], "documented, but no real output returns it"


def test_pki_info_return_is_what_build_facts_returns() -> None:
    checker = Checker("pki_info")
    doc = return_doc("pki_info")
    for result in pki_info_results():
        checker.contains({"changed": {"type": "bool"}, **doc}, result, "")
    assert sorted(checker.problems) == []
    assert checker.sample_keys_not_returned() == []
    never = set(documented_paths("pki_info", doc)) - checker.seen - {"commands"}  # live runs only
    assert sorted(never) == [], "documented, but no real output returns it"


def _entries(
    module: str, entries: dict[str, Any], path: str = ""
) -> Iterator[tuple[str, dict[str, Any]]]:
    for key, entry in entries.items():
        yield f"{path}{key}", entry
        if "contains" in entry:
            below = ".*." if (module, f"{path}{key}") in KEYED_BY_NAME else "."
            yield from _entries(module, entry["contains"], f"{path}{key}{below}")


@pytest.mark.parametrize("name", sorted(schema()))
def test_structure_samples_are_real(name: str) -> None:
    returned: dict[str, list[Any]] = {}
    for value in structure_results(name):
        for key, item in value.items():
            returned.setdefault(key, []).append(item)
    fake = [
        key
        for key, entry in schema()[name]["contains"].items()
        if "sample" in entry and entry["sample"] not in returned.get(key, [])
    ]
    assert fake == [], "samples no real output returns"


@pytest.mark.parametrize("module", modules())
def test_samples_have_their_documented_type(module: str) -> None:
    checker = Checker(module, partial=True)
    for path, entry in _entries(module, return_doc(module)):
        if "sample" in entry:
            checker.entry(entry, entry["sample"], path)
    assert sorted(checker.problems) == []


def test_generator_rewrites_between_markers_only_and_refuses_broken_markers() -> None:
    structures = {"s": {"contains": {"k": {"description": "A key.", "type": "int", "sample": 1}}}}
    text = (
        "x:\n  type: dict\n  # BEGIN generated s (make generate)\n  stale: true\n"
        "  # END generated s\ny: 1\n"
    )
    once = generator.regenerate(text, structures)
    assert once == (
        "x:\n  type: dict\n  # BEGIN generated s (make generate)\n  contains:\n    k:\n"
        "      description: A key.\n      type: int\n      sample: 1\n  # END generated s\ny: 1\n"
    )
    assert generator.regenerate(once, structures) == once
    with pytest.raises(generator.SchemaError, match="no structure 'other'"):
        generator.regenerate(text.replace("generated s (", "generated other ("), structures)
    with pytest.raises(generator.SchemaError, match="no matching END"):
        generator.regenerate(text.replace("  # END generated s\n", ""), structures)
