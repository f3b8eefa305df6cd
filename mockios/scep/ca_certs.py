"""The GetCACert answer (RFC 8894 section 4.2): one DER CA certificate, or a degenerate
certs-only PKCS#7 holding a CA/RA chain; and which of those certificates a request is
enveloped for.
"""

from __future__ import annotations

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, pkcs7

SINGLE_CA = "application/x-x509-ca-cert"
CA_RA_CHAIN = "application/x-x509-ca-ra-cert"


def answer(certs: list[x509.Certificate]) -> tuple[bytes, str]:
    """The body and content type a SCEP server sends for GetCACert."""
    if len(certs) == 1:
        return certs[0].public_bytes(Encoding.DER), SINGLE_CA
    return pkcs7.serialize_certificates(certs, Encoding.DER), CA_RA_CHAIN


def read(body: bytes, content_type: str = "") -> list[x509.Certificate]:
    """The certificates of a GetCACert answer, whichever of the two forms it has."""
    if content_type.split(";")[0].strip() != CA_RA_CHAIN:
        try:
            return [x509.load_der_x509_certificate(body)]
        except ValueError:
            pass  # some servers send a chain under the single-certificate type
    try:
        return pkcs7.load_der_pkcs7_certificates(body)
    except ValueError:
        raise ValueError("the GetCACert answer is neither a certificate nor a PKCS#7") from None


def recipient(certs: list[x509.Certificate]) -> x509.Certificate:
    """The certificate a request is enveloped for: the RA's encryption certificate when the
    chain has one, else the issuing CA."""
    for cert in certs:
        if not _is_ca(cert) and _usage(cert, "key_encipherment"):
            return cert
    return issuing_ca(certs)


def ra_certificates(certs: list[x509.Certificate]) -> list[tuple[str, x509.Certificate]]:
    """The RA certificates of a CA/RA chain, each with its role: `ra-sign` (the CertRep
    signer) or `ra-encrypt` (the envelope's recipient), IOS's RA Signature / KeyEncipher."""
    found = []
    for cert in certs:
        if not _is_ca(cert):
            role = "ra-encrypt" if _usage(cert, "key_encipherment") else "ra-sign"
            found.append((role, cert))
    return found


def issuing_ca(certs: list[x509.Certificate]) -> x509.Certificate:
    """The CA of a GetCACert answer that issued none of the others: the issuing CA of a
    CA chain (the one a router's trustpoint authenticates); RA certificates are no CA."""
    authorities = [cert for cert in certs if _is_ca(cert)] or certs
    issuers = {cert.issuer for cert in authorities if cert.issuer != cert.subject}
    for cert in authorities:
        if cert.subject not in issuers:
            return cert
    return authorities[0]


def _is_ca(cert: x509.Certificate) -> bool:
    try:
        return cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        return cert.issuer == cert.subject


def _usage(cert: x509.Certificate, name: str) -> bool:
    try:
        return getattr(cert.extensions.get_extension_for_class(x509.KeyUsage).value, name)
    except x509.ExtensionNotFound:
        return True
