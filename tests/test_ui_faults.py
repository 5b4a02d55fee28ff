"""The explorer under a bad network and a misbehaving server (Pilot, 80x24).

For every fault: no traceback reaches the screen or the terminal, the app stays usable (keys
work), the message says what failed and what to do, what was loaded stays visible and is marked
STALE, and `r` works once the fault clears. The app talks to the real client (signing, retries,
error mapping); only the retry waits are skipped (`use_fast_client`) so the tests stay short.
Faults are switched on and off by a proxy in front of the sandbox (support/fault_proxy.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support.bad_server import clock_skewed_401, cut_short, json_body, reset_mid_body
from support.fault_proxy import FaultProxy, fault_proxy, slow
from support.ui import (
    assert_no_traceback,
    notifications,
    profile_for,
    screen_text,
    use_fast_client,
)
from test_ui_explorer import SIZE, move_to, settle, tree_of, visible_labels
from test_ui_forms import open_form
from textual.pilot import Pilot
from textual.widgets import Input, Static

from convert_tui.ui.app import ConvertApp
from convert_tui.ui.explorer.screen import MainScreen
from convert_tui.ui.screens.help import HelpScreen
from convert_tui.ui.screens.login import LoginScreen


@pytest.fixture
def proxy(sandbox: Any, config_dir: Path) -> Iterator[FaultProxy]:
    with fault_proxy(sandbox.base_url) as running:
        yield running


def app_for(base_url: str, **options: Any) -> ConvertApp:
    app = ConvertApp(profile_for(base_url))
    use_fast_client(app, **options)
    return app


def tree_lines(pilot: Pilot[Any]) -> list[str]:
    """The tree's lines, without the "(stale)" marks of projects whose reload failed."""
    return [label.removesuffix(" (stale)") for label in visible_labels(tree_of(pilot))]


async def load_tree(pilot: Pilot[Any]) -> list[str]:
    """Load the projects and expand the first one; the tree's lines."""
    await settle(pilot)
    await pilot.press("j", "l")
    await settle(pilot)
    labels = visible_labels(tree_of(pilot))
    assert len(labels) > 4 and "Experiences" in " ".join(labels), labels
    return labels


async def assert_survived(pilot: Pilot[Any], labels: list[str], *says: str) -> None:
    """The fault was reported (what failed + what to do), the data kept, the app usable."""
    app = pilot.app
    await settle(pilot)
    shown = screen_text(app)
    assert_no_traceback(shown)
    assert isinstance(app.screen, MainScreen), app.screen
    assert "STALE" in shown, shown
    assert tree_lines(pilot) == labels  # still on screen, nothing cleared
    message = notifications(app)[-1]
    assert "failed" in message, message
    for words in says:
        assert words in message, (words, message)
    # Usable: keys still work.
    await pilot.press("question_mark")
    assert isinstance(app.screen, HelpScreen)
    await pilot.press("escape")
    assert isinstance(app.screen, MainScreen)


async def assert_retry_works(pilot: Pilot[Any], proxy: FaultProxy, labels: list[str]) -> None:
    proxy.fault = None
    await pilot.press("r")
    await settle(pilot)
    assert not pilot.app.state.stale  # type: ignore[attr-defined]
    assert "STALE" not in screen_text(pilot.app)
    assert tree_lines(pilot) == labels


async def test_3_seconds_per_answer_keeps_keys_working_and_shows_loading(
    sandbox_factory: Any, config_dir: Path
) -> None:
    slow_sandbox = sandbox_factory(latency_ms=3000)
    app = app_for(slow_sandbox.base_url)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.2)
        assert "loading…" in screen_text(app)  # the one request is under way
        await pilot.press("question_mark")  # keys work while it is
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert app.state.loading == {"projects"}
        await settle(pilot)
        assert "loading…" not in screen_text(app)
        assert len(visible_labels(tree_of(pilot))) == 4  # Account + the 3 projects
    assert len(slow_sandbox.requests) == 1


async def test_30_percent_500s_still_load_or_say_so_and_r_gets_the_rest(
    sandbox_factory: Any, config_dir: Path
) -> None:
    flaky = sandbox_factory(fail_rate=0.3)
    app = app_for(flaky.base_url)

    async def until_loaded() -> None:
        await settle(pilot)
        for _ in range(6):  # what failed even after its retries was reported; r gets it
            if not app.state.stale:
                return
            assert "The server had a problem; press r to retry." in "".join(notifications(app))
            assert_no_traceback(screen_text(app))
            await pilot.press("r")
            await settle(pilot)
        raise AssertionError(f"still stale: {app.state.stale}")

    async with app.run_test(size=SIZE) as pilot:
        await until_loaded()
        await pilot.press("j", "l")
        await until_loaded()
        await move_to(pilot, "Experiences")
        await pilot.press("l", "l", "l", "l", "enter")  # open an experience: 2 more reads
        await until_loaded()
        assert app.state.experiences and app.state.reports
    assert len(flaky.requests) > 6  # answered 500s were retried


async def test_429_bursts_are_waited_out_as_retry_after_says(
    sandbox_factory: Any, config_dir: Path
) -> None:
    limited = sandbox_factory(rate_limit=2)  # the 4 reads of a project come in one burst
    app = ConvertApp(profile_for(limited.base_url))  # real waits: Retry-After is 1 s
    async with app.run_test(size=SIZE) as pilot:
        await load_tree(pilot)
        assert not app.state.stale and not notifications(app)
    assert len(limited.requests) > 5  # 1 + 4 reads, and the ones answered 429 again


async def test_429_asking_for_a_long_wait_says_how_long_and_r_works_after(
    proxy: FaultProxy,
) -> None:
    app = app_for(proxy.base_url)
    async with app.run_test(size=SIZE) as pilot:
        labels = await load_tree(pilot)
        busy = '{"isError": true, "code": 429, "message": "Rate limit exceeded"}'
        proxy.fault = json_body(429, busy, {"Retry-After": "120"})
        await pilot.press("r")
        await assert_survived(pilot, labels, "Rate limit exceeded", "wait 120 s", "press r")
        await assert_retry_works(pilot, proxy, labels)


async def test_server_down_then_back_up(
    sandbox_factory: Any, config_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server = sandbox_factory()
    app = app_for(server.base_url)
    async with app.run_test(size=SIZE) as pilot:
        labels = await load_tree(pilot)
        server.stop()
        await pilot.press("r")
        await assert_survived(pilot, labels, "ConnectError", "Check the network", "press r")
        sandbox_factory(port=int(server.base_url.split(":")[2].split("/")[0]))
        await pilot.press("r")
        await settle(pilot)
        assert not app.state.stale and tree_lines(pilot) == labels
    out, err = capsys.readouterr()
    assert_no_traceback(out + err)


UGLY_ANSWERS = {
    "reset-mid-body": (reset_mid_body, ["Check the network"]),
    "read-timeout": (None, ["ReadTimeout", "no answer within 0.3 s", "Check the network"]),
    "not-json": (json_body(200, "<html>502 Bad Gateway</html>"), ["answered something"]),
    "cut-short": (cut_short('[{"id": 1, "name": "Shop"}]'), ["Check the network"]),
    "wrong-shape": (json_body(200, '{"data": {"items": 3}}'), ["expected a JSON array"]),
}


@pytest.mark.parametrize("case", list(UGLY_ANSWERS))
async def test_an_ugly_answer_is_reported_and_r_works_once_it_clears(
    proxy: FaultProxy, case: str, capsys: pytest.CaptureFixture[str]
) -> None:
    fault, says = UGLY_ANSWERS[case]
    app = app_for(proxy.base_url, read_timeout=0.3)
    async with app.run_test(size=SIZE) as pilot:
        labels = await load_tree(pilot)
        proxy.fault = fault or slow(proxy.target, 1.0)
        await pilot.press("r")
        await assert_survived(pilot, labels, "Loading", *says)
        await assert_retry_works(pilot, proxy, labels)
    out, err = capsys.readouterr()
    assert_no_traceback(out + err)


async def test_a_401_from_a_skewed_clock_says_how_far_off_and_keeps_the_tree(
    proxy: FaultProxy,
) -> None:
    app = app_for(proxy.base_url)
    async with app.run_test(size=SIZE) as pilot:
        labels = await load_tree(pilot)
        proxy.fault = clock_skewed_401(-3600)  # the server is an hour behind us
        await pilot.press("r")
        # Not a credentials problem: no login screen, the fix is the system clock.
        await assert_survived(pilot, labels, "your clock is", "Fix the system time")
        # (the server's Date has whole seconds: an hour, give or take one)
        assert re.search(r"your clock is 3[56]\d\d s off", notifications(app)[-1])
        await assert_retry_works(pilot, proxy, labels)


async def test_a_401_for_bad_credentials_asks_to_log_in_and_keeps_the_tree(
    proxy: FaultProxy, sandbox: Any
) -> None:
    app = app_for(proxy.base_url)
    async with app.run_test(size=SIZE) as pilot:
        labels = await load_tree(pilot)
        proxy.fault = json_body(401, '{"isError": true, "code": 401, "message": "Bad signature"}')
        await pilot.press("r")
        await settle(pilot)
        login = app.screen
        assert isinstance(login, LoginScreen)
        shown = screen_text(app)
        assert_no_traceback(shown)
        words = " ".join(shown.split())
        # (r reloads the projects and the open project's lists at once: the first refused names it)
        assert "failed: Bad signature (HTTP 401)" in words
        assert "Check the application id and secret" in words
        # The form is filled for this account (never the secret): only the key is missing.
        assert login.query_one("#app-id", Input).value == "demo"
        assert login.query_one("#base-url", Input).value == proxy.base_url
        assert login.query_one("#secret", Input).value == ""
        # Esc goes back to the tree as it was.
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        assert tree_lines(pilot) == labels and "STALE" in screen_text(app)
        # r: still refused, so the login screen again; a new key logs in and keeps the tree.
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        proxy.fault = None
        app.screen.query_one("#secret", Input).value = sandbox.secret
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert tree_lines(pilot) == labels
        assert not app.state.stale and "STALE" not in screen_text(app)


async def test_a_create_that_gets_a_500_is_sent_once_and_the_form_keeps_the_values(
    sandbox_factory: Any, config_dir: Path
) -> None:
    broken = sandbox_factory(fail_rate=1.0)  # every request answered 500
    app = app_for(broken.base_url)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = await open_form(pilot, "project", None, None)
        form.form.row("name").control.focus()
        await pilot.press(*"Once", "ctrl+s")
        await settle(pilot)
        assert app.screen is form and form.form.row("name").get() == "Once"
        assert "Not saved (HTTP 500)" in str(form.query_one("#form-message", Static).content)
        assert_no_traceback(screen_text(app))
    # Reads were retried (4 tries each); the create was not: a retry could make two projects.
    assert broken.requests.count(("POST", "/api/v1/projects/add")) == 1
    assert broken.requests.count(("POST", "/api/v1/projects")) == 4
