"""The client's configuration and lifetime: timeouts, the base URL, bodies, read-only mode."""

from __future__ import annotations

import subprocess
import sys

import pytest
from test_api_client import BASE, EXPERIENCE, Script, make_client

from convert_tui.api import ConvertClient, errors
from convert_tui.api._transport import DEFAULT_TIMEOUT

# --- configuration and lifetime ----------------------------------------------------------------


def test_default_timeouts() -> None:
    assert DEFAULT_TIMEOUT.connect == 5.0
    assert DEFAULT_TIMEOUT.read == 20.0


async def test_base_url_trailing_slash_and_one_shared_http_client() -> None:
    script = Script((200, {}))
    client = make_client(script)
    client_with_slash = ConvertClient("a", "b", BASE + "///")
    assert client_with_slash.base_url == BASE
    await client_with_slash.aclose()
    http = client._engine._http
    await client.get_goal(1, 2)
    await client.get_audience(1, 2)
    assert client._engine._http is http
    await client.aclose()
    assert http.is_closed
    assert [str(r.url) for r in script.requests] == [
        f"{BASE}/goals/get/1/2",
        f"{BASE}/audiences/get/1/2",
    ]


async def test_bodies_are_compact_json() -> None:
    script = Script((200, {}))
    async with make_client(script) as client:
        await client.update_audience(
            1, 2, {"audience_name": "Mobile", "audience_type": "transient"}
        )
    assert script.requests[0].content == b'{"audience_name":"Mobile","audience_type":"transient"}'


def test_api_package_never_imports_textual() -> None:
    code = "import sys, convert_tui.api; assert 'textual' not in sys.modules, 'textual imported'"
    subprocess.run([sys.executable, "-c", code], check=True)


async def test_read_only_wins_over_invalid_input() -> None:
    script = Script(EXPERIENCE)
    async with make_client(script, read_only=True) as client:
        with pytest.raises(errors.ReadOnlyError):
            await client.update_project(1, {"include_jquery": 7})
        with pytest.raises(errors.ReadOnlyError):
            await client.change_hypothesis_status(1, 2, "nope")  # type: ignore[arg-type]
    assert script.requests == []


async def test_a_malformed_base_url_fails_at_once_without_retries() -> None:
    waits: list[float] = []

    async def record_sleep(seconds: float) -> None:
        waits.append(seconds)

    async with ConvertClient(
        "app", "secret", "ftp://example.invalid/api/v1", sleep=record_sleep
    ) as c:
        with pytest.raises(errors.TransportError):
            await c.list_projects()
    assert waits == []
