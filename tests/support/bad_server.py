"""Purpose-built misbehaving HTTP servers on loopback, for fault tests.

The sandbox injects well-formed faults (500, 429, latency); these produce the ugly ones a real
network gives: a reset mid-body, a body cut short, a hang past the read timeout, non-JSON, JSON
of the wrong shape, and a 401 from a server whose clock disagrees with ours.
"""

from __future__ import annotations

import email.utils
import socket
import socketserver
import struct
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

Behaviour = Callable[[bytes], bytes | Iterable[bytes] | None]
"""Given the raw request, return raw response bytes (or pieces to send one after the other,
e.g. a trickle), or None to reset the connection."""


def http_response(status: int, body: bytes, headers: dict[str, str] | None = None) -> bytes:
    reason = {200: "OK", 401: "Unauthorized", 404: "Not Found", 429: "Too Many Requests"}
    reason[500] = "Internal Server Error"
    lines = [f"HTTP/1.1 {status} {reason.get(status, 'Status')}"]
    merged = {"Content-Type": "application/json", "Content-Length": str(len(body))}
    merged.update(headers or {})
    lines += [f"{k}: {v}" for k, v in merged.items()]
    lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def json_body(status: int, body: str, headers: dict[str, str] | None = None) -> Behaviour:
    return lambda _request: http_response(status, body.encode(), headers)


def cut_short(body: str) -> Behaviour:
    """Promise the whole body in Content-Length, send half, then close."""

    def respond(_request: bytes) -> bytes:
        data = body.encode()
        full = http_response(200, data)
        return full[: len(full) - len(data) // 2]

    return respond


def reset_mid_body(_request: bytes) -> None:
    return None


def trickle(body: bytes, *, every: float = 1.0, max_seconds: float = 60.0) -> Behaviour:
    """A 200 whose body comes one byte every `every` seconds: each read gets an answer, so a
    per-read timeout never fires. Bounded: stops after `max_seconds` or when the client left."""

    def pieces() -> Iterator[bytes]:
        yield http_response(200, body)[: -len(body)]
        started = time.monotonic()
        for byte in body:
            if time.monotonic() - started > max_seconds:
                return
            time.sleep(every)
            yield bytes([byte])

    return lambda _request: pieces()


def sequence(*behaviours: Behaviour) -> Behaviour:
    """The n-th request gets the n-th behaviour; the last one answers every request after."""
    calls: list[bytes] = []
    lock = threading.Lock()

    def respond(request: bytes) -> bytes | Iterable[bytes] | None:
        with lock:
            calls.append(request)
            index = min(len(calls), len(behaviours)) - 1
        return behaviours[index](request)

    return respond


def clock_skewed_401(skew_seconds: int) -> Behaviour:
    def respond(_request: bytes) -> bytes:
        server_time = email.utils.formatdate(time.time() + skew_seconds, usegmt=True)
        body = b'{"isError": true, "code": 401, "message": "Request expired"}'
        return http_response(401, body, {"Date": server_time})

    return respond


@dataclass
class BadServer:
    base_url: str
    requests: list[bytes] = field(default_factory=list)


class _Handler(socketserver.BaseRequestHandler):
    server: _Server

    def handle(self) -> None:
        self.request.settimeout(5)
        raw = b""
        try:
            while b"\r\n\r\n" not in raw:
                chunk = self.request.recv(65536)
                if not chunk:
                    return
                raw += chunk
            head, _, rest = raw.partition(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            while len(rest) < length:
                rest += self.request.recv(65536)
        except (TimeoutError, OSError):
            return
        self.server.record.requests.append(raw)
        if self.server.hang_seconds:
            time.sleep(self.server.hang_seconds)
        answer = self.server.behaviour(raw)
        if answer is None:
            # Send a header promising a body, then abort with RST instead of FIN.
            self.request.sendall(http_response(200, b'{"id": "1", "na')[:-4])
            self.request.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            return
        send_answer(self.request, answer)


def send_answer(sock: socket.socket, answer: bytes | Iterable[bytes]) -> None:
    """Send an answer; a piecewise one stops as soon as the client has gone."""
    if isinstance(answer, bytes):
        sock.sendall(answer)
        return
    try:
        for piece in answer:
            sock.sendall(piece)
    except OSError:
        return


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    behaviour: Behaviour
    record: BadServer
    hang_seconds: float


@contextmanager
def bad_server(behaviour: Behaviour, *, hang_seconds: float = 0.0) -> Iterator[BadServer]:
    server = _Server(("127.0.0.1", 0), _Handler)
    server.behaviour = behaviour
    server.hang_seconds = hang_seconds
    port = server.server_address[1]
    server.record = BadServer(base_url=f"http://127.0.0.1:{port}/api/v1")
    # A short poll interval: shutdown() waits for the loop to notice, 0.5 s by default.
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    try:
        yield server.record
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def closed_port_url() -> str:
    """A loopback URL nothing listens on (connection refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/api/v1"
