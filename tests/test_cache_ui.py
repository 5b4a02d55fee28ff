"""The disk cache in the explorer: shown at once, refreshed in the background, never trusted.

- `convert-tui` paints the cached tree of its profile (with a "cached at hh:mm" mark) before any
  request returns, then replaces it with live data (stale-while-revalidate);
- `--no-cache` neither reads nor writes it; a corrupt or foreign-version cache is ignored and
  rewritten, never a crash; the secret never reaches it;
- the last selected project (settings.last_project) is reopened on the next start.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from support.ui import land_on_tree
from test_ui_explorer import SIZE, settle, tree_of, visible_labels

from convert_tui.config import settings as ui_settings
from convert_tui.config.cache import CACHE_FORMAT_VERSION, TreeCache
from convert_tui.config.profiles import ENV_PROFILE_NAME, Profile
from convert_tui.sandbox import RunningSandbox
from convert_tui.ui.app import ConvertApp
from convert_tui.ui.explorer.tree import NodeRef
from convert_tui.ui.widgets.header import RefreshLabel

CACHED = {
    "projects": [{"id": "900", "name": "Cached Shop"}, {"id": "901", "name": "Cached Blog"}],
    "children": {
        "900": {
            "experiences": [{"id": "9001", "name": "Cached hero", "experience_status": "active"}],
            "goals": [{"goal_id": "9101", "goal_name": "Cached goal"}],
            "audiences": [],
            "hypotheses": [],
        }
    },
    "view": {
        "expanded": [["project", "900", None, None, None]],
        "cursor": ["project", "900", None, None, None],
    },
}


@pytest.fixture(autouse=True)
def _opens_on_the_tree(config_dir: Path) -> None:
    land_on_tree()  # these are the tree's cache tests (the overview's are in test_ui_overview)


@pytest.fixture
def env_profile(monkeypatch: pytest.MonkeyPatch, config_dir: Path) -> Callable[..., Any]:
    """`env_profile(sandbox)`: credentials in the environment, as `convert-tui` is started."""

    def use(sandbox: RunningSandbox) -> Profile:
        monkeypatch.setenv("CONVERT_APPLICATION_ID", sandbox.app_id)
        monkeypatch.setenv("CONVERT_SECRET_KEY", sandbox.secret)
        monkeypatch.setenv("CONVERT_API_BASE_URL", sandbox.base_url)
        monkeypatch.delenv("CONVERT_PROFILE", raising=False)
        return Profile(
            name=ENV_PROFILE_NAME,
            app_id=sandbox.app_id,
            secret=sandbox.secret,
            base_url=sandbox.base_url,
        )

    return use


def cli_app(**flags: Any) -> ConvertApp:
    """The app exactly as `convert-tui [flags]` builds it (profile resolved after frame 1)."""
    from convert_tui.commands.tui import build_app

    values = {"demo": False, "read_only": False, "profile": None, "base_url": None}
    values |= {"allow_insecure": False, "no_cache": False, "debug": False, **flags}
    return build_app(argparse.Namespace(**values), deferred=True)


def names(pilot: Any) -> list[str]:
    """The tree's lines without the loading mark."""
    return [label.removesuffix(" …") for label in visible_labels(tree_of(pilot))]


def refresh_text(app: ConvertApp) -> str:
    return str(app.screen.query_one(RefreshLabel).render())


async def wait_until(pilot: Any, check: Callable[[], bool], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.05)


async def test_a_warm_cache_shows_the_tree_before_any_request_returns_then_live_data(
    sandbox_factory: Callable[..., RunningSandbox], env_profile: Callable[..., Profile]
) -> None:
    slow = sandbox_factory(latency_ms=2000)
    TreeCache.for_profile(env_profile(slow)).save(CACHED)
    app = cli_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        labels = names(pilot)
        # At once: the cached projects, the open project with its groups, the cached mark.
        assert "Cached Shop" in labels and "Cached Blog" in labels
        assert any(label.startswith("Experiences") for label in labels)
        assert "cached at" in refresh_text(app)
        assert app.state.last_refresh is None  # nothing has come back from the server
        # Then live data replaces it, in the background.
        await wait_until(pilot, lambda: app.state.last_refresh is not None)
        await settle(pilot)
        live = names(pilot)
        assert "Cached Shop" not in live and len(live) == 4  # Account + the 3 demo projects
        assert "cached at" not in refresh_text(app) and "refreshed" in refresh_text(app)


async def test_the_profile_path_shows_the_cache_too(
    sandbox_factory: Callable[..., RunningSandbox], config_dir: Path
) -> None:
    slow = sandbox_factory(latency_ms=2000)
    profile = Profile(name="work", app_id=slow.app_id, secret=slow.secret, base_url=slow.base_url)
    TreeCache.for_profile(profile).save(CACHED)
    app = ConvertApp(profile)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Cached Shop" in names(pilot)
        assert app.state.cached_at is not None and "cached at" in refresh_text(app)
        # The cached records are models like live ones (the detail pane can show them).
        assert app.state.find("experience", "900", "9001").name == "Cached hero"


async def test_no_cache_ignores_the_cache_and_leaves_it_alone(
    sandbox: RunningSandbox, env_profile: Callable[..., Profile]
) -> None:
    cache = TreeCache.for_profile(env_profile(sandbox))
    cache.save(CACHED)
    before = cache.tree_path.read_bytes()
    app = cli_app(no_cache=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Cached Shop" not in names(pilot)
        await settle(pilot)
        assert "Cached Shop" not in names(pilot)
        assert app.state.cached_at is None
    assert cache.tree_path.read_bytes() == before  # not rewritten either


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x00\xff{{{ not json",
        b'{"version": 1, "profile": "env", "account": 7, "data": {}}',
        json.dumps({"version": CACHE_FORMAT_VERSION + 1, "profile": "env"}).encode(),
        # Right envelope, wrong records: an id that is a list, projects that are not a list.
        None,
    ],
    ids=["empty", "garbage", "bad-account", "future-version", "bad-records"],
)
async def test_a_corrupt_or_foreign_cache_is_ignored_and_rewritten(
    sandbox: RunningSandbox, env_profile: Callable[..., Profile], content: bytes | None
) -> None:
    cache = TreeCache.for_profile(env_profile(sandbox))
    if content is None:
        cache.save({"projects": [{"id": ["x"], "name": 5}], "children": "nope", "view": 3})
    else:
        cache.tree_path.parent.mkdir(parents=True, exist_ok=True)
        cache.tree_path.write_bytes(content)
    app = cli_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(names(pilot)) == 4  # the live tree
    entry = cache.load()
    assert entry is not None and len(entry.data["projects"]) == 3  # rewritten on exit


async def test_the_cache_never_holds_the_secret(
    sandbox: RunningSandbox, env_profile: Callable[..., Profile], config_dir: Path
) -> None:
    profile = env_profile(sandbox)
    app = cli_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "l")  # open the first project
        await settle(pilot)
        pid = tree_of(pilot).cursor_node.data.project_id  # type: ignore[union-attr]
        exp = app.state.project_children[pid].experiences[0]
        app.state.load_report(pid, str(exp.id))  # a report is cached too
        await settle(pilot)
    files = [p for p in (config_dir / "cache").rglob("*") if p.is_file()]
    assert any(p.name == "tree.json" for p in files) and any("reports" in p.parts for p in files)
    secret = profile.secret.get_secret_value().encode()
    for path in files:
        assert secret not in path.read_bytes(), path


async def test_the_last_selected_project_is_reopened(
    sandbox: RunningSandbox, env_profile: Callable[..., Profile], sandbox_http: Any
) -> None:
    env_profile(sandbox)
    second = sandbox_http.ok("POST", "/projects", {})[1]
    app = cli_app(no_cache=True)  # without the cache's saved view: the setting alone
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        tree_of(pilot).select_ref(NodeRef("project", str(second["id"])))
        await settle(pilot)
    assert ui_settings.load_settings().last_project[ENV_PROFILE_NAME] == str(second["id"])

    app = cli_app(no_cache=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        tree = tree_of(pilot)
        assert tree.cursor_node is not None and tree.cursor_node.data is not None
        assert tree.cursor_node.data.project_id == str(second["id"])
        assert tree.cursor_node.is_expanded
        assert str(second["id"]) in app.state.project_children  # its children were loaded
