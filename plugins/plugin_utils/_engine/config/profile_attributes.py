"""The attributes of ``crypto pki profile enrollment`` blocks, one ``Line`` each, in IOS order.

Adding an attribute is one entry here (then ``make generate``); see ``attributes.py``.
"""

from __future__ import annotations

from .. import validate as v
from .attributes import Group, Line, Option, Table

_DOCS = {
    "authentication": {
        "url": (
            "C(authentication url), the HTTP or TFTP location of the CA certificate, such as "
            "V(http://entrust:81) or V(tftp://192.0.2.50/ca.cer).",
        ),
        "command": (
            "C(authentication command), the HTTP request line sent to the CA, such as "
            "V(GET /certs/cacert.der).",
        ),
        "terminal": "C(authentication terminal), the CA certificate is pasted by hand.",
    },
    "enrollment": {
        "url": "C(enrollment url), the HTTP or TFTP location requests go to.",
        "command": (
            "C(enrollment command), the HTTP request line; C($REQ) stands for the request "
            "and C($P1)... for the parameters.",
        ),
        "terminal": "C(enrollment terminal), cut-and-paste enrollment.",
    },
}


def _section_lines(section: str) -> tuple[Line, ...]:
    """``authentication`` and ``enrollment`` take the same url, command and terminal lines."""
    name = section.upper()
    jinja = f"profile.{section}"
    return (
        Line(
            (Option(f"{section}.url", doc=_DOCS[section]["url"], rule=v.url),),
            f" {section} url {{{{ {jinja}.url }}}}",
            read=rf"{section}\s+url\s+${{{name}_URL}}",
            when=f"{jinja}.url",
        ),
        Line(
            (
                Option(
                    f"{section}.command",
                    doc=_DOCS[section]["command"],
                    rule=v.cli_text,
                    value=r"\S.*?",
                ),
            ),
            f" {section} command {{{{ {jinja}.command }}}}",
            read=rf"{section}\s+command\s+${{{name}_COMMAND}}",
            when=f"{jinja}.command",
        ),
        Line(
            (
                Option(
                    f"{section}.terminal",
                    "bool",
                    _DOCS[section]["terminal"],
                    value="terminal",
                ),
            ),
            f" {section} terminal",
            read=rf"{section}\s+${{{name}_TERMINAL}}",
            when=f"{jinja}.terminal",
        ),
    )


PROFILE_TABLE = Table(
    keyword="crypto pki profile enrollment",
    variable="profile",
    state="Profile",
    name=Option(
        "name",
        doc="Profile name (C(crypto pki profile enrollment NAME)).",
        required=True,
        rule=v.ios_name,
    ),
    groups=(
        Group(
            "authentication",
            "How the CA certificate is fetched (the authentication template).",
            rules={"mutually_exclusive": [["url", "terminal"]]},
        ),
        Group(
            "enrollment",
            "How the certificate request is sent (the enrollment template).",
            rules={"mutually_exclusive": [["url", "terminal"]]},
        ),
        Group(
            "parameters",
            "C(parameter N value V), values substituted for C($PN) in the HTTP commands.",
            type="list",
        ),
    ),
    lines=(
        *_section_lines("authentication"),
        *_section_lines("enrollment"),
        Line(
            (
                Option(
                    "enrollment.credential",
                    doc=(
                        "C(enrollment credential TRUSTPOINT), re-enroll with the certificate of "
                        "another (third-party CA) trustpoint.",
                    ),
                    rule=v.ios_name,
                ),
            ),
            " enrollment credential {{ profile.enrollment.credential }}",
            read=r"enrollment\s+credential\s+${ENROLLMENT_CREDENTIAL}",
            when="profile.enrollment.credential",
        ),
        Line(
            (
                Option(
                    "parameters.number",
                    "int",
                    "Parameter number (1-8).",
                    required=True,
                    rule=v.int_range(1, 8),
                    value=r"\d+",
                    parser_list=True,
                ),
                Option(
                    "parameters.value",
                    doc="Its value, on one line.",
                    required=True,
                    rule=v.cli_text,
                    value=r"\S+(?:\s+\S+)*",
                    parser_list=True,
                ),
            ),
            "{% for parameter in profile.parameters or [] %}\n"
            " parameter {{ parameter.number }} value {{ parameter.value }}\n"
            "{% endfor %}",
            read=r"parameter\s+${PARAMETERS_NUMBER}\s+value\s+${PARAMETERS_VALUE}",
        ),
    ),
    template_comment=(
        "One `crypto pki profile enrollment` block. `profile` is complete: every option "
        "present.\n   Generated from config/profile_attributes.py by `make generate`."
    ),
    parser_comment=(
        "Reads every `crypto pki profile enrollment` block out of running-config text: the "
        "whole\nconfig or any `| section` of it. One record per profile. A value's name is its "
        "option path in\nnetpki.ios.enrollment_profiles, upper-cased and joined with `_`; the\n"
        "parallel lists PARAMETERS_NUMBER and PARAMETERS_VALUE make the `parameters` items.\n"
        "Generated from plugins/plugin_utils/_engine/config/profile_attributes.py by "
        "`make generate`."
    ),
)
