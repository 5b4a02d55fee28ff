"""Run the explorer headless, type into a new-project form and a variation draft, print READY
once both drafts are on disk, then wait to be killed (`kill -9`; tests/test_ui_drafts_kill.py).

    python draft_driver.py BASE_URL SECRET PROJECT_ID EXPERIENCE_ID

CONVERT_TUI_CONFIG_DIR (set by the test) says where the drafts go.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from convert_tui.config.drafts import DraftStore
from convert_tui.config.profiles import Profile
from convert_tui.ui.app import ConvertApp
from convert_tui.ui.messages import EditRecord
from convert_tui.ui.screens.form import RecordFormScreen
from convert_tui.ui.variations.screen import VariationEditorScreen

FORM_NAME = "Typed before kill -9"
VARIATION_NAME = "Unsaved variation"
VARIATION_JS = "keep(1)"


async def until(pilot: Pilot[Any], ready: Callable[[], object], what: str) -> None:
    for _ in range(400):  # ~20 s
        if ready():
            return
        await pilot.pause(0.05)
    raise SystemExit(f"driver: timed out waiting for {what}")


def kept(store: DraftStore, kind: str, typed: str) -> bool:
    """Whether a draft of `kind` holding `typed` (all of it) is on disk."""
    return any(typed in str(draft.payload) for draft in store.list(kind))


def keys(text: str) -> list[str]:
    return ["space" if ch == " " else ch for ch in text]


async def main(base_url: str, secret: str, project_id: str, experience_id: str) -> None:
    profile = Profile(name="sandbox", app_id="demo", secret=secret, base_url=base_url)
    app = ConvertApp(profile)
    store = DraftStore()
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.state.projects, "the projects")
        app.post_message(EditRecord("project", None, None))
        await until(pilot, lambda: getattr(app.screen, "_draft_ready", False), "the form")
        form = app.screen
        assert isinstance(form, RecordFormScreen)
        form.form.row("name").control.focus()
        await pilot.press(*keys(FORM_NAME))
        await until(pilot, lambda: kept(store, "form", FORM_NAME), "the form draft")

        app.push_screen(VariationEditorScreen(project_id, experience_id))
        await until(pilot, lambda: isinstance(app.screen, VariationEditorScreen), "the editor")
        editor = app.screen
        assert isinstance(editor, VariationEditorScreen)
        await pilot.pause()
        await pilot.press("n")
        await until(pilot, lambda: editor.current_form() is not None, "the variation form")
        draft = editor.current_form()
        assert draft is not None
        draft.query_one("#draft-name", Input).focus()
        await pilot.press(*keys(VARIATION_NAME))
        draft.code_field("js").focus()
        await pilot.press(*keys(VARIATION_JS))
        await until(pilot, lambda: kept(store, "variation", VARIATION_JS), "the variation draft")
        print("READY", flush=True)
        await asyncio.sleep(600)  # killed long before this


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:5]))
