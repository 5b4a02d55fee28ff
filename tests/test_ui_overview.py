"""The overview (Pilot, 80x24): the answer on the first screen with zero keys; sections, sort,
filter, Enter / R / s from a row, the column setting, 1 / 2, and the cached first frame.

Expected rows come from the conftest's own signer (`sandbox_http`), not the client under test.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from support.credentials import use_sandbox
from support.ui import notifications
from test_ui_explorer import settle
from textual.pilot import Pilot
from textual.widgets import Static

from convert_tui.config.settings import load_settings
from convert_tui.ui.dialogs.choice import ChoiceDialog
from convert_tui.ui.explorer.screen import MainScreen
from convert_tui.ui.overview.columns import ColumnsDialog
from convert_tui.ui.overview.screen import OverviewScreen
from convert_tui.ui.overview.table import RowTable
from convert_tui.ui.screens.experience import ExperienceScreen

SIZE = (80, 24)


def running_ids(http: Any) -> set[str]:
    ids = set()
    for project in http.ok("POST", "/projects", {"page": 1, "results_per_page": 100}):
        listed = http.ok("POST", f"/experiences/{project['id']}", {"results_per_page": 100})
        ids |= {str(e["id"]) for e in listed if e["experience_status"] == "active"}
    return ids


def table(pilot: Pilot[Any]) -> RowTable:
    return pilot.app.screen.query_one("#ov-table", RowTable)


def shown(pilot: Pilot[Any]) -> list[list[str]]:
    grid = table(pilot)
    return [grid.row_text(i) for i in range(grid.row_count)]


def shown_ids(pilot: Pilot[Any]) -> list[str]:
    screen = pilot.app.screen
    assert isinstance(screen, OverviewScreen)
    return [row.experience_id for row in screen.shown]


def static_text(pilot: Pilot[Any], selector: str) -> str:
    return str(pilot.app.screen.query_one(selector, Static).render())


async def test_first_start_shows_every_running_experience_and_its_verdict(
    make_ui_app: Any, sandbox_http: Any
) -> None:
    app = make_ui_app(landing="overview")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)  # no keys pressed
        assert isinstance(app.screen, OverviewScreen)
        assert set(shown_ids(pilot)) == running_ids(sandbox_http)
        rows = shown(pilot)
        verdicts = " ".join(row[3] for row in rows)
        assert "winner" in verdicts and "loser" in verdicts and "not yet" in verdicts
        assert all("/" in row[0] for row in rows)  # project/experience ids
        assert "Running 16" in static_text(pilot, "#sections")
        # The cursor row's full name and verdict under the table.
        first = app.screen.shown[0]
        detail = static_text(pilot, "#ov-detail")
        assert first.experience_name in detail and "Winner:" in detail


async def test_the_overview_it_opens_on_has_its_own_styles(make_ui_app: Any) -> None:
    """Textual reads a screen's stylesheet when the screen is pushed, not for the one the app
    opens on: the overview's rules went missing on every start that landed on it (a filter
    field three lines tall with a border, no rule between the table and the detail)."""
    for landing in ("overview", "tree"):
        app = make_ui_app(landing=landing)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            if landing == "tree":
                await pilot.press("1")  # (pushed: read then, as before)
                await settle(pilot)
            assert isinstance(app.screen, OverviewScreen)
            assert app.screen.query_one("#ov-detail").styles.border_top[0] == "hkey"
            await pilot.press("slash")
            await settle(pilot)
            assert app.screen.query_one("#ov-filter").outer_size.height == 1


async def test_the_tree_has_its_own_styles_whichever_screen_it_opens_on(make_ui_app: Any) -> None:
    for landing in ("tree", "overview"):
        app = make_ui_app(landing=landing)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            if landing == "overview":
                await pilot.press("2")
                await settle(pilot)
            assert isinstance(app.screen, MainScreen)
            assert app.screen.query_one("#left").styles.border_right[0] == "vkey"


async def test_the_cli_opens_on_the_overview_first_then_where_one_left(
    sandbox: Any, config_dir: Path, monkeypatch: Any
) -> None:
    from convert_tui.commands.tui import build_app

    use_sandbox(sandbox, monkeypatch)
    args = argparse.Namespace(no_cache=True)
    app = build_app(args)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    assert load_settings().landing == "tree"
    app = build_app(args)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        await pilot.press("1")
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
    assert load_settings().landing == "overview"


async def test_sections_sort_and_filter(make_ui_app: Any) -> None:
    app = make_ui_app(landing="overview")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, OverviewScreen)
        assert not screen.query("#ov-filter")  # (built on the first `/`)
        await pilot.press("tab")  # Needs attention: running rows with an alert
        assert screen.section == "attention"
        assert screen.shown and all(r.running and r.alerts for r in screen.shown)
        await pilot.press("tab")
        assert {r.status for r in screen.shown} <= {"paused", "scheduled"}
        await pilot.press("shift+tab", "shift+tab")
        assert screen.section == "running"
        # Sort by visitors, largest first.
        await pilot.press("o")
        assert isinstance(app.screen, ChoiceDialog)
        for _ in range(2):  # Project/exp, Experience, Visitors
            await pilot.press("j")
        await pilot.press("enter", "O")
        await settle(pilot)
        visitors = [r.visitors or 0 for r in screen.shown]
        assert visitors == sorted(visitors, reverse=True)
        assert "Visitors ▼" in static_text(pilot, "#ov-header")
        # Filter by an id as you type.
        target = screen.shown[3]
        await pilot.press("slash")
        await pilot.pause()
        await pilot.press(*target.experience_id)
        await pilot.press("enter")
        assert shown_ids(pilot) == [target.experience_id]
        assert "filter:" in static_text(pilot, "#sections")
    # Remembered: section, sort and filter come back.
    settings = load_settings()
    assert settings.sort["overview"].column == "visitors" and settings.sort["overview"].descending
    assert settings.filters["overview"]["text"] == target.experience_id
    app = make_ui_app(landing="overview")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert shown_ids(pilot) == [target.experience_id]
        field = app.screen.query_one("#ov-filter")
        assert field.display and getattr(field, "value", None) == target.experience_id
        await pilot.press("escape")  # clears the filter
        assert len(shown_ids(pilot)) > 1
        assert not field.display


async def test_enter_opens_the_experience_and_r_its_report(make_ui_app: Any) -> None:
    from convert_tui.ui.report.screen import ReportScreen

    app = make_ui_app(landing="overview")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        row = app.screen.shown[0]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ExperienceScreen)
        assert app.screen.experience_id == row.experience_id
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
        await pilot.press("R")
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen)


async def test_pausing_a_loser_from_its_row(make_ui_app: Any, sandbox_http: Any) -> None:
    app = make_ui_app(landing="overview")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, OverviewScreen)
        index = next(i for i, r in enumerate(screen.shown) if r.verdict == "loser")
        loser = screen.shown[index]
        table(pilot).move_cursor(index)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("enter")  # Start is current: Pause is the first choice
        await settle(pilot)
        await pilot.press("y")  # confirm
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
        assert loser.experience_id not in shown_ids(pilot)  # it left Running
    stored = sandbox_http.ok("GET", f"/experiences/get/{loser.project_id}/{loser.experience_id}")
    assert stored["experience_status"] == "paused"


async def test_the_columns_are_a_setting(make_ui_app: Any) -> None:
    app = make_ui_app(landing="overview")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "alerts" in table(pilot).columns
        await pilot.press("c")
        assert isinstance(app.screen, ColumnsDialog)
        dialog = app.screen
        from textual.widgets import SelectionList

        choices = dialog.query_one(SelectionList)
        choices.deselect("alerts")
        choices.select("days")
        await pilot.press("enter")
        await settle(pilot)
        columns = list(table(pilot).columns)
        assert "alerts" not in columns and "days" in columns
    assert "alerts" not in load_settings().filters["overview"]["columns"]


async def test_the_first_frame_shows_the_cached_overview(make_ui_app: Any) -> None:
    app = make_ui_app(landing="overview")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = shown_ids(pilot)
        await pilot.pause(0.5)  # the cache is written in a thread
        await app.workers.wait_for_complete()
    app = make_ui_app(landing="overview")
    async with app.run_test(size=SIZE) as pilot:
        # Before any request is answered: the rows of last time, marked as cached.
        assert shown_ids(pilot) == before
        assert "cached at" in static_text(pilot, "#sections")
        await settle(pilot)
        assert "cached at" not in static_text(pilot, "#sections")
        assert shown_ids(pilot) == before


async def test_the_cached_rows_are_in_the_overviews_very_first_frame(
    sandbox: Any, config_dir: Path, monkeypatch: Any
) -> None:
    """As convert-tui starts (the profile found after the first frame): the rows of last time
    are drawn by the screen's own mount, not a frame later after an empty table."""
    from convert_tui.commands.tui import build_app

    use_sandbox(sandbox, monkeypatch)
    args = argparse.Namespace(no_cache=False)
    app = build_app(args, deferred=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = shown_ids(pilot)
        await pilot.pause(0.5)  # the cache is written in a thread
        await app.workers.wait_for_complete()
    assert before
    drawn_at_mount: list[list[str]] = []
    mount = OverviewScreen.on_mount

    def recording_mount(screen: OverviewScreen) -> None:
        mount(screen)
        drawn_at_mount.append([row.experience_id for row in screen.shown])

    monkeypatch.setattr(OverviewScreen, "on_mount", recording_mount)
    app = build_app(args, deferred=True)
    async with app.run_test(size=SIZE) as pilot:
        assert drawn_at_mount == [before]
        assert "cached at" in static_text(pilot, "#sections")
        await settle(pilot)


async def test_a_refresh_marks_changed_rows_and_announces_a_new_alert_once(
    make_ui_app: Any, sandbox_http: Any
) -> None:
    app = make_ui_app(landing="overview")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, OverviewScreen)
        row = next(r for r in screen.shown if "overdue" not in r.alerts and r.has_report)
        # Elsewhere, its maximum running time is set below what it has run: overdue now.
        path = f"/experiences/update/{row.project_id}/{row.experience_id}"
        sandbox_http.ok("PUT", path, {"maxrun": 1})
        await pilot.press("r")
        await settle(pilot)
        assert row.key in app.state.overview_changed
        name = row.experience_name or row.experience_id
        said = [n for n in notifications(app) if f"{name}: overdue appeared" in n]
        assert len(said) == 1
        index = shown_ids(pilot).index(row.experience_id)
        assert table(pilot).row_text(index)[0].startswith("✱")  # marked, without colour
        await pilot.press("r")  # nothing changed since: no mark, no second announcement
        await settle(pilot)
        assert row.key not in app.state.overview_changed
        assert len([n for n in notifications(app) if "overdue appeared" in n]) == 1
