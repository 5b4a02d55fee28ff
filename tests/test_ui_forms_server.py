"""Record forms against the server: edit conflicts, the hypothesis score and status, literal
names, read-only mode, the goal picks."""

from __future__ import annotations

from typing import Any

from test_ui_explorer import SIZE, plain, settle
from test_ui_forms import (
    changes,
    edit_experience,
    first_project,
    load_project,
    open_form,
    type_into,
)
from textual.widgets import Static

from convert_tui.ui.explorer.screen import MainScreen
from convert_tui.ui.forms.conflict import ConflictDialog
from convert_tui.ui.messages import EditRecord
from convert_tui.ui.screens.form import RecordFormScreen


async def test_a_change_at_the_server_opens_the_conflict_dialog(
    make_ui_app: Any, sandbox: Any, sandbox_http: Any
) -> None:
    pid = str(first_project(sandbox_http)["id"])
    goal = sandbox_http.ok("POST", f"/goals/{pid}", {})[0]
    gid, url = str(goal["goal_id"]), f"/goals/update/{pid}/{goal['goal_id']}"
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await load_project(pilot, pid)
        form = await open_form(pilot, "goal", pid, gid)
        await type_into(pilot, form, "description", "Mine")
        sandbox_http.ok("PUT", url, {"goal_name": "Theirs", "description": "Server text"})
        # cancel: nothing sent, values kept
        await pilot.press("ctrl+s")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConflictDialog)
        labels = [label for label, _, _ in dialog.rows]
        assert labels == ["Name", "Description"]
        assert ("Description", "Mine", "Server text") in dialog.rows
        puts = len(changes(sandbox))
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is form and form.form.row("description").get() == "Mine"
        assert len(changes(sandbox)) == puts
        # take theirs: the form reloads the server's version
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert form.form.row("goal_name").get() == "Theirs"
        assert form.form.row("description").get() == "Server text"
        # overwrite with mine: my values win
        await type_into(pilot, form, "description", "Mine again")
        sandbox_http.ok("PUT", url, {"description": "Changed again"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictDialog)
        await pilot.press("o")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    stored = sandbox_http.ok("GET", f"/goals/get/{pid}/{gid}")
    assert (stored["goal_name"], stored["description"]) == ("Theirs", "Mine again")


async def test_hypothesis_score_follows_typing_and_a_status_change_uses_change_status(
    make_ui_app: Any, sandbox: Any, sandbox_http: Any
) -> None:
    pid = str(first_project(sandbox_http)["id"])
    hyp = sandbox_http.ok("POST", f"/hypotheses/{pid}", {})[0]
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await load_project(pilot, pid)
        form = await open_form(pilot, "hypothesis", pid, None)

        def score() -> str:
            return plain(form.form.row("score").query_one(".field-preview", Static))

        assert "fill the three scores" in score()
        await type_into(pilot, form, "attr_1", "8")
        await type_into(pilot, form, "attr_2", "7")
        assert "fill the three scores" in score()
        await type_into(pilot, form, "attr_3", "7")
        assert "7.3" in score() and "potential, importance, ease" in score()
        await type_into(pilot, form, "attr_3", "9")
        assert "8.0" in score()
        form.form.set_values({"score_type": "ICE"})
        await pilot.pause()
        assert "impact, confidence, ease" in score()
        assert "Impact" in plain(form.form.row("attr_1").query_one(".field-label", Static))
        await type_into(pilot, form, "attr_2", "11")
        assert "fill the three scores" in score()
        await pilot.press("escape")
        await pilot.press("down", "down", "enter")  # discard
        await settle(pilot)
        # only the status changed: the change-status operation is used
        hid = str(hyp["id"])
        form = await open_form(pilot, "hypothesis", pid, hid)
        new = "archived" if hyp["status"] != "archived" else "draft"
        form.form.set_values({"status": new})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    assert changes(sandbox) == [("PUT", f"/api/v1/hypotheses/change_status/{pid}/{hid}")]
    assert sandbox_http.ok("GET", f"/hypotheses/get/{pid}/{hid}")["status"] == new


async def test_names_from_the_api_are_shown_literally(
    make_ui_app: Any, sandbox: Any, sandbox_http: Any
) -> None:
    pid = str(first_project(sandbox_http)["id"])
    rule = {"OR": [{"AND": [{"OR_WHEN": [
        {"rule_type": "url", "matching": {"match_type": "contains"}, "value": "[red]x[/red]"}
    ]}]}]}  # fmt: skip
    goal = sandbox_http.ok(
        "POST", f"/goals/add/{pid}", {"goal_name": "[bold]Buy[/bold]", "triggering_rule": rule}
    )
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await load_project(pilot, pid)
        form = await open_form(pilot, "goal", pid, str(goal["goal_id"]))
        assert "[bold]Buy[/bold]" in plain(form.query_one("#form-title", Static))
        preview = form.form.row("triggering_rule").query_one(".field-preview", Static)
        assert '"[red]x[/red]"' in plain(preview)


async def test_read_only_never_opens_a_form(make_ui_app: Any, sandbox: Any) -> None:
    app = make_ui_app(read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pid = str(app.state.projects[0].id)
        app.post_message(EditRecord("project", pid, pid))
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        app.push_screen(RecordFormScreen("project", pid, pid))  # even when pushed directly
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    assert changes(sandbox) == []


async def test_goal_picks_show_which_are_chosen_without_colour(
    make_ui_app: Any, sandbox: Any, sandbox_http: Any
) -> None:
    # Over ssh with NO_COLOR, a colour-only mark would hide which goals are linked.
    pid = str(first_project(sandbox_http)["id"])
    exp = sandbox_http.ok("POST", f"/experiences/{pid}", {})[0]
    linked = {str(g["goal_id"]) for g in exp.get("goals") or []}
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        form = await edit_experience(pilot, pid, exp)
        picks = form.form.row("goals").control

        def marks() -> dict[str, str]:  # goal id -> the mark drawn in its line's box
            visible = range(min(picks.option_count, picks.size.height))
            return {
                str(picks.get_option_at_index(y).value): picks.render_line(y).text[1]
                for y in visible
            }

        before = marks()
        assert before, "no goal shown"
        assert {value for value, mark in before.items() if mark == "✓"} == linked & set(before)
        assert set(before.values()) <= {"✓", " "}
        picks.focus()
        picks.highlighted = 0
        await pilot.press("space")
        await pilot.pause()
        first = str(picks.get_option_at_index(0).value)
        assert marks()[first] == (" " if before[first] == "✓" else "✓")
