"""The client's limits against hostile servers: a total deadline per request and per operation,
a cap on the decoded body (gzip bombs included), the contract's error body under a 200,
Retry-After values that are not numbers, a wrong base URL, and a refused connection that fails
fast. Servers are small loopback ones (support/bad_server.py); retries wait through a fake
`sleep` unless the wait itself is what is tested.
"""

from __future__ import annotations

import gzip
import socket
import tracemalloc
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from support.bad_server import bad_server, closed_port_url, http_response, json_body, trickle

from convert_tui.api import ConvertClient, errors
from convert_tui.commands.common import describe, exit_code_for
from convert_tui.state.failures import what_to_do

PROJECT = "10001"
EXPERIENCE = "1000001"
PROJECT_JSON = b'{"id": 10001, "name": "Shop"}'
MB = 1024 * 1024


class FakeSleep:
    """Stands in for asyncio.sleep: retries are instant and their waits are recorded."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def client_for(base_url: str, **options: Any) -> ConvertClient:
    options.setdefault("sleep", FakeSleep())
    return ConvertClient("demo", "demo-secret", base_url, **options)


# --- a total deadline ------------------------------------------------------------------------


async def test_a_body_trickling_one_byte_at_a_time_is_cut_at_the_deadline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 60 bytes at 0.2 s each: every read gets a byte, so no per-read timeout ever fires.
    body = PROJECT_JSON + b" " * 31
    monkeypatch.setenv("CONVERT_TUI_DEADLINE", "0.5")
    with bad_server(trickle(body, every=0.2, max_seconds=15)) as server:
        async with client_for(server.base_url) as client:
            with pytest.raises(errors.TransportError) as caught:
                await client.get_project(PROJECT)
        assert len(server.requests) == 1  # a request that used its whole deadline is not resent
    line = str(caught.value)
    assert line.startswith("get project failed:") and "0.5 s" in line, line
    assert exit_code_for(caught.value) == 4


async def test_the_deadline_parameter_wins_over_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CONVERT_TUI_DEADLINE", "600")
    with bad_server(trickle(PROJECT_JSON + b" " * 31, every=0.2, max_seconds=15)) as server:
        async with client_for(server.base_url, deadline=0.4) as client:
            with pytest.raises(errors.TransportError, match=r"0\.4 s"):
                await client.get_project(PROJECT)


async def test_retries_and_waits_of_one_operation_stop_within_120_seconds() -> None:
    always_busy = json_body(429, '{"message": "slow down"}', {"Retry-After": "25"})
    sleep = FakeSleep()
    with bad_server(always_busy) as server:
        async with client_for(server.base_url, max_retries=10, sleep=sleep) as client:
            with pytest.raises(errors.RateLimitError):
                await client.get_project(PROJECT)
    assert sleep.waits and sum(sleep.waits) <= 120, sleep.waits


@pytest.mark.parametrize("value", ["abc", "0", "-3", "inf", "nan", "1e400"])
async def test_a_bad_deadline_setting_is_named_not_a_crash(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("CONVERT_TUI_DEADLINE", value)
    with bad_server(json_body(200, PROJECT_JSON.decode())) as server:
        async with client_for(server.base_url) as client:
            with pytest.raises(errors.ConvertError) as caught:
                await client.get_project(PROJECT)
        assert server.requests == []
    assert "CONVERT_TUI_DEADLINE" in str(caught.value) and exit_code_for(caught.value) == 2


# --- a cap on the body ---------------------------------------------------------------------------


async def test_a_body_over_the_cap_is_refused_with_a_clear_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    big = b"[" + b'{"id": 1, "name": "x"},' * 60_000 + b'{"id": 2}]'  # ~1.4 MB
    monkeypatch.setenv("CONVERT_TUI_MAX_BODY_MB", "1")
    with bad_server(lambda _request: http_response(200, big)) as server:
        async with client_for(server.base_url) as client:
            with pytest.raises(errors.ConvertError) as caught:
                await client.list_projects()
        assert len(server.requests) == 1  # not retried: it would be as large again
    line = str(caught.value)
    assert line.startswith("list projects failed:") and "1 MB" in line, line
    assert "CONVERT_TUI_MAX_BODY_MB" in line and exit_code_for(caught.value) == 4


async def test_a_gzip_bomb_is_stopped_at_the_cap_and_memory_stays_bounded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 64 MB of JSON (an array of blanks) in ~64 KB of gzip, sent as one chunk.
    bomb = gzip.compress(b"[" + b" " * (64 * MB) + b"]", compresslevel=9)
    answer = http_response(200, bomb, {"Content-Encoding": "gzip"})
    monkeypatch.setenv("CONVERT_TUI_MAX_BODY_MB", "1")
    with bad_server(lambda _request: answer) as server:
        async with client_for(server.base_url) as client:
            tracemalloc.start()
            try:
                with pytest.raises(errors.ConvertError, match="larger than 1 MB"):
                    await client.list_projects()
                _, peak = tracemalloc.get_traced_memory()
            finally:
                tracemalloc.stop()
    assert peak < 16 * MB, f"peak {peak / MB:.0f} MB"


async def test_a_gzip_answer_under_the_cap_reads_as_usual() -> None:
    answer = http_response(200, gzip.compress(PROJECT_JSON), {"Content-Encoding": "gzip"})
    with bad_server(lambda _request: answer) as server:
        async with client_for(server.base_url, max_body_mb=1) as client:
            project = await client.get_project(PROJECT)
    assert project.name == "Shop"


# --- the contract's error body is an error, whatever the status line -------------------------


def error_200(code: int, message: str = "Signature invalid") -> Any:
    body = f'{{"isError": true, "code": {code}, "message": "{message}"}}'
    return json_body(200, body)


async def list_projects(client: ConvertClient) -> Any:
    return await client.list_projects()


async def first_page(client: ConvertClient) -> Any:
    return await client.first_projects_page()


async def full_report(client: ConvertClient) -> Any:
    return await client.get_full_report(PROJECT, EXPERIENCE)


async def list_goals(client: ConvertClient) -> Any:
    return await client.list_goals(PROJECT)


async def get_project(client: ConvertClient) -> Any:
    return await client.get_project(PROJECT)


async def delete_goal(client: ConvertClient) -> Any:
    return await client.delete_goal(PROJECT, "1")


CALLS = [list_projects, first_page, full_report, list_goals, get_project, delete_goal]


@pytest.mark.parametrize("call", CALLS, ids=lambda call: call.__name__)
@pytest.mark.parametrize(
    ("code", "kind"),
    [(401, errors.AuthError), (403, errors.ForbiddenError), (422, errors.ValidationError)],
)
async def test_an_error_body_under_http_200_is_the_error_its_code_says(
    call: Callable[[ConvertClient], Awaitable[Any]], code: int, kind: type[errors.ConvertError]
) -> None:
    with bad_server(error_200(code)) as server:
        async with client_for(server.base_url) as client:
            with pytest.raises(errors.ConvertError) as caught:
                await call(client)
    assert type(caught.value) is kind and caught.value.status == code
    assert "Signature invalid" in str(caught.value)


async def test_a_record_that_merely_mentions_iserror_is_data() -> None:
    body = '{"id": 10001, "name": "isError", "isError": false, "code": 401}'
    with bad_server(json_body(200, body)) as server:
        async with client_for(server.base_url) as client:
            project = await client.get_project(PROJECT)
    assert project.name == "isError"


# --- Retry-After that is not a sane number ---------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("inf", 120.0),
        ("1e400", 120.0),
        ("9" * 400, 120.0),
        ("86400", 120.0),
        ("Fri, 31 Dec 9999 23:59:59 GMT", 120.0),
        ("-5", None),
        ("nan", None),
        ("soon", None),
        ("Mon, 99 Foo 0000 99:99:99 GMT", None),
        ("7", 7.0),
    ],
)
def test_retry_after_is_clamped_to_120_seconds_and_nonsense_is_absent(
    header: str, expected: float | None
) -> None:
    assert errors.parse_retry_after(header) == expected


@pytest.mark.parametrize("header", ["inf", "1e400", "-1", "garbage"])
async def test_a_429_with_an_absurd_retry_after_reads_as_a_message_not_a_crash(
    header: str,
) -> None:
    busy = json_body(429, '{"message": "slow down"}', {"Retry-After": header})
    with bad_server(busy) as server:
        async with client_for(server.base_url) as client:
            with pytest.raises(errors.RateLimitError) as caught:
                await client.get_project(PROJECT)
    error = caught.value
    assert error.retry_after is None or error.retry_after <= 120
    assert "slow down" in describe(error) and "press r" in what_to_do(error)


def test_a_rate_limit_error_built_with_an_infinite_wait_says_120_seconds() -> None:
    error = errors.RateLimitError("slow down", retry_after=float("inf"))
    assert "wait 120 s" in describe(error) and "wait 120 s" in what_to_do(error)


# --- a wrong base URL ------------------------------------------------------------------------


async def test_a_404_on_the_projects_list_says_the_base_url_is_wrong() -> None:
    not_found = json_body(404, '{"message": "No such endpoint: POST /api/v2/projects"}')
    with bad_server(not_found) as server:
        async with client_for(server.base_url) as client:
            with pytest.raises(errors.ConvertError) as caught:
                await client.list_projects()
            with pytest.raises(errors.NotFoundError):  # a missing record is still "not found"
                await client.get_project(PROJECT)
    line = describe(caught.value)
    assert server.base_url in line and "https://api.convert.com/api/v1" in line, line
    assert "check the id" not in line and exit_code_for(caught.value) == 4
    assert "base URL" in what_to_do(caught.value)


# --- a refused connection fails fast ---------------------------------------------------------


async def test_a_refused_connection_to_loopback_is_tried_twice_with_a_short_wait() -> None:
    sleep = FakeSleep()
    async with client_for(closed_port_url(), sleep=sleep) as client:
        with pytest.raises(errors.TransportError) as caught:
            await client.get_project(PROJECT)
        assert client.request_count == 2
    assert all(wait <= 0.5 for wait in sleep.waits), sleep.waits
    assert "refused" in str(caught.value), str(caught.value)


async def test_an_unresolvable_host_is_tried_twice_with_a_short_wait() -> None:
    def unresolvable(request: httpx.Request) -> httpx.Response:
        try:
            raise socket.gaierror(-2, "Name or service not known")
        except OSError as exc:
            raise httpx.ConnectError(str(exc), request=request) from exc

    sleep = FakeSleep()
    transport = httpx.MockTransport(unresolvable)
    url = "https://api.nowhere.invalid/api/v1"
    async with client_for(url, transport=transport, sleep=sleep) as client:
        with pytest.raises(errors.TransportError) as caught:
            await client.get_project(PROJECT)
        assert client.request_count == 2
    assert all(wait <= 0.5 for wait in sleep.waits), sleep.waits
    assert "api.nowhere.invalid" in str(caught.value), str(caught.value)


async def test_a_wait_over_one_second_is_announced_and_shorter_ones_are_not() -> None:
    said: list[str] = []
    answers = iter(
        [
            json_body(429, '{"message": "slow down"}', {"Retry-After": "1"}),
            json_body(429, '{"message": "slow down"}', {"Retry-After": "3"}),
            json_body(200, PROJECT_JSON.decode()),
        ]
    )
    with bad_server(lambda request: next(answers)(request)) as server:
        async with client_for(server.base_url, on_retry=said.append) as client:
            await client.get_project(PROJECT)
    assert len(said) == 1, said
    assert "get project" in said[0] and "3 s" in said[0] and "429" in said[0], said


# --- what is sent --------------------------------------------------------------------------------


async def test_a_lone_surrogate_in_a_field_is_sent_as_a_replacement_character(
    sandbox: Any,
) -> None:
    # A str, but not text: UTF-8 cannot carry it; the save goes through with U+FFFD instead.
    record = {"audience_name": "0", "description": "a\ud800b", "audience_type": "permanent"}
    async with client_for(sandbox.base_url) as client:
        created = await client.create_audience(PROJECT, record)
    assert created.description == "a\ufffdb"
