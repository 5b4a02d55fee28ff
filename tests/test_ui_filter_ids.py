"""Issue 13, item 8: the filter and the palette find records by id as well as by name, say
so when nothing matches, and Enter puts the cursor on the first match."""

from __future__ import annotations

from typing import Any

from test_ui_explorer import SIZE, cursor_label, palette_pick, settle, tree_of, visible_labels

from convert_tui.ui.explorer.screen import MainScreen

PROJECT = "10001"
EXPERIENCE = "1000001"  # "Low-stock urgency message"


async def test_filtering_by_an_id_then_enter_puts_the_cursor_on_that_record(
    make_ui_app: Any, sandbox_http: Any
) -> None:
    name = sandbox_http.ok("GET", f"/experiences/get/{PROJECT}/{EXPERIENCE}")["name"]
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *EXPERIENCE)
        await settle(pilot)
        assert name in visible_labels(tree_of(pilot))
        await pilot.press("enter")
        await pilot.pause()
        assert cursor_label(tree_of(pilot)) == name  # not the root, four j away
        assert app.focused is tree_of(pilot)


async def test_a_filter_without_matches_says_so(make_ui_app: Any) -> None:
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"zqzqzq")
        await settle(pilot)
        labels = visible_labels(tree_of(pilot))
        assert any(label.startswith("No matches for “zqzqzq”") for label in labels), labels
        await pilot.press("enter")
        await pilot.pause()
        assert any("No matches" in str(n.message) for n in app._notifications)
        assert isinstance(app.screen, MainScreen)


async def test_the_palette_finds_a_record_by_its_id(make_ui_app: Any, sandbox_http: Any) -> None:
    name = sandbox_http.ok("GET", f"/experiences/get/{PROJECT}/{EXPERIENCE}")["name"]
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await palette_pick(pilot, EXPERIENCE)
        assert isinstance(app.screen, MainScreen)
        assert cursor_label(tree_of(pilot)) == name
