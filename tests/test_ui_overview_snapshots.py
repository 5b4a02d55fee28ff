"""Screenshots of the overview (running, needs attention) at 80x24 and 120x40.

Stable by construction: the sandbox's `today` and the app's clock are pinned (conftest) and
the header shows a fixed port. Update after a deliberate change with
`pytest tests/test_ui_overview_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from typing import Any

import pytest
from test_ui_explorer import settle
from textual.pilot import Pilot

from convert_tui.state import ProfileInfo

SIZES = [(80, 24), (120, 40)]


async def loaded(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    pilot.app.state.profile = ProfileInfo("sandbox", "http://127.0.0.1:8787/api/v1", False)
    await pilot.pause()


async def needs_attention(pilot: Pilot[Any]) -> None:
    await loaded(pilot)
    await pilot.press("tab")
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_overview_running(snap_compare: Any, make_ui_app: Any, size: tuple[int, int]) -> None:
    app = make_ui_app(landing="overview")
    assert snap_compare(app, terminal_size=size, run_before=loaded)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_overview_needs_attention(
    snap_compare: Any, make_ui_app: Any, size: tuple[int, int]
) -> None:
    app = make_ui_app(landing="overview")
    assert snap_compare(app, terminal_size=size, run_before=needs_attention)
