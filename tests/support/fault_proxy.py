"""A loopback proxy in front of a real server (the sandbox) that can be switched to misbehave.

UI fault tests load real data first, then turn a fault on (`proxy.fault = reset_mid_body`),
check what the app does, turn it off (`proxy.fault = None`) and check that a retry works. The
request is forwarded unchanged (the Host header too, so the sandbox checks the signature
against the URL the client signed: the proxy's). Faults are `support.bad_server` behaviours.
"""

from __future__ import annotations

import contextlib
import socket
import socketserver
import struct
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from support.bad_server import Behaviour, http_response, send_answer


def forward_to(base_url: str) -> Behaviour:
    """Send the raw request to the server of `base_url` and return its raw answer."""
    parts = urlsplit(base_url)
    address = (parts.hostname or "127.0.0.1", parts.port or 80)

    def respond(request: bytes) -> bytes | None:
        head, _, body = request.partition(b"\r\n\r\n")
        lines = [x for x in head.split(b"\r\n") if not x.lower().startswith(b"connection:")]
        raw = b"\r\n".join([*lines, b"Connection: close"]) + b"\r\n\r\n" + body
        try:
            with socket.create_connection(address, timeout=10) as upstream:
                upstream.sendall(raw)
                chunks = []
                while chunk := upstream.recv(65536):
                    chunks.append(chunk)
        except OSError:
            return None  # the server behind is down: the client sees a broken connection
        return b"".join(chunks)

    return respond


def slow(behaviour: Behaviour, seconds: float) -> Behaviour:
    """Answer like `behaviour`, after `seconds` (past a client's read timeout)."""

    def respond(request: bytes) -> bytes | Iterable[bytes] | None:
        time.sleep(seconds)
        return behaviour(request)

    return respond


@dataclass
class FaultProxy:
    base_url: str
    target: Behaviour
    fault: Behaviour | None = None  # None: forward to the real server
    requests: list[bytes] = field(default_factory=list)

    def __call__(self, request: bytes) -> bytes | Iterable[bytes] | None:
        self.requests.append(request)
        return (self.fault or self.target)(request)


def _read_request(sock: socket.socket) -> bytes | None:
    """One whole HTTP request (head and Content-Length body), or None if the client left."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        body += chunk
    return head + b"\r\n\r\n" + body


class _Handler(socketserver.BaseRequestHandler):
    server: _Server

    def handle(self) -> None:
        sock: socket.socket = self.request
        sock.settimeout(15)
        # The client may be gone by the time we answer (it timed out): nothing to report then.
        with contextlib.suppress(OSError):
            request = _read_request(sock)
            if request is None:
                return
            answer = self.server.proxy(request)
            if answer is None:  # promise a body, then abort with RST instead of FIN
                sock.sendall(http_response(200, b'{"id": "1", "na')[:-4])
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                return
            send_answer(sock, answer)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    proxy: FaultProxy


@contextmanager
def fault_proxy(target_base_url: str) -> Iterator[FaultProxy]:
    server = _Server(("127.0.0.1", 0), _Handler)
    proxy = FaultProxy(
        base_url=f"http://127.0.0.1:{server.server_address[1]}/api/v1",
        target=forward_to(target_base_url),
    )
    server.proxy = proxy
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield proxy
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
