"""Screenshots of the report view, compared with the accepted ones in tests/__snapshots__/.

Stable by construction: the sandbox's `today` and the app's clock are pinned (conftest) and the
header shows a fixed port. Update after a deliberate change with
`pytest tests/test_ui_report_snapshots.py --snapshot-update`, then look at the SVGs.
"""

from __future__ import annotations

from typing import Any

import pytest
from support.ui import screen_text
from test_ui_explorer import settle
from test_ui_report import MVT, WINNER, choose
from textual.pilot import Pilot
from textual.widgets import Input

from convert_tui.state import ProfileInfo
from convert_tui.ui.messages import OpenReport
from convert_tui.ui.report.screen import ReportScreen

SIZES = [(80, 24), (120, 40)]
SRM = ("10001", "1000003")  # the demo's sample-ratio-mismatch experience (seed 1)


async def show_report(pilot: Pilot[Any], ids: tuple[str, str]) -> None:
    app: Any = pilot.app
    await settle(pilot)
    app.post_message(OpenReport(*ids))
    await settle(pilot)
    assert isinstance(app.screen, ReportScreen)
    # The sandbox listens on a random port; show a fixed one.
    app.state.profile = ProfileInfo("sandbox", "http://127.0.0.1:8787/api/v1", False)
    # The chart is drawn for its size, which the layout settles a few refreshes later: wait
    # until the screen stays the same over three pauses in a row. (The chart's last lines seen
    # blank in CI were a real clipping bug, not the wait: see goal._fill.)
    shown, same = screen_text(app), 0
    for _ in range(100):
        await pilot.pause(0.05)
        now = screen_text(app)
        same, shown = (same + 1 if now == shown else 0), now
        if same == 3:
            break


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_report_of_a_winner(snap_compare: Any, make_ui_app: Any, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await show_report(pilot, WINNER)

    assert snap_compare(make_ui_app(), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_report_with_a_sample_ratio_mismatch(
    snap_compare: Any, make_ui_app: Any, size: tuple[int, int]
) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await show_report(pilot, SRM)

    assert snap_compare(make_ui_app(), terminal_size=size, run_before=run_before)


def test_report_of_the_last_7_days_with_bonferroni(snap_compare: Any, make_ui_app: Any) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await show_report(pilot, MVT)
        await choose(pilot, "t", 1)
        await choose(pilot, "c", 1)
        await pilot.pause(0.2)  # let the tables' and the chart's sizes settle after the refill

    assert snap_compare(make_ui_app(), terminal_size=(120, 40), run_before=run_before)


def test_custom_dates_dialog(snap_compare: Any, make_ui_app: Any) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await show_report(pilot, WINNER)
        await choose(pilot, "t", 4)
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False  # a blinking cursor would make the picture random
        await pilot.press("2", "0", "2", "6", "enter")
        await pilot.pause()

    assert snap_compare(make_ui_app(), terminal_size=(80, 24), run_before=run_before)
