"""Certificates and keys pasted at the CLI: PEM with or without its BEGIN/END lines."""

from __future__ import annotations

import base64
import binascii

from cryptography import x509


class PasteError(ValueError):
    """The pasted text is not a certificate."""


def certificate_from_lines(lines: list[str]) -> x509.Certificate:
    body = "".join(
        line.strip() for line in lines if line.strip() and not line.strip().startswith("-----")
    )
    try:
        der = base64.b64decode(body, validate=True)
        return x509.load_der_x509_certificate(der)
    except (binascii.Error, ValueError) as error:
        raise PasteError(str(error)) from error


def pem_text(lines: list[str]) -> bytes:
    return ("\n".join(line.strip() for line in lines) + "\n").encode()
