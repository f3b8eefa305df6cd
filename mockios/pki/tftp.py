"""`tftp:` files: the router reads and writes them on a real TFTP server (RFC 1350, octet mode).

A real router talks to port 69; the lab can point that at an unprivileged server on loopback
with `$MOCKIOS_TFTP_PORT` (tests start tftpd-hpa on a free port). The read blocks the
simulator for its few round trips, as a lab on loopback allows.
"""

from __future__ import annotations

import os
import socket
import struct

TFTP_PORT = 69
BLOCK = 512
TIMEOUT_SECONDS = 2.0
_RRQ, _WRQ, _DATA, _ACK, _ERROR = 1, 2, 3, 4, 5
# RFC 1350 error codes as IOS words them in `%Error opening URL (...)`.
_IOS_REASONS = {1: "No such file or directory", 2: "Permission denied"}


class TftpError(Exception):
    """The reason IOS prints in parentheses after `%Error opening URL`."""


def tftp_port() -> int:
    return int(os.environ.get("MOCKIOS_TFTP_PORT", TFTP_PORT))


def _server(host: str) -> tuple[int, tuple]:
    try:
        family, _, _, _, address = socket.getaddrinfo(host, tftp_port(), type=socket.SOCK_DGRAM)[0]
    except (socket.gaierror, UnicodeError):
        raise TftpError("Host name lookup failed") from None
    return family, address


def _request(opcode: int, filename: str) -> bytes:
    return struct.pack("!H", opcode) + filename.encode() + b"\0octet\0"


def fetch(host: str, filename: str, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """The whole file, or TftpError."""
    family, address = _server(host)
    with socket.socket(family, socket.SOCK_DGRAM) as sock:
        sock.settimeout(timeout)
        sock.sendto(_request(_RRQ, filename), address)
        return _receive(sock)


def store(host: str, filename: str, data: bytes, timeout: float = TIMEOUT_SECONDS) -> None:
    """Write the whole file (WRQ), or TftpError (a server may refuse to create it)."""
    family, address = _server(host)
    with socket.socket(family, socket.SOCK_DGRAM) as sock:
        sock.settimeout(timeout)
        sock.sendto(_request(_WRQ, filename), address)
        server = _await_ack(sock, 0, None)
        blocks = [data[i : i + BLOCK] for i in range(0, len(data), BLOCK)]
        if len(data) % BLOCK == 0:
            blocks.append(b"")  # a short (empty) last block ends the transfer
        for index, block in enumerate(blocks, start=1):
            number = index % 65536
            sock.sendto(struct.pack("!HH", _DATA, number) + block, server)
            _await_ack(sock, number, server)


def _await_ack(sock: socket.socket, number: int, server: tuple | None) -> tuple:
    """Wait for the ACK of block `number`; returns the server's transfer address."""
    while True:
        try:
            packet, peer = sock.recvfrom(4 + BLOCK)
        except TimeoutError:
            raise TftpError("Timed out") from None
        if (server is not None and peer != server) or len(packet) < 4:
            continue
        opcode, got = struct.unpack("!HH", packet[:4])
        if opcode == _ERROR:
            reason = packet[4:].rstrip(b"\0").decode(errors="replace")
            raise TftpError(_IOS_REASONS.get(got, reason))
        if opcode == _ACK and got == number:
            return peer


def _receive(sock: socket.socket) -> bytes:
    data = bytearray()
    expected = 1
    server = None
    while True:
        try:
            packet, peer = sock.recvfrom(4 + BLOCK)
        except TimeoutError:
            raise TftpError("Timed out") from None
        if server is None:
            server = peer  # the transfer comes from the server's own new port
        if peer != server or len(packet) < 4:
            continue
        opcode, number = struct.unpack("!HH", packet[:4])
        if opcode == _ERROR:
            raise TftpError(
                _IOS_REASONS.get(number, packet[4:].rstrip(b"\0").decode(errors="replace"))
            )
        if opcode != _DATA:
            continue
        sock.sendto(struct.pack("!HH", _ACK, number), server)  # a repeated block is acked again
        if number != expected:
            continue
        data += packet[4:]
        expected = (expected + 1) % 65536
        if len(packet) - 4 < BLOCK:
            return bytes(data)
