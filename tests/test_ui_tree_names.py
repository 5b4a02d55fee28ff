"""Issue 13, item 4: the tree pane grows with the terminal; a name cut to fit ends in "…",
two siblings never look identical, and the cursor row's whole name is in the detail pane."""

from __future__ import annotations

from typing import Any

from support.ui import screen_lines
from test_ui_explorer import detail_text, move_to, settle, tree_of

PROJECT = "10001"
LONG = "Annual billing toggle on the pricing page for returning visitors"


async def show_drafts(pilot: Any) -> None:
    await settle(pilot)
    await pilot.press("j", "l")
    await settle(pilot)
    await move_to(pilot, "Experiences")
    await pilot.press("l")
    await move_to(pilot, "Draft")
    await pilot.press("l")
    await pilot.pause()


def tree_rows(app: Any) -> list[str]:
    """What the tree pane shows, line by line (the left part of the screen)."""
    tree = tree_of_app(app)
    left = tree.region.x + tree.region.width
    return [line[:left].rstrip(" ▕") for line in screen_lines(app)]


def tree_of_app(app: Any) -> Any:
    from convert_tui.ui.explorer.tree import ExplorerTree

    return app.screen.query_one(ExplorerTree)


async def test_long_names_are_ellipsized_and_siblings_told_apart(
    make_ui_app: Any, sandbox_http: Any
) -> None:
    ids = [
        sandbox_http.ok("POST", f"/experiences/add/{PROJECT}", {"name": f"{LONG} {v}"})["id"]
        for v in ("A", "B")
    ]
    app = make_ui_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await show_drafts(pilot)
        rows = [r for r in tree_rows(app) if "Annual" in r]
        assert len(rows) == 2, tree_rows(app)
        assert all("…" in row for row in rows), rows  # cut, and it shows
        assert rows[0].split("├")[-1] != rows[1].split("└")[-1]  # never identical
        assert ids[0] in rows[0] or ids[1] in rows[1]  # told apart by id
        await move_to(pilot, "Annual")
        assert f"{LONG} A" in " ".join(detail_text(pilot).split())  # the whole name


async def test_the_tree_pane_grows_with_the_terminal(make_ui_app: Any) -> None:
    app = make_ui_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert tree_of(pilot).region.width >= 48  # was 45 at most (38% of 120)
    app = make_ui_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        assert tree_of(pilot).region.width >= 80  # was capped at 56
