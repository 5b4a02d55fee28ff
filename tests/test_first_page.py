"""Start-up without a cache: page 1 of the projects is drawn as the server sent it while the
models (pydantic) load, then checked by them; it is asked for once, and what the models reject
does not stay on screen.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from support.bad_server import json_body
from support.fault_proxy import fault_proxy, slow
from support.ui import assert_no_traceback, land_on_tree, notifications, profile_for, screen_text
from test_perf_behaviour import kind_of
from test_ui_explorer import SIZE, settle, tree_of, visible_labels

from convert_tui.sandbox import RunningSandbox
from convert_tui.ui.app import ConvertApp


async def test_page_1_is_asked_for_once_and_ends_up_checked(
    sandbox: RunningSandbox, config_dir: Path
) -> None:
    app = ConvertApp(profile_for(sandbox.base_url), use_cache=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        names = {str(p.name) for p in app.state.projects}
        assert app.state.unchecked_projects == () and not app.main_screen.showing_unchecked
        shown = " ".join(visible_labels(tree_of(pilot)))
        assert names and all(name in shown for name in names)
    assert [kind_of(path) for _, path in sandbox.requests].count("list projects") == 1


async def test_projects_the_models_reject_are_taken_off_screen_and_reported(
    sandbox: RunningSandbox, config_dir: Path
) -> None:
    # A page whose records the models refuse (an id that is an object): drawn for a moment
    # as sent, then gone, with the reason; never a traceback.
    bad_page = json.dumps([{"id": {"nested": 1}, "name": "Mangled shop"}])
    with fault_proxy(sandbox.base_url) as proxy:
        proxy.fault = json_body(200, bad_page)
        app = ConvertApp(profile_for(proxy.base_url), use_cache=False)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            shown = screen_text(app)
            assert_no_traceback(shown)
            assert "Mangled shop" not in shown
            assert not app.main_screen.showing_unchecked and app.state.unchecked_projects == ()
            assert any("unexpected Project" in n for n in notifications(app)), notifications(app)


FIRST_FRAME_PROBE = """
import asyncio, json, sys
from convert_tui.cli import build_parser
from convert_tui.commands.tui import build_app

async def main():
    app = build_app(build_parser().parse_args(["--no-cache"]), deferred=True)
    seen = {}
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(2000):
            if app.main_screen.showing_unchecked and not seen:
                labels = [n.label.plain for n in app.main_screen.explorer.root.children]
                seen = {"labels": labels, "pydantic": "pydantic" in sys.modules}
            if app.state.projects:
                break
            await asyncio.sleep(0.002)
        seen["checked"] = sorted(str(p.name) for p in app.state.projects)
    print(json.dumps(seen))

asyncio.run(main())
"""


def test_the_first_live_frame_needs_no_pydantic(sandbox: RunningSandbox, tmp_path: Path) -> None:
    env: dict[str, Any] = {
        "CONVERT_APPLICATION_ID": sandbox.app_id,
        "CONVERT_SECRET_KEY": sandbox.secret,
        "CONVERT_API_BASE_URL": sandbox.base_url,
        "CONVERT_TUI_CONFIG_DIR": str(tmp_path),
        "PATH": "/usr/bin:/bin",
    }
    # The tree's start-up (the overview landing is measured by the benchmark).
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "settings.json").write_text('{"landing": "tree"}')
    out = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME_PROBE],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen.get("labels"), seen  # the server's projects were drawn as they came ...
    assert seen["pydantic"] is False  # ... before pydantic was even imported
    assert seen["checked"] and all(  # and then checked: the same projects
        any(name in label for label in seen["labels"]) for name in seen["checked"]
    )


async def test_a_slow_first_page_does_not_hold_back_the_first_frame(
    sandbox: RunningSandbox, config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The first frame waits a moment for page 1 (so a quick server's projects are in it); a
    # slow server's are not waited for: the tree says it is loading meanwhile.
    from convert_tui.cli import build_parser
    from convert_tui.commands.tui import build_app
    from convert_tui.ui.app import FIRST_PAGE_WAIT

    land_on_tree()
    with fault_proxy(sandbox.base_url) as proxy:
        proxy.fault = slow(proxy.target, 1.0)
        monkeypatch.setenv("CONVERT_APPLICATION_ID", sandbox.app_id)
        monkeypatch.setenv("CONVERT_SECRET_KEY", sandbox.secret)
        monkeypatch.setenv("CONVERT_API_BASE_URL", proxy.base_url)
        app = build_app(build_parser().parse_args(["--no-cache"]), deferred=True)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause(FIRST_PAGE_WAIT + 0.3)
            assert "Loading projects" in screen_text(app)
            assert not app.state.projects
            proxy.fault = None
            await settle(pilot)
            assert app.state.projects
            assert not app.main_screen.showing_unchecked
