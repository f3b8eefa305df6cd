"""Thin asyncssh transport over the core ``Session``.

Each SSH connection authenticates with the device's username/password (or a key of the
``--authorized-keys`` file) and opens one shell
channel whose bytes go to ``Session.feed``. Output is written at once, or line by line with
a pause when the ``latency`` fault is set. ``Session.drop`` aborts the connection.
"""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import asyncssh
from asyncssh.constants import MSG_SERVICE_REQUEST

from mockios.device import Device
from mockios.session import Session

HOST_KEY_NAME = "ssh_host_ed25519_key"
_USERAUTH = b"ssh-userauth"
_userauth_patched = False


def _accept_userauth_before_each_attempt() -> None:
    """Accept an ``ssh-userauth`` service request before every login attempt, as real servers
    do until one succeeds (OpenSSH's ``input_service_request`` in auth2.c; IOS takes
    paramiko's agent-then-password logins). paramiko sends one per method it tries, an agent
    key and then the password; asyncssh takes only the first and disconnects with
    "Unexpected service in service request". Changes only the mockios process's asyncssh,
    once, when it starts serving (not when mockios.server is imported)."""
    global _userauth_patched
    if _userauth_patched:
        return
    _userauth_patched = True
    handlers = dict(asyncssh.connection.SSHServerConnection._packet_handlers)
    original = handlers[MSG_SERVICE_REQUEST]

    def service_request(conn, pkttype, pktid, packet):  # noqa: ANN001, ANN202
        if not conn._auth_complete:
            conn._next_service = _USERAUTH
        return original(conn, pkttype, pktid, packet)

    handlers[MSG_SERVICE_REQUEST] = service_request
    asyncssh.connection.SSHServerConnection._packet_handlers = handlers


def load_host_key(folder: Path | None) -> asyncssh.SSHKey:
    """One host key per state dir (or per user cache), generated once and shared by a fleet."""
    folder = folder or Path.home() / ".cache" / "mockios"
    path = folder / HOST_KEY_NAME
    if path.exists():
        return asyncssh.read_private_key(str(path))
    folder.mkdir(parents=True, exist_ok=True)
    key = asyncssh.generate_private_key("ssh-ed25519")
    tmp = path.with_suffix(".tmp")
    key.write_private_key(str(tmp))
    tmp.replace(path)
    return key


class _ShellChannel(asyncssh.SSHServerSession):
    def __init__(self, device: Device, conn: asyncssh.SSHServerConnection, user: str) -> None:
        self._device = device
        self._conn = conn
        self._user = user
        self._chan: asyncssh.SSHServerChannel | None = None
        self._session: Session | None = None
        self._pending: asyncio.Queue[tuple[float, str]] = asyncio.Queue()
        self._writer: asyncio.Task[None] | None = None

    def connection_made(self, chan: asyncssh.SSHServerChannel) -> None:
        self._chan = chan

    def pty_requested(self, term_type, term_size, term_modes) -> bool:  # noqa: ANN001
        return True

    def shell_requested(self) -> bool:
        return True

    def exec_requested(self, command: str) -> bool:
        return False

    def session_started(self) -> None:
        peer = self._conn.get_extra_info("peername") or ("127.0.0.1", 0)
        self._session = Session(self._device, peer=str(peer[0]), user=self._user)
        self._session.on_async = self._write_async
        self._write(self._session.start())

    def data_received(self, data: str, datatype: int | None) -> None:
        session = self._session
        if session is None or session.closed:
            return
        self._write(session.feed(data))
        self._end_if_closed(session)

    def _write_async(self, text: str) -> None:
        """Syslog lines, and dialogs resumed after a pause (which may end the session)."""
        self._write(text)
        if self._session is not None:
            self._end_if_closed(self._session)

    def _end_if_closed(self, session: Session) -> None:
        if session.drop:
            self._conn.abort()
        elif session.closed:
            self._close_after_output()

    def _write(self, text: str) -> None:
        if not text or self._chan is None:
            return
        delay = 0.0
        if self._session is not None:  # slow_show: this output waits first
            delay, self._session.output_delay = self._session.output_delay, 0.0
        if self._device.faults.latency <= 0 and self._writer is None and delay <= 0:
            self._chan.write(text)
            return
        self._pending.put_nowait((delay, text))
        if self._writer is None:
            self._writer = asyncio.ensure_future(self._slow_writer())

    async def _slow_writer(self) -> None:
        """Latency fault: each output line waits ``latency`` seconds; slow_show: the whole
        output of one command waits ``delay`` first."""
        try:
            while not self._pending.empty():
                delay, text = self._pending.get_nowait()
                if delay > 0:
                    await asyncio.sleep(delay)
                for piece in text.splitlines(keepends=True):
                    if piece.endswith("\n"):
                        await asyncio.sleep(self._device.faults.latency)
                    if self._chan is not None:
                        self._chan.write(piece)
        finally:
            self._writer = None

    def _close_after_output(self) -> None:
        async def _close() -> None:
            while self._writer is not None:
                await asyncio.sleep(0.01)
            if self._chan is not None:
                self._chan.close()

        asyncio.ensure_future(_close())

    def eof_received(self) -> bool:
        return False

    def connection_lost(self, exc: Exception | None) -> None:
        if self._session is not None:
            self._session.close()
        self._chan = None


class _DeviceServer(asyncssh.SSHServer):
    def __init__(self, device: Device, authorized_keys: frozenset[bytes] = frozenset()) -> None:
        self._device = device
        self._authorized_keys = authorized_keys
        self._conn: asyncssh.SSHServerConnection | None = None
        self._user = ""

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self._conn = conn

    def begin_auth(self, username: str) -> bool:
        self._user = username
        return True

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        return username == self._device.username and password == self._device.password

    # Public-key login, as IOS offers with ``ip ssh pubkey-chain``: the device's user, with a
    # key from the ``--authorized-keys`` file.
    def public_key_auth_supported(self) -> bool:
        return bool(self._authorized_keys)

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        return username == self._device.username and key.public_data in self._authorized_keys

    def session_requested(self) -> _ShellChannel:
        assert self._conn is not None
        return _ShellChannel(self._device, self._conn, self._user)


def load_authorized_keys(path: Path | None) -> frozenset[bytes]:
    """The public keys of an OpenSSH authorized_keys file (none without a file)."""
    if path is None:
        return frozenset()
    return frozenset(key.public_data for key in asyncssh.read_public_key_list(str(path)))


class DeviceListener:
    """Accepts one device's TCP connections and runs SSH over each with the host key the
    device has at that moment: its own, or, while the ``ssh_host_key`` fault is set, another
    one (a re-keyed or replaced router, or an impostor): ``changed`` of the same type (ed25519),
    ``new_type`` an ECDSA key."""

    def __init__(
        self,
        device: Device,
        sock: socket.socket,
        host_key: asyncssh.SSHKey,
        authorized_keys: frozenset[bytes],
    ) -> None:
        self._device = device
        self._sock = sock
        common = {
            "server_factory": lambda: _DeviceServer(device, authorized_keys),
            "line_editor": False,
            "encoding": "utf-8",
            "errors": "replace",  # a stray byte must not kill the session
            "keepalive_interval": 0,
        }
        keys = {
            "": host_key,
            "changed": asyncssh.generate_private_key("ssh-ed25519"),
            "new_type": asyncssh.generate_private_key("ecdsa-sha2-nistp256"),
        }
        self._options = {
            fault: asyncssh.SSHServerConnectionOptions(server_host_keys=[key], **common)
            for fault, key in keys.items()
        }
        self._connections: set[asyncio.Task[None]] = set()
        self._accepting = asyncio.ensure_future(self._accept())

    def get_port(self) -> int:
        return self._sock.getsockname()[1]

    def close(self) -> None:
        self._accepting.cancel()
        self._sock.close()

    async def _accept(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            conn, _ = await loop.sock_accept(self._sock)
            task = asyncio.ensure_future(self._serve(conn))
            self._connections.add(task)
            task.add_done_callback(self._connections.discard)

    async def _serve(self, conn: socket.socket) -> None:
        options = self._options[self._device.refresh_faults().ssh_host_key]
        try:
            await asyncssh.run_server(conn, options=options)
        except (OSError, asyncssh.Error):
            conn.close()  # a client that gave up during the handshake (a refused host key)


async def serve_device(
    device: Device,
    host: str,
    port: int,
    host_key: asyncssh.SSHKey,
    authorized_keys: frozenset[bytes] = frozenset(),
) -> DeviceListener:
    """Start listening for one device; returns the listener (``get_port()``, ``close()``)."""
    _accept_userauth_before_each_attempt()
    sock = socket.create_server((host, port), reuse_port=False, backlog=100)
    sock.setblocking(False)
    listener = DeviceListener(device, sock, host_key, authorized_keys)
    device.start(asyncio.get_running_loop())  # listening: background timers may run now
    return listener
