"""Start-up without a cache: the projects are asked for once and drawn once the models
(pydantic) have checked them; what the models reject is never on screen, and a slow server does
not hold back the first frame.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from support.bad_server import json_body
from support.fault_proxy import fault_proxy, slow
from support.pty_app import PtyProgram, terminal_env
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
        shown = " ".join(visible_labels(tree_of(pilot)))
        assert names and all(name in shown for name in names)
    assert [kind_of(path) for _, path in sandbox.requests].count("list projects") == 1


async def test_projects_the_models_reject_are_taken_off_screen_and_reported(
    sandbox: RunningSandbox, config_dir: Path
) -> None:
    # A page whose records the models refuse (an id that is an object): not shown, the
    # reason said; never a traceback.
    bad_page = json.dumps([{"id": {"nested": 1}, "name": "Mangled shop"}])
    with fault_proxy(sandbox.base_url) as proxy:
        proxy.fault = json_body(200, bad_page)
        app = ConvertApp(profile_for(proxy.base_url), use_cache=False)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            shown = screen_text(app)
            assert_no_traceback(shown)
            assert "Mangled shop" not in shown
            assert not app.state.projects
            assert any("unexpected Project" in n for n in notifications(app)), notifications(app)


async def test_a_slow_first_page_does_not_hold_back_the_first_frame(
    sandbox: RunningSandbox, config_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A slow server's projects are not waited for: the tree says it is loading meanwhile.
    from convert_tui.cli import build_parser
    from convert_tui.commands.tui import build_app

    land_on_tree()
    with fault_proxy(sandbox.base_url) as proxy:
        proxy.fault = slow(proxy.target, 1.0)
        monkeypatch.setenv("CONVERT_APPLICATION_ID", sandbox.app_id)
        monkeypatch.setenv("CONVERT_SECRET_KEY", sandbox.secret)
        monkeypatch.setenv("CONVERT_API_BASE_URL", proxy.base_url)
        app = build_app(build_parser().parse_args(["--no-cache"]), deferred=True)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause(0.3)
            assert "Loading projects" in screen_text(app)
            assert not app.state.projects
            proxy.fault = None
            await settle(pilot)
            assert app.state.projects


CONVERT_TUI = "import sys; from convert_tui.cli import main; sys.exit(main())"  # as installed


@pytest.mark.skipif(os.name != "posix", reason="pseudo-terminals")
def test_projects_the_models_reject_never_reach_the_terminal(
    sandbox: RunningSandbox, config_dir: Path
) -> None:
    # Start-up without a cache draws the projects once the models have checked them: what
    # they refuse is never on the terminal, not even for the moment before the check.
    land_on_tree()
    bad_page = json.dumps([{"id": {"nested": 1}, "name": "Mangled shop"}])
    with fault_proxy(sandbox.base_url) as proxy:
        proxy.fault = json_body(200, bad_page)
        argv = [sys.executable, "-c", CONVERT_TUI, "--no-cache"]
        program = PtyProgram(argv, terminal_env(sandbox, config_dir, proxy.base_url), (80, 24))
        try:
            program.wait_for(b"unexpected")  # the toast that reports the refused page
            program.send(b"q")
            program.wait()
        finally:
            program.kill()
    assert b"Mangled" not in program.output
