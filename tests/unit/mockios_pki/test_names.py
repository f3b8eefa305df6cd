"""The names map (`<state-dir>/hosts.json`): which enrollment URLs reach which SCEP server."""

from __future__ import annotations

import pytest

from mockios.device import Device
from mockios.faults import faults_path, update_faults_file
from mockios.hosts import IMPOSTOR_NAME, LAB_CA_NAMES, http_endpoint, read_hosts, write_hosts
from mockios.lab_services import router_hosts
from mockios.pki.ca_link import resolves, scep_client
from mockios.scep.messages import ScepError


def test_the_map_names_the_lab_ca_and_the_routers(state_dir):
    hosts = read_hosts(state_dir)
    ports = {hosts[name]["http_port"] for name in LAB_CA_NAMES}
    assert len(ports) == 1 and hosts[IMPOSTOR_NAME]["http_port"] not in ports
    write_hosts(state_dir, hosts | router_hosts(["R1"], "127.0.0.1", [2201]))
    assert read_hosts(state_dir)["R1"] == {"address": "127.0.0.1", "ssh_port": 2201}
    # A router serves no HTTP: its name does not reach a SCEP server.
    assert http_endpoint(state_dir, "R1", 80) is None


@pytest.mark.parametrize(
    ("host", "port", "expected"),
    [
        ("ca.netpki.lab", 80, "lab"),
        ("CA.Lab.Example.", 8080, "lab"),  # the map's port replaces the URL's
        ("10.0.0.5", 8080, ("10.0.0.5", 8080)),  # an address is reached as written
        ("ca.invalid", 80, None),
        ("unknown-ca.example", 80, None),
    ],
)
def test_endpoints(state_dir, host, port, expected):
    lab = ("127.0.0.1", read_hosts(state_dir)["ca.netpki.lab"]["http_port"])
    assert http_endpoint(state_dir, host, port) == (lab if expected == "lab" else expected)


def test_no_map_resolves_no_name(tmp_path):
    assert http_endpoint(tmp_path, "ca.netpki.lab", 80) is None
    assert http_endpoint(None, "ca.netpki.lab", 80) is None


def test_the_client_requests_what_ios_requests(state_dir):
    device = Device("R1", "ios15", state_dir)
    port = read_hosts(state_dir)["ca.netpki.lab"]["http_port"]
    client = scep_client(device, "TP", "http://ca.netpki.lab/scep")
    assert client.url == f"http://127.0.0.1:{port}/scep/pkiclient.exe"
    assert (client.host, client.identifier, client.post) == ("ca.netpki.lab", "TP", False)
    bare = scep_client(device, "TP", "http://ca.netpki.lab")
    assert bare.url == f"http://127.0.0.1:{port}/cgi-bin/pkiclient.exe"
    for url in ("http://ca.invalid/", "tftp://server/file", None):
        assert not resolves(device, url)
        with pytest.raises(ScepError):
            scep_client(device, "TP", url)


def test_mitm_sends_every_url_to_the_impostor(state_dir):
    update_faults_file(faults_path(state_dir, "R1"), ["mitm_ca=true"])
    device = Device("R1", "ios15", state_dir)
    device.refresh_faults()
    impostor = read_hosts(state_dir)[IMPOSTOR_NAME]["http_port"]
    for url in ("http://ca.netpki.lab", "http://10.0.0.5:8080/scep"):
        assert scep_client(device, "TP", url).url.startswith(f"http://127.0.0.1:{impostor}/")
