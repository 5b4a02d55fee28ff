"""The report view, driven with the keyboard at 80x24 against the sandbox over real HTTP."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import UI_NOW
from support.ui import screen_text
from test_ui_explorer import plain, settle
from textual.pilot import Pilot
from textual.widgets import DataTable, Sparkline, Static

from convert_tui import reporting
from convert_tui.api import errors, models
from convert_tui.sandbox import RunningSandbox
from convert_tui.ui.messages import OpenReport
from convert_tui.ui.report.chart import ReportChart
from convert_tui.ui.report.goal import GoalReport
from convert_tui.ui.report.screen import ReportScreen
from convert_tui.ui.screens.experience import ExperienceScreen

SIZE = (80, 24)
WINNER = ("10001", "1000001")  # Purchase (revenue, primary) + Add to cart; Only N left wins
MVT = ("10001", "1000004")  # four variations: three comparisons per goal


def demo_experiences(sandbox: RunningSandbox) -> list[tuple[str, str, str]]:
    """(project id, experience id, scenario) of every started demo experience with goals.

    Read before the app starts: the store builds projects lazily and is not shared safely.
    """
    found = []
    for pid in sorted(sandbox.store.projects):
        data = sandbox.store.data(pid)
        for eid, exp in data.experiences.items():
            if exp.get("start_time") and exp.get("goals"):
                found.append((pid, eid, str(data.profiles.get(eid, {}).get("kind"))))
    return found


def report_screen(pilot: Pilot[Any]) -> ReportScreen:
    screen = pilot.app.screen
    assert isinstance(screen, ReportScreen), screen
    return screen


async def open_report(pilot: Pilot[Any], ids: tuple[str, str]) -> ReportScreen:
    pilot.app.post_message(OpenReport(*ids))
    await settle(pilot)
    return report_screen(pilot)


def sections(screen: ReportScreen) -> list[GoalReport]:
    return list(screen.query(GoalReport))


def verdict(section: GoalReport) -> str:
    return plain(section.query_one(".verdict", Static)).strip()


def column(table: DataTable[Any], label: str) -> list[str]:
    """The cells of the column whose label starts with `label`, as plain text."""
    labels = [c.label.plain for c in table.ordered_columns]
    index = next(i for i, text in enumerate(labels) if text.startswith(label))
    return [table.get_row_at(row)[index].plain for row in range(table.row_count)]


def conversions(section: GoalReport) -> DataTable[Any]:
    return section.query_one(".conversion-table", DataTable)


def report_requests(sandbox: RunningSandbox) -> list[str]:
    return [path for _, path in sandbox.requests if "/reports/" in path]


def keys(text: str) -> list[str]:
    return ["minus" if char == "-" else char for char in text]


async def choose(pilot: Pilot[Any], key: str, option: int) -> None:
    """Press `key` (a choice dialog opens) and pick its option number `option` (0 = first)."""
    await pilot.press(key)
    await pilot.pause()
    await pilot.press(*(["down"] * option), "enter")
    await settle(pilot)


async def test_R_on_the_experience_detail_opens_the_report_with_the_primary_goal_first(
    make_ui_app: Any,
) -> None:
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_experience(*WINNER)
        await settle(pilot)
        assert isinstance(app.screen, ExperienceScreen)
        await pilot.press("R")
        await settle(pilot)
        screen = report_screen(pilot)
        assert [tab.primary for tab in screen.goals] == [True, False]
        (section,) = sections(screen)
        assert plain(section.query_one(".goal-title", Static)).startswith("★ Purchase")
        assert verdict(section).startswith("Winner: Only N left, +")
        table = conversions(section)
        assert column(table, "Variation") == ["Original", "Only N left"]
        assert column(table, "Signif.") == ["base", "▲ yes"]
        assert not section.query_one(".srm-banner").display
        assert section.query_one(ReportChart).has_plot
        await pilot.press("escape")
        assert isinstance(app.screen, ExperienceScreen)


async def test_every_demo_experience_with_a_report_opens_and_shows_a_verdict(
    make_ui_app: Any, sandbox: RunningSandbox
) -> None:
    experiences = demo_experiences(sandbox)
    assert len(experiences) > 20
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for pid, eid, kind in experiences:
            # One pass of waiting (not `settle`): the report screen starts no follow-up loads.
            app.post_message(OpenReport(pid, eid))
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            shown = sections(report_screen(pilot))
            assert shown, (eid, kind)
            first = verdict(shown[0])
            assert first.startswith(("Winner:", "Loser:", "Not yet:")), (eid, first)
            if kind == "winner":
                assert first.startswith("Winner:"), (eid, first)
            await pilot.press("escape")
            await pilot.pause()
        assert app.state.last_error is None


async def test_the_srm_experience_shows_the_banner_with_what_to_do(
    make_ui_app: Any, sandbox: RunningSandbox
) -> None:
    srm = next((p, e) for p, e, kind in demo_experiences(sandbox) if kind == "srm")
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        (section,) = sections(await open_report(pilot, srm))
        banner = section.query_one(".srm-banner", Static)
        assert banner.display
        text = " ".join(plain(banner).split())
        assert "SAMPLE RATIO MISMATCH" in text
        assert "50.0% / 50.0%" in text  # what the split should be
        assert "fix the cause" in text


async def test_the_loser_shows_a_loser_verdict_and_a_down_mark(
    make_ui_app: Any, sandbox: RunningSandbox
) -> None:
    loser = next((p, e) for p, e, kind in demo_experiences(sandbox) if kind == "loser")
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        (section,) = sections(await open_report(pilot, loser))
        assert verdict(section).startswith("Loser: ")
        assert "▼ yes" in column(conversions(section), "Signif.")


async def test_revenue_goals_show_revenue_columns_and_other_goals_do_not(
    make_ui_app: Any,
) -> None:
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_report(pilot, WINNER)
        revenue = sections(screen)[0].query_one(".revenue-table", DataTable)
        assert revenue.display
        labels = " ".join(c.label.plain for c in revenue.ordered_columns)
        for name in ("Revenue", "RPV", "RPV uplift", "AOV", "Prod."):
            assert name in labels
        assert all(cell != "—" for cell in column(revenue, "AOV"))
        await pilot.press("tab")  # Add to cart: a click goal
        await settle(pilot)
        assert not sections(screen)[0].query_one(".revenue-table").display


async def test_tab_and_shift_tab_switch_goals_and_the_last_tab_shows_all(
    make_ui_app: Any, sandbox: RunningSandbox
) -> None:
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_report(pilot, MVT)
        ids = [tab.goal_id for tab in screen.goals]
        assert len(ids) == 3
        seen = []
        # ([ and ] are back/forward now, on every screen: decisions.md, Keys.)
        for key in ("tab", "tab", "tab", "shift+tab", "shift+tab"):
            await pilot.press(key)
            await settle(pilot)
            seen.append([s.goal_id for s in sections(screen)])
        assert seen == [[ids[1]], [ids[2]], ids, [ids[2]], [ids[1]]]
        assert len(report_requests(sandbox)) == 1  # all time: one full report serves all


async def test_a_range_change_requests_that_range_and_updates_the_numbers(
    make_ui_app: Any, sandbox: RunningSandbox
) -> None:
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_report(pilot, WINNER)
        before = report_requests(sandbox)
        all_time = column(conversions(sections(screen)[0]), "Visitors")
        await choose(pilot, "t", 1)  # last 7 days, one goal shown: a partial report
        after = report_requests(sandbox)
        assert len(after) == len(before) + 1
        assert "/reports/partial/" in after[-1]
        week = column(conversions(sections(screen)[0]), "Visitors")
        assert week != all_time
        assert "last 7 days (2026-11-09 → 2026-11-15)" in plain(
            screen.query_one("#report-controls", Static)
        )
        await pilot.press("tab", "tab")  # all goals: the full report of the range
        await settle(pilot)
        assert "/reports/full/" in report_requests(sandbox)[-1]
        assert len(sections(screen)) == 2
        count = len(report_requests(sandbox))
        await choose(pilot, "t", 0)  # back to all time: already loaded
        assert len(report_requests(sandbox)) == count
        assert column(conversions(sections(screen)[0]), "Visitors") == all_time


async def test_custom_dates_are_checked_before_they_are_used(make_ui_app: Any) -> None:
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_report(pilot, WINNER)
        await choose(pilot, "t", 4)  # custom dates
        await pilot.press(*keys("2026-11-3"), "tab", *keys("2026-11-10"), "enter")
        await pilot.pause()
        dialog = app.screen
        assert "expected YYYY-MM-DD" in plain(dialog.query_one("#date-error", Static))
        await pilot.press("shift+tab", "end", "backspace", *"01", "enter")
        await settle(pilot)
        assert app.screen is screen
        assert screen.date_range.timestamps() == reporting.day_range("2026-11-01", "2026-11-10")
        assert "2026-11-01 → 2026-11-10" in plain(screen.query_one("#report-controls", Static))


async def test_the_correction_changes_the_p_values_shown(make_ui_app: Any) -> None:
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_report(pilot, MVT)
        plain_p = column(conversions(sections(screen)[0]), "p-value")
        await choose(pilot, "c", 1)  # bonferroni
        assert screen.correction == "bonferroni"
        corrected = column(conversions(sections(screen)[0]), "p-value")
        assert corrected != plain_p
        for before, after in zip(plain_p[1:], corrected[1:], strict=True):
            assert after == "1.0000" or float(after) >= float(before)
        controls = plain(screen.query_one("#report-controls", Static))
        assert "bonferroni over 3 comparisons" in controls


async def test_export_writes_the_same_json_and_csv_as_the_report_command(
    make_ui_app: Any, sandbox_http: Any, config_dir: Path
) -> None:
    pid, eid = MVT
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_report(pilot, MVT)
        await choose(pilot, "c", 2)  # sidak
        await choose(pilot, "x", 2)  # CSV and JSON
        goal_id = screen.goal_id
    files = sorted((config_dir / "data" / "exports").iterdir())
    assert [f.suffix for f in files] == [".csv", ".json"]
    # The document `convert-tui report --goal G --correction sidak` builds from the same data.
    report = models.Report.model_validate(sandbox_http.ok("POST", f"/reports/full/{pid}/{eid}"))
    experience = models.Experience.model_validate(
        sandbox_http.ok("GET", f"/experiences/get/{pid}/{eid}")
    )
    report.goals = [g for g in report.goals if g.goal_id == goal_id]
    analysis = reporting.analyse_report(
        report, experience, correction="sidak", now=UI_NOW.timestamp()
    )
    document = reporting.report_document(analysis, eid, experience)
    assert json.loads(files[1].read_text()) == json.loads(json.dumps(document))
    assert files[0].read_text() == reporting.report_csv(document)


async def test_a_failed_refetch_keeps_the_numbers_visible_and_marks_them_stale(
    make_ui_app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_report(pilot, WINNER)
        shown = column(conversions(sections(screen)[0]), "Visitors")

        async def broken(*args: Any, **kwargs: Any) -> Any:
            raise errors.ServerError("boom", operation="get partial report", status=500)

        monkeypatch.setattr(app.state.client, "get_partial_report", broken)
        await choose(pilot, "t", 1)
        assert column(conversions(sections(screen)[0]), "Visitors") == shown
        notice = screen.query_one("#report-notice", Static)
        assert notice.display
        text = " ".join(plain(notice).split())
        assert "STALE" in text and "still showing all time" in text
        assert app.state.last_error is not None
        monkeypatch.undo()
        await pilot.press("r")  # retry works once the server answers again
        await settle(pilot)
        assert not notice.display
        assert column(conversions(sections(screen)[0]), "Visitors") != shown


async def test_the_chart_falls_back_to_sparklines_without_plotext(
    make_ui_app: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "textual_plotext", None)  # import fails
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_report(pilot, WINNER)
        chart = sections(screen)[0].query_one(ReportChart)
        assert not chart.has_plot
        assert len(chart.query(Sparkline)) == 2


async def test_a_section_laid_out_before_its_tables_settle_shows_its_chart_whole(
    make_ui_app: Any,
) -> None:
    """On a busy machine the screen can lay out a freshly filled section before its tables'
    idle; with auto-height tables the section kept a height without their rows and cut off
    the chart's axis and legend (a flaky snapshot in CI, Textual issue #3160)."""
    app = make_ui_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await open_report(pilot, WINNER)
        shown = screen.shown
        assert shown is not None
        for old in sections(screen):
            await old.remove()
        fresh = GoalReport()
        await screen.query_one("#report-body").mount(fresh)
        fresh.show(shown.analysis.goals[0], confidence=shown.analysis.confidence, primary=True,
                   configured={}, daily=shown.report.goals[0])  # fmt: skip
        screen._refresh_layout()  # the layout pass a busy machine gets before the tables' idle
        await settle(pilot)
        assert fresh.region.height == fresh.virtual_size.height  # nothing cut off
        assert "• Original   x Only N left" in screen_text(app)  # the legend, last line


def test_the_app_does_not_import_plotext_until_a_report_is_shown() -> None:
    code = (
        "import sys, convert_tui.ui.app, convert_tui.ui.report.screen\n"
        "print(sorted(m for m in sys.modules if 'plotext' in m))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def _percent(cell: str) -> float:
    """'+12.3% [4.1%, 20.9%]' (or the same over two lines) -> 12.3."""
    return float(cell.split()[0].rstrip("%").replace("+", ""))


async def test_o_orders_variations_by_uplift_keeps_the_baseline_on_top_and_is_remembered(
    make_ui_app: Any,
) -> None:
    async with make_ui_app().run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await open_report(pilot, MVT)
        await pilot.press("o", "o")  # as reported -> rate -> uplift
        await settle(pilot)
        assert screen.sort == "uplift"
        table = conversions(sections(screen)[0])
        names = column(table, "Variation")
        uplifts = [_percent(cell) for cell in column(table, "Uplift")[1:]]
        assert names[0].strip() == "Original"
        assert uplifts == sorted(uplifts, reverse=True)
        assert "Sort (o): uplift" in plain(screen.query_one("#report-controls", Static))

    # A new session opens the report in the order chosen last time.
    async with make_ui_app().run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = await open_report(pilot, MVT)
        assert screen.sort == "uplift"


async def test_the_footer_at_80_columns_ends_with_the_palette_key_and_nothing_after_it(
    make_ui_app: Any,
) -> None:
    # Textual left the footer's last column to the bindings under the docked palette key: the
    # report's footer ended "^p paletter", the letter from a binding cut there.
    from support.ui import screen_lines

    app = make_ui_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_report(pilot, WINNER)
        footer = screen_lines(app)[-1]
        assert len(footer) == 80
        assert footer.endswith("▏^p palette"), footer
