"""Issue 13, item 11: `[` goes back and `]` forward across records and screens."""

from __future__ import annotations

from typing import Any

from test_ui_explorer import SIZE, cursor_label, settle, tree_of
from test_ui_mutations import open_first_active_experience

from convert_tui.state import SearchItem
from convert_tui.ui.explorer.screen import MainScreen
from convert_tui.ui.report.screen import ReportScreen
from convert_tui.ui.screens.experience import ExperienceScreen


async def test_brackets_go_back_and_forth_across_screens_and_jumps(
    make_ui_app: Any, sandbox_http: Any
) -> None:
    project = sandbox_http.ok("POST", "/projects", {})[-1]
    goal = sandbox_http.ok("POST", f"/goals/{project['id']}", {})[0]
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        name = await open_first_active_experience(pilot)  # tree -> experience
        await pilot.press("R")  # -> report
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert isinstance(app.screen, ExperienceScreen)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert cursor_label(tree_of(pilot)) == name  # where we left the tree
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert isinstance(app.screen, ReportScreen)
        await pilot.press("escape")  # Esc still goes up the same way
        await settle(pilot)
        assert isinstance(app.screen, ExperienceScreen)
        # A jump (the palette) is a place too; back returns to the record before it.
        item = SearchItem("goal", str(project["id"]), str(goal["goal_id"]), goal["goal_name"])
        app.state.load_all_children()  # (as the palette does when it opens)
        await settle(pilot)
        app.jump_to(item)
        await settle(pilot)
        assert cursor_label(tree_of(pilot)) == goal["goal_name"]
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert isinstance(app.screen, ExperienceScreen)  # where the jump was made from
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert cursor_label(tree_of(pilot)) == goal["goal_name"]
        await pilot.press("right_square_bracket")  # nothing further: says so, stays
        assert any("Nothing further forward" in str(n.message) for n in app._notifications)
