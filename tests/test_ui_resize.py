"""A terminal resized while the app runs: the overview and the explorer lay themselves out for
the new size (they skip the start-up's repeated Resize of an unchanged size, ui/screens/steady)."""

from __future__ import annotations

from typing import Any

from test_ui_explorer import settle, tree_of
from test_ui_overview import table

from convert_tui.ui.explorer.screen import MainScreen
from convert_tui.ui.overview.screen import OverviewScreen


async def test_the_overview_shows_more_columns_once_the_terminal_is_wider(
    make_ui_app: Any,
) -> None:
    app = make_ui_app(landing="overview")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)
        narrow = list(table(pilot).columns)
        await pilot.resize_terminal(140, 40)
        await settle(pilot)
        wide = list(table(pilot).columns)
        assert len(wide) > len(narrow) and set(narrow) <= set(wide)
        assert table(pilot).size.width > 80
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert list(table(pilot).columns) == narrow


async def test_the_explorer_follows_the_terminal_size(make_ui_app: Any) -> None:
    app = make_ui_app(landing="tree")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        before = tree_of(pilot).size
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        after = tree_of(pilot).size
        assert after.height > before.height and after.width >= before.width
