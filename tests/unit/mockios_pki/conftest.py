from __future__ import annotations

import pytest

from mockios.pki.lab_ca import LabCA


@pytest.fixture(scope="session")
def lab_dir(tmp_path_factory: pytest.TempPathFactory):
    """One lab PKI per test run: creating three CA keys is the slow part."""
    directory = tmp_path_factory.mktemp("state") / "ca"
    LabCA(directory).ensure()
    return directory


@pytest.fixture
def lab(lab_dir) -> LabCA:
    ca = LabCA(lab_dir)
    ca.update_settings(mode="auto", delay_seconds=0, lifetime_seconds=None)
    return ca
