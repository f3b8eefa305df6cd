"""Jinja over ``templates/``: want -> IOS CLI lines.

StrictUndefined turns a misspelt variable into an error instead of a silently missing line,
so callers pass complete data (see ``shape.complete``).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import jinja2

TEMPLATES_DIR = Path(__file__).resolve().parents[4] / "templates"


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        autoescape=False,  # noqa: S701 - IOS CLI text, not HTML
    )


def render_lines(template: str, **variables: Any) -> list[str]:
    """Render ``template`` and return its non-blank lines, trailing spaces removed."""
    text = _environment().get_template(template).render(**variables)
    return [line.rstrip() for line in text.splitlines() if line.strip()]


def warm() -> None:
    """Compile every template (see ``warm.warm_up``)."""
    try:
        for path in TEMPLATES_DIR.glob("*.j2"):
            _environment().get_template(path.name)
    except jinja2.TemplateError:  # best effort; the first real render reports the problem
        pass
