"""config.toml's [overview] in the overview screen and [network] in the API client."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from test_ui_explorer import settle
from test_ui_overview import SIZE, static_text

from convert_tui.config.config_file import OVERVIEW_COLUMNS, client_limits, parse_config
from convert_tui.reporting.status_cells import COLUMNS
from convert_tui.reporting.status_rows import SECTIONS
from convert_tui.ui.overview.screen import OverviewScreen


def write_config(config_dir: Path, text: str) -> None:
    path = config_dir / "config" / "config.toml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text)


def test_the_files_column_and_section_names_are_the_overviews() -> None:
    assert tuple(COLUMNS) == OVERVIEW_COLUMNS
    assert parse_config('[overview]\nfirst_section = "all"\n').overview.first_section in SECTIONS


async def test_the_overview_opens_with_the_files_section_columns_and_ended_window(
    make_ui_app: Any, config_dir: Path
) -> None:
    write_config(
        config_dir,
        '[overview]\nfirst_section = "ended"\ncolumns = ["verdict", "experience"]\n'
        "ended_days = 3650\n",
    )
    app = make_ui_app(landing="overview")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, OverviewScreen)
        assert screen.section == "ended" and screen.ended_days == 3650
        assert screen._columns == ["verdict", "experience"]
        assert "[Ended" in static_text(pilot, "#sections")
        await pilot.press("tab")  # the user's own choice is remembered and then wins
        await settle(pilot)
    app = make_ui_app(landing="overview")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.section == "all"


def test_network_limits_go_to_the_client_unless_the_environment_sets_them() -> None:
    config = parse_config("[network]\ndeadline_seconds = 12\nmax_body_mb = 4\n")
    assert client_limits(config, env={}) == {"deadline": 12.0, "max_body_mb": 4.0}
    assert client_limits(config, env={"CONVERT_TUI_DEADLINE": "5"}) == {"max_body_mb": 4.0}
    assert client_limits(parse_config(""), env={}) == {}  # unset: the client's own defaults


async def test_the_app_and_the_cli_build_their_client_with_the_files_limits(
    make_ui_app: Any, config_dir: Path, sandbox: Any, monkeypatch: Any
) -> None:
    import argparse

    from convert_tui.commands.common import client_from_args

    monkeypatch.delenv("CONVERT_TUI_DEADLINE", raising=False)
    monkeypatch.delenv("CONVERT_TUI_MAX_BODY_MB", raising=False)
    write_config(config_dir, "[network]\ndeadline_seconds = 12\nmax_body_mb = 4\n")
    app = make_ui_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        limits = app.state.client.limits
        assert (limits.deadline, limits.max_body_mb) == (12.0, 4.0)
    for name, value in (
        ("CONVERT_APPLICATION_ID", sandbox.app_id),
        ("CONVERT_SECRET_KEY", sandbox.secret),
        ("CONVERT_API_BASE_URL", sandbox.base_url),
    ):
        monkeypatch.setenv(name, value)
    args = argparse.Namespace(profile=None, base_url=None, allow_insecure=False, debug=False)
    client = client_from_args(args)
    assert (client.limits.deadline, client.limits.max_body_mb) == (12.0, 4.0)
    await client.aclose()


async def test_the_overview_rows_are_analysed_with_the_files_statistics(
    make_ui_app: Any, config_dir: Path
) -> None:
    def p_values(app: Any) -> dict[Any, Any]:
        return {key: row.p_value for key, row in app.state.overview_rows.items()}

    app = make_ui_app(landing="overview")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.state.stats_settings is None
        fixed = p_values(app)
    write_config(config_dir, "[statistics]\nsequential = true\n")
    app = make_ui_app(landing="overview")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.state.stats_settings.sequential
        assert p_values(app) != fixed and set(p_values(app)) == set(fixed)
