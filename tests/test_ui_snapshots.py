"""Screenshots of the explorer, compared with the accepted ones in tests/__snapshots__/.

Stable by construction: the sandbox's `today` and the app's clock are pinned (conftest), the
header shows a fixed port, and no text input has focus (so no blinking cursor).
Update after a deliberate change with `pytest tests/test_ui_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from typing import Any

import pytest
from test_ui_explorer import move_to, settle
from textual.pilot import Pilot
from textual.widgets import Input

from convert_tui.state import ProfileInfo
from convert_tui.ui.screens.experience import ExperienceScreen

SIZES = [(80, 24), (120, 40)]


async def show_first_active_experience(pilot: Pilot[Any]) -> None:
    app: Any = pilot.app
    await settle(pilot)
    await pilot.press("j", "l")
    await settle(pilot)
    await move_to(pilot, "Experiences")
    await pilot.press("l", "l", "l", "l")
    await pilot.pause(0.6)  # the report loads once the cursor rests on an experience
    await settle(pilot)
    # The sandbox listens on a random port; show a fixed one.
    app.state.profile = ProfileInfo("sandbox", "http://127.0.0.1:8787/api/v1", False)
    await pilot.pause()


async def open_first_active_experience(pilot: Pilot[Any]) -> None:
    await show_first_active_experience(pilot)
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ExperienceScreen)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_main_screen_shows_tree_and_selected_experience_summary(
    snap_compare: Any, make_ui_app: Any, size: tuple[int, int]
) -> None:
    assert snap_compare(make_ui_app(), terminal_size=size, run_before=show_first_active_experience)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_experience_detail_shows_overview_tab(
    snap_compare: Any, make_ui_app: Any, size: tuple[int, int]
) -> None:
    assert snap_compare(make_ui_app(), terminal_size=size, run_before=open_first_active_experience)


def test_experience_detail_variations_tab_in_read_only_mode(
    snap_compare: Any, make_ui_app: Any
) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await open_first_active_experience(pilot)
        app: Any = pilot.app
        app.state.profile = ProfileInfo("sandbox", "http://127.0.0.1:8787/api/v1", True)
        await pilot.press("2")

    assert snap_compare(make_ui_app(read_only=True), run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_help_lists_every_key(snap_compare: Any, make_ui_app: Any, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await show_first_active_experience(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_ui_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_first_run_opens_the_login_screen(
    snap_compare: Any, config_dir: Any, size: tuple[int, int]
) -> None:
    from conftest import UI_NOW

    from convert_tui.ui.app import ConvertApp

    app = ConvertApp(
        login_message="No saved profile 'default' yet: enter an API key to create it.",
        clock=lambda: UI_NOW,
    )

    async def run_before(pilot: Pilot[Any]) -> None:
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False  # a blinking cursor would make the picture flaky
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)
