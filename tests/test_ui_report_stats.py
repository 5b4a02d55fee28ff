"""The report view's statistics settings (l, d, s), remembered per experience, and the decision
figures (expected loss, credible interval, progress bar, projected date, early-read note)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from conftest import UI_NOW
from test_ui_explorer import plain, settle
from test_ui_report import MVT, WINNER, choose, column, conversions, open_report, sections
from textual.widgets import DataTable, Static

from convert_tui.config.settings import load_settings

SIZE = (80, 24)


def decisions(screen: Any) -> DataTable[Any]:
    return sections(screen)[0].query_one(".decision-table", DataTable)


def controls(screen: Any) -> str:
    return plain(screen.query_one("#report-controls", Static))


async def test_l_d_s_change_every_number_and_are_remembered_per_experience(
    make_ui_app: Any,
) -> None:
    async with make_ui_app().run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_report(pilot, MVT)
        first = column(conversions(sections(screen)[0]), "Uplift")
        p_before = column(conversions(sections(screen)[0]), "p-value")
        assert "Sequential (s): off" in controls(screen) and "Sides (d): two" in controls(screen)

        await pilot.press("s")
        await settle(pilot)
        assert screen.stats.sequential and "Sequential (s): on" in controls(screen)
        p_sequential = column(conversions(sections(screen)[0]), "p-value")
        assert p_sequential != p_before
        assert "not a decision" not in plain(sections(screen)[0].query_one(".verdict", Static))

        await pilot.press("d")
        await settle(pilot)
        assert screen.stats.sides == 1 and "+∞)" in " ".join(
            column(conversions(sections(screen)[0]), "Uplift")
        )

        await choose(pilot, "l", 3)  # 99%
        assert screen.stats.confidence == 99
        assert "Level (l): 99%" in controls(screen)
        assert column(conversions(sections(screen)[0]), "Uplift") != first

    remembered = load_settings().report_stats
    assert remembered[f"{MVT[0]}/{MVT[1]}"]["sequential"] is True

    # A new session: this experience opens with its choices, another one with the defaults.
    async with make_ui_app().run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_report(pilot, MVT)
        assert (screen.stats.sequential, screen.stats.sides, screen.stats.confidence) == (
            True,
            1,
            99,
        )
        await pilot.press("escape")
        await settle(pilot)
        other = await open_report(pilot, WINNER)
        assert not other.stats.sequential and other.stats.sides == 2


async def test_decision_table_shows_loss_credible_interval_progress_and_date(
    make_ui_app: Any,
) -> None:
    async with make_ui_app().run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await open_report(pilot, MVT)
        goal = screen.shown.analysis.goals[0]  # type: ignore[union-attr]
        table = decisions(screen)
        labels = [c.label.plain for c in table.ordered_columns]
        assert labels == ["Variation", "Exp. loss", "Credible interval", "Progress", "To go"]
        rows = {v.variation_id: i for i, v in enumerate(goal.variations)}
        names = column(table, "Variation")
        progress = column(table, "Progress")
        to_go = column(table, "To go")
        for v in goal.variations:
            if v.is_baseline:
                continue
            row = next(i for i, n in enumerate(names) if n.strip() == v.variation_name)
            assert row in rows.values()
            if v.progress is not None:
                assert "█" in progress[row] or "░" in progress[row]
                assert f"{v.progress * 100:.0f}%" in progress[row]
            if v.days_to_go:
                date = (UI_NOW.date() + dt.timedelta(days=v.days_to_go)).isoformat()
                assert date in to_go[row]
        verdict = plain(sections(screen)[0].query_one(".verdict", Static))
        early = goal.progress is not None and goal.progress < 1
        assert ("not a decision" in verdict) == early
        if early:
            assert "sequential" in verdict and "s in the report view" in verdict
