"""The files made from the attribute tables (tools/generate_attribute_files.py) are current,
and the tables hold what the engine needs.

Each attribute of trustpoints and enrollment profiles is one entry of
plugins/plugin_utils/_engine/config/{trustpoint,profile}_attributes.py; the module docs, the
argspec, the Jinja and TextFSM templates and the parser fixtures' field lists are written from
it by `make generate`.
"""

from __future__ import annotations

import sys

import pytest
from ansible_collections.netpki.ios.plugins.module_utils import (
    enrollment_profiles_argspec,
    trustpoints_argspec,
)
from ansible_collections.netpki.ios.plugins.plugin_utils._engine.config import resources
from return_docs_check import REPO

sys.path.insert(0, str(REPO / "tools"))
import generate_attribute_files as generator  # noqa: E402

TABLES = {resource.module: resource.table for resource in generator.RESOURCES}


def test_generated_files_are_current() -> None:
    assert [str(p.relative_to(REPO)) for p in generator.stale_files()] == [], "make generate"


@pytest.mark.parametrize(
    ("module", "argspec", "resource"),
    [
        ("trustpoints", trustpoints_argspec.TRUSTPOINT_OPTIONS, resources.TRUSTPOINTS),
        ("enrollment_profiles", enrollment_profiles_argspec.PROFILE_OPTIONS, resources.PROFILES),
    ],
)
def test_engine_and_module_read_the_same_options(module, argspec, resource) -> None:
    assert resource.options == argspec == TABLES[module].options()


@pytest.mark.parametrize("module", sorted(TABLES))
def test_every_option_is_declared_once(module: str) -> None:
    paths = [option.path for option in TABLES[module].all_options()]
    assert sorted(set(paths)) == sorted(paths)


@pytest.mark.parametrize("module", sorted(TABLES))
def test_every_free_text_option_has_a_rule_of_its_own(module: str) -> None:
    """A string option without choices gets its own check: no rule is borrowed by name."""
    table = TABLES[module]
    rules = table.value_rules()
    free = [f"config.{o.path}" for o in table.all_options() if o.type == "str" and not o.choices]
    assert [path for path in free if path not in rules] == []


def test_ocsp_url_has_its_own_rule_not_the_enrollment_one() -> None:
    rules = TABLES["trustpoints"].value_rules()
    assert rules["config.ocsp.url"] is not rules["config.enrollment.url"]


def test_the_generator_refuses_missing_markers() -> None:
    with pytest.raises(generator.MarkerError, match="one BEGIN and one END"):
        generator.between_markers("x = 1\n", "trustpoints", ["y"], "f.py")
    text = (
        "a\n  # BEGIN generated attributes of m (make generate)\n  old\n"
        "  # END generated attributes of m\nb\n"
    )
    assert generator.between_markers(text, "m", ["new: 1"], "f") == (
        "a\n  # BEGIN generated attributes of m (make generate)\n  new: 1\n"
        "  # END generated attributes of m\nb\n"
    )
