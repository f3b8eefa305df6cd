"""SCEP's signed attributes (RFC 8894 section 3.2.1) and the values they carry.

asn1crypto knows CMS's own attributes (contentType, messageDigest, signingTime); the SCEP
ones are registered here so that `cms.CMSAttribute` encodes and decodes them by name.
"""

from __future__ import annotations

from enum import Enum

from asn1crypto import cms, core


class MessageType(str, Enum):
    CERT_REP = "3"
    PKCS_REQ = "19"
    CERT_POLL = "20"  # GetCertInitial in the drafts before RFC 8894


class PkiStatus(str, Enum):
    SUCCESS = "0"
    FAILURE = "2"
    PENDING = "3"


class FailInfo(str, Enum):
    BAD_ALG = "0"
    BAD_MESSAGE_CHECK = "1"
    BAD_REQUEST = "2"
    BAD_TIME = "3"
    BAD_CERT_ID = "4"


class SetOfPrintableString(core.SetOf):
    _child_spec = core.PrintableString


_SCEP_ATTRIBUTES = {
    "2.16.840.1.113733.1.9.2": ("message_type", SetOfPrintableString),
    "2.16.840.1.113733.1.9.3": ("pki_status", SetOfPrintableString),
    "2.16.840.1.113733.1.9.4": ("fail_info", SetOfPrintableString),
    "2.16.840.1.113733.1.9.5": ("sender_nonce", cms.SetOfOctetString),
    "2.16.840.1.113733.1.9.6": ("recipient_nonce", cms.SetOfOctetString),
    "2.16.840.1.113733.1.9.7": ("transaction_id", SetOfPrintableString),
}

for _oid, (_name, _spec) in _SCEP_ATTRIBUTES.items():
    cms.CMSAttributeType._map[_oid] = _name
    cms.CMSAttribute._oid_specs[_name] = _spec
cms.CMSAttributeType._reverse_map = None  # rebuilt from _map on next use

SCEP_NAMES = tuple(name for name, _spec in _SCEP_ATTRIBUTES.values())
