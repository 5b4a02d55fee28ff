"""Changing data from the explorer: always confirmed, never possible in read-only mode."""

from __future__ import annotations

from typing import Any

import pytest
from test_ui_explorer import (
    SIZE,
    cursor_label,
    move_to,
    plain,
    settle,
    tree_of,
    visible_labels,
)
from textual.pilot import Pilot
from textual.screen import Screen

from convert_tui.ui.app import EXTENSION_SCREENS
from convert_tui.ui.dialogs.choice import ChoiceDialog
from convert_tui.ui.dialogs.confirm import ConfirmDialog
from convert_tui.ui.explorer.screen import MainScreen
from convert_tui.ui.screens.experience import ExperienceScreen
from convert_tui.ui.widgets.header import StatusHeader


def changes(sandbox: Any) -> list[tuple[str, str]]:
    """Requests that change data (everything but reads and list queries)."""
    return [
        (method, path)
        for method, path in sandbox.requests
        if method in ("PUT", "DELETE") or (method == "POST" and "/add" in path)
    ]


async def open_first_active_experience(pilot: Pilot[Any]) -> str:
    await settle(pilot)
    await pilot.press("j", "l")
    await settle(pilot)
    await move_to(pilot, "Experiences")
    await pilot.press("l", "l", "l", "l")
    name = cursor_label(tree_of(pilot))
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ExperienceScreen)
    return name


async def test_s_then_pause_then_y_pauses_the_experience_at_the_sandbox(
    make_ui_app: Any, sandbox: Any, sandbox_http: Any
) -> None:
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_first_active_experience(pilot)
        screen = app.screen
        assert isinstance(screen, ExperienceScreen)
        pid, eid = screen.project_id, screen.experience_id
        await pilot.press("s")
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("enter")  # the first choice that is not the current status: Pause
        assert isinstance(app.screen, ConfirmDialog)
        assert "Pause this experience?" in app.screen.title_text
        await pilot.press("y")
        await settle(pilot)
        assert app.screen is screen
        assert "paused" in plain(screen.query_one("#exp-title"))  # type: ignore[arg-type]
    stored = sandbox_http.ok("GET", f"/experiences/get/{pid}/{eid}")
    assert stored["experience_status"] == "paused"
    assert changes(sandbox) == [("PUT", f"/api/v1/experiences/update/{pid}/{eid}")]


async def test_answering_no_to_the_confirmation_changes_nothing(
    make_ui_app: Any, sandbox: Any
) -> None:
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_first_active_experience(pilot)
        await pilot.press("s", "enter", "n")
        await settle(pilot)
        assert isinstance(app.screen, ExperienceScreen)
        await pilot.press("d", "escape")
        await settle(pilot)
    assert changes(sandbox) == []


async def test_d_names_the_goal_and_deletes_it_after_y(
    make_ui_app: Any, sandbox: Any, sandbox_http: Any
) -> None:
    project = sandbox_http.ok("POST", "/projects", {})[0]
    goals = sandbox_http.ok("POST", f"/goals/{project['id']}", {})
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "l")
        await settle(pilot)
        await move_to(pilot, "Goals")
        await pilot.press("l", "l")
        victim = cursor_label(tree_of(pilot))
        await pilot.press("d")
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert victim in dialog.body.plain and project["name"] in dialog.body.plain
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        labels = visible_labels(tree_of(pilot))
        assert f"Goals {len(goals) - 1}" in labels and victim not in labels
    remaining = sandbox_http.ok("POST", f"/goals/{project['id']}", {})
    assert len(remaining) == len(goals) - 1
    assert victim not in [g["goal_name"] for g in remaining]


async def test_deleting_from_experience_detail_returns_to_the_tree_without_it(
    make_ui_app: Any, sandbox: Any
) -> None:
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        name = await open_first_active_experience(pilot)
        await pilot.press("d")  # active with visitors: its name is typed to confirm
        app.screen.query_one("#typed").value = name  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert name not in visible_labels(tree_of(pilot))
    assert [m for m, _ in changes(sandbox)] == ["DELETE"]


async def test_read_only_shows_badge_hides_change_keys_and_sends_no_change(
    make_ui_app: Any, sandbox: Any
) -> None:
    app = make_ui_app(read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.query_one(StatusHeader).query_one("#read-only").display
        await pilot.press("j")
        footer_keys = {b.binding.key for b in app.screen.active_bindings.values() if b.enabled}
        assert not {"s", "d", "e", "n"} & footer_keys
        await pilot.press("d", "e", "n")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert any("read-only" in str(n.message) for n in app._notifications)
        await open_first_active_experience(pilot)
        app.clear_notifications()
        await pilot.press("s", "d")
        await pilot.pause()
        assert isinstance(app.screen, ExperienceScreen)
        assert sum("read-only" in str(n.message) for n in app._notifications) == 1
        # Even a direct call (a palette command, a future form) is refused by the state.
        assert app.state.delete("project", "1", "1") is None
    assert changes(sandbox) == []


async def test_a_failed_refresh_notifies_and_keeps_what_was_loaded(
    make_ui_app: Any, sandbox: Any
) -> None:
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = visible_labels(tree_of(pilot))
        sandbox.stop()
        await pilot.press("r")
        await settle(pilot)
        assert visible_labels(tree_of(pilot)) == before
        messages = [(n.title, str(n.message)) for n in app._notifications]
        assert any(title == "Loading projects failed" for title, _ in messages)
        assert any("press r to retry" in message for _, message in messages)
        assert "projects" in app.state.stale


class FakeForm(Screen[None]):
    """Stands in for the record form other screens will provide."""

    def __init__(self, kind: str, project_id: str | None, record_id: str | None) -> None:
        super().__init__()
        self.args = (kind, project_id, record_id)


async def test_e_and_n_open_the_registered_form_with_what_is_selected(
    make_ui_app: Any, sandbox_http: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(EXTENSION_SCREENS, "edit", "test_ui_mutations:FakeForm")
    project = sandbox_http.ok("POST", "/projects", {})[0]
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "e")
        await pilot.pause()
        assert isinstance(app.screen, FakeForm)
        assert app.screen.args == ("project", str(project["id"]), str(project["id"]))
        app.pop_screen()
        await pilot.press("l")
        await settle(pilot)
        await move_to(pilot, "Goals")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, FakeForm)
        assert app.screen.args == ("goal", str(project["id"]), None)


async def test_report_key_without_a_report_screen_says_it_is_missing(
    make_ui_app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # (a build without the report view; the real one may exist by now)
    monkeypatch.setitem(EXTENSION_SCREENS, "report", "convert_tui.ui.screens._absent:ReportScreen")
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_first_active_experience(pilot)
        await pilot.press("R")
        await pilot.pause()
        assert isinstance(app.screen, ExperienceScreen)
        assert any("report view is not part" in str(n.message) for n in app._notifications)
