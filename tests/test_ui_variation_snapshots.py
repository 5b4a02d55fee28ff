"""Screenshots of the variation editor (see test_ui_snapshots.py for why they are stable).

Update after a deliberate change with
`pytest tests/test_ui_variation_snapshots.py --snapshot-update`, then look at the SVGs.
"""

from __future__ import annotations

from typing import Any

import pytest
from test_ui_explorer import settle
from test_ui_snapshots import SIZES, open_first_active_experience
from textual.pilot import Pilot
from textual.widgets import Input

from convert_tui.ui.variations.screen import VariationEditorScreen


async def open_editor_on_styled_variation(pilot: Pilot[Any]) -> None:
    """Experience detail -> v -> the second variation (it has JavaScript and CSS)."""
    await open_first_active_experience(pilot)
    await pilot.press("v")
    await settle(pilot)
    assert isinstance(pilot.app.screen, VariationEditorScreen)
    await pilot.press("j")
    await pilot.pause()


async def clone_with_forty_percent(pilot: Pilot[Any]) -> None:
    """Clone it and ask for 40%: the form shows the split the server will make (42/18/40)."""
    await open_editor_on_styled_variation(pilot)
    await pilot.press("c")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, VariationEditorScreen)
    form = screen.current_form()
    assert form is not None
    form.query_one("#draft-percentage", Input).value = "40"
    await pilot.pause()
    form.flush()  # the list's label follows the draft as saved (debounced)
    await settle(pilot)
    await pilot.press("escape")  # back to the list: no blinking cursor in the picture
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_existing_variation_is_shown_read_only_with_its_code(
    snap_compare: Any, make_ui_app: Any, size: tuple[int, int]
) -> None:
    assert snap_compare(
        make_ui_app(), terminal_size=size, run_before=open_editor_on_styled_variation
    )


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_cloned_draft_shows_the_resulting_split(
    snap_compare: Any, make_ui_app: Any, size: tuple[int, int]
) -> None:
    assert snap_compare(make_ui_app(), terminal_size=size, run_before=clone_with_forty_percent)
