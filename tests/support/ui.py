"""Helpers for UI hardening tests: what the screen shows, notifications, a fast-failing client."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx

from convert_tui.api import ConvertClient
from convert_tui.config import profiles

CONTROL_CHARS = {chr(code) for code in [*range(0x00, 0x20), 0x7F]} - {"\n"}


def screen_lines(app: Any) -> list[str]:
    """The text of every line of the screen as composited (toasts and dialogs included)."""
    strips = app.screen._compositor.render_strips()
    return ["".join(segment.text for segment in strip) for strip in strips]


def screen_text(app: Any) -> str:
    return "\n".join(screen_lines(app))


def assert_terminal_safe(text: str) -> None:
    """No control character (ESC, BEL, ...) in what is drawn: only styles reach the terminal."""
    found = sorted({repr(ch) for ch in text if ch in CONTROL_CHARS})
    assert not found, found


def assert_no_traceback(text: str) -> None:
    assert "Traceback" not in text and 'File "' not in text, text


def notifications(app: Any) -> list[str]:
    """Every notification raised so far: 'title: message'."""
    return [f"{n.title}: {n.message}" for n in app._notifications]


async def no_wait(_seconds: float) -> None:
    await asyncio.sleep(0)


def use_fast_client(
    app: Any, *, read_timeout: float = 5.0, sleep: Callable[[float], Any] | None = no_wait
) -> None:
    """Make `app` build clients whose retries do not wait (and with a short read timeout).

    Everything else is the real client: signing, retries, error mapping.
    """

    def client(profile: profiles.Profile, read_only: bool) -> ConvertClient:
        return ConvertClient(
            profile.app_id,
            profile.secret,
            profile.base_url,
            read_only=read_only,
            sleep=sleep,
            timeout=httpx.Timeout(read_timeout, connect=5.0),
        )

    app._client = client


def profile_for(base_url: str, *, secret: str = "demo-secret", name: str = "sandbox") -> Any:
    return profiles.Profile(name=name, app_id="demo", secret=secret, base_url=base_url)


def land_on_tree() -> None:
    """Settings of someone who last left from the tree: the app opens on it (the overview is
    the landing screen of a first run). Needs CONVERT_TUI_CONFIG_DIR (the config_dir fixture)."""
    from convert_tui.config.settings import Settings, save_settings

    save_settings(Settings(landing="tree"))
