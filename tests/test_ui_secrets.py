"""The explorer never leaks the secret: a whole --debug session (tree, experience, report, a
form save, a failed request, a draft, a screenshot, a crash) writes it nowhere and prints it
nowhere. And it refuses plain http to another machine, saying so, instead of connecting."""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support.ui import land_on_tree, notifications, profile_for, screen_text
from test_ui_explorer import SIZE, move_to, settle
from textual.app import App

from convert_tui.commands import tui
from convert_tui.config import debuglog
from convert_tui.ui.app import ConvertApp
from convert_tui.ui.explorer.screen import MainScreen
from convert_tui.ui.messages import EditRecord, OpenReport
from convert_tui.ui.screens.experience import ExperienceScreen
from convert_tui.ui.screens.form import RecordFormScreen
from convert_tui.ui.screens.login import LoginScreen

SECRET = "S3CRET-zebra-4242"
SIGNATURE = re.compile(r"Signature=[0-9a-f]{64}")
PROJECT = "10001"
EXPERIENCE = "1000001"


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("CONVERT_PROFILE", "CONVERT_APPLICATION_ID", "CONVERT_SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("CONVERT_API_BASE_URL", raising=False)
    yield
    debuglog.disable_debug_log()


def args(**flags: Any) -> argparse.Namespace:
    values: dict[str, Any] = {"demo": False, "read_only": False, "profile": None}
    values |= {"base_url": None, "allow_insecure": False, "debug": False}
    return argparse.Namespace(**(values | flags))


def boom(*_args: Any) -> None:
    raise RuntimeError(f"a bug holding {SECRET}")


async def test_a_debug_session_writes_and_prints_the_secret_nowhere(
    sandbox_factory: Any,
    config_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    server = sandbox_factory(secret=SECRET)
    monkeypatch.setenv("CONVERT_APPLICATION_ID", server.app_id)
    monkeypatch.setenv("CONVERT_SECRET_KEY", SECRET)
    monkeypatch.setenv("CONVERT_API_BASE_URL", server.base_url)
    land_on_tree()
    app = tui.build_app(args(debug=True))
    shown: list[str] = []
    with pytest.raises(RuntimeError, match="a bug holding"):  # the session ends in a crash
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            # The tree, an experience, its report.
            await pilot.press("j", "l")
            await settle(pilot)
            await move_to(pilot, "Experiences")
            await pilot.press("l", "l", "l", "l", "enter")
            await settle(pilot)
            assert isinstance(app.screen, ExperienceScreen)
            app.post_message(OpenReport(PROJECT, EXPERIENCE))
            await settle(pilot)
            shown.append(screen_text(app))
            await pilot.press("escape", "escape")
            await settle(pilot)
            # A form save, then a form left unsaved (its draft stays on disk).
            for name in ("Saved by form", "Left as a draft"):
                app.post_message(EditRecord("project", None, None))
                await settle(pilot)
                form = app.screen
                assert isinstance(form, RecordFormScreen)
                form.form.row("name").control.focus()
                await pilot.press(*["space" if c == " " else c for c in name])
                if name.startswith("Saved"):
                    await pilot.press("ctrl+s")
                await settle(pilot)
            await pilot.pause(0.7)  # the draft is written
            # A failed request (404), the message on screen.
            app.state.load_experience(PROJECT, "424242")
            await settle(pilot)
            assert "Loading the experience failed" in "".join(notifications(app))
            shown.append(screen_text(app))
            (config_dir / "screenshots").mkdir()
            app.save_screenshot(path=str(config_dir / "screenshots"))
            # A bug ends it.
            app.call_later(boom)
            await pilot.pause()
    assert ("POST", "/api/v1/projects/add") in server.requests

    out, err = capsys.readouterr()
    output = out + err + app.crash_message + "".join(shown) + "".join(notifications(app))
    assert SECRET not in output and not SIGNATURE.search(output)
    written = [p for p in config_dir.rglob("*") if p.is_file() and p.name != "credentials.json"]
    kinds = {p.relative_to(config_dir).parts[0] for p in written}
    assert {"logs", "data", "screenshots"} <= kinds, written  # log + crash report, a draft
    assert app.crash_report in written and (config_dir / "logs" / "convert-tui.log") in written
    for path in written:
        content = path.read_bytes().decode("utf-8", "replace")
        assert SECRET not in content and not SIGNATURE.search(content), path
    log = (config_dir / "logs" / "convert-tui.log").read_text(encoding="utf-8")
    assert f"/experiences/get/{PROJECT}/424242 -> 404" in log  # it did log the session


def test_convert_tui_refuses_plain_http_to_another_machine(
    sandbox: Any,
    config_dir: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CONVERT_APPLICATION_ID", sandbox.app_id)
    monkeypatch.setenv("CONVERT_SECRET_KEY", sandbox.secret)
    # No terminal under pytest: the real `convert-tui` path, headless.
    monkeypatch.setattr(ConvertApp, "run", lambda self: App.run(self, headless=True, size=SIZE))
    remote = sandbox.base_url.replace("127.0.0.1", "0.0.0.0")  # reaches this machine, not loopback
    assert tui.run(args(base_url=remote)) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert "refusing plain http to 0.0.0.0" in err and "--allow-insecure" in err
    assert sandbox.requests == []


async def test_the_app_refuses_an_insecure_profile_with_a_message_not_a_crash(
    sandbox: Any, config_dir: Path
) -> None:
    remote = sandbox.base_url.replace("127.0.0.1", "0.0.0.0")
    app = ConvertApp(profile_for(remote))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)  # not connected: log in another way
        words = " ".join(screen_text(app).split())
        assert "refusing plain http to 0.0.0.0" in words and "--allow-insecure" in words
    assert app.return_code is None and sandbox.requests == []

    allowed = ConvertApp(profile_for(remote), allow_insecure=True)
    async with allowed.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(allowed.screen, MainScreen) and allowed.state.projects
