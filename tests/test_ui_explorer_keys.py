"""Issue 13, items 1-3 and 18: keys act on the record under the cursor (or say why not), big
deletes ask for the name, read-only still views, a 403 on a change is said once with an offer
to go read-only, and the cursor lands somewhere sensible after a delete or a create."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support.bad_server import http_response
from support.fault_proxy import FaultProxy, fault_proxy
from support.ui import notifications, profile_for, use_fast_client
from test_ui_explorer import SIZE, cursor_label, move_to, settle, tree_of, visible_labels
from test_ui_forms import open_form, type_into
from test_ui_mutations import changes, open_first_active_experience
from textual.pilot import Pilot

from convert_tui.config import profiles
from convert_tui.ui.app import ConvertApp
from convert_tui.ui.dialogs.confirm import ConfirmDialog
from convert_tui.ui.dialogs.type_name import TypeNameDialog
from convert_tui.ui.explorer.screen import MainScreen
from convert_tui.ui.variations.screen import VariationEditorScreen


async def open_first_project(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.press("j", "l")
    await settle(pilot)


# -- 1: keys act on the record under the cursor --------------------------------------------


async def test_d_on_a_group_deletes_nothing_and_says_it_acts_on_records(
    make_ui_app: Any, sandbox: Any
) -> None:
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_first_project(pilot)
        await move_to(pilot, "Hypotheses")
        for key in ("d", "d", "e", "s", "R"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, MainScreen), key  # no "Delete this project?"
        said = [n for n in notifications(app) if n.startswith("Not on this line")]
        assert len(said) == 1, said  # one line, replaced by the next press, never stacked
        assert "acts on" in said[0] and "not on a group" in said[0]
    assert changes(sandbox) == []


async def test_deleting_a_project_asks_to_type_its_name(
    make_ui_app: Any, sandbox: Any, sandbox_http: Any
) -> None:
    project = sandbox_http.ok("POST", "/projects", {})[0]
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_first_project(pilot)
        await move_to(pilot, project["name"])
        await pilot.press("d")
        dialog = app.screen
        assert isinstance(dialog, TypeNameDialog)
        await pilot.press("y", "enter")  # one key is not enough here
        await settle(pilot)
        assert app.screen is dialog and changes(sandbox) == []
        dialog.query_one("#typed").value = project["name"]  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    assert changes(sandbox) == [("DELETE", f"/api/v1/projects/delete/{project['id']}")]


async def test_an_active_experience_with_visitors_needs_its_name_a_goal_one_key(
    make_ui_app: Any, sandbox: Any
) -> None:
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_first_active_experience(pilot)  # active, with visitors in its report
        await pilot.press("d")
        assert isinstance(app.screen, TypeNameDialog)
        await pilot.press("escape", "escape")
        await settle(pilot)
        await move_to(pilot, "Goals")
        await pilot.press("l", "l", "d")
        assert isinstance(app.screen, ConfirmDialog)  # a goal keeps the one-key y
        await pilot.press("n")
    assert changes(sandbox) == []


# -- 18: where the cursor goes after a delete or a create ----------------------------------


async def test_after_a_delete_the_cursor_is_on_the_next_sibling(
    make_ui_app: Any, sandbox: Any, sandbox_http: Any
) -> None:
    project = sandbox_http.ok("POST", "/projects", {})[0]
    names = [g["goal_name"] for g in sandbox_http.ok("POST", f"/goals/{project['id']}", {})]
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_first_project(pilot)
        await move_to(pilot, "Goals")
        await pilot.press("l", "l", "j")  # the second goal
        assert cursor_label(tree_of(pilot)) == names[1]
        await pilot.press("d", "y")
        await settle(pilot)
        assert names[1] not in visible_labels(tree_of(pilot))
        assert cursor_label(tree_of(pilot)) == names[2]  # not the project
        await move_to(pilot, names[-1])
        await pilot.press("d", "y")
        await settle(pilot)
        assert cursor_label(tree_of(pilot)) == names[-2]  # the last one: the previous


async def test_after_a_create_the_cursor_is_on_the_new_record(
    make_ui_app: Any, sandbox: Any, sandbox_http: Any
) -> None:
    pid = str(sandbox_http.ok("POST", "/projects", {})[0]["id"])
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_first_project(pilot)
        await move_to(pilot, "Goals")
        form = await open_form(pilot, "goal", pid, None)
        await type_into(pilot, form, "goal_name", "Made here")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert cursor_label(tree_of(pilot)) == "Made here"


# -- 2: read-only views; refusals replace each other ---------------------------------------


async def test_read_only_v_shows_the_variations_and_refusals_do_not_stack(
    make_ui_app: Any, sandbox: Any
) -> None:
    app = make_ui_app(read_only=True)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_active_experience(pilot)
        for key in ("s", "d", "e", "s"):
            await pilot.press(key)
            await pilot.pause()
        shown = [n for n in notifications(app) if "read-only" in n]
        assert len(shown) == 1, shown
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, VariationEditorScreen)  # viewing is not changing
        assert not any("Editing variations" in n for n in notifications(app))
    assert changes(sandbox) == []


# -- 3: a 403 on a change ------------------------------------------------------------------


def refuse_deletes(proxy: FaultProxy) -> None:
    """DELETE answers 403 (a key that may read but not write); everything else is forwarded."""
    body = b'{"isError": true, "code": 403, "message": "No access to that project"}'

    def behaviour(request: bytes) -> bytes | None:
        if request.startswith(b"DELETE"):
            return http_response(403, body)
        return proxy.target(request)

    proxy.fault = behaviour


@pytest.fixture
def proxy(sandbox: Any, config_dir: Path) -> Iterator[FaultProxy]:
    with fault_proxy(sandbox.base_url) as running:
        yield running


async def test_a_403_on_a_change_says_the_key_may_not_change_data_and_offers_read_only(
    proxy: FaultProxy,
) -> None:
    profile = profile_for(proxy.base_url)
    profiles.save_profile(profile)
    app = ConvertApp(profile)
    use_fast_client(app)
    refuse_deletes(proxy)
    async with app.run_test(size=SIZE) as pilot:
        await open_first_project(pilot)
        await move_to(pilot, "Goals")
        await pilot.press("l", "l", "d", "y")
        await settle(pilot)
        [said] = [n for n in notifications(app) if "failed" in n]
        assert "may not change data" in said
        assert "no access" not in said.lower() and "retry" not in said
        offer = app.screen
        assert isinstance(offer, ConfirmDialog) and "read-only" in offer.title_text
        assert "retry" not in offer.body.plain.replace("retrying will not help", "")
        await pilot.press("y")
        await settle(pilot)
        assert app.state.read_only
        keys = {b.binding.key for b in app.screen.active_bindings.values() if b.enabled}
        assert not {"d", "e", "s", "n"} & keys
    assert profiles.get_profile("sandbox").read_only  # remembered


async def test_a_key_right_after_a_move_acts_on_the_new_line(
    make_ui_app: Any, sandbox: Any, sandbox_http: Any
) -> None:
    last = sandbox_http.ok("POST", "/projects", {})[-1]
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_first_project(pilot)  # the cursor on the first project
        # A terminal sends "Gd" faster than the highlight message is handled: no pause.
        tree_of(pilot).action_last()
        app.screen.action_delete()  # type: ignore[attr-defined]
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, TypeNameDialog)
        assert dialog.expected == last["name"]
        await pilot.press("escape")
    assert changes(sandbox) == []


async def test_a_403_on_saving_a_form_keeps_the_values_and_suggests_no_retry(
    proxy: FaultProxy,
) -> None:
    from textual.widgets import Static

    body = b'{"isError": true, "code": 403, "message": "This account is read-only"}'
    app = ConvertApp(profile_for(proxy.base_url))
    use_fast_client(app)

    def refuse_adds(request: bytes) -> bytes | None:
        if b"/add" in request.split(b"\r\n", 1)[0]:
            return http_response(403, body)
        return proxy.target(request)

    proxy.fault = refuse_adds
    async with app.run_test(size=SIZE) as pilot:
        await open_first_project(pilot)
        form = await open_form(pilot, "goal", "10001", None)
        await type_into(pilot, form, "goal_name", "Kept name")
        await pilot.press("ctrl+s")
        await settle(pilot)
        said = str(form.query_one("#form-message", Static).render())
        assert "may not change data" in said and "Your values are kept" in said
        assert "retry" not in said
        assert form.form.values()["goal_name"] == "Kept name"
