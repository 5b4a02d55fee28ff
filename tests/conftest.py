"""Shared fixtures. The sandbox ones serve demo data over real loopback HTTP."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from support.credentials import use_sandbox

from convert_tui.sandbox import RunningSandbox, SandboxConfig, start_sandbox

# Dates show in the local zone by default (config.toml [time]): pin it so snapshots never drift.
os.environ["TZ"] = "UTC"
time.tzset()

TODAY = dt.date(2026, 11, 15)  # pinned so demo data (and snapshots) never drift


@pytest.fixture
def sandbox() -> Iterator[RunningSandbox]:
    """A fresh sandbox (seed 1, default size) on a free loopback port."""
    with start_sandbox(SandboxConfig(seed=1, today=TODAY)) as running:
        yield running


@pytest.fixture
def sandbox_factory() -> Iterator[Callable[..., RunningSandbox]]:
    """`sandbox_factory(**SandboxConfig fields)`; every sandbox made is stopped at teardown."""
    started: list[RunningSandbox] = []

    def make(**kwargs: Any) -> RunningSandbox:
        kwargs.setdefault("seed", 1)
        kwargs.setdefault("today", TODAY)
        running = start_sandbox(SandboxConfig(**kwargs))
        started.append(running)
        return running

    yield make
    for running in started:
        running.stop()


@pytest.fixture(autouse=True)
def _the_cyclic_gc_as_it_was() -> Iterator[None]:
    """convert-tui pauses the cyclic GC while an app starts (commands.tui.build_app): a test
    that builds an app and never runs it must not leave the next tests without a collector."""
    import gc

    collecting = gc.isenabled()
    yield
    if collecting:
        gc.enable()


@pytest.fixture(autouse=True)
def _local_file_reports_per_test() -> Iterator[None]:
    """Reports of set-aside local files are once per process: each test is a process here
    (one test's undelivered report must not reach the next test's app)."""
    from convert_tui.config import local_files

    yield
    local_files.listen(None)
    local_files.reports()  # (empties what was not delivered)
    local_files._reported.clear()


@pytest.fixture
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "config"
    path.mkdir()
    monkeypatch.setenv("CONVERT_TUI_CONFIG_DIR", str(path))
    return path


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A config dir not yet made, and no credentials in the environment."""
    monkeypatch.setenv("CONVERT_TUI_CONFIG_DIR", str(tmp_path / "home"))
    for name in ("CONVERT_APPLICATION_ID", "CONVERT_SECRET_KEY", "CONVERT_API_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("CONVERT_PROFILE", raising=False)
    return tmp_path / "home"


@pytest.fixture
def env(sandbox: Any, config_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The command line's credentials: the sandbox's, from the environment (a fresh config dir)."""
    return use_sandbox(sandbox, monkeypatch)


class SignedHTTP:
    """A tiny request signer written from the contract, independent of convert_tui.api."""

    def __init__(self, base_url: str, app_id: str, secret: str) -> None:
        self.base_url, self.app_id, self.secret = base_url, app_id, secret
        self.http = httpx.Client(timeout=10)

    @staticmethod
    def signature(app_id: str, secret: str, expires: str, url: str, body: bytes) -> str:
        message = f"{app_id}\n{expires}\n{url}\n".encode() + body
        return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()

    def request(
        self, method: str, path: str, body: Any = None, *, raw: bytes | None = None, **kw: Any
    ) -> httpx.Response:
        """Sign and send; `raw` bytes win over `body` (which is JSON-encoded)."""
        url = self.base_url + path
        content = (
            raw
            if raw is not None
            else b""
            if body is None
            else httpx.Request("POST", url, json=body).content
        )
        expires = str(kw.pop("expires", int(time.time()) + 60))
        signature = self.signature(self.app_id, self.secret, expires, url, content)
        headers = {
            "Convert-Application-ID": self.app_id,
            "Expires": expires,
            "Authorization": f"Convert-HMAC-SHA256 Signature={signature}",
            "Content-Type": "application/json",
        }
        return self.http.request(method, url, content=content, headers=headers)

    def ok(self, method: str, path: str, body: Any = None) -> Any:
        response = self.request(method, path, body)
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture
def sandbox_http(sandbox: RunningSandbox) -> Iterator[SignedHTTP]:
    """Signed HTTP to the `sandbox` fixture: `sandbox_http.ok("POST", "/projects", {})`."""
    http = SignedHTTP(sandbox.base_url, sandbox.app_id, sandbox.secret)
    yield http
    http.http.close()


# -- explorer (UI) fixtures ----------------------------------------------------------------------

UI_NOW = dt.datetime(2026, 11, 15, 9, 30, 0, tzinfo=dt.UTC)  # the app's pinned clock


@pytest.fixture
def make_ui_app(sandbox: RunningSandbox, config_dir: Path) -> Callable[..., Any]:
    """`make_ui_app(read_only=False)`: a ConvertApp connected to the `sandbox` fixture."""
    from convert_tui.config.profiles import Profile
    from convert_tui.ui.app import ConvertApp

    def make(**kwargs: Any) -> ConvertApp:
        profile = Profile(
            name="sandbox",
            app_id=sandbox.app_id,
            secret=sandbox.secret,
            base_url=sandbox.base_url,
        )
        kwargs.setdefault("clock", lambda: UI_NOW)
        return ConvertApp(profile, **kwargs)

    return make
