"""Issue 13, item 7: a cached start restores the place (order, open groups, cursor) and says
"cached at hh:mm"; the live data that follows keeps it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from support.ui import land_on_tree
from test_cache_ui import cli_app, names, refresh_text, wait_until
from test_cache_ui import env_profile as env_profile  # (a fixture)
from test_ui_explorer import SIZE, cursor_label, detail_text, move_to, settle, tree_of

from convert_tui.config.profiles import Profile
from convert_tui.sandbox import RunningSandbox


@pytest.fixture(autouse=True)
def _opens_on_the_tree(config_dir: Path) -> None:
    land_on_tree()  # the tree's place (the overview is the default landing screen)


async def test_a_cached_start_keeps_the_place_through_the_live_refresh(
    sandbox_factory: Callable[..., RunningSandbox], env_profile: Callable[..., Profile]
) -> None:
    sandbox = sandbox_factory(latency_ms=1500)
    env_profile(sandbox)
    async with cli_app().run_test(size=SIZE) as pilot:  # a first run leaves the cache
        await settle(pilot)
        await pilot.press("j", "l")
        await settle(pilot)
        await move_to(pilot, "Experiences")
        await pilot.press("l")
        await move_to(pilot, "Paused")
        await pilot.press("l", "j")
        await settle(pilot)
        place = names(pilot), cursor_label(tree_of(pilot))
    app = cli_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "cached at" in refresh_text(app)  # the first frame says what it shows
        assert (names(pilot), cursor_label(tree_of(pilot))) == place
        assert "no longer loaded" not in detail_text(pilot)
        await wait_until(pilot, lambda: app.state.last_refresh is not None)
        await settle(pilot)
        await pilot.pause(0.5)
        await settle(pilot)
        assert (names(pilot), cursor_label(tree_of(pilot))) == place  # live data keeps it
        assert place[1] in detail_text(pilot)


def test_the_very_first_frame_of_a_cached_start_is_marked_cached(
    sandbox_factory: Callable[..., RunningSandbox], env_profile: Callable[..., Profile]
) -> None:
    from test_cache_ui import CACHED

    from convert_tui.config.cache import TreeCache

    TreeCache.for_profile(env_profile(sandbox_factory())).save(CACHED)
    app = cli_app()
    assert app._show_preview()  # what on_mount draws before the profile is even resolved
    assert app.state.cached_at is not None  # the header reads "cached at hh:mm", not "never"
