"""Driving the explorer with the keyboard against the sandbox over real HTTP."""

from __future__ import annotations

import io
from collections import Counter
from typing import Any

from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import Static, TabbedContent

from convert_tui.ui.explorer.screen import MainScreen
from convert_tui.ui.explorer.tree import ExplorerTree
from convert_tui.ui.screens.experience import ExperienceScreen
from convert_tui.ui.screens.help import HelpScreen
from convert_tui.ui.widgets.header import RefreshLabel

SIZE = (80, 24)


async def settle(pilot: Pilot[Any]) -> None:
    """Let messages run and every worker finish (twice: loads can start more loads)."""
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def tree_of(pilot: Pilot[Any]) -> ExplorerTree:
    return pilot.app.screen.query_one(ExplorerTree)


def visible_labels(tree: ExplorerTree) -> list[str]:
    return [tree.get_node_at_line(i).label.plain for i in range(tree.last_line + 1)]  # type: ignore[union-attr]


def cursor_label(tree: ExplorerTree) -> str:
    assert tree.cursor_node is not None
    return tree.cursor_node.label.plain


async def move_to(pilot: Pilot[Any], label: str) -> None:
    """Press j until the cursor is on the line whose label starts with `label`."""
    tree = tree_of(pilot)
    for _ in range(tree.last_line + 2):
        if cursor_label(tree).startswith(label):
            return
        await pilot.press("j")
    raise AssertionError(f"{label!r} not in {visible_labels(tree)}")


async def palette_pick(pilot: Pilot[Any], text: str) -> None:
    """Open the command palette, type `text` and take the first hit."""
    await pilot.press("ctrl+p")
    await settle(pilot)
    await pilot.press(*text)
    await pilot.pause(0.5)
    await pilot.press("enter")
    await settle(pilot)


def plain(widget: Static) -> str:
    """What a Static shows, as plain text (its renderable printed without styles)."""
    console = Console(width=200, no_color=True, file=io.StringIO())
    console.print(widget.content)
    return console.file.getvalue()  # type: ignore[attr-defined]


def detail_text(pilot: Pilot[Any]) -> str:
    return plain(pilot.app.screen.query_one("#detail-body", Static))


async def test_expanding_a_project_shows_experiences_grouped_by_status_with_counts(
    make_ui_app: Any, sandbox_http: Any
) -> None:
    project = sandbox_http.ok("POST", "/projects", {})[0]
    experiences = sandbox_http.ok(
        "POST", f"/experiences/{project['id']}", {"results_per_page": 100}
    )
    by_status = Counter(e["experience_status"] for e in experiences)

    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        tree = tree_of(pilot)
        assert project["name"] in visible_labels(tree)[1]
        await move_to(pilot, project["name"])
        await pilot.press("l")
        await settle(pilot)
        labels = visible_labels(tree)
        assert f"Experiences {len(experiences)}" in labels
        await move_to(pilot, "Experiences")
        await pilot.press("l")
        labels = visible_labels(tree)
        for status, count in by_status.items():
            assert f"{status.capitalize()} {count}" in labels
        # h collapses again, and a second h goes to the parent
        await pilot.press("h")
        assert f"Active {by_status['active']}" not in visible_labels(tree)
        await pilot.press("h")
        assert cursor_label(tree) == project["name"]


async def test_enter_opens_experience_detail_with_tabs_and_escape_goes_back(
    make_ui_app: Any,
) -> None:
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "l")
        await settle(pilot)
        await move_to(pilot, "Experiences")
        await pilot.press("l", "l")  # expand, then step into "Active"
        await pilot.press("l", "l")  # expand "Active", step onto its first experience
        name = cursor_label(tree_of(pilot))
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ExperienceScreen)
        title = screen.query_one("#exp-title", Static)
        assert name in plain(title)
        await pilot.press("2")
        assert screen.query_one(TabbedContent).active == "variations"
        assert "baseline" in plain(screen.query_one("#variations-body", Static))
        await pilot.press("6")
        assert "Confidence" in plain(screen.query_one("#settings-body", Static))
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert cursor_label(tree_of(pilot)) == name


async def test_slash_filters_the_tree_as_you_type_and_escape_restores_it(
    make_ui_app: Any, sandbox_http: Any
) -> None:
    project = sandbox_http.ok("POST", "/projects", {})[0]
    goals = sandbox_http.ok("POST", f"/goals/{project['id']}", {})
    target = goals[-1]["goal_name"]
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = visible_labels(tree_of(pilot))
        await pilot.press("slash")
        await pilot.press(*target.lower().replace(" ", ""))  # fuzzy: spaces not needed
        await settle(pilot)
        labels = visible_labels(tree_of(pilot))
        assert target in labels
        assert all(label.startswith(("Account", target)) or label[0].isupper() for label in labels)
        assert len(labels) < 12
        await pilot.press("escape")
        await settle(pilot)
        assert visible_labels(tree_of(pilot)) == before


async def test_a_filter_confirmed_with_enter_is_back_after_a_restart_until_cleared(
    make_ui_app: Any, sandbox_http: Any
) -> None:
    project = sandbox_http.ok("POST", "/projects", {})[0]
    target = sandbox_http.ok("POST", f"/goals/{project['id']}", {})[-1]["goal_name"]
    typed = target.lower().replace(" ", "")
    async with make_ui_app().run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *typed, "enter")
        await settle(pilot)
        filtered = visible_labels(tree_of(pilot))

    async with make_ui_app().run_test(size=SIZE) as pilot:
        await settle(pilot)
        await settle(pilot)
        assert pilot.app.screen.query_one("#filter").value == typed
        assert visible_labels(tree_of(pilot)) == filtered
        await pilot.press("escape")  # clears it, for this run and the next
        await settle(pilot)

    async with make_ui_app().run_test(size=SIZE) as pilot:
        await settle(pilot)
        # No filter box is shown (it is built on the first `/`).
        assert not [box for box in pilot.app.screen.query("#filter") if box.display]
        # Unfiltered (Enter had put the cursor on the match, so its path stays open).
        assert len(visible_labels(tree_of(pilot))) > len(filtered)


async def test_command_palette_jumps_to_a_goal_in_another_project(
    make_ui_app: Any, sandbox_http: Any
) -> None:
    project = sandbox_http.ok("POST", "/projects", {})[-1]
    goal = sandbox_http.ok("POST", f"/goals/{project['id']}", {})[0]
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await palette_pick(pilot, goal["goal_name"])
        assert isinstance(app.screen, MainScreen)
        assert cursor_label(tree_of(pilot)) == goal["goal_name"]
        assert app.state.selection is not None
        assert app.state.selection.record_id == str(goal["goal_id"])
        assert "Triggering rule" in detail_text(pilot)


async def test_names_with_rich_markup_and_descriptions_with_escape_codes_show_literally(
    make_ui_app: Any, sandbox_http: Any
) -> None:
    project = sandbox_http.ok("POST", "/projects/add", {"name": "Shop [bold]x[/bold]"})
    goal = {
        "goal_name": "[red]Goal[/red]",
        "goal_type": "visits_page",
        "description": "before \x1b[2J\x1b[31mafter",
    }
    sandbox_http.ok("POST", f"/goals/add/{project['id']}", goal)
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Shop [bold]x[/bold]" in visible_labels(tree_of(pilot))
        await move_to(pilot, "Shop [bold]")
        await pilot.pause()
        assert "PROJECT Shop [bold]x[/bold]" in detail_text(pilot)
        await pilot.press("l")
        await settle(pilot)
        await move_to(pilot, "Goals")
        await pilot.press("l", "l")
        assert cursor_label(tree_of(pilot)) == "[red]Goal[/red]"
        await pilot.pause()
        shown = detail_text(pilot)
        assert "GOAL [red]Goal[/red]" in shown
        assert "before ␛[2J␛[31mafter" in shown and "\x1b" not in shown


async def test_question_mark_lists_the_keys_of_the_current_screen(make_ui_app: Any) -> None:
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j")  # a project: delete and edit become available
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        listed = {what: keys for keys, what, _, _ in app.screen.bindings}
        assert listed["Delete the selected record (asks first)"] == "d"
        # ... with the id that config.toml's [keymap] rebinds it by
        assert ("d", "Delete the selected record (asks first)", "explorer.delete", True) in (
            app.screen.bindings
        )
        assert "Filter the tree as you type" in listed
        assert "Reload everything loaded so far" in listed
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_y_copies_the_selected_id_and_capital_y_its_json(
    make_ui_app: Any, sandbox_http: Any
) -> None:
    project = sandbox_http.ok("POST", "/projects", {})[0]
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "y")
        assert app.clipboard == str(project["id"])
        await pilot.press("Y")
        assert f'"name": "{project["name"]}"' in app.clipboard


async def test_q_quits_with_exit_code_zero(make_ui_app: Any) -> None:
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_a_turns_auto_refresh_on_and_the_tree_reloads_by_itself(
    make_ui_app: Any, sandbox: Any
) -> None:
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.state.refresh_interval = 0.2
        lists_before = sandbox.requests.count(("POST", "/api/v1/projects"))
        await pilot.press("a")
        await pilot.pause(0.7)
        await settle(pilot)
        assert "auto on" in str(app.screen.query_one(RefreshLabel).render())
        assert sandbox.requests.count(("POST", "/api/v1/projects")) >= lists_before + 2
        await pilot.press("a")
        await settle(pilot)
        assert "auto off" in str(app.screen.query_one(RefreshLabel).render())


async def test_enter_on_a_goal_lets_its_detail_scroll_and_h_gives_the_keys_back_to_the_tree(
    make_ui_app: Any,
) -> None:
    from convert_tui.ui.explorer.detail import DetailPane

    async with make_ui_app().run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "l")
        await settle(pilot)
        await move_to(pilot, "Goals")
        await pilot.press("l", "j")  # expand the goals, cursor on the first goal
        await settle(pilot)
        goal = cursor_label(tree_of(pilot))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.focused, DetailPane)
        shown = [active.binding.description for active in pilot.app.active_bindings.values()]
        assert "Back to tree" in shown  # the footer says how to get back
        await pilot.press("h")
        await pilot.pause()
        assert pilot.app.focused is tree_of(pilot)
        await pilot.press("j")
        assert cursor_label(tree_of(pilot)) != goal


async def test_a_status_group_lists_its_experiences_in_the_detail_pane(
    make_ui_app: Any, sandbox_http: Any
) -> None:
    project = sandbox_http.ok("POST", "/projects", {})[0]
    active = sandbox_http.ok(
        "POST", f"/experiences/{project['id']}", {"experience_status": ["active"]}
    )
    async with make_ui_app().run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j", "l")
        await settle(pilot)
        await move_to(pilot, "Experiences")
        await pilot.press("l", "j")  # the first status group: Active
        await settle(pilot)
        assert cursor_label(tree_of(pilot)).startswith("Active")
        shown = plain(pilot.app.screen.query_one("#detail-body", Static))
        assert f"EXPERIENCES · active ({len(active)})" in shown
        for experience in active:
            assert experience["name"][:30] in shown
        assert "Winner:" not in shown and "rested on its experience" in shown  # (none loaded)


async def test_after_the_overview_a_status_group_shows_each_experiences_verdict_at_once(
    make_ui_app: Any, sandbox_http: Any
) -> None:
    # The overview has analysed every running experience: the tree's group summary said only
    # "A result shows here once the cursor has rested on its experience", one by one.
    project = sandbox_http.ok("POST", "/projects", {})[0]
    async with make_ui_app(landing="overview").run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app = pilot.app
        assert app.state.overview_loaded
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("j", "l")
        await settle(pilot)
        await move_to(pilot, "Experiences")
        await pilot.press("l", "j")  # Active
        await settle(pilot)
        shown = plain(app.screen.query_one("#detail-body", Static))
        rows = [r for key, r in app.state.overview_rows.items() if key[0] == str(project["id"])]
        running = [r for r in rows if r.status == "active" and r.has_report]
        assert running and "rested on its experience" not in shown
        for row in running:
            assert (row.verdict_long or row.verdict_short).splitlines()[0][:30] in shown
        assert "Winner:" in shown


async def test_the_palette_opens_the_overview_and_the_tree(make_ui_app: Any) -> None:
    # The overview issue: `1` and `2` switch the two main screens "and the palette has both".
    from convert_tui.ui.overview.screen import OverviewScreen

    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        for name, screen in (("Overview", OverviewScreen), ("Project tree", MainScreen)):
            await palette_pick(pilot, name)
            assert isinstance(app.screen, screen), (name, app.screen)
