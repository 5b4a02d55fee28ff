"""Broken local files and a full disk in the TUI (issue 12, items 10 and 12): an edit is never
lost, a bad file is set aside and said once, and nothing crashes at start, in a form or on `q`."""

from __future__ import annotations

import errno
import json
from pathlib import Path
from typing import Any

import pytest
from test_ui_explorer import SIZE, settle
from test_ui_forms import open_form, type_into

from convert_tui.config import drafts as drafts_module
from convert_tui.config import local_files
from convert_tui.config.atomic import atomic_write
from convert_tui.config.drafts import DraftStore
from convert_tui.config.settings import settings_path
from convert_tui.ui.dialogs.confirm import ConfirmDialog
from convert_tui.ui.explorer.screen import MainScreen
from convert_tui.ui.forms.drafts import DRAFT_KIND

NEW_PROJECT_KEY = "sandbox|project|-|new"  # the make_ui_app profile's new-project form


def warnings(app: Any) -> list[str]:
    return [str(n.message) for n in app._notifications if n.severity == "warning"]


def full_disk(*args: Any, **kwargs: Any) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


async def typed_on_a_full_disk(pilot: Any, monkeypatch: pytest.MonkeyPatch, name: str) -> Any:
    """A new-project form with `name` typed while no draft can be written."""
    await settle(pilot)
    form = await open_form(pilot, "project", None, None)
    monkeypatch.setattr(drafts_module, "atomic_write", full_disk)
    await type_into(pilot, form, "name", name)
    return form


async def test_leave_keeping_a_draft_on_a_full_disk_stays_in_the_form(
    make_ui_app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        form = await typed_on_a_full_disk(pilot, monkeypatch, "Typed on a full disk")
        await pilot.press("escape", "down", "enter")  # "Leave, keep them as a draft"
        await settle(pilot)
        assert app.screen is form  # not left: the draft is not on disk
        message = str(form.query_one("#form-message").render())
        assert "could not be written" in message and "No space left on device" in message
        assert form.form.row("name").get() == "Typed on a full disk"

        # space freed: now the same choice leaves, with the draft kept
        monkeypatch.setattr(drafts_module, "atomic_write", atomic_write)
        await pilot.press("escape", "down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    draft = DraftStore().load(DRAFT_KIND, NEW_PROJECT_KEY)
    assert draft is not None and draft.payload["values"]["name"] == "Typed on a full disk"


async def test_quit_with_an_unwritable_draft_asks_first(
    make_ui_app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        form = await typed_on_a_full_disk(pilot, monkeypatch, "Not on disk")
        app.action_quit_app()
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "could not be written" in app.screen.body.plain
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is form and form.form.row("name").get() == "Not on disk"


def write_draft(values: dict[str, Any], saved_at: str = "2026-01-05T10:00:00+00:00") -> Path:
    store = DraftStore()
    store.save(DRAFT_KIND, NEW_PROJECT_KEY, {"values": values, "title": "New project"})
    path = store._path(DRAFT_KIND, NEW_PROJECT_KEY)
    document = json.loads(path.read_text())
    path.write_text(json.dumps({**document, "saved_at": saved_at}))
    return path


@pytest.mark.parametrize(
    "values",
    [{"name": "x", "include_jquery": ["not", "a", "flag"]}, {"name": "x", "status": {"a": 1}}],
)
async def test_a_draft_with_values_of_the_wrong_type_is_set_aside(
    make_ui_app: Any, config_dir: Path, values: dict[str, Any]
) -> None:
    path = write_draft(values)
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = await open_form(pilot, "project", None, None)  # no restore question, no crash
        assert form.form.row("name").get() == ""
        await pilot.pause()
        (told,) = [w for w in warnings(app) if "set aside" in w]
        assert "wrong type" in told
    assert path.with_name(path.name + ".bad").exists()


async def test_bad_settings_and_a_year_1_draft_start_and_quit_with_one_warning_each(
    make_ui_app: Any, config_dir: Path
) -> None:
    local_files.reports()
    settings = settings_path()
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text('{"filters": ' + "[" * 100_000 + "]" * 100_000 + "}")
    write_draft({"name": "from year 1"}, saved_at="0001-01-01T00:00:00+00:00")
    DraftStore().save(DRAFT_KIND, "other", {"values": {"name": "kept"}, "title": "Kept"})
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("q")  # asks: one good draft; the year-1 one made this crash
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "1 unsaved draft" in app.screen.body.plain
        await pilot.press("n")
        await settle(pilot)
        told = [w for w in warnings(app) if "set aside" in w]
        assert len(told) == 2, told
        assert any("settings.json" in w for w in told) and any("saved_at" in w for w in told)
    assert settings.with_name("settings.json.bad").exists()
    assert isinstance(app.return_code, int | None)
