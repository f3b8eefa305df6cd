"""A real nginx reverse proxy in front of a SCEP server that answers at one path only
(micromdm's ``scepserver``: ``/scep``), mapping what IOS requests (``/cgi-bin/pkiclient.exe``
for an enrollment URL without a path, ``<path>/pkiclient.exe`` with one) to that path, query
untouched, as deployments do. Started by the test on a free loopback port with its own
config and prefix under the test's directory, stopped by its process id.
"""

from __future__ import annotations

import contextlib
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from scep_server import free_port, stop
from system_tools import require_tool

CONFIG = """\
daemon off;
master_process off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log info;
events {{ worker_connections 64; }}
http {{
    access_log {prefix}/access.log;
    client_body_temp_path {prefix}/tmp/body;
    proxy_temp_path {prefix}/tmp/proxy;
    fastcgi_temp_path {prefix}/tmp/fastcgi;
    uwsgi_temp_path {prefix}/tmp/uwsgi;
    scgi_temp_path {prefix}/tmp/scgi;
    server {{
        listen 127.0.0.1:{port};
        location ~ /pkiclient\\.exe$ {{
            proxy_pass http://{upstream}{path}$is_args$args;
        }}
    }}
}}
"""


@contextlib.contextmanager
def scep_proxy(upstream_url: str, work: Path, timeout: float = 10.0) -> Iterator[str]:
    """Yield ``http://127.0.0.1:PORT``, whose ``.../pkiclient.exe`` reaches ``upstream_url``."""
    binary = require_tool("nginx", "nginx-light")
    upstream = urlsplit(upstream_url)
    prefix = work / "nginx"
    (prefix / "tmp").mkdir(parents=True, exist_ok=True)
    port = free_port()
    config = prefix / "nginx.conf"
    config.write_text(
        CONFIG.format(prefix=prefix, port=port, upstream=upstream.netloc, path=upstream.path)
    )
    command = [binary, "-p", str(prefix), "-c", str(config), "-e", str(prefix / "error.log")]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_proxying(base, process, prefix, timeout)
        yield base
    finally:
        stop(process)


def _wait_until_proxying(base: str, process: subprocess.Popen, prefix: Path, timeout: float):
    probe = f"{base}/cgi-bin/pkiclient.exe?operation=GetCACaps&message=probe"
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(probe, timeout=1):  # noqa: S310
                return
        except (urllib.error.URLError, OSError):
            if process.poll() is not None or time.monotonic() > deadline:
                log = prefix / "error.log"
                raise RuntimeError(
                    f"nginx did not proxy: {log.read_text() if log.exists() else ''}"
                ) from None
            time.sleep(0.1)
