"""Serving the sandbox over real loopback HTTP(S): in a background thread, or in the foreground."""

from __future__ import annotations

import asyncio
import signal
import socket
import sys
import threading
import time
from pathlib import Path
from types import TracebackType

import uvicorn

from convert_tui.sandbox.certificates import SandboxCertificates, names_for
from convert_tui.sandbox.config import API_PREFIX, SandboxConfig
from convert_tui.sandbox.faults import RequestLog
from convert_tui.sandbox.routes import create_app
from convert_tui.sandbox.store import Store

STARTUP_TIMEOUT = 15.0


class _Server(uvicorn.Server):
    """uvicorn's server, stopped by an event instead of its 0.1 s polling loop.

    Tests start and stop a sandbox per test, so a stop that takes ~5 ms instead of ~200 ms
    is the difference between a quick suite and a slow one.
    """

    _stop_event: asyncio.Event | None = None
    _loop: asyncio.AbstractEventLoop | None = None

    async def main_loop(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop_event = asyncio.Event()
        if not self.should_exit:
            await self._stop_event.wait()

    def request_stop(self) -> None:
        self.should_exit = True
        loop, event = self._loop, self._stop_event
        if loop is not None and event is not None and not loop.is_closed():
            loop.call_soon_threadsafe(event.set)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        state = getattr(self, "server_state", None)
        servers = getattr(self, "servers", None)
        if state is None or servers is None:  # a uvicorn we do not know: its own way
            await super().shutdown(sockets)
            return
        for server in servers:
            server.close()
        for sock in sockets or []:
            sock.close()
        for connection in list(state.connections):
            connection.shutdown()  # idle keep-alive connections close now, busy ones after
        loop = asyncio.get_running_loop()
        deadline = loop.time() + (self.config.timeout_graceful_shutdown or 2)
        while (state.connections or state.tasks) and loop.time() < deadline:
            await asyncio.sleep(0.005)
        for task in list(state.tasks):
            task.cancel()
        for server in servers:
            await server.wait_closed()


class RunningSandbox:
    """A sandbox serving on a real port. Use as a context manager or call stop()."""

    def __init__(self, cfg: SandboxConfig) -> None:
        self.config = cfg
        self.app = create_app(cfg)
        self.requests: RequestLog = self.app.state.requests
        self.app_id = cfg.app_id
        self.secret = cfg.secret
        self._socket = _bind(cfg.host, cfg.port)
        self.host = cfg.host
        self.port: int = self._socket.getsockname()[1]
        connect_host = "127.0.0.1" if cfg.host in ("", "0.0.0.0") else cfg.host
        if cfg.host == "::":
            connect_host = "::1"
        self._connect_host = connect_host
        shown = f"[{connect_host}]" if ":" in connect_host else connect_host
        # https: a throwaway CA and a server certificate, made now (clients trust `ca_path`).
        self.certificates = (
            SandboxCertificates(cfg.tls_names or names_for(cfg.host)) if cfg.tls else None
        )
        scheme = "https" if self.certificates else "http"
        self.base_url = f"{scheme}://{shown}:{self.port}{API_PREFIX}"
        pem = str(self.certificates.server_pem) if self.certificates else None
        self._server = _Server(
            uvicorn.Config(
                self.app,
                log_level="warning",
                access_log=False,
                lifespan="off",
                # Our middleware sets Date on every answer (also in-process); no duplicates.
                date_header=False,
                server_header=False,
                timeout_graceful_shutdown=2,
                ssl_certfile=pem,
                ssl_keyfile=pem,
            )
        )
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [self._socket]},
            name=f"convert-sandbox-{self.port}",
            daemon=True,
        )

    @property
    def ca_path(self) -> Path | None:
        """The throwaway CA's certificate (PEM) of a TLS sandbox, for clients to trust."""
        return self.certificates.ca_path if self.certificates else None

    @property
    def store(self) -> Store:
        """The live data, for tests that want to look behind the API."""
        store: Store = self.app.state.store
        return store

    def start(self) -> RunningSandbox:
        self._thread.start()
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"sandbox did not start on {self.base_url}")
            time.sleep(0.01)
        _wait_accepting(self._connect_host, self.port, deadline)
        if self.certificates is not None:
            self.certificates.server_pem.unlink()  # loaded by the server: its key is off disk
        return self

    def stop(self) -> None:
        self._server.request_stop()
        if self._thread.is_alive():
            self._thread.join(timeout=10)
        self._socket.close()
        if self.certificates is not None:
            self.certificates.remove()

    def is_running(self) -> bool:
        return self._thread.is_alive()

    def __enter__(self) -> RunningSandbox:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def _bind(host: str, port: int) -> socket.socket:
    # Binding ourselves (rather than letting uvicorn do it) tells us the real port of port=0
    # before the server starts.
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio only sets TCP_NODELAY on accepted sockets whose proto says
    # TCP, and without it every answer waits ~40 ms (Nagle + delayed ACK).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def _wait_accepting(host: str, port: int, deadline: float) -> None:
    while True:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"sandbox is not accepting connections on port {port}") from None
            time.sleep(0.01)


def start_sandbox(cfg: SandboxConfig | None = None) -> RunningSandbox:
    """Start a sandbox in a background thread and return once it accepts connections."""
    return RunningSandbox(cfg or SandboxConfig()).start()


def _wait_until_stopped(running: RunningSandbox) -> None:
    while running.is_running():
        time.sleep(0.2)  # short sleeps keep Ctrl+C responsive


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run_forever(cfg: SandboxConfig | None = None) -> None:
    """Serve in the foreground until Ctrl+C (for `convert-tui sandbox`)."""
    cfg = cfg or SandboxConfig()
    running = start_sandbox(cfg)
    print(f"Convert API sandbox on {running.base_url}", flush=True)
    print(f"Application id: {running.app_id}   secret: {running.secret}", flush=True)
    if running.ca_path is not None:
        print(f"Throwaway CA (trust it with --ca-bundle): {running.ca_path}", flush=True)
    if cfg.host not in ("127.0.0.1", "::1", "localhost"):
        print(f"Warning: listening on {cfg.host}, reachable from other machines.", file=sys.stderr)
    print("Press Ctrl+C to stop.", flush=True)
    # A `kill` stops it as Ctrl+C does: the throwaway certificates go with it.
    main = threading.current_thread() is threading.main_thread()  # (signals: main thread only)
    previous = signal.signal(signal.SIGTERM, _interrupt) if main else None
    try:
        _wait_until_stopped(running)
    except KeyboardInterrupt:
        pass
    finally:
        if main:
            signal.signal(signal.SIGTERM, previous)
        running.stop()
    print("Sandbox stopped.", flush=True)
