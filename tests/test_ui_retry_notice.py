"""A wait over 1 s before a retry is said on screen (silence that long looks like a hang)."""

from __future__ import annotations

from pathlib import Path

from support.bad_server import bad_server, http_response, json_body, sequence
from support.ui import notifications, profile_for
from test_ui_explorer import settle

from convert_tui.ui.app import ConvertApp


async def test_a_long_wait_before_a_retry_is_announced(config_dir: Path) -> None:
    busy = json_body(429, '{"isError": true, "code": 429, "message": "slow down"}',
                     {"Retry-After": "2"})  # fmt: skip
    projects = lambda _request: http_response(200, b'[{"id": "1", "name": "Shop"}]')  # noqa: E731
    with bad_server(sequence(busy, projects)) as server:
        app = ConvertApp(profile_for(server.base_url))
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            toasts = notifications(app)
    assert any("trying again in 2 s" in toast for toast in toasts), toasts
    assert [p.name for p in app.state.projects] == ["Shop"]
