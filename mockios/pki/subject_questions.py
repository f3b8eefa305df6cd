"""The subject part of enrollment: subject lines, serial-number and IP questions.

Each question is skipped when the trustpoint config already answers it (`serial-number`,
`serial-number none`, `ip-address ...`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mockios.dialog import Ask, Dialog

from .answers import yes_no
from .csr import RequestContent
from .request_content import configured_ip, fqdn_of, resolve_ip

if TYPE_CHECKING:
    from mockios.config_model import Trustpoint
    from mockios.device import Device

SERIAL_QUESTION = "% Include the router serial number in the subject name? [yes/no]: "
IP_QUESTION = "% Include an IP address in the subject name? [no]: "
IP_PROMPT = "Enter Interface name or IP Address[]: "


def subject_questions(device: Device, trustpoint: Trustpoint, content: RequestContent) -> Dialog:
    """Subject lines, then the serial and IP questions unless the config answers them."""
    content.subject_name = trustpoint.subject_name or None
    content.fqdn = fqdn_of(device, trustpoint)
    for included in (content.subject_name, content.fqdn):
        if included:
            yield f"% The subject name in the certificate will include: {included}\n"
    yield from serial_question(device, trustpoint, content)
    yield from ip_question(device, trustpoint, content)


def serial_question(device: Device, trustpoint: Trustpoint, content: RequestContent) -> Dialog:
    setting = trustpoint.serial_number
    if setting is None:
        include = yield from yes_no("include_serial", SERIAL_QUESTION)
    else:
        include = setting != "none"
    if include:
        content.serial = device.serial
        yield f"% The serial number in the certificate will be: {content.serial}\n"


def ip_question(device: Device, trustpoint: Trustpoint, content: RequestContent) -> Dialog:
    setting = trustpoint.ip_address
    if setting is not None:
        content.ip = configured_ip(device, trustpoint)
        if content.ip and device.flavor == "iosxe17":
            yield f"% The IP address in the certificate is {content.ip}\n"
        return
    if not (yield from yes_no("include_ip", IP_QUESTION, default=False)):
        return
    while True:
        answer = yield Ask("ip_address", IP_PROMPT)
        content.ip = resolve_ip(device, answer or "")
        if content.ip:
            return
        yield "% Bad interface or address. Try again.\n"
