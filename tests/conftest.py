"""Make the collection importable as ``ansible_collections.netpki.ios`` for every test.

Ansible resolves collections by path, so the repository is linked under
``build/collections/ansible_collections/netpki/ios`` (``make collection-link`` does the same).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
COLLECTIONS = REPO / "build" / "collections"
_LINK = COLLECTIONS / "ansible_collections" / "netpki" / "ios"


def _link_collection() -> None:
    _LINK.parent.mkdir(parents=True, exist_ok=True)
    if not _LINK.is_symlink() or _LINK.resolve() != REPO:
        tmp = _LINK.with_name("ios.tmp")
        tmp.unlink(missing_ok=True)
        tmp.symlink_to(REPO)
        os.replace(tmp, _LINK)  # atomic, so parallel workers never see a half-made link


_link_collection()
sys.path.insert(0, str(REPO / "tests"))  # shared test helpers: system_tools
if str(COLLECTIONS) not in sys.path:
    sys.path.insert(0, str(COLLECTIONS))
os.environ.setdefault("ANSIBLE_COLLECTIONS_PATH", str(COLLECTIONS))
os.environ.setdefault("ANSIBLE_CONFIG", str(REPO / "ansible.cfg"))
# The transcript corpus helpers (tests/transcripts/*.py) are imported by unit and integration tests.
_TRANSCRIPTS = str(REPO / "tests" / "transcripts")
if _TRANSCRIPTS not in sys.path:
    sys.path.insert(0, _TRANSCRIPTS)
