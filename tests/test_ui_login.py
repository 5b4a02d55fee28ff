"""Getting connected: the login screen, and opening straight on the tree from the environment."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pytest
from support.credentials import use_sandbox
from test_ui_explorer import SIZE, palette_pick, plain, settle, tree_of, visible_labels
from textual.widgets import Input, Static

from convert_tui.commands.tui import build_app
from convert_tui.config import profiles
from convert_tui.ui.app import ConvertApp
from convert_tui.ui.explorer.screen import MainScreen
from convert_tui.ui.screens.login import LoginScreen


def args(**overrides: Any) -> argparse.Namespace:
    values = {"demo": False, "read_only": False, "profile": None, "base_url": None}
    values.update(overrides)
    values.setdefault("allow_insecure", False)
    return argparse.Namespace(**values)


@pytest.fixture(autouse=True)
def _no_env_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CONVERT_APPLICATION_ID", "CONVERT_SECRET_KEY", "CONVERT_API_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("CONVERT_PROFILE", raising=False)


async def fill_login(pilot: Any, app_id: str, secret: str, base_url: str) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, LoginScreen)
    screen.query_one("#app-id", Input).value = app_id
    screen.query_one("#secret", Input).value = secret
    screen.query_one("#base-url", Input).value = base_url
    await pilot.pause()


async def test_without_credentials_the_login_screen_opens_with_production_url(
    config_dir: Path,
) -> None:
    app = build_app(args())
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)
        assert app.screen.query_one("#base-url", Input).value == profiles.PRODUCTION_BASE_URL
        assert app.screen.query_one("#secret", Input).password  # typed secret is masked


async def test_a_wrong_secret_shows_why_and_stays_on_login(config_dir: Path, sandbox: Any) -> None:
    app = ConvertApp()
    async with app.run_test(size=SIZE) as pilot:
        await fill_login(pilot, sandbox.app_id, "not-the-secret", sandbox.base_url)
        await pilot.click("#save")
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        status = plain(app.screen.query_one("#login-status", Static))
        assert "401" in status or "signature" in status.lower() or "auth" in status.lower()
        assert "not-the-secret" not in status
    assert not (config_dir / profiles.CREDENTIALS_FILENAME).exists()


async def test_good_credentials_are_saved_and_open_the_tree(
    config_dir: Path, sandbox: Any, sandbox_http: Any
) -> None:
    names = [p["name"] for p in sandbox_http.ok("POST", "/projects", {})]
    app = ConvertApp()
    async with app.run_test(size=SIZE) as pilot:
        await fill_login(pilot, sandbox.app_id, sandbox.secret, sandbox.base_url)
        await pilot.click("#test")
        await settle(pilot)
        assert "Connected" in plain(app.screen.query_one("#login-status", Static))
        await pilot.click("#save")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert visible_labels(tree_of(pilot))[1:] == names
    saved = profiles.get_profile("default")
    assert saved.app_id == sandbox.app_id and saved.base_url == sandbox.base_url


async def test_environment_credentials_open_straight_on_the_data(
    config_dir: Path, sandbox: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from convert_tui.ui.overview.screen import OverviewScreen
    from convert_tui.ui.overview.table import RowTable

    use_sandbox(sandbox, monkeypatch)
    app = build_app(args())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, OverviewScreen)  # a first run lands on the overview
        assert app.screen.query_one(RowTable).row_count == 16  # the demo's running ones
        await pilot.press("2")
        assert isinstance(app.screen, MainScreen)
        assert len(visible_labels(tree_of(pilot))) == 4  # Account + the 3 demo projects


async def test_rejected_saved_credentials_bring_up_the_login_screen(
    config_dir: Path, sandbox: Any
) -> None:
    stale = profiles.Profile(
        name="work", app_id=sandbox.app_id, secret="revoked", base_url=sandbox.base_url
    )
    app = ConvertApp(stale)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert app.screen.query_one("#profile-name", Input).value == "work"
        assert "401" in plain(app.screen.query_one("#login-status", Static))


async def test_palette_switches_to_another_saved_profile(
    config_dir: Path, sandbox: Any, sandbox_factory: Any
) -> None:
    other = sandbox_factory(projects=1, experiences=2, app_id="other", secret="other-secret")
    profiles.save_profile(
        profiles.Profile(
            name="other", app_id="other", secret="other-secret", base_url=other.base_url
        )
    )
    first = profiles.Profile(
        name="main", app_id=sandbox.app_id, secret=sandbox.secret, base_url=sandbox.base_url
    )
    app = ConvertApp(first)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(visible_labels(tree_of(pilot))) == 4
        await palette_pick(pilot, "switch profile other")
        assert app.state.profile is not None and app.state.profile.name == "other"
        assert len(visible_labels(tree_of(pilot))) == 2  # Account + its one project
