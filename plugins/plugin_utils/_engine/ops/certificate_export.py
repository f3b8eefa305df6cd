"""``crypto pki export``: a trustpoint's certificates as PEM, its key only when asked.

- The CA and router certificates come from the running configuration the task reads anyway
  (``show running-config | section``): no config-mode command is needed for them.
- ``include_private_key`` runs ``crypto pki export TP pem terminal aes|3des password P``. The
  key block the router prints is checked (the passphrase opens it, it belongs to the router
  certificate), added to the masker at once (so no transcript or error holds it) and returned
  through ``Task.returned_secrets`` only; the result is then ``no_log``.
- ``pkcs12_url`` makes the router write a PKCS#12 file
  (``crypto pki export TP pkcs12 URL password P``): a change, made again on every run.

IOS exports only keys generated or imported ``exportable``; otherwise it refuses
(``% RSA keypair L is not exportable.``) and the task fails saying so.
"""

from __future__ import annotations

from typing import Any

from .. import diff
from .. import validate as v
from ..dialogs.tables import EXPORT_PEM, EXPORT_PKCS12
from ..errors import DeviceError, ValidationError
from ..facts.trustpoint import TrustpointFacts, gather
from ..steps import Step
from ..task import Task
from ..x509.certs import certificate_to_pem, load_certificate, load_private_key

MIN_PASSPHRASE = 8  # IOS's own floor for exported keys ("needs to be at least 8 chars")


def _passphrase(value: str, path: str) -> str:
    v.check_line_safe(value, path)
    v.secret_word(value, path)
    if len(value) < MIN_PASSPHRASE:
        raise v.fail(path, f"must be at least {MIN_PASSPHRASE} characters")
    return value


def _pkcs12_url(value: str, path: str) -> str:
    v.check_line_safe(value, path)
    v.file_source(value, path)  # names its host (network URL) and its file
    return value


VALUE_RULES: v.Rules = {
    "trustpoint": v.ios_name,
    "passphrase": _passphrase,
    "pkcs12_url": _pkcs12_url,
}


def check_inputs(params: dict[str, Any]) -> None:
    wants_key = params["include_private_key"] or params.get("pkcs12_url")
    if wants_key and not params.get("passphrase"):
        raise ValidationError(
            "passphrase: required with include_private_key or pkcs12_url (it encrypts the key)"
        )


def run(task: Task) -> dict[str, Any]:
    params = task.params
    name = params["trustpoint"]
    check_inputs(params)
    facts = gather(task.session, name).require()
    if facts.ca is None:
        raise ValidationError(
            f"trustpoint {name} has no CA certificate: nothing to export "
            "(authenticate it first, netpki.ios.ca_authenticate)"
        )
    if (params["include_private_key"] or params.get("pkcs12_url")) and facts.router is None:
        raise ValidationError(
            f"trustpoint {name} has no router certificate: IOS exports the key only with it"
        )
    result: dict[str, Any] = {
        "trustpoint": name,
        "changed": False,
        "commands": [],
        "ca_certificate": certificate_to_pem(facts.ca.cert),
        "certificate": certificate_to_pem(facts.router.cert) if facts.router else None,
    }
    if params["include_private_key"]:
        _export_key(task, facts, result)
    if params.get("pkcs12_url"):
        _export_pkcs12(task, facts, result)
    return result


def _export_key(task: Task, facts: TrustpointFacts, result: dict[str, Any]) -> None:
    params = task.params
    passphrase = params["passphrase"]
    command = (
        f"crypto pki export {facts.name} pem terminal {params['key_encryption']} "
        f"password {passphrase}"
    )
    result["commands"].append(command)
    if task.check_mode:
        return  # no config-mode command in check mode: the key is not read
    (dialog,) = task.session.configure(
        [Step(command, EXPORT_PEM, answers={"passphrase": passphrase})]
    )
    key = dialog.captures.get("private_key")
    if not key or facts.router is None:
        raise DeviceError(
            f"the router printed no private key for {facts.name}", task.transcript_tail()
        )
    task.masker.add(key)  # before anything else can print it
    printed = load_certificate(dialog.captures.get("certificate") or "", "certificate")
    if printed != facts.router.cert:
        raise DeviceError(f"the router exported another certificate than {facts.name}'s")
    load_private_key(key, passphrase, "private_key", facts.router.cert)  # opens, and matches
    task.returned_secrets["private_key"] = key.strip() + "\n"


def _export_pkcs12(task: Task, facts: TrustpointFacts, result: dict[str, Any]) -> None:
    params = task.params
    url, passphrase = params["pkcs12_url"], params["passphrase"]
    host, file = v.file_source(url, "pkcs12_url")
    command = f"crypto pki export {facts.name} pkcs12 {url} password {passphrase}"
    result["commands"].append(command)
    result.update(changed=True, pkcs12_url=url)
    before = diff.described("file", "not read (only the router reaches it)")
    after = diff.described("file", f"PKCS#12 of {facts.name}: key, certificate and CA")
    result["diff"] = diff.diff(url, before, after)
    if task.check_mode:
        return
    answers = {"passphrase": passphrase, "destination_filename": file}
    if host:
        answers["remote_host"] = host
    (dialog,) = task.session.configure([Step(command, EXPORT_PKCS12, answers=answers)])
    result["pkcs12_url"] = dialog.captures.get("written_to") or url
