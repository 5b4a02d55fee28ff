"""A create whose answer is lost: look before retrying (#12 item 9).

The proxy forwards the first create to the sandbox, which stores it, then breaks the
connection before the answer reaches the app. v1 has no idempotency key, so a blind retry
would store it twice; the app looks first and adopts the record that appeared.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from support.fault_proxy import fault_proxy
from support.ui import notifications, profile_for
from test_ui_explorer import settle
from test_ui_forms import load_project, open_form, type_into

from convert_tui.ui.app import ConvertApp
from convert_tui.ui.explorer.screen import MainScreen

NAME = "Reached the thank-you page"


def goals_named(sandbox_http: Any, pid: str, name: str) -> list[dict[str, Any]]:
    return [g for g in sandbox_http.ok("POST", f"/goals/{pid}", {}) if g["goal_name"] == name]


def once(fault: Callable[[bytes], Any], proxy: Any) -> Callable[[bytes], Any]:
    """`fault` for the first create request; everything else goes through."""
    done: list[bool] = []

    def respond(request: bytes) -> Any:
        if b"/goals/add/" in request.split(b"\r\n", 1)[0] and not done:
            done.append(True)
            return fault(request)
        return proxy.target(request)

    return respond


@pytest.mark.parametrize("stored", [True, False], ids=["stored", "not-stored"])
async def test_a_create_whose_answer_is_lost_is_never_made_twice(
    sandbox: Any, sandbox_http: Any, config_dir: Path, stored: bool
) -> None:
    pid = str(sandbox_http.ok("POST", "/projects", {})[0]["id"])
    with fault_proxy(sandbox.base_url) as proxy:
        if stored:  # the server stores it, the answer is lost (a reset)
            proxy.fault = once(lambda request: (proxy.target(request), None)[1], proxy)
        else:  # the request never reaches the server
            proxy.fault = once(lambda _request: None, proxy)
        app = ConvertApp(profile_for(proxy.base_url))
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await load_project(pilot, pid)
            form = await open_form(pilot, "goal", pid, None)
            await type_into(pilot, form, "goal_name", NAME)
            await pilot.press("ctrl+s")
            await settle(pilot)
            if stored:
                assert isinstance(app.screen, MainScreen)  # adopted: the form closed
                assert any("nothing was created twice" in n for n in notifications(app))
                goals = app.state.project_children[pid].goals
                assert [g.goal_name for g in goals].count(NAME) == 1
            else:
                assert not isinstance(app.screen, MainScreen)  # the form stays, values kept
                assert goals_named(sandbox_http, pid, NAME) == []
                await pilot.press("ctrl+s")  # the retry it offers
                await settle(pilot)
                assert isinstance(app.screen, MainScreen)
    assert len(goals_named(sandbox_http, pid, NAME)) == 1
