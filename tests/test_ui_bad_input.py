"""Any text in any field of every form: the app never crashes, what the form refuses is marked
on its field and nothing is sent, and what it accepts is sent once (the server may still refuse
it: then the form says why and keeps the values). What is typed never reaches the terminal raw.

One app per form kind serves all of that kind's examples (support/app_thread.py): a Pilot
session per example would be far too slow.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support.app_thread import AppThread
from support.ui import assert_terminal_safe, profile_for, screen_text, use_fast_client
from test_bad_input import HOSTILE_TEXT
from test_bad_input_cli import hostile_names  # noqa: F401 (a fixture)
from test_ui_explorer import move_to, settle, tree_of, visible_labels
from textual.pilot import Pilot
from textual.widgets import Input, Static

from convert_tui.ui.app import ConvertApp
from convert_tui.ui.dialogs.confirm import ConfirmDialog
from convert_tui.ui.forms import FORMS
from convert_tui.ui.forms.base import TEXT_KINDS
from convert_tui.ui.messages import EditRecord, OpenReport
from convert_tui.ui.screens.experience import ExperienceScreen
from convert_tui.ui.screens.form import RecordFormScreen
from convert_tui.ui.variations.draft import CODE_FIELDS, validate
from convert_tui.ui.variations.list import VariationList
from convert_tui.ui.variations.screen import VariationEditorScreen

PROJECT = "10001"
CONTROLS = st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Co"])
TEXT = st.one_of(
    st.text(max_size=40),  # any unicode
    st.text(CONTROLS | st.sampled_from("[]/\\{}\"'\x1b\x07"), max_size=20),  # controls, markup
    st.sampled_from(HOSTILE_TEXT),  # escapes, a lone surrogate, 100 000 characters, ...
    st.builds(
        str.__mul__, st.sampled_from(["x", "é", "𝕏", "\x1b[2J", "9", "\n"]), st.integers(300, 5000)
    ),
    st.from_regex(r"-?[0-9]{1,30}(\.[0-9]{1,20})?(e-?[0-9]{1,3})?", fullmatch=True),
    st.just(""),
)
# Textual's syntax-highlighting TextArea (rules, code) cannot hold a lone surrogate (tree-sitter
# wants UTF-8); none can reach it (terminals send UTF-8, the client replaces them in answers).
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
RULES_TEXT = TEXT.filter(lambda text: not LONE_SURROGATE.search(text))
CODE_TEXT = TEXT.filter(lambda text: not LONE_SURROGATE.search(text))
FORM_PROPERTY = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(params=list(FORMS))
def form_app(request: Any, sandbox: Any, config_dir: Path) -> Iterator[tuple[str, AppThread]]:
    """(kind, a running app with the project loaded); every request counted by `sandbox`."""
    app = ConvertApp(profile_for(sandbox.base_url))
    use_fast_client(app)
    runner = AppThread(app).start()

    async def load(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        app.state.load_project_children(PROJECT)
        await settle(pilot)

    runner.run(load)
    yield request.param, runner
    runner.stop()  # raises what the app raised, if it crashed


def form_of(app: Any) -> RecordFormScreen:
    screen = app.screen
    assert isinstance(screen, RecordFormScreen), screen
    return screen


async def open_form(pilot: Pilot[Any], kind: str) -> list[tuple[str, str, list[str]]]:
    """A new-record form of `kind` (the last example's one if it is still open): its
    editable fields as (name, kind, option values)."""
    app = pilot.app
    if not isinstance(app.screen, RecordFormScreen):
        app.post_message(EditRecord(kind, None if kind == "project" else PROJECT, None))
        await settle(pilot)
        if isinstance(app.screen, ConfirmDialog):  # a draft of an earlier example: discard it
            await pilot.press("n")
            await settle(pilot)
    form = form_of(app)
    return [
        (f.name, f.kind, [value for _, value in form.form.row(f.name).options])
        for f in form.spec.editable()
    ]


def value_for(kind: str, options: list[str]) -> st.SearchStrategy[Any]:
    if kind == "rules":
        return RULES_TEXT
    if kind == "code":
        return CODE_TEXT
    if kind in TEXT_KINDS:
        return TEXT
    if kind == "flag":
        return st.booleans()
    if kind == "multi":
        return st.lists(st.sampled_from(options), unique=True) if options else st.just([])
    return st.sampled_from([None, *options]) if options else st.none()  # choice


@FORM_PROPERTY
@given(data=st.data())
def test_any_input_in_any_form_is_checked_and_never_crashes(
    form_app: tuple[str, AppThread], sandbox: Any, data: st.DataObject
) -> None:
    kind, runner = form_app
    fields = runner.run(lambda pilot: open_form(pilot, kind))
    values = {name: data.draw(value_for(k, options), label=name) for name, k, options in fields}

    async def fill_and_save(pilot: Pilot[Any]) -> tuple[dict[str, str], int]:
        form = form_of(pilot.app)
        form.form.set_values(values)
        await pilot.pause()
        problems = form.spec.validate(form.form.values())  # what the form will refuse
        before = len(sandbox.requests)
        await pilot.press("ctrl+s")
        await pilot.app.workers.wait_for_complete()  # the save, if anything was sent
        await pilot.pause()
        return problems, before

    problems, before = runner.run(fill_and_save)
    app = runner.app
    assert app.return_code is None and app.is_running  # no crash
    sent = sandbox.requests[before:]
    if problems:
        assert sent == []  # nothing sent, not even a read
        form = form_of(app)
        for name in problems:
            assert (form.form.row(name).error or "").startswith("✗"), name
        assert "nothing was sent" in str(form.query_one("#form-message", Static).content)
    else:
        assert [path for _, path in sent if "/add" in path] == [sent[-1][1]]  # one create
        if isinstance(app.screen, RecordFormScreen):  # the server refused: it says so
            message = str(app.screen.query_one("#form-message", Static).content)
            assert message.startswith("Not saved"), message


@pytest.mark.parametrize("text", ['{"OR": [' + "9" * 5000 + "]}", "[" * 3000],
                         ids=["5000-digit-number", "deeply-nested"])  # fmt: skip
async def test_a_rules_field_with_json_the_parser_cannot_take_is_marked_not_crashing(
    sandbox: Any, config_dir: Path, text: str
) -> None:
    app = ConvertApp(profile_for(sandbox.base_url))
    async with app.run_test() as pilot:
        await settle(pilot)
        app.post_message(EditRecord("goal", PROJECT, None))
        await settle(pilot)
        form = form_of(app)
        form.form.set_values({"triggering_rule": text})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert (form.form.row("triggering_rule").error or "").startswith("✗")


# -- terminal safety: names from the API are shown literally -----------------------------------

SHOWN = " ␛[2J ␛]52;c;ZXZpbA==␇"  # ESC and BEL as visible symbols (ui/text.py)


def shows(app: Any, *names: str) -> str:
    """The screen, checked: no control character drawn, each name (markup, escapes neutralised)
    on it. A name may wrap, so it is looked for in the words of the screen."""
    text = screen_text(app)
    assert_terminal_safe(text)
    words = " ".join(text.split())
    for name in names:
        assert f"{name}{SHOWN}" in words or all(part in words for part in (name, *SHOWN.split())), (
            name,
            text,
        )
    return text


async def test_hostile_names_show_literally_in_tree_detail_experience_and_report(
    hostile_names: dict[str, str],  # noqa: F811 (the fixture of test_bad_input)
    sandbox: Any,
) -> None:
    pid, eid = hostile_names["project"], hostile_names["experience"]
    app = ConvertApp(profile_for(sandbox.base_url))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        # The tree (labels are cut at the pane's width) and the detail pane.
        await move_to(pilot, "[bold]Evil shop[/]")
        await settle(pilot)
        assert visible_labels(tree_of(pilot))[-1] == f"[bold]Evil shop[/]{SHOWN}"
        shows(app, "PROJECT [bold]Evil shop[/]")
        await pilot.press("l")
        await settle(pilot)
        await move_to(pilot, "Experiences")
        await pilot.press("l", "l", "l", "l")  # the group, "Active", the experience
        await settle(pilot)
        assert tree_of(pilot).cursor_node.label.plain == f"[bold]Exp[/]{SHOWN}"  # type: ignore[union-attr]
        shows(app, "[bold]Exp[/]")
        # Experience detail: title, variations tab.
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ExperienceScreen)
        shows(app, "[bold]Exp[/]")
        await pilot.press("2")
        await pilot.pause()
        shows(app, "[bold]Red[/]")
        # The report view: the experience, its goal and variations.
        app.post_message(OpenReport(pid, eid))
        await settle(pilot)
        assert type(app.screen).__name__ == "ReportScreen"
        shows(app, "[/]Purchase[bold]", "[bold]Red[/]")


async def test_an_edit_form_shows_a_hostile_name_without_escapes(
    hostile_names: dict[str, str],  # noqa: F811 (the fixture of test_bad_input)
    sandbox: Any,
) -> None:
    app = ConvertApp(profile_for(sandbox.base_url))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.post_message(EditRecord("project", hostile_names["project"], hostile_names["project"]))
        await settle(pilot)
        form_of(app)
        shows(app, "[bold]Evil shop[/]")


# -- the variation editor's draft form ---------------------------------------------------------

AB_EXPERIENCE = "1000001"  # a/b, its variations take 100%: only 0% fits


@pytest.fixture
def editor_app(sandbox: Any, config_dir: Path) -> Iterator[AppThread]:
    app = ConvertApp(profile_for(sandbox.base_url))
    use_fast_client(app)
    runner = AppThread(app).start()

    async def open_editor(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        app.push_screen(VariationEditorScreen(PROJECT, AB_EXPERIENCE))
        await settle(pilot)

    runner.run(open_editor)
    yield runner
    runner.stop()


@settings(FORM_PROPERTY, max_examples=12)
@given(
    name=TEXT,
    percentage=TEXT,
    code=st.fixed_dictionaries({field: CODE_TEXT for field in CODE_FIELDS}),
)
def test_any_input_in_a_variation_draft_is_checked_and_never_crashes(
    editor_app: AppThread, sandbox: Any, name: str, percentage: str, code: dict[str, str]
) -> None:
    async def fill_and_save(pilot: Pilot[Any]) -> tuple[dict[str, str], int]:
        editor = pilot.app.screen
        assert isinstance(editor, VariationEditorScreen)
        if editor.current_form() is None:  # the last draft was added: start another
            editor.query_one(VariationList).focus()
            await pilot.press("n")
            await settle(pilot)
        form = editor.current_form()
        assert form is not None
        form.query_one("#draft-name", Input).value = name
        form.query_one("#draft-percentage", Input).value = percentage
        for field, text in code.items():
            form.code_field(field).load_text(text)
        await pilot.pause()
        problems = validate(form.draft, split_url=False)
        before = len(sandbox.requests)
        await pilot.press("ctrl+s")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if problems:
            for field in problems:
                error = form.query_one(f"#{field}-error", Static)
                assert error.display and str(error.content), field
        return problems, before

    problems, before = editor_app.run(fill_and_save)
    app = editor_app.app
    assert app.return_code is None and app.is_running  # no crash
    sent = sandbox.requests[before:]
    if problems:
        assert sent == []  # refused here: nothing sent
    else:
        assert [path for _, path in sent if "/variations/add" in path] == [sent[-1][1]]
