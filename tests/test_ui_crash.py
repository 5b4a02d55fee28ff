"""An unexpected exception anywhere in the app: no traceback on the terminal, a redacted crash
report under the user log dir, one line saying where it is, exit code 1, drafts kept."""

from __future__ import annotations

import argparse
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from support.credentials import use_sandbox
from support.ui import land_on_tree, profile_for
from test_ui_explorer import SIZE, settle
from test_ui_forms import open_form
from textual.app import App

from convert_tui.commands import tui
from convert_tui.config.drafts import DraftStore
from convert_tui.ui.app import ConvertApp
from convert_tui.ui.explorer.screen import MainScreen
from convert_tui.ui.screens.form import RecordFormScreen

SECRET = "S3CRET-zebra-4242"
SIGNATURE = "Signature=" + "ab12" * 16


def boom(*_args: Any) -> None:
    # What a careless bug could put into an exception: the secret and a signed header.
    raise RuntimeError(f"boom while sending {SECRET}; Authorization: Convert-HMAC {SIGNATURE}")


def assert_redacted_report(path: Path | None, config_dir: Path) -> str:
    assert path is not None and path.is_file()
    assert path.parent == config_dir / "logs"
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    text = path.read_text(encoding="utf-8")
    assert "RuntimeError" in text and "boom while sending ***" in text and "Traceback" in text
    assert SECRET not in text and "ab12ab12" not in text
    return text


async def test_a_crash_in_a_form_writes_a_redacted_report_and_keeps_the_draft(
    sandbox_factory: Any, config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = sandbox_factory(secret=SECRET)
    app = ConvertApp(profile_for(server.base_url, secret=SECRET))
    # ctrl+s in the form hits a bug; what was typed a moment ago was not written yet.
    monkeypatch.setattr(RecordFormScreen, "action_save", boom)
    with pytest.raises(RuntimeError, match="boom"):  # run_test still reports it to pytest
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            form = await open_form(pilot, "project", None, None)
            form.form.row("name").control.focus()
            await pilot.press(*"Unsaved", "ctrl+s")
            await pilot.pause()
    assert app.return_code == 1
    assert app.crash_message is not None and "\n" not in app.crash_message
    assert f"the crash report is {app.crash_report}" in app.crash_message
    assert "(RuntimeError)" in app.crash_message and "drafts are kept" in app.crash_message
    assert SECRET not in app.crash_message
    text = assert_redacted_report(app.crash_report, config_dir)
    assert "RecordFormScreen" in text  # which screens were open
    drafts = DraftStore().list("form")
    assert [d.payload["values"]["name"] for d in drafts] == ["Unsaved"]


async def test_a_crash_in_a_worker_is_reported_the_same_way(
    sandbox_factory: Any, config_dir: Path
) -> None:
    server = sandbox_factory(secret=SECRET)
    app = ConvertApp(profile_for(server.base_url, secret=SECRET))

    async def failing_work() -> None:
        boom()

    with pytest.raises(Exception, match="boom"):
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            app.main_screen.run_worker(failing_work())  # exit_on_error: a bug ends the app
            await pilot.pause(0.1)
    assert app.return_code == 1 and app.crash_message is not None
    assert "(RuntimeError)" in app.crash_message
    assert_redacted_report(app.crash_report, config_dir)


def test_convert_tui_prints_one_line_and_exits_1_when_the_app_crashes(
    sandbox: Any,
    config_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    use_sandbox(sandbox, monkeypatch)
    land_on_tree()  # (the screen that fails is the tree: the first screen here)
    monkeypatch.setattr(MainScreen, "on_mount", boom)  # fails as soon as it starts
    # No terminal under pytest: run the real `convert-tui` path headless.
    monkeypatch.setattr(ConvertApp, "run", lambda self: App.run(self, headless=True, size=SIZE))
    args = argparse.Namespace(demo=False, read_only=False, profile=None, base_url=None)
    assert tui.run(args) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1, err
    assert err.startswith("convert-tui stopped on an unexpected error (RuntimeError)")
    assert "Traceback" not in err and sandbox.secret not in err
    report = Path(err.split("the crash report is ")[1].split(". Unsaved")[0])
    assert report.is_file() and report.parent == config_dir / "logs"


async def test_without_a_writable_log_dir_the_line_still_says_so(
    sandbox: Any, config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (config_dir / "logs").write_text("not a directory")
    app = ConvertApp(profile_for(sandbox.base_url))
    monkeypatch.setattr(MainScreen, "action_filter", boom)
    with pytest.raises(RuntimeError):
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("slash")
            await pilot.pause()
    assert app.return_code == 1 and app.crash_report is None
    assert app.crash_message is not None and "no crash report could be written" in app.crash_message
