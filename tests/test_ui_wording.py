"""Issue 13, item 14: what a message names is what the user typed or knows."""

from __future__ import annotations

from typing import Any

from test_ui_variations import current_form, editor_with_a_new_draft, fill

from convert_tui.state import AppState
from convert_tui.ui.dialogs.confirm import ConfirmDialog
from convert_tui.ui.forms import FORMS


def test_a_date_that_is_no_date_is_called_that_not_before_the_start() -> None:
    spec = FORMS["hypothesis"](AppState(), "10001", False)
    for start, end in [("2026-13-01", "2026-12-01"), ("2026-12-01", "2026-02-30")]:
        errors = spec.validate({"name": "x", "start_date": start, "end_date": end})
        said = " ".join(errors.values())
        assert "is not a date" in said, errors
        assert "before the start" not in said, errors
    real = spec.validate({"name": "x", "start_date": "2026-12-01", "end_date": "2026-11-01"})
    assert "before the start" in real["end_date"]  # two real dates are still compared


async def test_quit_with_drafts_names_the_variation_and_its_experience(
    make_ui_app: Any, config_dir: Any
) -> None:
    app = make_ui_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await editor_with_a_new_draft(pilot)
        await fill(pilot, current_form(screen), "name", "Green CTA")
        current_form(screen).flush()
        await pilot.press("escape")  # out of the form, to the list
        await pilot.press("q")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        body = dialog.body.plain
        assert "variation “Green CTA” of “Low-stock urgency message”" in body, body
        assert "/" not in body.split("\n")[1]  # no "variation 10001/1000001/c1427ad26c"
        await pilot.press("n")
