"""The explorer against hostile servers (Pilot, 80x24): a trickling body, an absurd Retry-After,
an error body under HTTP 200 and a wrong base URL each end in the state's one failure path (a
message saying what failed and what to do, the data kept), never in "loading…" for good.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support.bad_server import bad_server, json_body, trickle
from support.fault_proxy import FaultProxy, fault_proxy
from support.ui import assert_no_traceback, notifications, screen_text
from test_ui_explorer import SIZE, settle
from test_ui_faults import app_for, assert_retry_works, assert_survived, load_tree

from convert_tui.ui.screens.login import LoginScreen


@pytest.fixture
def proxy(sandbox: Any, config_dir: Path) -> Iterator[FaultProxy]:
    with fault_proxy(sandbox.base_url) as running:
        yield running


async def test_a_trickling_answer_fails_at_the_deadline_instead_of_loading_for_ever(
    proxy: FaultProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CONVERT_TUI_DEADLINE", "0.5")
    app = app_for(proxy.base_url)
    async with app.run_test(size=SIZE) as pilot:
        labels = await load_tree(pilot)
        proxy.fault = trickle(b"[" + b" " * 58 + b"]", every=0.2, max_seconds=15)
        await pilot.press("r")
        await assert_survived(pilot, labels, "Loading", "within 0.5 s", "press r")
        assert "loading…" not in screen_text(app)
        await assert_retry_works(pilot, proxy, labels)


@pytest.mark.parametrize("header", ["inf", "1e400"])
async def test_an_infinite_retry_after_says_wait_120_s_and_does_not_stick_at_loading(
    proxy: FaultProxy, header: str
) -> None:
    app = app_for(proxy.base_url)
    async with app.run_test(size=SIZE) as pilot:
        labels = await load_tree(pilot)
        busy = '{"isError": true, "code": 429, "message": "Rate limit exceeded"}'
        proxy.fault = json_body(429, busy, {"Retry-After": header})
        await pilot.press("r")
        await assert_survived(pilot, labels, "Rate limit exceeded", "wait 120 s")
        assert "loading…" not in screen_text(app)
        await assert_retry_works(pilot, proxy, labels)


async def test_an_error_body_under_http_200_is_the_401_it_says(proxy: FaultProxy) -> None:
    app = app_for(proxy.base_url)
    async with app.run_test(size=SIZE) as pilot:
        await load_tree(pilot)
        body = '{"isError": true, "code": 401, "message": "Bad signature"}'
        proxy.fault = json_body(200, body)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        words = " ".join(screen_text(app).split())
        # "r" reloads the projects and the open project's experiences at once: whichever
        # answer comes back first is the one the login screen names.
        said = re.search(r"list (projects|experiences) failed: Bad signature \(HTTP 401\)", words)
        assert said, words


async def test_a_wrong_base_url_says_so_and_how_a_right_one_looks(config_dir: Path) -> None:
    not_found = '{"isError": true, "code": 404, "message": "No such endpoint"}'
    with bad_server(json_body(404, not_found)) as server:
        app = app_for(server.base_url)
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            message = notifications(app)[-1]
            assert_no_traceback(screen_text(app))
    assert server.base_url in message and "https://api.convert.com/api/v1" in message, message
    assert "Fix the profile's base URL" in message and "deleted" not in message, message
