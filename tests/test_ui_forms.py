"""Create/edit forms against the sandbox over real HTTP: saving, errors, drafts, conflicts."""

from __future__ import annotations

import json
from typing import Any

import pytest
from test_ui_explorer import SIZE, move_to, settle
from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea

from convert_tui.config.drafts import DraftStore
from convert_tui.state import CHILD_FIELD, SearchItem, record_id, record_name
from convert_tui.ui.dialogs.confirm import ConfirmDialog
from convert_tui.ui.dialogs.type_name import TypeNameDialog
from convert_tui.ui.explorer.screen import MainScreen
from convert_tui.ui.forms.drafts import DRAFT_KIND
from convert_tui.ui.messages import EditRecord
from convert_tui.ui.screens.form import RecordFormScreen

GET = {
    "project": "/projects/get/{p}",
    "experience": "/experiences/get/{p}/{r}",
    "goal": "/goals/get/{p}/{r}",
    "audience": "/audiences/get/{p}/{r}",
    "hypothesis": "/hypotheses/get/{p}/{r}",
}
RULE_JSON = (
    '{"OR": [{"AND": [{"OR_WHEN": [{"rule_type": "url", '
    '"matching": {"match_type": "contains", "negated": false}, "value": "/thanks"}]}]}]}'
)
RULE = json.loads(RULE_JSON)
# What each kind's edit changes besides the name (form values), and what the server then holds.
EDITS: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    "project": (
        {"websites": "https://a.example\nhttps://b.example", "include_jquery": True},
        {"websites": ["https://a.example", "https://b.example"], "include_jquery": 1},
    ),
    "experience": (
        {"confidence": "90", "keep_winner": True, "site_include": RULE_JSON},
        {
            "confidence": 90,
            "keep_winner": True,
            "site_area": {"include": RULE, "exclude": {"OR": []}},
        },
    ),
    "goal": ({"triggering_rule": RULE_JSON}, {"triggering_rule": RULE}),
    "audience": (
        {"firing_rule": RULE_JSON, "audience_type": "segmentation"},
        {"firing_rule": RULE, "audience_type": "segmentation"},
    ),
    "hypothesis": (
        {"attr_1": "8", "attr_2": "6", "attr_3": "7"},
        {
            "prioritization_score": "7.0",
            "prioritization_score_attributes": {"potential": 8, "importance": 6, "ease": 7},
        },
    ),
}
NAME = {"project": "name", "experience": "name", "goal": "goal_name",
        "audience": "audience_name", "hypothesis": "name"}  # fmt: skip


def changes(sandbox: Any) -> list[tuple[str, str]]:
    return [
        (m, p) for m, p in sandbox.requests if m in ("PUT", "DELETE") or "/add" in p
    ]  # fmt: skip


async def open_form(pilot: Pilot[Any], kind: str, pid: str | None, rid: str | None) -> Any:
    pilot.app.post_message(EditRecord(kind, pid, rid))
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, RecordFormScreen), screen
    return screen


async def type_into(pilot: Pilot[Any], form: Any, name: str, text: str) -> None:
    """Focus the field, clear it and type `text` key by key, as a person would."""
    control = form.form.row(name).control
    control.focus()
    if isinstance(control, Input):
        control.value = ""
    elif isinstance(control, TextArea):
        control.clear()
    await pilot.press(*["space" if ch == " " else ch for ch in text])
    await pilot.pause()


def row_error(form: Any, name: str) -> str:
    return form.form.row(name).error or ""


def first_project(sandbox_http: Any) -> dict[str, Any]:
    return sandbox_http.ok("POST", "/projects", {})[0]  # type: ignore[no-any-return]


async def load_project(pilot: Pilot[Any], pid: str) -> None:
    pilot.app.state.load_project_children(pid)  # type: ignore[attr-defined]
    await settle(pilot)


async def edit_experience(pilot: Pilot[Any], pid: str, exp: dict[str, Any]) -> Any:
    """The edit form of experience `exp` of project `pid`, the project loaded first."""
    await settle(pilot)
    await load_project(pilot, pid)
    return await open_form(pilot, "experience", pid, str(exp["id"]))


def find_by_name(app: Any, kind: str, pid: str, name: str) -> Any:
    if kind == "project":
        return next(p for p in app.state.projects if p.name == name)
    records = getattr(app.state.project_children[pid], CHILD_FIELD[kind])
    return next(r for r in records if record_name(kind, r) == name)


@pytest.mark.parametrize("kind", list(GET))
async def test_create_edit_and_delete_each_kind(
    make_ui_app: Any, sandbox: Any, sandbox_http: Any, kind: str
) -> None:
    pid = str(first_project(sandbox_http)["id"])
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await load_project(pilot, pid)
        # create
        form = await open_form(pilot, kind, None if kind == "project" else pid, None)
        await type_into(pilot, form, NAME[kind] if kind != "project" else "name", "Made by form")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen), form.query_one("#form-message", Static).content
        created = find_by_name(app, kind, pid, "Made by form")
        rid = record_id(kind, created)
        owner = rid if kind == "project" else pid
        url = GET[kind].format(p=owner, r=rid)
        assert sandbox_http.ok("GET", url)[NAME[kind]] == "Made by form"
        # edit: the name plus a kind-specific field
        form = await open_form(pilot, kind, owner, rid)
        await type_into(pilot, form, "name" if kind == "project" else NAME[kind], "Renamed")
        values, expected = EDITS[kind]
        form.form.set_values(values)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen), form.query_one("#form-message", Static).content
        stored = sandbox_http.ok("GET", url)
        assert stored[NAME[kind]] == "Renamed"
        for key, value in expected.items():
            assert stored[key] == value, key
        # delete from the explorer (d, then y)
        app.jump_to(SearchItem(kind, owner, rid, "Renamed"))  # type: ignore[arg-type]
        await pilot.press("d")
        if kind == "project":  # a project asks for its name to be typed (issue 13)
            assert isinstance(app.screen, TypeNameDialog)
            await pilot.press(*["space" if ch == " " else ch for ch in "Renamed"], "enter")
        else:
            assert isinstance(app.screen, ConfirmDialog)
            await pilot.press("y")
        await settle(pilot)
    assert sandbox_http.request("GET", url).status_code == 404


async def test_n_on_the_goals_group_opens_a_new_goal_form_and_e_edits(
    make_ui_app: Any, sandbox: Any, sandbox_http: Any
) -> None:
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "l")
        await settle(pilot)
        await move_to(pilot, "Goals")
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RecordFormScreen) and form.kind == "goal" and not form.editing
        await pilot.press("escape")  # nothing typed: leaves without asking
        await pilot.press("l", "j", "e")
        await settle(pilot)
        assert isinstance(app.screen, RecordFormScreen) and app.screen.editing


async def test_invalid_values_are_shown_on_their_fields_and_nothing_is_sent(
    make_ui_app: Any, sandbox: Any, sandbox_http: Any
) -> None:
    pid = str(first_project(sandbox_http)["id"])
    exp = sandbox_http.ok("POST", f"/experiences/{pid}", {})[0]
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        form = await edit_experience(pilot, pid, exp)
        await type_into(pilot, form, "confidence", "150")
        await type_into(pilot, form, "name", "")
        await type_into(pilot, form, "site_include", '{"OR": [')
        before = len(sandbox.requests)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert len(sandbox.requests) == before  # nothing sent, not even the fresh read
        assert app.screen is form
        assert "out of range: use 0 to 100" in row_error(form, "confidence")
        assert "Name is required" in row_error(form, "name")
        assert "Not valid JSON" in row_error(form, "site_include")
        assert form.form.row("confidence").get() == "150"  # kept as typed
        assert "nothing was sent" in str(form.query_one("#form-message", Static).content)
        # fixing a field clears its mark as you type
        await type_into(pilot, form, "confidence", "95")
        assert row_error(form, "confidence") == ""


async def test_a_422_from_the_server_lands_on_its_field_and_keeps_the_values(
    make_ui_app: Any, sandbox: Any, sandbox_http: Any
) -> None:
    pid = str(first_project(sandbox_http)["id"])
    exp = sandbox_http.ok("POST", f"/experiences/{pid}", {})[0]
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        form = await edit_experience(pilot, pid, exp)
        # The client allows any run length; the sandbox caps it at 3650 days.
        await type_into(pilot, form, "maxrun", "5000")
        await type_into(pilot, form, "name", "Still here")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "3650" in row_error(form, "maxrun") and "server" in row_error(form, "maxrun")
        assert form.form.row("maxrun").get() == "5000"
        assert form.form.row("name").get() == "Still here"
        message = str(form.query_one("#form-message", Static).content)
        assert "HTTP 422" in message and "Your values are kept" in message
    stored = sandbox_http.ok("GET", f"/experiences/get/{pid}/{exp['id']}")
    assert stored["name"] == exp["name"]


async def test_a_draft_survives_a_failed_save_and_a_restart(
    make_ui_app: Any, sandbox: Any, sandbox_http: Any, config_dir: Any
) -> None:
    pid = str(first_project(sandbox_http)["id"])
    eid = str(sandbox_http.ok("POST", f"/experiences/{pid}", {})[0]["id"])
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await load_project(pilot, pid)
        form = await open_form(pilot, "experience", pid, eid)
        await type_into(pilot, form, "name", "Draft name")
        await type_into(pilot, form, "maxrun", "5000")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form  # the save failed (422)
        key = form.key
    draft = DraftStore().load(DRAFT_KIND, key)
    assert draft is not None and draft.payload["values"]["name"] == "Draft name"

    app = make_ui_app()  # a restart: a new app, the same data dir
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await load_project(pilot, pid)
        app.post_message(EditRecord("experience", pid, eid))
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert dialog.title_text.startswith("Restore draft from ")
        assert "Name" in dialog.body.plain
        await pilot.press("y")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, RecordFormScreen)
        assert form.form.row("name").get() == "Draft name"
        assert form.form.row("maxrun").get() == "5000"
        # q on the explorer asks first while a draft exists; n stays
        await pilot.press("escape")
        await pilot.press("down", "enter")  # "Leave, keep them as a draft"
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "unsaved draft" in app.screen.body.plain
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        # a successful save removes the draft
        form = await open_form_with_draft(pilot, "experience", pid, eid)
        await type_into(pilot, form, "maxrun", "14")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    assert DraftStore().load(DRAFT_KIND, key) is None
    stored = sandbox_http.ok("GET", f"/experiences/get/{pid}/{eid}")
    assert (stored["name"], stored["maxrun"]) == ("Draft name", 14)


async def open_form_with_draft(pilot: Pilot[Any], kind: str, pid: str, rid: str) -> Any:
    pilot.app.post_message(EditRecord(kind, pid, rid))
    await settle(pilot)
    assert isinstance(pilot.app.screen, ConfirmDialog)
    await pilot.press("y")
    await settle(pilot)
    return pilot.app.screen


async def test_what_was_typed_just_before_the_app_quits_is_kept_as_a_draft(
    make_ui_app: Any, config_dir: Any
) -> None:
    """The draft is written half a second after the last keystroke; a quit within that half
    second lost the typing (the timer died with the screen)."""
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = await open_form(pilot, "project", None, None)
        await type_into(pilot, form, "name", "Typed just before quitting")
        key = form.key
        app.exit()  # well within the draft delay
    draft = DraftStore().load(DRAFT_KIND, key)
    assert draft is not None and draft.payload["values"]["name"] == "Typed just before quitting"
