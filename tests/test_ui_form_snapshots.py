"""Screenshots of a record form (tests/__snapshots__/test_ui_form_snapshots/).

The goal form shows every kind of control: inputs, a select, text areas, and a rule's JSON with
its readable preview. Focus sits on a select, so no blinking cursor makes the picture flaky.
Update after a deliberate change with `pytest tests/test_ui_form_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from typing import Any

import pytest
from test_ui_explorer import settle
from textual.pilot import Pilot

from convert_tui.state import ProfileInfo
from convert_tui.ui.messages import EditRecord
from convert_tui.ui.screens.form import RecordFormScreen

SIZES = [(80, 24), (120, 40)]


async def open_goal_form(pilot: Pilot[Any]) -> None:
    app: Any = pilot.app
    await settle(pilot)
    pid = str(app.state.projects[0].id)
    app.state.load_project_children(pid)
    await settle(pilot)
    goal = app.state.project_children[pid].goals[0]
    app.post_message(EditRecord("goal", pid, str(goal.goal_id)))
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, RecordFormScreen)
    screen.form.row("goal_type").control.focus()
    # The sandbox listens on a random port; show a fixed one.
    app.state.profile = ProfileInfo("sandbox", "http://127.0.0.1:8787/api/v1", False)
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_goal_form_with_rule_preview(
    snap_compare: Any, make_ui_app: Any, size: tuple[int, int]
) -> None:
    assert snap_compare(make_ui_app(), terminal_size=size, run_before=open_goal_form)
