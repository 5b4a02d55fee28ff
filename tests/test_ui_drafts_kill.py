"""Work is never lost: a form and a variation draft typed into an app that is then `kill -9`ed
are on disk and offered again by the next app."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from support import draft_driver
from support.ui import profile_for
from test_ui_explorer import SIZE, settle
from textual.widgets import Input

from convert_tui.config.drafts import DraftStore
from convert_tui.ui.app import ConvertApp
from convert_tui.ui.dialogs.confirm import ConfirmDialog
from convert_tui.ui.messages import EditRecord
from convert_tui.ui.screens.form import RecordFormScreen
from convert_tui.ui.variations.list import VariationList
from convert_tui.ui.variations.screen import VariationEditorScreen

PROJECT = "10001"
EXPERIENCE = "1000001"  # a/b, 70% + 30%: a new variation at 0% is valid


async def test_drafts_typed_before_kill_9_are_offered_by_the_next_app(
    sandbox: Any, config_dir: Path
) -> None:
    env = dict(os.environ, CONVERT_TUI_CONFIG_DIR=str(config_dir))
    command = [sys.executable, draft_driver.__file__, sandbox.base_url, sandbox.secret]
    driver = subprocess.Popen(
        [*command, PROJECT, EXPERIENCE],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert driver.stdout is not None
        line = await asyncio.wait_for(asyncio.to_thread(driver.stdout.readline), timeout=60)
        assert line == "READY\n", (line, driver.stderr.read() if driver.poll() else "")
    finally:
        os.kill(driver.pid, signal.SIGKILL)
        driver.wait(timeout=10)
    assert driver.returncode == -signal.SIGKILL
    assert len(DraftStore().list()) == 2

    app = ConvertApp(profile_for(sandbox.base_url))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.post_message(EditRecord("project", None, None))
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)  # "Restore draft from HH:MM?"
        await pilot.press("y")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RecordFormScreen)
        assert form.form.row("name").get() == draft_driver.FORM_NAME
        await pilot.press("escape", "escape")  # leave; the draft stays (Esc on the question)
        await settle(pilot)

        app.push_screen(VariationEditorScreen(PROJECT, EXPERIENCE))
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, VariationEditorScreen)
        listing = editor.query_one(VariationList)
        index = next(i for i, o in enumerate(listing.options) if o.id and "draft" in o.id)
        listing.highlighted = index
        await pilot.pause()
        variation = editor.current_form()
        assert variation is not None
        assert variation.query_one("#draft-name", Input).value == draft_driver.VARIATION_NAME
        assert variation.code_field("js").text == draft_driver.VARIATION_JS
