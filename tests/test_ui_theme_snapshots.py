"""A light theme (config.toml `theme = "textual-light"`) is legible everywhere: the explorer and
the report view drawn in it, compared with the accepted screenshots in tests/__snapshots__/.
Update after a deliberate change with `pytest tests/test_ui_theme_snapshots.py --snapshot-update`,
then look at the SVGs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from test_ui_report import WINNER
from test_ui_report_snapshots import SRM, show_report
from test_ui_snapshots import show_first_active_experience
from textual.pilot import Pilot

LIGHT = 'theme = "textual-light"\n[statistics]\ncorrection = "bonferroni"\n'


def light(config_dir: Path) -> None:
    path = config_dir / "config" / "config.toml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(LIGHT)


def test_explorer_in_the_light_theme(snap_compare: Any, make_ui_app: Any, config_dir: Path) -> None:
    light(config_dir)
    assert snap_compare(
        make_ui_app(), terminal_size=(80, 24), run_before=show_first_active_experience
    )


def test_report_in_the_light_theme_with_the_files_correction(
    snap_compare: Any, make_ui_app: Any, config_dir: Path
) -> None:
    light(config_dir)

    async def run_before(pilot: Pilot[Any]) -> None:
        await show_report(pilot, WINNER)
        assert pilot.app.screen.correction == "bonferroni"  # config.toml's [statistics]

    assert snap_compare(make_ui_app(), terminal_size=(120, 40), run_before=run_before)


def test_report_warning_and_paused_colours_in_the_light_theme(
    snap_compare: Any, make_ui_app: Any, config_dir: Path
) -> None:
    # The yellow of a warning (SRM) is the ANSI yellow, darkened for light themes (ui/theme.py).
    light(config_dir)

    async def run_before(pilot: Pilot[Any]) -> None:
        await show_report(pilot, SRM)

    assert snap_compare(make_ui_app(), terminal_size=(80, 24), run_before=run_before)


async def test_the_report_view_starts_from_the_files_statistics_unless_it_remembers(
    make_ui_app: Any, config_dir: Path
) -> None:
    from convert_tui.stats import StatsSettings
    from convert_tui.ui.report import stats_choice

    path = config_dir / "config" / "config.toml"
    path.parent.mkdir(exist_ok=True)
    path.write_text("[statistics]\nsides = 1\nsequential = true\nconfidence = 99\n")
    app = make_ui_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await show_report(pilot, WINNER)
        stats = pilot.app.screen.stats
        assert (stats.sides, stats.sequential, stats.confidence) == (1, True, 99.0)
    stats_choice.remember(f"{WINNER[0]}/{WINNER[1]}", StatsSettings(sides=2))
    app = make_ui_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await show_report(pilot, WINNER)
        assert pilot.app.screen.stats.sides == 2  # what the view remembered wins (decisions.md)
